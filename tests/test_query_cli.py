"""`kg query` as a user runs it: what it refuses (SERVICE clauses, updates), named graphs
and prefixes in every export format, and the bytes of its CSV.

The network tests run a real HTTP server on 127.0.0.1 and check that it received nothing.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import main
from kg.errors import QueryError
from kg.export import ExportOptions, export
from kg.query import (
    SERVICE_REFUSED,
    UPDATE_REFUSED,
    QueryOptions,
    check_query,
    load_dataset,
    load_store,
    query,
    query_graph,
    query_store,
)

ENGINES = ("rdflib", "oxigraph")
RDF_EXPORTS = {
    "turtle": "graph.ttl",
    "ntriples": "graph.nt",
    "nquads": "graph.nq",
    "trig": "graph.trig",
    "rdfxml": "graph.rdf",
    "jsonld": "graph.jsonld",
}


def kg(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_refused(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert f"Error: {message}" in result.output, result.output


@pytest.fixture(scope="module")
def exports(sample_ttl: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("query-exports")
    written = {}
    for fmt, name in RDF_EXPORTS.items():
        export(sample_ttl, ExportOptions(out=out / name, fmt=fmt))
        written[fmt] = out / name
    return written


# ---------------------------------------------------------------- no network: SERVICE, FROM


class _Recorder(BaseHTTPRequestHandler):
    """Answers every request with an empty SPARQL JSON result, and records it."""

    requests: list[str] = []

    def _answer(self) -> None:
        _Recorder.requests.append(f"{self.command} {self.path}")
        body = b'{"head":{"vars":["s","p","o"]},"results":{"bindings":[]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = _answer  # noqa: N815 (http.server's names)
    do_POST = _answer  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture()
def endpoint() -> Iterator[tuple[str, list[str]]]:
    """A real SPARQL-like HTTP endpoint on 127.0.0.1, and the list of requests it received."""
    _Recorder.requests = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", _Recorder.requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_the_endpoint_fixture_does_record_requests(endpoint: tuple[str, list[str]]) -> None:
    # So "received nothing" below means kg sent nothing, not that the server was deaf.
    import urllib.request

    url, requests = endpoint
    with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=10) as response:
        assert response.status == 200
    assert requests == ["GET /sparql?query=ASK%7B%7D"]


@pytest.mark.parametrize("engine", ENGINES)
def test_query_refuses_service(
    sample_ttl: Path, endpoint: tuple[str, list[str]], engine: str
) -> None:
    url, requests = endpoint
    spellings = [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * {{ # a comment\n  sErViCe   SILENT\n<{url}>{{?s ?p ?o}} }}",
        f"SELECT * WHERE {{ ?s a kg:Article OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE { \\u0053ERVICE <" + url + "> { ?s ?p ?o } }",  # \u0053: S
    ]
    for sparql in spellings:
        assert_refused(kg("query", sample_ttl, sparql, "--engine", engine), SERVICE_REFUSED)
    # Each engine's own entry point refuses too (for callers of the library).
    for sparql in spellings:
        with pytest.raises(QueryError, match="SERVICE clauses are not supported"):
            if engine == "rdflib":
                query_graph(load_dataset(sample_ttl), sparql)
            else:
                query_store(load_store(sample_ttl), sparql)
    assert requests == []


def test_check_query_is_decided_on_the_parse_not_the_word(sample_ttl: Path) -> None:
    """check_query (also for `kg serve`): the word "service" in a string, a comment, a variable
    or an IRI is no SERVICE clause; a query that does not parse is left to the engine."""
    harmless = (
        'SELECT ?service WHERE { ?service ?p "SERVICE <http://127.0.0.1:1/>" } # SERVICE <x>\n'
        "LIMIT 1"
    )
    check_query(harmless)
    check_query("SELECT ?s WHERE { ?s <http://example.org/service> ?o }")
    check_query("SELECT ?s WHERE { ?s ?p ")  # a syntax error, for the engine to name
    with pytest.raises(QueryError, match="SERVICE clauses are not supported"):
        check_query("SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
    for engine in ENGINES:
        result = kg(
            "query",
            sample_ttl,
            'ASK { FILTER("SERVICE <http://127.0.0.1:1/> { }" != "") }',
            "--engine",
            engine,
        )
        assert result.exit_code == 0, result.output
        assert result.stdout == "true\n"


@pytest.mark.parametrize("fmt", ["turtle", "nquads"])
def test_query_from_a_graph_the_file_lacks_stays_offline(
    exports: dict[str, Path], endpoint: tuple[str, list[str]], fmt: str
) -> None:
    # rdflib fetches a FROM / FROM NAMED graph its dataset lacks from the web; kg does not,
    # and both engines see an empty graph there.
    url, requests = endpoint
    remote = url.replace("/sparql", "/graph.ttl")
    for sparql in (
        f"SELECT (COUNT(*) AS ?n) FROM <{remote}> WHERE {{ ?s ?p ?o }}",
        f"SELECT (COUNT(*) AS ?n) FROM NAMED <{remote}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ):
        for engine in ENGINES:
            got = query(exports[fmt], sparql, QueryOptions(fmt="csv", engine=engine))
            assert got.split("\r\n") == ["n", "0"], (engine, sparql)
    assert requests == []


# ---------------------------------------------------------------- updates


@pytest.mark.parametrize("engine", ENGINES)
def test_query_refuses_updates(sample_ttl: Path, tmp_path: Path, engine: str) -> None:
    graph = tmp_path / "graph.ttl"
    graph.write_bytes(sample_ttl.read_bytes())
    for update in (
        "INSERT DATA { ent:X kg:urged ent:Y }",
        "PREFIX ex: <http://example.org/>\n# a comment\ninsert data { ex:a ex:b ex:c }",
        "DELETE WHERE { ?s kg:urged ?o }",
        "DELETE { ?s kg:urged ?o } INSERT { ?o kg:urged ?s } WHERE { ?s kg:urged ?o }",
        "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:1/graph.ttl>",
        "CLEAR ALL",
        "DROP DEFAULT ; CREATE GRAPH <http://example.org/g>",
        "INSERT DATA { ent:X kg:urged ",  # an update with a syntax error is still an update
        "PREFIX ex: <\\u0068ttp://example.org/> \\u0049NSERT DATA { ex:a ex:b ",  # with \u escapes
    ):
        assert_refused(kg("query", graph, update, "--engine", engine), UPDATE_REFUSED)
        assert "check braces" not in UPDATE_REFUSED
    assert graph.read_bytes() == sample_ttl.read_bytes()
    # A query with a syntax error is still reported as one, with its position.
    bad = kg("query", graph, "SELECT ?s WHERE { ?s ?p ", "--engine", engine)
    assert bad.exit_code == 1 and "syntax error at line 1" in bad.output


# ---------------------------------------------------------------- every format kg writes


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fmt", list(RDF_EXPORTS))
def test_query_predeclares_kg_prefixes_in_every_format(
    exports: dict[str, Path], sample_ttl: Path, fmt: str, engine: str
) -> None:
    sparql = (
        "SELECT ?who ?whom ?article WHERE { ?r rdf:subject ?who ; rdf:predicate kg:urged ; "
        "rdf:object ?whom ; kg:article ?article . FILTER(STRSTARTS(STR(?article), STR(art:))) "
        "FILTER(?who = ent:Jens_Stoltenberg) } ORDER BY ?who ?whom ?article"
    )
    got = kg("query", exports[fmt], sparql, "--engine", engine)
    expected = kg("query", sample_ttl, sparql, "--engine", engine)
    assert got.exit_code == 0, got.output
    assert got.stdout == expected.stdout
    rows = got.stdout.splitlines()[2:]
    assert rows and all(row.startswith("ent:Jens_Stoltenberg") for row in rows), rows
    assert all("art:" in row for row in rows), rows


GRAPHS = (
    "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o",
    "SELECT ?g (COUNT(*) AS ?facts) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
)
ARTICLES = "SELECT ?a WHERE { ?a a kg:Article } ORDER BY ?a"


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_query_named_graphs_on_quad_exports(
    exports: dict[str, Path], sample_ttl: Path, fmt: str
) -> None:
    path = exports[fmt]
    articles = [row[0] for row in _csv_rows(query(sample_ttl, ARTICLES, QueryOptions("csv")))[1:]]
    assert len(articles) == 2
    first = articles[0]
    from_named = (
        f"SELECT ?g ?s ?p ?o FROM NAMED <{first}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} "
        "ORDER BY ?s ?p ?o"
    )
    for sparql in (*GRAPHS, from_named):
        by_engine = {
            engine: kg("query", path, sparql, "--engine", engine, "--format", "csv")
            for engine in ENGINES
        }
        for result in by_engine.values():
            assert result.exit_code == 0, result.output
        assert by_engine["rdflib"].stdout == by_engine["oxigraph"].stdout, sparql
        rows = _csv_rows(by_engine["rdflib"].stdout)[1:]
        assert rows, sparql
        if sparql == from_named:
            assert {row[0] for row in rows} == {first}
        else:
            # one named graph per article, each named by the article's IRI
            assert sorted({row[0] for row in rows}) == articles
    # Outside GRAPH, a query sees the whole graph, as on graph.ttl.
    for sparql in (ARTICLES, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"):
        expected = query(sample_ttl, sparql, QueryOptions("csv", "rdflib"))
        for engine in ENGINES:
            assert query(path, sparql, QueryOptions("csv", engine)) == expected, (engine, sparql)


def test_query_graph_on_a_file_without_named_graphs_answers_nothing(sample_ttl: Path) -> None:
    for engine in ENGINES:
        result = kg("query", sample_ttl, GRAPHS[1], "--engine", engine, "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["results"]["bindings"] == []


# ---------------------------------------------------------------- CSV and TSV bytes


@pytest.mark.parametrize("engine", ENGINES)
def test_query_csv_ends_every_line_with_crlf(sample_ttl: Path, engine: str) -> None:
    sparql = "SELECT ?a ?title WHERE { ?a a kg:Article ; dcterms:title ?title } ORDER BY ?a"
    result = kg("query", sample_ttl, sparql, "--format", "csv", "--engine", engine)
    assert result.exit_code == 0, result.output
    data = result.stdout_bytes
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and len(lines) == 4  # header, two articles, and the final CRLF
    assert all(b"\n" not in line for line in lines), data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == ["a", "title"] and len(rows) == 3

    tsv = kg("query", sample_ttl, sparql, "--format", "tsv", "--engine", engine)
    assert tsv.exit_code == 0, tsv.output
    assert b"\r" not in tsv.stdout_bytes and tsv.stdout_bytes.count(b"\n") == 3
