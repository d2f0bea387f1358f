"""The child processes of `kg serve` (see kg.serve), started with `main([ROLE, ...])`.

* `store PARENT_PID GRAPH [STORE]` loads GRAPH into an Oxigraph store (a temporary folder when
  STORE is empty), writes one JSON line ({"store": path} or {"error": ..., "message": ...}),
  then waits until `kg serve` ends (stdin closes, SIGTERM, or Linux's parent-death signal) and
  removes a temporary store.
* `query PARENT_PID STORE` answers queries against the store, one JSON request a line on stdin.
  Each answer on stdout is a JSON head line ({"status": 200, "type": ..., ["length": n]} or
  {"status": 4xx/5xx, "message": ...}) and, for 200, the body as chunks, each a line with its
  size in bytes and the bytes, ended by a line `0` (or `-1` when the answer broke off).

Both die with their parent, and check at their start that it has not died already.
"""

from __future__ import annotations

import ctypes
import json
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING, TypeVar, cast

from kg.errors import GraphError, KgError, QueryError
from kg.proc import outlives
from kg.query_check import UPDATE_REFUSED, check_query
from kg.serve import load_store

if TYPE_CHECKING:
    from pyoxigraph import QueryResultsFormat, RdfFormat, Store

_Format = TypeVar("_Format", "QueryResultsFormat", "RdfFormat")

_SPOOL_BYTES = 64 * 1024  # an answer is held back this long, so an early error is a clean 4xx/5xx
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[0] == "store":
        return _keep_store(int(argv[1]), Path(argv[2]), argv[3])
    if len(argv) == 3 and argv[0] == "query":
        return _answer_queries(int(argv[1]), Path(argv[2]))
    print("usage: kg.serve_child store|query PARENT_PID ... (kg serve starts it)")
    return 2


# --- the store keeper -----------------------------------------------------------------------


class _StopError(Exception):
    pass


_stopping = False


def _stop(_signum: int, _frame: FrameType | None) -> None:
    # Raised once: when kg serve dies, stdin's EOF and the parent-death SIGTERM come together,
    # and a second raise (or a first one during cleanup) must not skip removing the store.
    global _stopping
    if not _stopping:
        _stopping = True
        raise _StopError


def _say(message: dict[str, str]) -> None:
    try:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()
    except OSError:  # kg serve has gone; the store is removed below all the same
        pass


def _keep_store(parent: int, graph: Path, kept: str) -> int:
    global _stopping
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # kg serve decides when to stop
    if outlives(parent, signal.SIGTERM):  # SIGTERM: the keeper removes its store first
        return 0
    made: list[Path] = []  # the temporary store, once made
    try:
        try:
            return _hold_store(graph, kept, made)
        finally:
            try:  # a SIGTERM may still arrive here (after stdin's EOF): it is raised once
                _stopping = True
            finally:
                for location in made:
                    _remove(location)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)  # not the default, at exit
    except _StopError:
        return 0


def _hold_store(graph: Path, kept: str, made: list[Path]) -> int:
    """Load the store, say where it is, and wait until kg serve ends (stdin closes)."""
    try:
        if kept:
            location = Path(kept)
            try:
                loaded = _kept_store(graph, location)
            except OSError as exc:
                _say(
                    {
                        "error": "store",
                        "message": f"{location}: cannot use it as --store "
                        f"({exc.strerror}); choose another folder",
                    }
                )
                return 1
            except _ForeignFolderError as exc:
                _say({"error": "store", "message": str(exc)})
                return 1
        else:
            made.append(Path(tempfile.mkdtemp(prefix="kg-serve-")))
            location, loaded = made[0], False
        if not loaded:
            load_store(graph, location)
            if kept:  # loaded to its end: the store of this graph file
                (location / _MARK).write_text(json.dumps(_identity(graph)), encoding="utf-8")
        _say({"store": str(location)})
        sys.stdin.buffer.read()  # returns when kg serve closes it or ends
    except GraphError as exc:
        _say({"error": "graph", "message": str(exc)})
    except KgError as exc:
        _say({"error": "serve", "message": str(exc)})
    except OSError as exc:
        _say({"error": "serve", "message": f"cannot make the store: {exc}"})
    return 0


# In a --store folder: which graph file its store was loaded from, as kg serve saw it.
_MARK = "kg-serve.json"


class _ForeignFolderError(Exception):
    pass


def _identity(graph: Path) -> dict[str, object]:
    stat = graph.stat()
    return {"graph": str(graph.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _kept_store(graph: Path, location: Path) -> bool:
    """Make `location` ready for the store of `graph`: whether it holds it already (loaded from
    that file as it is now: kept to be served again without loading). A store of another graph,
    or of one not loaded to its end, is emptied first: loading into it would serve both. A
    folder of other files is refused (_ForeignFolderError)."""
    location.mkdir(parents=True, exist_ok=True)
    mark = location / _MARK
    if any(location.iterdir()):
        if not mark.is_file():
            raise _ForeignFolderError(
                f"{location}: holds files that kg serve did not write; give --store an empty "
                "or new folder (or one an earlier kg serve kept its store in)"
            )
        try:
            if json.loads(mark.read_text(encoding="utf-8")) == _identity(graph):
                return True
        except ValueError:
            pass
    # kg serve's folder, to be loaded: so marked until the load ends (a run stopped halfway
    # leaves a folder that is emptied next time, never served)
    mark.write_text(json.dumps({"loading": str(graph.resolve())}), encoding="utf-8")
    for entry in location.iterdir():
        if entry.name == _MARK:
            continue
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    return False


def _remove(location: Path) -> None:
    """Remove the store folder, again if a dying loader was still writing into it."""
    for _ in range(50):
        shutil.rmtree(location, ignore_errors=True)
        if not location.exists():
            return
        time.sleep(0.1)


# --- the query worker -----------------------------------------------------------------------


def _without_network() -> None:
    """Best effort: a new, empty network namespace (Linux, where user namespaces are allowed).

    SERVICE is refused before a query runs; this makes sure no query can reach the network
    even so. Must run while the process has one thread.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET)  # fails harmlessly where not allowed


def _answer_queries(parent: int, store_path: Path) -> int:
    _without_network()
    if outlives(parent):  # after unshare, which may change the process's credentials
        return 0
    from pyoxigraph import Store

    check_query("ASK {}")  # import rdflib's parser now, not during the first query
    store = Store.read_only(str(store_path))
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        try:
            request = json.loads(line)
        except ValueError:
            return 1
        _answer(store, request, out)
    return 0


def _head(out: IO[bytes], head: dict[str, object]) -> None:
    out.write(json.dumps(head).encode() + b"\n")
    out.flush()


def _answer(store: Store, request: dict[str, object], out: IO[bytes]) -> None:
    from pyoxigraph import BlankNode, DefaultGraph, NamedNode, QueryBoolean, QuerySolutions

    query = str(request.get("query", ""))
    try:  # SERVICE and updates: refused by the same check as kg query's
        check_query(query, unparsed_service=True)
    except QueryError as exc:  # an update is refused as kg serve refuses update=: 403
        _head(out, {"status": 403 if str(exc) == UPDATE_REFUSED else 400, "message": str(exc)})
        return
    try:
        default: list[NamedNode | BlankNode | DefaultGraph] = [
            NamedNode(str(iri)) for iri in _list(request.get("default_graph_uri"))
        ]
        named: list[NamedNode | BlankNode] = [
            NamedNode(str(iri)) for iri in _list(request.get("named_graph_uri"))
        ]
    except ValueError as exc:
        _head(out, {"status": 400, "message": f"a graph IRI of the request is invalid: {exc}"})
        return
    try:
        result = store.query(query, default_graph=default or None, named_graphs=named or None)
    except SyntaxError as exc:
        _head(out, {"status": 400, "message": f"the query cannot be parsed: {exc}"})
        return
    except Exception as exc:  # noqa: BLE001 (any failure of pyoxigraph is the query's answer)
        _head(out, {"status": 500, "message": f"the query failed: {exc}"})
        return
    accept = request.get("accept")
    accept = accept if isinstance(accept, str) else None
    spool = _Spool(out)
    try:
        # solutions and booleans as SPARQL results, CONSTRUCT and DESCRIBE as RDF
        tabular = isinstance(result, (QuerySolutions, QueryBoolean))
        fmt = _results_format(accept) if tabular else _graph_format(accept)
        if fmt is None:
            _head(out, {"status": 406, "message": _NOT_ACCEPTABLE})
            return
        spool.media_type = fmt.media_type
        result.serialize(cast(IO[bytes], spool), format=fmt)  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001
        if spool.committed:
            spool.fail()
        else:
            _head(out, {"status": 500, "message": f"the query failed: {exc}"})
        return
    spool.finish()


_NOT_ACCEPTABLE = (
    "none of the Accept header's types can carry this answer; ask for "
    "application/sparql-results+json, +xml, text/csv or text/tab-separated-values "
    "(SELECT, ASK) or text/turtle, application/n-triples, application/rdf+xml "
    "(CONSTRUCT, DESCRIBE)"
)


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


class _Spool:
    """The body of a 200 answer: held back up to _SPOOL_BYTES, then sent on in chunks."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.media_type = "application/octet-stream"  # set once the format is known
        self.held = bytearray()
        self.committed = False

    def write(self, data: bytes) -> int:
        if self.committed:
            self._chunk(bytes(data))
        else:
            self.held += data
            if len(self.held) >= _SPOOL_BYTES:
                _head(self.out, {"status": 200, "type": self.media_type})
                self.committed = True
                self._chunk(bytes(self.held))
                self.held.clear()
        return len(data)

    def flush(self) -> None:
        pass

    def _chunk(self, data: bytes) -> None:
        if data:
            self.out.write(b"%d\n" % len(data) + data)
            self.out.flush()

    def finish(self) -> None:
        if not self.committed:
            _head(self.out, {"status": 200, "type": self.media_type, "length": len(self.held)})
            self._chunk(bytes(self.held))
        self.out.write(b"0\n")
        self.out.flush()

    def fail(self) -> None:
        self.out.write(b"-1\n")
        self.out.flush()


# --- content negotiation --------------------------------------------------------------------


def _media_ranges(accept: str | None) -> list[str]:
    """The media ranges of an Accept header, most wanted first; ["*/*"] when there is none."""
    if accept is None or not accept.strip():
        return ["*/*"]
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        fields = [field.strip() for field in part.split(";")]
        quality = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if fields[0] and quality > 0:
            ranked.append((-quality, index, fields[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def _matches(media: str, fmt_media: str) -> bool:
    major, _, minor = media.partition("/")
    fmt_major, _, fmt_minor = fmt_media.split(";")[0].partition("/")
    return (major in ("*", fmt_major)) and (minor in ("*", fmt_minor))


def _results_format(accept: str | None) -> QueryResultsFormat | None:
    from pyoxigraph import QueryResultsFormat as Q

    return _negotiate(accept, [Q.JSON, Q.XML, Q.CSV, Q.TSV], Q.from_media_type)


def _graph_format(accept: str | None) -> RdfFormat | None:
    from pyoxigraph import RdfFormat as R

    offered = [R.TURTLE, R.N_TRIPLES, R.RDF_XML, R.JSON_LD, R.N_QUADS, R.TRIG, R.N3]
    return _negotiate(accept, offered, R.from_media_type)


def _negotiate(
    accept: str | None, offered: list[_Format], known: Callable[[str], _Format | None]
) -> _Format | None:
    """The first format of the Accept header's media ranges that Oxigraph knows, or that one
    of `offered` matches (wildcards such as */* or text/*)."""
    for media in _media_ranges(accept):
        exact = known(media) if "*" not in media else None
        if exact is not None:
            return exact
        for fmt in offered:
            if _matches(media, fmt.media_type):
                return fmt
    return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
