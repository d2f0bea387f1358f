"""File output that never leaves a half-written file behind, and one run's outputs published
together: written into a staging folder inside the output folder, then moved into place."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kg.errors import GraphError, OutputError
from kg.proc import pid_alive

_STAGING_PREFIX = ".kg-staging-"
# What an interrupted run leaves: ".graph.ttl.<pid>.<random>.tmp" from atomic_write_bytes
# (older kg: ".graph.ttl.<random>.tmp"), ".kg-staging-<pid>-<random>" from stage_outputs.
_TEMP_FILE = re.compile(
    r"^\.(?:graph\.[\w-]+|nodes\.csv|relationships\.csv)\.(?:(\d+)\.)?[^.]+\.tmp$"
)
_STAGING = re.compile(rf"^{re.escape(_STAGING_PREFIX)}(\d+)-")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # the pid in the name tells a later run whether its writer is still alive (remove_stale)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    try:
        # mkstemp makes the file 0600; give it the mode a plain open() would (0666 & ~umask)
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


# Files a user may give by mistake for a graph file (graph.html beside graph.ttl), by suffix.
_NOT_GRAPHS = {
    ".html": "an HTML page",
    ".htm": "an HTML page",
    ".md": "a Markdown text",
    ".txt": "a text file",
    ".pdf": "a PDF document",
    ".graphml": "a GraphML file for graph tools (kg export writes it from a graph file)",
    ".gexf": "a GEXF file for Gephi (kg export writes it from a graph file)",
    ".csv": "a CSV table",
}


def require_graph_file(path: Path) -> None:
    """Raise GraphError naming `path` unless it is a file (every reader of graph files)."""
    kind = _NOT_GRAPHS.get(path.suffix.lower())
    if kind and path.is_file():
        raise GraphError(
            f"{path}: {kind}, not a graph file; give a graph file (.ttl, .nt, .nq, .trig, "
            ".rdf, .jsonld), such as graph.ttl beside it"
        )
    if path.is_dir() and (path / "graph.ttl").is_file():  # an output folder of kg build
        raise GraphError(f"{path}: is a folder, not a graph file; give {path / 'graph.ttl'}")
    if not path.is_file():
        what = "is a folder, not a graph file" if path.is_dir() else "does not exist"
        raise GraphError(f"{path}: {what}; check the path or build the graph first")


def remove_stale(folder: Path) -> None:
    """Remove the temporary files and staging folders that killed runs left in `folder` (and in
    its subfolders one level down, such as neo4j/); a live run's are left alone."""
    for parent in [folder, *(p for p in folder.iterdir() if p.is_dir() and p.name[0] != ".")]:
        for entry in parent.iterdir():
            staging = _STAGING.match(entry.name) if parent == folder else None
            temp = _TEMP_FILE.match(entry.name)
            if staging and entry.is_dir() and not pid_alive(int(staging.group(1))):
                shutil.rmtree(entry, ignore_errors=True)
            elif temp and entry.is_file() and not (temp.group(1) and pid_alive(int(temp.group(1)))):
                entry.unlink(missing_ok=True)


def stage_outputs(out_dir: Path) -> Path:
    """Clean what killed runs left in `out_dir` (a folder `holding` made and holds) and make a
    staging folder in it, before any work is done. Raises OutputError naming `out_dir`."""
    try:
        remove_stale(out_dir)
        return Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{os.getpid()}-", dir=out_dir))
    except OSError as exc:
        raise OutputError(
            f"{out_dir}: cannot write the outputs there ({exc.strerror}); "
            "choose another folder with -o"
        ) from exc


@contextlib.contextmanager
def holding(out_dir: Path) -> Iterator[None]:
    """Hold `out_dir` (made if missing) for one run: a second run into the same folder, such as
    two daily `--add` runs that overlap, stops at once with OutputError instead of publishing
    a store that lacks the first one's articles. The lock is the folder's own (flock on it),
    so nothing is left in it; it ends with the last process of the run."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: is not a folder; give -o a folder for the outputs")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise OutputError(
            f"{out_dir}: cannot write the outputs there ({exc.strerror}); "
            "choose another folder with -o"
        ) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                f"{out_dir}: another kg build is writing it now; nothing was changed. Run "
                "this one again when that one has ended (or give another folder with -o)"
            ) from None
        yield
    finally:
        os.close(fd)


def publish(staging: Path, out_dir: Path) -> list[Path]:
    """Move everything in `staging` over `out_dir`'s files of the same names (one rename each,
    after all were written), remove `staging`, and return the published paths. When a rename
    fails (a folder made read-only), those done are undone, and OutputError says which."""
    published: list[Path] = []
    moved: list[tuple[Path, Path | None]] = []  # (target, its old version set aside, if any)
    try:
        # the store (kg.store) goes last: once it is in place, so are the outputs made from it
        for entry in sorted(staging.iterdir(), key=lambda e: (e.name == "store", e.name)):
            target = out_dir / entry.name
            try:
                old = None
                if target.is_file():  # kept under a second name; replaced in one step
                    old = staging / f".old-{entry.name}"
                    try:
                        os.link(target, old)
                    except OSError:  # a file system without hard links
                        shutil.copy2(target, old)
                elif target.is_dir():  # a folder cannot be replaced in one step
                    old = staging / f".old-{entry.name}"
                    os.replace(target, old)
                moved.append((target, old))
                os.replace(entry, target)
            except OSError as exc:
                _undo(moved, staging)
                raise OutputError(
                    f"{target}: cannot put it in place ({exc.strerror}); nothing in {out_dir} "
                    "was changed. Make the folder and what is in it writable, or choose "
                    "another folder with -o"
                ) from exc
            if target.is_dir():
                inside = sorted(p for p in target.iterdir() if not p.name.startswith("."))
                # a folder of files (neo4j/) lists them; one of folders (store/) is one output
                published += [target] if any(p.is_dir() for p in inside) else inside
            else:
                published.append(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return published


def _undo(moved: list[tuple[Path, Path | None]], staging: Path) -> None:
    """Put back what publish set aside, newest first (a new output moved in goes back into
    `staging`, thrown away with it)."""
    for target, old in reversed(moved):
        with contextlib.suppress(OSError):
            if old is not None and old.is_file():
                os.replace(old, target)  # in one step
                continue
            if target.is_dir():
                os.replace(target, staging / f".new-{target.name}")
            elif target.exists():
                target.unlink()
            if old is not None:
                os.replace(old, target)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
