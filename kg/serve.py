"""`kg serve`: answer SPARQL over HTTP on 127.0.0.1, read-only, safe to run beside a browser.

Three kinds of process, each ending when its parent does:

* `kg serve` itself is the HTTP front on 127.0.0.1:PORT. It answers only
  http://127.0.0.1:PORT/TOKEN/query, TOKEN being random (or --token): a web page the user opens
  cannot guess it, so it cannot make the server do anything. It also refuses a request whose
  Host is not this server (DNS rebinding) or whose Origin/Referer is another page (403), and one
  larger than --max-request-bytes (413; 414 for the URL of a GET).
* The store keeper (kg.serve_child, role `store`) makes the Oxigraph store (`oxigraph load`
  into a temporary folder, or into --store) and removes the temporary folder when `kg serve`
  ends, however it ends: it is told by Linux (PR_SET_PDEATHSIG) and sees its stdin close.
* Query workers (kg.serve_child, role `query`) open the store read-only with pyoxigraph and
  answer one query at a time. A worker is killed when its query runs longer than --timeout (a
  query in pyoxigraph cannot be interrupted otherwise; the Oxigraph server's own --timeout-s
  does not stop a streaming SELECT). A worker refuses SERVICE (federated query: it would make
  this computer send requests elsewhere) and, on Linux where user namespaces are allowed, runs
  without any network at all.

There is no other listening socket: an internal Oxigraph server on a loopback port would let a
web page bypass every check above by posting to that port.

The endpoint follows the SPARQL 1.1 protocol: GET or POST (form or application/sparql-query)
to /TOKEN/query, results as JSON, XML, CSV or TSV (graphs as Turtle, N-Triples, RDF/XML, ...)
by the Accept header. Quad files keep their named graphs (a TriG or N-Quads export of kg has
the whole graph in the default graph and one named graph per article).
"""

from __future__ import annotations

import contextlib
import hmac
import http.server
import json
import os
import queue
import re
import secrets
import shutil
import socket
import subprocess
import sys
import sysconfig
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from kg.errors import GraphError, ServeError
from kg.io import require_graph_file
from kg.proc import SigtermError, kill_with_parent, sigterm_raises

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

_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,}")
_MAX_RUNNING = max(2, os.cpu_count() or 2)  # queries answered at once; more wait for a slot
_IDLE_SECONDS = 60.0  # an idle or stalled client connection is closed after this
_WAIT_SECONDS = 60.0  # a query waits this long at most for a free worker (not its --timeout)


@dataclass(frozen=True)
class ServeOptions:
    port: int = 7878
    store: Path | None = None  # keep the Oxigraph store here; None: a temporary folder
    timeout: float = 30.0  # seconds a query may run in its worker, sending its answer included
    max_request_bytes: int = 1_000_000  # larger request bodies get 413, longer URLs 414
    token: str | None = None  # the secret first step of the endpoint's path; None: random


def oxigraph_binary() -> Path:
    """The `oxigraph` program the oxigraph wheel installs beside this Python (it loads stores)."""
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
        "the Oxigraph program is not installed; install it with `pip install oxigraph` "
        "(kg depends on it) or follow the README's steps for another SPARQL server"
    )


def endpoint(port: int, token: str) -> str:
    return f"http://{HOST}:{port}/{token}/query"


def _child(role: str, *args: str) -> list[str]:
    """The command line of a child: `kg.serve_child ROLE PARENT_PID ARGS...` in this Python.

    -P keeps the current folder off sys.path; this kg's folder is appended, so the child runs
    the same kg even from a checkout that is not installed.
    """
    root = str(Path(__file__).resolve().parent.parent)
    boot = (
        f"import sys; sys.path.append({root!r}); "
        "from kg.serve_child import main; sys.exit(main(sys.argv[1:]))"
    )
    return [sys.executable, "-P", "-c", boot, role, str(os.getpid()), *args]


# --- the store ------------------------------------------------------------------------------


# The oxigraph command's advice to use its --lenient option, which kg serve does not have.
_LENIENT_ADVICE = re.compile(r"Some files like [^.]*\.\s*If you want [^.]*`--lenient`[^.]*\.\s*")


def load_store(graph_path: Path, location: Path) -> None:
    """Load a graph file into an Oxigraph store folder with `oxigraph load`.

    The loader is killed if the calling process ends (the store keeper calls this).
    """
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
        env=dict(os.environ, RUST_BACKTRACE="0"),  # the error, not a Rust stack trace
        preexec_fn=kill_with_parent,  # the keeper is single-threaded: preexec_fn is safe there
    )
    if done.returncode != 0:
        detail = _LENIENT_ADVICE.sub("", " ".join(done.stderr.split()))
        detail = detail[-400:] or f"exit code {done.returncode}"
        raise GraphError(f"{graph_path}: Oxigraph cannot load it: {detail}; fix the file")


class _StoreKeeper:
    """The child process that owns the store folder (see the module docstring)."""

    def __init__(self, graph_path: Path, store: Path | None) -> None:
        self.process = subprocess.Popen(
            _child("store", str(graph_path), str(store) if store is not None else ""),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # Ctrl-C reaches `kg serve` only; it stops the keeper
        )

    def wait_ready(self) -> Path:
        """The store folder, once loaded; GraphError or ServeError when it cannot be."""
        stdout = self.process.stdout
        assert stdout is not None
        line = stdout.readline()
        try:
            said = json.loads(line) if line else {}
        except ValueError:
            said = {}
        if "store" in said:
            return Path(said["store"])
        if said.get("error") == "graph":
            raise GraphError(said["message"])
        if "message" in said:
            raise ServeError(said["message"])
        self.process.wait()
        stderr = self.process.stderr
        text = " ".join((stderr.read() if stderr else b"").decode(errors="replace").split())
        raise ServeError(
            f"the store process of kg serve stopped (exit code {self.process.returncode})"
            + (f": {text[-400:]}" if text else "")
        )

    def stop(self) -> None:
        """Stop the keeper, which removes a temporary store, and wait until it has."""
        stdin = self.process.stdin
        if stdin is not None:
            with contextlib.suppress(OSError):
                stdin.close()
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for pipe in (self.process.stdout, self.process.stderr):
            if pipe is not None:
                pipe.close()


# --- query workers --------------------------------------------------------------------------


class _Workers:
    """Query worker processes: one kept started ahead, reused until one is killed.

    All are started by one long-lived thread, because Linux sends the parent-death signal when
    the *thread* that started a child ends.
    """

    def __init__(self, store: Path) -> None:
        self._argv = _child("query", str(store))
        self._idle: queue.LifoQueue[subprocess.Popen[bytes]] = queue.LifoQueue()
        self._wanted = threading.Condition()
        self._stopping = False
        self._all: set[subprocess.Popen[bytes]] = set()
        self._thread = threading.Thread(target=self._keep_one_idle, name="kg-serve-workers")
        self._thread.daemon = True
        self._thread.start()

    def _keep_one_idle(self) -> None:
        while True:
            with self._wanted:
                while not self._stopping and not self._idle.empty():
                    self._wanted.wait()
                if self._stopping:
                    return
                process = subprocess.Popen(
                    self._argv,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
                self._all.add(process)
            self._idle.put(process)

    def take(self, timeout: float) -> subprocess.Popen[bytes] | None:
        try:
            process = self._idle.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            return None
        with self._wanted:
            self._wanted.notify()
        return process

    def give_back(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None and self._idle.qsize() < _MAX_RUNNING:
            self._idle.put(process)
        else:
            self.discard(process)

    def discard(self, process: subprocess.Popen[bytes]) -> None:
        with contextlib.suppress(OSError):
            process.kill()
        process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        with self._wanted:
            self._all.discard(process)
            self._wanted.notify()

    def close(self) -> None:
        with self._wanted:
            self._stopping = True
            self._wanted.notify()
            processes = list(self._all)
        self._thread.join(timeout=10)
        for process in processes:
            self.discard(process)


# --- the HTTP front -------------------------------------------------------------------------


class _RefusedError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Front(http.server.ThreadingHTTPServer):
    daemon_threads = True
    workers: _Workers
    slots: threading.BoundedSemaphore

    def __init__(self, port: int, options: ServeOptions, token: str) -> None:
        super().__init__((HOST, port), _Handler)
        self.options = options
        self.token = token
        self.hosts = {f"{HOST}:{port}", f"localhost:{port}"}
        self.origins = {f"http://{host}" for host in self.hosts}
        self.slots = threading.BoundedSemaphore(_MAX_RUNNING)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    sys_version = ""
    timeout = _IDLE_SECONDS

    @property
    def front(self) -> _Front:
        return cast(_Front, self.server)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
        """Quiet: kg serve prints nothing per request."""

    def handle_expect_100(self) -> bool:
        # refuse before the client sends a body it is not allowed to send
        try:
            self._check_head()
        except _RefusedError as refused:
            self._refuse(refused)
            return False
        return super().handle_expect_100()

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self._handle()

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        self._handle()

    def _not_allowed(self) -> None:
        """Any other method: 405 in kg's plain text, not http.server's HTML 501 page."""
        self._refuse(
            _RefusedError(405, "kg serve answers SPARQL queries sent with GET or POST only")
        )

    do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _not_allowed  # noqa: N815 (http.server)

    def _handle(self) -> None:
        try:
            self._check_head()
            query, dataset = self._read_query()
        except _RefusedError as refused:
            self._refuse(refused)
            return
        self._answer({**dataset, "query": query, "accept": self.headers.get("Accept")})

    # request checks

    def _check_head(self) -> None:
        """Size, Host, Origin/Referer and path: everything decided before reading a body."""
        limit = self.front.options.max_request_bytes
        if len(self.path) > limit:
            raise _RefusedError(
                414,
                f"the URL is longer than the server's --max-request-bytes ({limit}); "
                "send the query in a POST body instead",
            )
        host = (self.headers.get("Host") or "").strip().lower()
        if host and host not in self.front.hosts:
            raise _RefusedError(
                403, f"this server answers requests to {HOST} only, not to {host!r}"
            )
        origin = self.headers.get("Origin")
        referer = self.headers.get("Referer")
        if referer is not None:
            parts = urllib.parse.urlsplit(referer)
            referer = f"{parts.scheme}://{parts.netloc}".lower()
        for page in (origin, referer):
            if page is not None and page.strip().lower() not in self.front.origins:
                raise _RefusedError(
                    403,
                    f"requests from other web pages are refused (this one came from {page}); "
                    "query the server from a program, not from a page in a browser",
                )
        path = urllib.parse.urlsplit(self.path).path
        expected = f"/{self.front.token}/"
        if not hmac.compare_digest(path[: len(expected)].encode(), expected.encode()):
            raise _RefusedError(404, "not found; use the URL that `kg serve` printed")
        if path[len(expected) :] != "query":
            raise _RefusedError(
                404 if path[len(expected) :] != "update" else 403,
                "kg serve is read-only and answers queries only, at the /query URL it printed",
            )
        if self.command == "POST":
            if self.headers.get("Transfer-Encoding"):
                raise _RefusedError(411, "send the request body with a Content-Length header")
            length = self._content_length()
            if length is None:
                raise _RefusedError(411, "send the request body with a Content-Length header")
            if length > limit:
                raise _RefusedError(
                    413,
                    f"the request body ({length} bytes) is larger than the server's "
                    f"--max-request-bytes ({limit})",
                )

    def _content_length(self) -> int | None:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return None
        return length if length >= 0 else None

    def _read_query(self) -> tuple[str, dict[str, list[str]]]:
        """The query text and the dataset of the request (SPARQL 1.1 protocol)."""
        params = _params(urllib.parse.urlsplit(self.path).query)
        queries = params.get("query", [])
        if self.command == "POST":
            body = self.rfile.read(self._content_length() or 0)
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if kind == "application/x-www-form-urlencoded":
                form = _params(_text(body))
                queries = queries + form.get("query", [])
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
            elif kind == "application/sparql-query":
                queries = queries + [_text(body)]
            else:
                raise _RefusedError(
                    415,
                    "POST the query as application/x-www-form-urlencoded (query=...) "
                    "or as application/sparql-query",
                )
        if "update" in params or "using-graph-uri" in params:
            raise _RefusedError(403, "kg serve is read-only: SPARQL updates are refused")
        if len(queries) != 1:
            raise _RefusedError(400, "send exactly one SPARQL query (the `query` parameter)")
        dataset = {
            "default_graph_uri": params.get("default-graph-uri", []),
            "named_graph_uri": params.get("named-graph-uri", []),
        }
        return queries[0], dataset

    # answers

    def _answer(self, request: dict[str, object]) -> None:
        """Run the query in a worker, killed after --timeout, and send its answer on."""
        timeout = self.front.options.timeout
        late = _RefusedError(
            503,
            f"the query ran longer than the server's --timeout ({timeout:g} s) and was stopped; "
            "make it more selective (LIMIT, FILTER) or restart kg serve with a larger --timeout",
        )
        busy = _RefusedError(
            503, f"kg serve is busy with {_MAX_RUNNING} other queries; try again later"
        )
        waited_until = time.monotonic() + _WAIT_SECONDS
        if not self.front.slots.acquire(timeout=_WAIT_SECONDS):
            self._refuse(busy)
            return
        try:
            process = self.front.workers.take(waited_until - time.monotonic())
            if process is None:
                self._refuse(busy)
                return
            deadline = time.monotonic() + timeout  # the query's own time starts here
            killed = threading.Event()

            def kill() -> None:
                killed.set()
                with contextlib.suppress(OSError):
                    process.kill()

            timer = threading.Timer(max(deadline - time.monotonic(), 0.0), kill)
            timer.daemon = True
            timer.start()
            reusable = False
            try:
                reusable = self._relay(process, request, killed, late)
            finally:
                timer.cancel()
                if reusable and not killed.is_set():
                    self.front.workers.give_back(process)
                else:
                    self.front.workers.discard(process)
        finally:
            self.front.slots.release()

    def _relay(
        self,
        process: subprocess.Popen[bytes],
        request: dict[str, object],
        killed: threading.Event,
        late: _RefusedError,
    ) -> bool:
        """Send the worker's answer on; True when the worker can answer another query."""
        stdin, stdout = process.stdin, process.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(json.dumps(request).encode() + b"\n")
            stdin.flush()
            head = json.loads(stdout.readline() or b"{}")
        except (OSError, ValueError):
            head = {}
        if "status" not in head:
            self._refuse(
                late
                if killed.is_set()
                else _RefusedError(500, "the query process of kg serve stopped without an answer")
            )
            return False
        if head["status"] != 200:
            self._refuse(_RefusedError(int(head["status"]), str(head["message"])))
            return True
        self.send_response(200)
        self.send_header("Content-Type", str(head["type"]))
        self._safety_headers()
        length = head.get("length")
        if length is None:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        complete = False
        try:
            while True:
                size = int(stdout.readline() or b"-1")
                if size <= 0:
                    complete = size == 0
                    break
                chunk = stdout.read(size)
                if len(chunk) != size:
                    break
                self.wfile.write(chunk if length is not None else b"%x\r\n%s\r\n" % (size, chunk))
            if complete and length is None:
                self.wfile.write(b"0\r\n\r\n")
        except (OSError, ValueError):  # the client went away, or the worker was killed
            complete = False
        if not complete:
            # cut the connection without ending the body: the client sees an incomplete
            # answer (never a silently shortened one)
            self.close_connection = True
        return complete

    def _safety_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")

    def _refuse(self, refused: _RefusedError) -> None:
        body = (refused.message + "\n").encode()
        unread = self.command == "POST" and refused.status in (403, 404, 411, 413, 414, 415)
        try:
            self.send_response(refused.status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            if refused.status == 405:
                self.send_header("Allow", "GET, POST")
            self._safety_headers()
            if unread:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True
            return
        if unread:
            self.close_connection = True
            self._discard_body()

    def _discard_body(self) -> None:
        """Read (briefly) what the client is still sending, so closing does not reset the
        connection before it has read the answer."""
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(2)
            left = min(self._content_length() or 0, 64 * self.front.options.max_request_bytes)
            while left > 0:
                data = self.connection.recv(min(left, 65536))
                if not data:
                    break
                left -= len(data)


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _RefusedError(400, "the request is not UTF-8 text") from exc


def _params(text: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError) as exc:
        raise _RefusedError(400, "the request's parameters are not UTF-8 text") from exc


# --- serve ----------------------------------------------------------------------------------


def _bind(port: int, options: ServeOptions, token: str) -> _Front:
    try:
        return _Front(port, options, token)
    except OSError as exc:
        raise ServeError(
            f"port {port} on {HOST} is in use or not allowed ({exc.strerror}); "
            "choose another with --port"
        ) from exc


def serve(
    graph_path: Path,
    options: ServeOptions,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the graph read-only on 127.0.0.1:PORT until Ctrl-C or SIGTERM.

    `ready(url)` is called once the endpoint answers; the URL holds the token. Raises
    ServeError when the server cannot start or an option cannot be used, GraphError when the
    graph cannot be loaded.
    """
    if options.token is not None and not _TOKEN.fullmatch(options.token):
        raise ServeError(
            "--token must be at least 16 letters, digits, '-' or '_' "
            "(leave it out for a random one)"
        )
    token = options.token or secrets.token_urlsafe(24)
    oxigraph_binary()
    require_graph_file(graph_path)
    front = _bind(options.port, options, token)
    keeper: _StoreKeeper | None = None
    workers: _Workers | None = None
    try:
        with sigterm_raises():
            try:
                keeper = _StoreKeeper(graph_path, options.store)
                store = keeper.wait_ready()
                workers = front.workers = _Workers(store)
                if ready is not None:
                    ready(endpoint(options.port, token))
                front.serve_forever(poll_interval=0.2)
            except (KeyboardInterrupt, SigtermError):
                return
    finally:
        front.server_close()
        if workers is not None:
            workers.close()
        if keeper is not None:
            keeper.stop()
