"""`kg serve`: the real Oxigraph server on 127.0.0.1 answers the SPARQL protocol as `kg query` does.

The server is started as a user starts it (the `kg` command, in its own process) on a free
loopback port; every request goes to 127.0.0.1 only, is bounded by a timeout, and the server is
stopped with SIGTERM at the end, which must remove its temporary store.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

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


def _start(graph: Path, port: int, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """`kg serve GRAPH --port PORT` as a user runs it, in its own process."""
    kg = Path(sys.executable).parent / "kg"
    return subprocess.Popen(
        [str(kg), "serve", str(graph), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def _rows(text: str) -> set[tuple[str, ...]]:
    return {tuple(row) for row in csv.reader(io.StringIO(text))}


@pytest.fixture(scope="module")
def server(sample_ttl: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    oxigraph_binary()  # raises ServeError naming the fix when the oxigraph wheel is missing
    port = _free_port()
    process = _start(sample_ttl, port)
    assert process.stdout is not None
    line = process.stdout.readline()  # "serving ... at URL ...", printed once it answers
    if "serving" not in line:
        process.kill()
        pytest.fail(f"kg serve did not start: {line!r} {process.communicate()[1]}")
    url = f"http://127.0.0.1:{port}/query"
    assert url in line
    try:
        yield url, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)


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
    request = urllib.request.Request(
        url.replace("/query", "/update"), data=update.encode(), method="POST"
    )
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10)


def test_serve_stops_on_sigterm_and_removes_its_store(sample_ttl: Path, tmp_path: Path) -> None:
    env = dict(os.environ, TMPDIR=str(tmp_path))
    process = _start(sample_ttl, _free_port(), env)
    assert process.stdout is not None
    assert "serving" in process.stdout.readline()
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
