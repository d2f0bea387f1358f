"""`kg serve`: answer SPARQL over HTTP on 127.0.0.1 with the Oxigraph server.

The `oxigraph` wheel (a runtime dependency of kg) ships the server binary. `serve` loads the
graph file into an Oxigraph store in a temporary folder (or in a folder the options name, kept
afterwards), runs `oxigraph serve-read-only` bound to 127.0.0.1 only, waits until it answers,
and stops it (and removes the temporary store) when interrupted (Ctrl-C or SIGTERM).

The endpoint follows the SPARQL 1.1 protocol: GET or POST /query, results as JSON, XML, CSV or
TSV by the Accept header. Quad files keep their named graphs (a TriG or N-Quads export of kg
has the whole graph in the default graph and one named graph per article).
"""

from __future__ import annotations

import collections
import contextlib
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from kg.errors import GraphError, ServeError
from kg.io import require_graph_file

HOST = "127.0.0.1"  # loopback only: kg never serves on another interface

# oxigraph load --format, by file extension; anything else is read as Turtle (as kg does).
_FORMATS = {
    ".ttl": "ttl",
    ".turtle": "ttl",
    ".nt": "nt",
    ".nq": "nq",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "rdf",
    ".owl": "rdf",
    ".xml": "rdf",
}


@dataclass(frozen=True)
class ServeOptions:
    port: int = 7878
    store: Path | None = None  # keep the Oxigraph store here; None: a temporary folder
    timeout: float = 60.0  # seconds to wait for the server to answer its first query


def oxigraph_binary() -> Path:
    """The `oxigraph` server program the oxigraph wheel installs beside this Python."""
    candidates = [
        Path(sysconfig.get_path("scripts")) / "oxigraph",
        Path(sys.executable).parent / "oxigraph",
    ]
    found = shutil.which("oxigraph")
    if found:
        candidates.append(Path(found))
    for path in candidates:
        if path.is_file():
            return path
    raise ServeError(
        "the Oxigraph server program is not installed; install it with `pip install oxigraph` "
        "(kg depends on it) or follow the README's steps for another SPARQL server"
    )


def endpoint(port: int) -> str:
    return f"http://{HOST}:{port}/query"


def _check_port(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError as exc:
            raise ServeError(
                f"port {port} on {HOST} is in use or not allowed ({exc.strerror}); "
                "choose another with --port"
            ) from exc


class _StopRequestError(Exception):
    """SIGTERM arrived: stop the server and clean up, as for Ctrl-C."""


@contextlib.contextmanager
def _sigterm_stops() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise _StopRequestError

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _answers(port: int) -> bool:
    url = endpoint(port) + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def load_store(graph_path: Path, location: Path) -> None:
    """Load a graph file into an Oxigraph store folder with `oxigraph load`."""
    require_graph_file(graph_path)
    fmt = _FORMATS.get(graph_path.suffix.lower(), "ttl")
    done = subprocess.run(
        [
            str(oxigraph_binary()),
            "load",
            "--location",
            str(location),
            "--file",
            str(graph_path),
            "--format",
            fmt,
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if done.returncode != 0:
        detail = " ".join(done.stderr.split())[-400:] or f"exit code {done.returncode}"
        raise GraphError(f"{graph_path}: Oxigraph cannot load it: {detail}; fix the file")


def serve(
    graph_path: Path,
    options: ServeOptions,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the graph read-only on 127.0.0.1:PORT until Ctrl-C or SIGTERM.

    `ready(url)` is called once the endpoint answers. Raises ServeError when the server
    cannot start or stops by itself, GraphError when the graph cannot be loaded.
    """
    binary = oxigraph_binary()
    _check_port(options.port)
    temporary = options.store is None
    location = options.store or Path(tempfile.mkdtemp(prefix="kg-serve-"))
    tail: collections.deque[str] = collections.deque(maxlen=20)
    process: subprocess.Popen[str] | None = None
    try:
        with _sigterm_stops():
            try:
                location.mkdir(parents=True, exist_ok=True)
                load_store(graph_path, location)
                process = subprocess.Popen(
                    [
                        str(binary),
                        "serve-read-only",
                        "--location",
                        str(location),
                        "--bind",
                        f"{HOST}:{options.port}",
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                stderr = process.stderr
                assert stderr is not None
                threading.Thread(
                    target=lambda: tail.extend(stderr), name="oxigraph-log", daemon=True
                ).start()
                deadline = time.monotonic() + options.timeout
                while not _answers(options.port):
                    if process.poll() is not None:
                        raise ServeError(_exited(process.returncode, tail))
                    if time.monotonic() > deadline:
                        raise ServeError(
                            f"the Oxigraph server did not answer on {endpoint(options.port)} "
                            f"within {options.timeout:.0f}s; {_said(tail)}"
                        )
                    time.sleep(0.1)
                if ready is not None:
                    ready(endpoint(options.port))
                code = process.wait()
                raise ServeError(_exited(code, tail))
            except (KeyboardInterrupt, _StopRequestError):
                return
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if temporary:
            shutil.rmtree(location, ignore_errors=True)


def _said(tail: collections.deque[str]) -> str:
    text = " ".join(" ".join(tail).split())
    return f"it said: {text[-400:]}" if text else "it said nothing"


def _exited(code: int, tail: collections.deque[str]) -> str:
    return f"the Oxigraph server stopped (exit code {code}); {_said(tail)}"
