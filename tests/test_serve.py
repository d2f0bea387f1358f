"""`kg serve`: the real Oxigraph server on 127.0.0.1 answers the SPARQL protocol as `kg query` does.

The server is started as a user starts it (the `kg` command, in its own process) on a free
loopback port; every request goes to 127.0.0.1 only, is bounded by a timeout, and the server is
stopped with SIGTERM at the end, which must remove its temporary store.
"""

from __future__ import annotations

import contextlib
import csv
import http.client
import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main
from kg.serve import oxigraph_binary

REPO = Path(__file__).resolve().parent.parent
QUERY = REPO / "queries" / "who_urged_whom.rq"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(url: str, query: str, accept: str) -> str:
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=body, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def _ask(
    url: str,
    query: str,
    headers: dict[str, str] | None = None,
    get: bool = False,
    timeout: float = 30,
) -> tuple[int, str]:
    """(HTTP status, body) of a query sent as a form POST (or a GET)."""
    encoded = urllib.parse.urlencode({"query": query})
    if get:
        request = urllib.request.Request(f"{url}?{encoded}", headers=headers or {})
    else:
        request = urllib.request.Request(url, data=encoded.encode(), headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return int(error.code), str(error.read().decode("utf-8"))


def _start(
    graph: Path, port: int, env: dict[str, str] | None = None, *options: str
) -> subprocess.Popen[str]:
    """`kg serve GRAPH --port PORT [OPTIONS]` as a user runs it, in its own process."""
    kg = Path(sys.executable).parent / "kg"
    return subprocess.Popen(
        [str(kg), "serve", str(graph), "--port", str(port), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def _url(process: subprocess.Popen[str], port: int) -> str:
    """The endpoint `kg serve` prints once it is ready (its path holds the token)."""
    assert process.stdout is not None
    line = process.stdout.readline()  # "serving ... at URL ...", printed once it answers
    found = re.search(rf"http://127\.0\.0\.1:{port}/[A-Za-z0-9_-]{{16,}}/query", line)
    if "serving" not in line or found is None:
        process.kill()
        pytest.fail(f"kg serve did not start: {line!r} {process.communicate()[1]}")
    return found.group(0)


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _rows(text: str) -> set[tuple[str, ...]]:
    return {tuple(row) for row in csv.reader(io.StringIO(text))}


@pytest.fixture(scope="module")
def server(sample_ttl: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    oxigraph_binary()  # raises ServeError naming the fix when the oxigraph wheel is missing
    port = _free_port()
    process = _start(sample_ttl, port)
    url = _url(process, port)
    try:
        yield url, process
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def strict_server(sample_ttl: Path) -> Iterator[str]:
    """A server with a 3 s query timeout (room for a loaded machine) and a 4096-byte limit."""
    port = _free_port()
    process = _start(sample_ttl, port, None, "--timeout", "3", "--max-request-bytes", "4096")
    try:
        yield _url(process, port)
    finally:
        _stop(process)


def test_serve_answers_like_kg_query(
    server: tuple[str, subprocess.Popen[str]], sample_ttl: Path
) -> None:
    url, _process = server
    over_http = _rows(_post(url, QUERY.read_text(encoding="utf-8"), "text/csv"))
    local = CliRunner().invoke(
        main, ["query", str(sample_ttl), "--file", str(QUERY), "--format", "csv"]
    )
    assert local.exit_code == 0, local.output
    assert over_http == _rows(local.output)
    assert ("Jens Stoltenberg", "South Korea") in over_http
    assert _post(url, "ASK { ?s ?p ?o }", "application/sparql-results+json").find("true") > 0


def test_serve_is_read_only(server: tuple[str, subprocess.Popen[str]]) -> None:
    url, _process = server
    update = urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    for target in (url.replace("/query", "/update"), url):
        request = urllib.request.Request(target, data=update.encode(), method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403
        assert "read-only" in refused.value.read().decode()
    status, body = _ask(url, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert status == 403 and "SPARQL updates are not supported" in body  # kg query's check
    assert _ask(url, "ASK { <urn:a> <urn:b> <urn:c> }")[1].find("false") > 0
    for method in ("PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"):
        request = urllib.request.Request(url, data=b"x" if method != "HEAD" else None)
        request.method = method
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 405, method
        assert refused.value.headers["Allow"] == "GET, POST"
        if method != "HEAD":
            assert "GET or POST" in refused.value.read().decode()


def test_serve_stops_on_sigterm_and_removes_its_store(sample_ttl: Path, tmp_path: Path) -> None:
    env = dict(os.environ, TMPDIR=str(tmp_path))
    port = _free_port()
    process = _start(sample_ttl, port, env)
    _url(process, port)
    assert list(Path(env["TMPDIR"]).iterdir()), "the store should live in TMPDIR while serving"
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "stopped" in out
    deadline = time.monotonic() + 5
    while list(Path(env["TMPDIR"]).iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not list(Path(env["TMPDIR"]).iterdir())


def test_serve_names_a_busy_port(sample_ttl: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(sample_ttl), "--port", str(port)])
    assert result.exit_code == 1
    assert f"port {port}" in result.output and "--port" in result.output


class _Listener:
    """A TCP port on 127.0.0.1 that records whether anything connected to it."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.setblocking(False)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"

    def contacted(self) -> bool:
        try:
            connection, _ = self.sock.accept()
        except BlockingIOError:
            return False
        connection.close()
        return True

    def close(self) -> None:
        self.sock.close()


def test_serve_refuses_service_and_sends_no_request(
    server: tuple[str, subprocess.Popen[str]],
) -> None:
    url, _process = server
    listener = _Listener()
    try:
        queries = [
            f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
            f"select * {{ sErViCe   # a comment\n  <{listener.url}> {{ ?s ?p ?o }} }}",
            f"SELECT * {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{listener.url}> {{ ?s ?q ?r }} }}}}",
            f"ASK {{ FILTER EXISTS {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }} }}",
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ \\u0053ERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
            # too deeply nested for rdflib's parser: refused for the word alone
            "SELECT * { FILTER(" + "(" * 60 + "1" + ")" * 60 + f") SERVICE <{listener.url}> {{}}}}",
        ]
        for query in queries:
            for get in (False, True):
                status, body = _ask(url, query, get=get)
                assert status == 400, (query, body)
                assert "SERVICE" in body and "not supported" in body
        raw = urllib.request.Request(
            url,
            data=queries[0].encode(),
            headers={"Content-Type": "application/sparql-query"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(raw, timeout=30)
        assert refused.value.code == 400
        assert not listener.contacted()
        # the word itself, in a string or a comment, is no SERVICE clause
        status, body = _ask(
            url, 'ASK { FILTER("SERVICE" != "service") } # SERVICE <http://example.org/>'
        )
        assert status == 200 and "true" in body
    finally:
        listener.close()


def test_serve_refuses_requests_from_other_pages(
    server: tuple[str, subprocess.Popen[str]],
) -> None:
    url, _process = server
    port = urllib.parse.urlsplit(url).port
    listener = _Listener()
    service = f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    try:
        # a form another page posts, as a browser sends it (no CORS preflight)
        for page in ({"Origin": "http://evil.example"}, {"Origin": "null"}):
            status, body = _ask(url, service, page)
            assert status == 403 and "other web pages" in body
        status, body = _ask(url, "ASK {}", {"Referer": "http://evil.example/page.html"})
        assert status == 403
        # DNS rebinding: the browser names the attacker's host in Host
        status, body = _ask(url, "ASK {}", {"Host": f"evil.example:{port}"})
        assert status == 403
        # without the token (what another page can guess) nothing is answered
        for guess in (
            f"http://127.0.0.1:{port}/query",
            f"http://127.0.0.1:{port}/sparql",
            url.replace("/query", "x/query"),
        ):
            status, body = _ask(guess, service)
            assert status == 404 and "printed" in body
        assert not listener.contacted()
    finally:
        listener.close()
    own = {"Origin": f"http://127.0.0.1:{port}", "Referer": f"http://localhost:{port}/"}
    assert _ask(url, "ASK {}", own) == (200, '{"head":{},"boolean":true}')


def test_serve_limits_request_size(strict_server: str) -> None:
    url = strict_server
    small = "ASK { ?s ?p ?o } #" + "x" * 3000
    assert _ask(url, small)[0] == 200
    status, body = _ask(url, "ASK { ?s ?p ?o } #" + "x" * 20_000)
    assert status == 413 and "--max-request-bytes (4096)" in body
    status, body = _ask(url, "ASK { ?s ?p ?o } #" + "x" * 5000, get=True)
    assert status == 414 and "--max-request-bytes" in body


_SLOW = "?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l"  # every 4 triples of the graph


def test_serve_stops_a_query_at_its_timeout(strict_server: str) -> None:
    url = strict_server
    status, body = _ask(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ {_SLOW} }}")
    assert status == 503 and "--timeout (3 s)" in body
    # a long answer already under way is cut off, never silently shortened
    encoded = urllib.parse.urlencode({"query": f"SELECT * WHERE {{ {_SLOW} }}"}).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=encoded), timeout=30) as answer:
        assert answer.status == 200
        with pytest.raises((http.client.IncompleteRead, ConnectionError)):
            while answer.read(1 << 20):
                pass
    assert _ask(url, "ASK { ?s ?p ?o }") == (200, '{"head":{},"boolean":true}')


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            with contextlib.suppress(OSError):
                for child in (task / "children").read_text().split():
                    found.add(int(child))
                    todo.append(int(child))
    return found


def _state(pid: int) -> str:
    """The process's state letter (R running, S sleeping, Z ended...); "" when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _alive(pid: int) -> bool:
    return _state(pid) not in ("", "Z")  # a zombie has ended; only its exit status is left


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux: PR_SET_PDEATHSIG, /proc")
def test_serve_killed_leaves_no_process_port_or_store(sample_ttl: Path, tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = _free_port()
    process = _start(sample_ttl, port, dict(os.environ, TMPDIR=str(temp)))
    url = _url(process, port)
    assert _ask(url, "ASK { ?s ?p ?o }")[0] == 200
    assert list(temp.iterdir()), "the store should live in TMPDIR while serving"

    # a query that is still running when kg serve is killed
    def run_slow_query() -> None:
        with contextlib.suppress(OSError):  # kg serve is killed under it
            _ask(url, f"SELECT (COUNT(*) AS ?n) {{ {_SLOW} }}", timeout=60)

    busy = threading.Thread(target=run_slow_query, daemon=True)
    busy.start()
    deadline = time.monotonic() + 20
    while max(map(_cpu_seconds, _descendants(process.pid)), default=0.0) < 1.5:
        assert time.monotonic() < deadline, "no query process started running"
        time.sleep(0.05)  # (a worker needs well under 1.5 s of CPU to start)
    children = _descendants(process.pid)
    assert len(children) >= 3, children  # the store keeper, the busy worker, a spare one

    process.kill()
    process.wait(timeout=10)

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (
        any(_alive(pid) for pid in children) or list(temp.iterdir())
    ):
        time.sleep(0.1)
    assert not [pid for pid in children if _alive(pid)], "a child of kg serve outlived it"
    assert not list(temp.iterdir()), "the temporary store outlived kg serve"
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    busy.join(timeout=30)


def test_store_keeper_removes_its_store_when_eof_and_sigterm_come_together(
    sample_ttl: Path, tmp_path: Path
) -> None:
    # A killed kg serve closes the keeper's stdin and, a moment later, Linux sends it the
    # parent-death SIGTERM; whichever it sees first, and however close, the store must go.
    from kg.serve import _child

    for delay in [0.0, 0.0001, 0.0005, 0.001, 0.002] * 3:
        temp = tmp_path / f"tmp-{time.monotonic_ns()}"
        temp.mkdir()
        keeper = subprocess.Popen(
            _child("store", str(sample_ttl), ""),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(os.environ, TMPDIR=str(temp)),
        )
        assert keeper.stdin is not None and keeper.stdout is not None
        assert b'"store"' in keeper.stdout.readline()
        keeper.stdin.close()
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):
            keeper.send_signal(signal.SIGTERM)
        assert keeper.wait(timeout=30) == 0, keeper.stderr.read() if keeper.stderr else ""
        assert not list(temp.iterdir()), f"the store outlived its keeper (delay {delay} s)"


def test_a_kept_store_serves_its_own_graph_only(sample_ttl: Path, tmp_path: Path) -> None:
    """--store DIR keeps the store: served again from it while the graph file is the same,
    emptied and loaded again for another graph (loading into it would serve both), and a
    folder of files that are not kg serve's is refused, untouched."""
    store = tmp_path / "store"
    other = tmp_path / "other.ttl"
    whole = Graph().parse(sample_ttl)
    part = Graph()
    for triple in list(whole)[:50]:
        part.add(triple)
    part.serialize(other, format="turtle")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def served(graph: Path) -> int:
        port = _free_port()
        process = _start(graph, port, None, "--store", str(store))
        try:
            status, body = _ask(_url(process, port), count, {"Accept": "text/csv"})
        finally:
            _stop(process)
        assert status == 200, body
        return int(body.splitlines()[1])

    assert served(sample_ttl) == len(whole)
    files = sorted(p.name for p in store.iterdir())
    assert served(sample_ttl) == len(whole)  # kept, not loaded again
    assert sorted(p.name for p in store.iterdir()) == files
    assert served(other) == 50
    assert served(sample_ttl) == len(whole)

    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "important.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", str(sample_ttl), "--store", str(foreign)])
    assert result.exit_code == 1 and "holds files that kg serve did not write" in result.output
    assert [p.name for p in foreign.iterdir()] == ["important.txt"]
