"""`kg query` as a user runs it: what it refuses, named graphs and prefixes in every export
format, the bytes of its CSV, and how a runaway query is stopped (--timeout, Ctrl-C).

The network tests run a real HTTP server on 127.0.0.1 and check that it received nothing. The
stopping tests run `kg` in its own process, as a user does, with a query that would run for
hours; their time bounds are generous liveness checks, not speed tests.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from procs import children, is_gone

from kg.cli import main
from kg.errors import QueryError
from kg.export import ExportOptions, export
from kg.query import (
    QueryOptions,
    check_query,
    load_dataset,
    load_store,
    query,
    query_graph,
    query_store,
)
from kg.query_check import SERVICE_REFUSED, UPDATE_REFUSED

ENGINES = ("rdflib", "oxigraph")
RDF_EXPORTS = {
    "turtle": "graph.ttl",
    "ntriples": "graph.nt",
    "nquads": "graph.nq",
    "trig": "graph.trig",
    "rdfxml": "graph.rdf",
    "jsonld": "graph.jsonld",
}
KG = Path(sys.executable).parent / "kg"
# Four patterns that share no variable: n^4 solutions to count, which no engine finishes soon
# on a graph of 300 triples (8.1e9), while it needs no memory to hold them.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"


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


def test_an_update_is_refused_before_the_graph_is_read(tmp_path: Path) -> None:
    """`answer` refuses an update at once (a missing graph file is never looked at), however
    it hides its keyword; a query that only says the words elsewhere goes on to the graph."""
    from kg.errors import GraphError
    from kg.query import answer

    missing = tmp_path / "missing.ttl"
    for update in (
        "# a comment with a quote ' and an IRI <x>\nINSERT DATA { <urn:a> <urn:b> <urn:c> }",
        'PREFIX ex: <http://example.org/with#> DELETE WHERE { ?s ex:p "#" }',
        "load <http://127.0.0.1:1/graph.ttl>",
        "\\u0057ITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        'INSERT DATA { <urn:a> <urn:b> """long\n# not a comment""" } ; CLEAR ALL',
    ):
        with pytest.raises(QueryError, match="SPARQL updates are not supported"):
            answer(missing, update, QueryOptions())
    for words in (
        "# joined with its label, to add a name\nSELECT ?s WHERE { ?s ?p ?o }",
        'SELECT ?with WHERE { ?with ex:add "delete" , """drop\nmove""" , <urn:copy> }',
        "SELECT ?s WHERE { ?s kg:metWith ?o ; load:x ?y }",
    ):
        with pytest.raises(GraphError, match="missing.ttl"):
            answer(missing, words, QueryOptions())


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


# ---------------------------------------------------------------- stopping a runaway query


@pytest.fixture(scope="module")
def runaway_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("runaway") / "graph.nt"
    path.write_text(
        "".join(f'<urn:kg:s{i}> <urn:kg:p> "{i}" .\n' for i in range(300)), encoding="utf-8"
    )
    return path


_STARTED: list[subprocess.Popen[str]] = []


def _start(graph: Path, *options: str) -> subprocess.Popen[str]:
    """`kg query GRAPH RUNAWAY` in its own session (so a signal to its group reaches no test),
    with Ctrl-C's default action, as a terminal's foreground job has it: a test run started in
    the background of a script ignores SIGINT, and its children would inherit that."""
    process = subprocess.Popen(
        [str(KG), "query", str(graph), RUNAWAY, *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )
    _STARTED.append(process)
    return process


@pytest.fixture(autouse=True)
def _no_runaway_left() -> Iterator[None]:
    """A test that fails leaves no runaway query burning CPU: its session is killed."""
    yield
    while _STARTED:
        process = _STARTED.pop()
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def _wait_for(condition: str, check: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds:.0f} s for {condition}")
        time.sleep(0.05)


def _query_child(process: subprocess.Popen[str]) -> int:
    """The child process that evaluates the query, once kg has started it."""
    found: list[int] = []

    def started() -> bool:
        if process.poll() is not None:
            pytest.fail(f"kg query ended early: {process.communicate()}")
        found[:] = children(process.pid)
        return bool(found)

    _wait_for("kg query to start its child", started)
    return found[0]


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


@linux_only
@pytest.mark.parametrize("engine", ENGINES)
def test_query_timeout_stops_a_runaway_query(runaway_graph: Path, engine: str) -> None:
    started = time.monotonic()
    process = _start(runaway_graph, "--engine", engine, "--timeout", "1")
    out, err = process.communicate(timeout=60)
    elapsed = time.monotonic() - started
    assert process.returncode == 1, (out, err)
    assert "Error: query stopped after 1 s (--timeout 1)" in err
    assert "Traceback" not in err and out == ""
    assert elapsed < 20, f"took {elapsed:.1f} s"  # liveness, not speed


@linux_only
@pytest.mark.parametrize("engine", ENGINES)
def test_query_ctrl_c_stops_a_runaway_query(runaway_graph: Path, engine: str) -> None:
    process = _start(runaway_graph, "--engine", engine)
    child = _query_child(process)
    # A terminal's Ctrl-C: SIGINT to the whole foreground process group, kg and its child.
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=15)
    assert process.returncode == 130, (out, err)
    assert err == "Error: query stopped by Ctrl-C\n"
    _wait_for("the query's child to end", lambda: is_gone(child), 15)


@linux_only
def test_query_sigterm_stops_a_runaway_query(runaway_graph: Path) -> None:
    process = _start(runaway_graph, "--engine", "oxigraph")
    child = _query_child(process)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=15)
    assert process.returncode == 128 + signal.SIGTERM, (out, err)
    assert err == "Error: query stopped by SIGTERM\n"
    _wait_for("the query's child to end", lambda: is_gone(child), 15)


@linux_only
def test_query_child_dies_with_a_killed_parent(runaway_graph: Path) -> None:
    process = _start(runaway_graph, "--engine", "oxigraph")
    child = _query_child(process)
    process.kill()  # SIGKILL: kg cannot clean up; the kernel must end the child
    process.communicate(timeout=15)
    _wait_for("the orphaned child to end", lambda: is_gone(child), 15)


def test_query_timeout_must_not_be_negative(sample_ttl: Path) -> None:
    result = kg("query", sample_ttl, "ASK {}", "--timeout", "-1")
    assert result.exit_code == 2 and "--timeout" in result.output
    with pytest.raises(QueryError, match="--timeout"):
        from kg.query import answer

        answer(sample_ttl, "ASK {}", QueryOptions(timeout=-1))


def test_query_with_a_timeout_answers_a_quick_query(sample_ttl: Path) -> None:
    result = kg("query", sample_ttl, "ASK { ?a a kg:Article }", "--timeout", "30")
    assert result.exit_code == 0, result.output
    assert result.stdout == "true\n"


# ---------------------------------------------------------------- help


def test_query_help_names_every_query_form_and_the_timeout() -> None:
    result = kg("query", "--help")
    assert result.exit_code == 0
    assert "(SELECT, ASK, CONSTRUCT, DESCRIBE)" in result.output
    assert "Example:" in result.output and "DESCRIBE ent:" in result.output
    assert "--timeout SECONDS" in result.output


def test_a_format_may_be_named_by_its_suffix(sample_ttl: Path) -> None:
    sparql = "CONSTRUCT WHERE { ?a kg:urged ?b }"
    by_name = kg("query", sample_ttl, sparql, "--format", "ntriples")
    assert by_name.exit_code == 0, by_name.output
    assert kg("query", sample_ttl, sparql, "--format", "nt").output == by_name.output
    refused = kg("query", sample_ttl, sparql, "--format", "csv")
    assert refused.exit_code == 1
    assert "Error: --format csv is for SELECT and ASK answers" in refused.output
    assert "Traceback" not in refused.output


def test_the_cli_offers_exactly_the_formats_kg_query_prints() -> None:
    from kg.query import FORMATS

    option = next(p for p in main.commands["query"].params if p.name == "fmt")
    assert tuple(option.type.choices) == FORMATS  # type: ignore[attr-defined]
