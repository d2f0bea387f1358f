"""`kg query` as a user runs it: what it refuses (SERVICE clauses, updates).

The network tests run a real HTTP server on 127.0.0.1 and check that it received nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import main
from kg.errors import QueryError
from kg.query import (
    SERVICE_REFUSED,
    UPDATE_REFUSED,
    check_query,
    load_graph,
    load_store,
    query_graph,
    query_store,
)

ENGINES = ("rdflib", "oxigraph")


def kg(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_refused(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert f"Error: {message}" in result.output, result.output


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
                query_graph(load_graph(sample_ttl), sparql)
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
