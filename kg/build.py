"""`kg build`: articles in, a merged RDF graph (Turtle) and an offline HTML view out."""

from __future__ import annotations

import collections
import contextlib
import functools
import itertools
import json
import os
import re
import shlex
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from kg.child import Child, ChildDiedError, Standby, standby_child
from kg.errors import NoArticlesError, OutputError, StaleStoreError, TakeOutError
from kg.io import discard, holding, publish, stage_outputs
from kg.model import Article, Notice, Skipped, Unchanged
from kg.proc import die_with_parent, uninterrupted
from kg.reader import SUPPORTED_NOTE, ReadOptions, check_inputs, read_articles
from kg.spill import Held, Spill
from kg.store import (
    Manifest,
    Staged,
    Touched,
    add_article,
    close,
    code_version,
    compacting,
    counts,
    derive,
    derive_names,
    discard_store,
    extractor_version,
    read_manifest,
    record_files,
    remove_articles,
    set_meta,
    share,
    stage_store,
    stored_sources,
    write_turtle,
)
from kg.store_layout import STORE_DIR
from kg.triples import ArticleRecord, article_digest
from kg.view import ViewOptions, ViewStats, render_html_manifest, warm_up

_T = TypeVar("_T")
# An article given: read (and set aside until extracted), or not read again (its file is
# unchanged since the store took it).
Given = Held | Unchanged

# Below this many articles a process pool costs more than it saves.
_PARALLEL_FROM = 16
# Articles per task sent to a worker: fewer round trips, still a smooth progress bar.
_CHUNK = 8
# Tasks sent ahead of the one the store takes next: the workers never wait, and records done
# before the store can take them stay few (memory flat in the number of articles).
_AHEAD = 16


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path = Path("output")
    html: bool = True
    workers: int = 0  # processes for extraction; 0 = one per core
    view: ViewOptions = field(default_factory=ViewOptions)  # graph.html: title, max_nodes, focus
    # kg.export formats also written, as OUT/graph.<ext> (neo4j: OUT/neo4j/); graph.ttl always is
    formats: tuple[str, ...] = ()
    read: ReadOptions = field(default_factory=ReadOptions)  # the article size limit
    # keep the articles already in OUT's store and add these (the daily ingest); without it
    # the store holds exactly the articles given
    add: bool = False
    # take out most of a large store (a build that forgot --add would): asked for, not guessed
    replace: bool = False
    dask_scheduler: str | None = None  # extract on this Dask cluster (tcp://HOST:PORT)


@dataclass(frozen=True)
class _Plan:
    extract: list[Held]  # new or changed
    remove: list[str]  # slugs: no longer given, or changed (taken out, then added again)
    gone: int  # of those, no longer given
    fresh: bool  # kg changed (or no store): start from an empty store


@dataclass
class BuildReport:
    articles: int = 0  # in the graph
    given: int = 0  # read (or not read again: unchanged files) by this run, copies left out
    added: int = 0  # extracted by this run (new or changed)
    removed: int = 0  # taken out: no longer given
    unchanged: int = 0  # given, and already in the store as they are
    up_to_date: bool = False  # nothing changed: no output was written
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    entities: int = 0
    facts: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    # kg's outputs in the folder that this run did not write (graph.html after --no-html)
    earlier: list[Path] = field(default_factory=list)
    view: ViewStats | None = None  # what graph.html draws and leaves out
    phases: list[tuple[str, float]] = field(default_factory=list)  # (phase, seconds) in order

    def lap(self, phase: str, since: float) -> float:
        """Record that `phase` ran from `since` until now; return now, the next phase's start."""
        now = time.perf_counter()
        self.phases.append((phase, now - since))
        return now

    def skip_table(self) -> list[tuple[str, int]]:
        """How many inputs were skipped for each reason group ("not HTML", "no article text"),
        the largest first."""
        counts = collections.Counter(s.group for s in self.skipped)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _records(articles: list[Article]) -> list[ArticleRecord | Skipped]:
    """Extraction and the store's record of each of a few articles (one task of a worker:
    plain values go back, no rdflib term); a bug met on one article skips it, not the run."""
    from kg.extract import extract_article  # here: a run with nothing to extract never loads it
    from kg.lexicon import load_ontology
    from kg.triples import article_record

    onto = load_ontology()
    out: list[ArticleRecord | Skipped] = []
    for article in articles:
        try:
            digest = article_digest(article)  # of the article as read, as the plan compares
            out.append(article_record(extract_article(article, onto), digest))
        except Exception as exc:  # noqa: BLE001 - reported per article, the batch goes on
            out.append(
                Skipped(
                    article.source,
                    f"internal error while extracting ({type(exc).__name__}: {exc}); "
                    "please report it",
                    "internal error",
                )
            )
    return out


def _unique(articles: Iterable[Given], report: BuildReport) -> list[Given]:
    """One article per identity (kg.identity.article_identity): the same article given twice is
    read once, the other copy reported as skipped. Of two copies of one URL the one given last
    is kept, as --add keeps the copy it adds: a correction given after its article replaces
    it, in a full build as in the daily ingest (and a rebuild from all the inputs, in the
    order they came, keeps what the ingest kept), in the place of the first."""
    kept: dict[str, Given] = {}
    for article in articles:
        other = kept.get(article.identity)
        kept[article.identity] = article  # in the first copy's place
        if other is None:
            continue
        held = other if isinstance(other, Held) else article if isinstance(article, Held) else None
        same = "" if held is None else " (URL)" if held.has_url else " (title and text)"
        report.skipped.append(
            Skipped(
                other.source, f"same article{same} as {article.source}, given after it", "duplicate"
            )
        )
    return list(kept.values())


def build(
    paths: Sequence[Path],
    options: BuildOptions,
    progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Read, extract, merge and write. Raises NoArticlesError when nothing usable was read.

    The output folder is checked first, before any work. Every output is written into a
    staging folder inside it and moved into place only once all were written, so a failed run
    changes nothing and one run's outputs are published together.

    Extraction of each article is independent, so it runs in a process pool on large inputs;
    results are merged in input order, so the graph is the same whatever the worker count.
    """
    started = time.perf_counter()
    check_inputs(paths)
    made = not options.out_dir.exists()
    with holding(options.out_dir):  # one run at a time in a folder
        staging = stage_outputs(options.out_dir)
        try:
            report = _build(paths, options, staging, progress)
            with uninterrupted():  # all of them in place, or none
                report.outputs = publish(staging, options.out_dir)
        except BaseException:
            discard(staging)
            if made:  # a failed run leaves no trace, not even the folder it made
                with contextlib.suppress(OSError):
                    options.out_dir.rmdir()
            raise
    written = set(report.outputs)
    report.earlier = [] if report.up_to_date else _earlier(options.out_dir, written)
    report.seconds = time.perf_counter() - started
    return report


def _earlier(out: Path, written: set[Path]) -> list[Path]:
    """kg's outputs in `out` that this run did not write: graph.* files, the neo4j/ folder."""
    from kg.export import default_name

    neo4j = out / default_name("neo4j")
    found = [p for p in out.glob("graph.*") if p.is_file()]
    found += [neo4j] if neo4j.is_dir() else []
    inside = {p.parent for p in written}  # a folder of files (neo4j/) is written as its files
    return sorted(p for p in found if p not in written and p not in inside)


def _read(
    paths: Sequence[Path],
    read: ReadOptions,
    report: BuildReport,
    pool: Executor | None,
    spill: Spill,
    add: bool = False,
) -> list[Given]:
    """The articles given, each once: those read set aside in `spill`, those of unchanged
    files as the store holds them. None is an error, except when adding from inputs that hold
    nothing at all (an empty day's folder of the daily ingest: nothing to add)."""
    found: list[Given] = []
    for item in read_articles(paths, read, pool):
        if isinstance(item, Skipped):
            report.skipped.append(item)
        elif isinstance(item, Notice):
            report.notices.append(item)
        elif isinstance(item, Article):
            found.append(spill.put(item))
        else:
            found.append(item)
    articles = _unique(found, report)
    if not articles and not (add and not report.skipped):
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in report.skipped[:5])
        raise NoArticlesError(
            "no usable article in "
            + ", ".join(str(p) for p in paths)
            + (f" ({reasons})" if reasons else "")
            + ("" if SUPPORTED_NOTE in reasons else f"; give news articles ({SUPPORTED_NOTE})")
        )
    return articles


def _cores() -> int:
    return len(os.sched_getaffinity(0)) or 1


@contextlib.contextmanager
def _local_pool(options: BuildOptions) -> Iterator[Executor | None]:
    """A process pool of -j workers (none for -j 1); its workers start on first use and end
    with this process, even when that is killed (SIGKILL runs no cleanup)."""
    workers = options.workers or _cores()
    if workers == 1:
        yield None
        return
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)
    )
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


def _extract_all(
    articles: list[Held],
    spill: Spill,
    report: BuildReport,
    pool: Executor | None,
    progress: Callable[[int, int], None] | None,
) -> Iterator[ArticleRecord]:
    """Each article's record, extracted in `pool` when there is one, in input order (the
    store's content does not depend on it; the messages' order does). Articles come back from
    `spill` a chunk at a time, as the workers take them."""
    size = max(1, min(_CHUNK, len(articles) // 40))  # small inputs: a smooth progress line
    chunks = (
        [spill.get(held) for held in articles[i : i + size]] for i in range(0, len(articles), size)
    )
    results: Iterable[list[ArticleRecord | Skipped]]
    results = _in_order(pool, chunks) if pool is not None else map(_records, chunks)
    done = 0
    if progress:
        progress(0, len(articles))  # starts the clock of the rate
    for chunk in results:
        for result in chunk:
            if isinstance(result, Skipped):
                report.skipped.append(result)
            else:
                yield result
        done += len(chunk)
        if progress:
            progress(done, len(articles))


def _in_order(
    pool: Executor, chunks: Iterable[list[Article]]
) -> Iterator[list[ArticleRecord | Skipped]]:
    """Each chunk's records, in order, with at most _AHEAD chunks sent but not yet taken
    (Executor.map sends every chunk at once, so finished records pile up in memory)."""
    sent: collections.deque[Future[list[ArticleRecord | Skipped]]] = collections.deque()
    rest = iter(chunks)
    for chunk in itertools.islice(rest, _AHEAD):
        sent.append(pool.submit(_records, chunk))
    while sent:
        done = sent.popleft().result()
        for chunk in itertools.islice(rest, 1):
            sent.append(pool.submit(_records, chunk))
        yield done


def _not_stored(
    articles: list[Given], manifest: Manifest, out: Path, report: BuildReport
) -> list[Given]:
    """--add: an article the store holds under another file name (the same title and text) is
    a copy, skipped as a listed build skips one; a page at a stored URL with other content is
    a newer version of it, which replaces it."""
    copies = {
        a.slug
        for a in articles
        if isinstance(a, Held)
        and not a.has_url
        and a.slug in manifest.digests
        and manifest.digests[a.slug] != a.digest
    }
    if not copies:
        return articles
    sources = stored_sources(out, copies)
    for a in articles:
        if a.slug in copies:
            report.skipped.append(
                Skipped(
                    a.source,
                    f"same article (title and text) as {sources.get(a.slug, '?')} in the store",
                    "duplicate",
                )
            )
    return [a for a in articles if a.slug not in copies]


def _plan(articles: list[Given], manifest: Manifest, add: bool) -> _Plan:
    """What this run changes in the store: articles to extract (new or changed) and to take
    out (changed, or no longer given unless adding); all of them when kg has changed."""
    version = extractor_version()
    known = manifest.digests if manifest.version == version else {}
    given = {a.slug: a for a in articles}
    digests = {slug: a.digest for slug, a in given.items()}
    extract = [a for slug, a in given.items() if known.get(slug) != digests[slug]]
    # an unchanged file's article is in the store as it is (files and articles are kept
    # together), and the manifest is used for them only when kg has not changed
    assert all(isinstance(a, Held) for a in extract)
    # no longer given: taken out (counted so even from a store of another kg, which is made
    # again from those given, so there is nothing to take out of it)
    gone = set() if add else set(manifest.digests) - set(given)
    changed = {slug for slug in given if slug in known and known[slug] != digests[slug]}
    fresh = manifest.version != version
    return _Plan(
        [a for a in extract if isinstance(a, Held)],
        [] if fresh else sorted(gone | changed),
        len(gone),
        fresh=fresh,
    )


class _FileCache:
    """ReadOptions.unchanged over the published manifest's file table, when kg has not changed
    since; notes the size and time of each one-article file it is asked about, read or not."""

    def __init__(self, manifest: Manifest, read: ReadOptions) -> None:
        # read again when kg, or how it reads (the size limit), has changed since
        same = manifest.version == extractor_version() and manifest.read == _reading(read)
        self.files = manifest.files if same else {}
        self.seen: dict[str, tuple[str, int, int]] = {}  # source -> (path, size, mtime_ns)
        self.clash: set[str] = set()  # sources naming several files: not remembered

    def __call__(self, path: Path, source: str) -> Unchanged | None:
        try:
            stat = path.stat()
            where = str(path.resolve())
        except OSError:
            return None
        if source in self.seen and self.seen[source][0] != where:
            self.clash.add(source)  # two files of one name under two folders given
        self.seen[source] = (where, stat.st_size, stat.st_mtime_ns)
        cached = self.files.get(where)
        if cached and cached[:2] == (stat.st_size, stat.st_mtime_ns) and cached[2].source == source:
            return cached[2]
        return None

    def rows(self, articles: list[Given]) -> list[tuple[str, int, int, Unchanged]]:
        """The file table's rows of the one-article files read this run (for the next)."""
        out: list[tuple[str, int, int, Unchanged]] = []
        for article in articles:
            seen = self.seen.get(article.source)
            if seen is not None and isinstance(article, Held) and article.source not in self.clash:
                out.append((*seen, article))  # a Held is what the store keeps of it
        return out


def _reading(read: ReadOptions) -> str:
    """How a build read its articles, as far as an unchanged file's article depends on it."""
    return json.dumps({"max_article_bytes": read.max_article_bytes})


def _fingerprint(options: BuildOptions) -> str:
    """What the outputs written from a store depend on besides it: which, how, and the code
    that writes them (a kg whose page or exports differ writes them again, from the store)."""
    return json.dumps(
        [code_version(), options.html, sorted(set(options.formats)), repr(options.view)]
    )


def _outputs_current(options: BuildOptions, manifest: Manifest) -> bool:
    """Whether OUT holds the outputs of these options as the store's last run wrote them."""
    out = options.out_dir
    from kg.export import default_name

    if not all((out / default_name(f)).exists() for f in options.formats):
        return False
    try:  # graph.ttl and graph.html: there, and as written
        return manifest.written == _written(out, options)
    except OSError:
        return False


def _written(folder: Path, options: BuildOptions) -> str:
    """graph.ttl's and graph.html's size and modification time in `folder` (a rename keeps
    both): a run that finds others than its store's run wrote (that run was killed while it
    moved them into place, or they were edited) writes them again."""
    names = ["graph.ttl", *(["graph.html"] if options.html else [])]
    stats = [(name, (folder / name).stat()) for name in names]
    return json.dumps([[name, st.st_size, st.st_mtime_ns] for name, st in stats])


def _build(
    paths: Sequence[Path],
    options: BuildOptions,
    staging: Path,
    progress: Callable[[int, int], None] | None,
) -> BuildReport:
    report = BuildReport()
    # graph.html's process, forked first, while this one is small: its memory holds neither
    # the store's, the articles' nor the pool's; stopped unless _finish starts it
    view = standby_child("graph.html", warm_up) if options.html else None
    try:
        return _build_with(paths, options, staging, progress, report, view)
    finally:
        if view is not None:
            view.stop()


def _build_with(
    paths: Sequence[Path],
    options: BuildOptions,
    staging: Path,
    progress: Callable[[int, int], None] | None,
    report: BuildReport,
    view: Standby | None,
) -> BuildReport:
    out = options.out_dir
    manifest = read_manifest(out)
    if options.add and manifest.digests and manifest.version != extractor_version():
        raise StaleStoreError(_stale_message(out, manifest))
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(_local_pool(options))  # reads the HTML pages, extracts
        cache = _FileCache(manifest, options.read)
        spill = Spill(staging)  # the articles read, until extracted
        stack.callback(spill.close)
        read = replace(options.read, unchanged=cache)
        articles = _read(paths, read, report, pool, spill, options.add)
        if options.add:
            articles = _not_stored(articles, manifest, out, report)
        plan = _plan(articles, manifest, options.add)
        if not options.replace and _takes_most(plan, manifest):
            raise TakeOutError(_take_out_message(options, plan, manifest, len(articles)))
        started = report.lap("read", started)
        if (
            not plan.extract
            and not plan.remove
            and manifest.outputs == _fingerprint(options)
            and manifest.read == _reading(options.read)
            and _outputs_current(options, manifest)
        ):  # nothing to do: the store and the outputs are those of this input already
            report.articles = len(manifest.digests)
            report.unchanged = len(articles)
            report.up_to_date = True
            return report
        if options.dask_scheduler:
            from kg.cluster import dask_executor

            pool = stack.enter_context(dask_executor(options.dask_scheduler))
        elif len(plan.extract) < _PARALLEL_FROM:
            pool = None
        st = _store_step(out, lambda: stage_store(out, staging, plan.fresh))
        try:
            touched = Touched()
            remove_articles(st, plan.remove, touched)
            for record in _extract_all(plan.extract, spill, report, pool, progress):
                _store_step(out, functools.partial(add_article, st, record, touched))
            record_files(st, cache.rows(articles))
        except BaseException:
            discard_store(st)
            raise
    started = report.lap("extract", started)
    try:
        _finish(st, touched, plan, len(articles), options, staging, report, started, view)
    except BaseException:
        discard_store(st)
        raise
    return report


# A build that would take out more than half of a store of at least this many articles asks
# for --replace: one missing --add in a daily job would otherwise empty an archive, and the
# store keeps no article's text to undo it.
_GUARDED = 100


def _takes_most(plan: _Plan, manifest: Manifest) -> bool:
    held = len(manifest.digests)
    return held >= _GUARDED and plan.gone * 2 > held


def _take_out_message(options: BuildOptions, plan: _Plan, manifest: Manifest, given: int) -> str:
    out = options.out_dir
    return (
        f"{out / STORE_DIR}: this build gives {given:,} article(s) and would take out "
        f"{plan.gone:,} of the {len(manifest.digests):,} the store holds (a build without "
        f"--add holds exactly the articles given). Nothing in {out} was changed. To add these "
        "to the archive, use --add; to make the graph of only these, add --replace"
    )


def _stale_message(out: Path, manifest: Manifest) -> str:
    """--add into a store of another kg: every article must be extracted again, and only the
    new ones are given (the store keeps no article's text)."""
    folders = sorted({str(Path(path).parent) for path in manifest.files})
    inputs = " ".join(shlex.quote(f) for f in folders[:3]) + (" ..." if len(folders) > 3 else "")
    return (
        f"{out / STORE_DIR}: made by another version of kg or other ontology data, so each of "
        f"its {len(manifest.digests):,} articles must be extracted again, and --add gives only "
        f"the new ones (the store keeps no article's text). Nothing in {out} was changed. "
        f"Rebuild it once from all its inputs, then go on with --add: "
        f"kg build {inputs or 'ALL_INPUTS'} NEW -o {shlex.quote(str(out))}"
    )


def _store_step(out: Path, step: Callable[[], _T]) -> _T:
    """Run a step that writes the staged store; a full disk or quota becomes OutputError."""
    with _store_errors(out):
        return step()


# What SQLite says when the disk, not the query, is at fault.
_SQLITE_WRITE = re.compile(r"disk|full|read-?only|unable to open|I/O", re.I)


@contextlib.contextmanager
def _store_errors(out: Path) -> Iterator[None]:
    try:
        yield
    except (OSError, shutil.Error, sqlite3.OperationalError) as exc:
        # the manifest's SQLite says "database or disk is full" of a full disk, not ENOSPC
        if isinstance(exc, sqlite3.OperationalError) and not _SQLITE_WRITE.search(str(exc)):
            raise
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise OutputError(
            f"{out / STORE_DIR}: cannot write the store ({detail[:200]}); nothing in {out} was "
            "changed. Free some space or choose another folder with -o"
        ) from exc


def _write_view(
    manifest: Path, options: ViewOptions, path: Path, out: Path
) -> tuple[ViewStats, float]:
    """graph.html from the rows of the staged manifest (in graph.html's own process, while
    the build's puts the shared triples in the store: see _finish), and the seconds it took."""
    started = time.perf_counter()
    try:
        return render_html_manifest(manifest, path, options), time.perf_counter() - started
    except OSError as exc:
        raise _write_error(out / path.name, exc) from exc


def _write_error(path: Path, exc: OSError) -> OutputError:
    return OutputError(
        f"{path}: cannot write ({exc.strerror}); nothing in {path.parent} was changed. "
        "Free some space or choose another folder with -o"
    )


def _finish(
    st: Staged,
    touched: Touched,
    plan: _Plan,
    given: int,
    options: BuildOptions,
    staging: Path,
    report: BuildReport,
    started: float,
    standby: Standby | None,
) -> None:
    """Derive the shared triples, count, write every output from the staged store, close it;
    graph.html is drawn by `standby` meanwhile."""
    out = options.out_dir
    report.added = len(plan.extract) - sum(s.group == "internal error" for s in report.skipped)
    report.removed = plan.gone
    report.given = given
    report.unchanged = given - len(plan.extract)
    _store_step(out, functools.partial(derive_names, st, touched))
    report.articles, report.entities, report.facts = counts(st)
    if not report.articles:
        raise NoArticlesError(
            "no article could be read: "
            + "; ".join(f"{s.source}: {s.reason}" for s in report.skipped[:5])
        )
    view: Child[tuple[ViewStats, float]] | None = None
    if standby is not None:
        # read from the manifest's rows (no term of the store decoded), laid out and written
        # by graph.html's process while this one puts the shared triples in the store
        manifest = _store_step(out, functools.partial(share, st))
        view = standby.start(_write_view, manifest, options.view, staging / "graph.html", out)
    try:
        _store_step(out, functools.partial(derive, st, touched))
        started = report.lap("store", started)
        name = "graph.ttl"
        # graph.ttl and the exports come from the manifest and graph.ttl, not the store: it
        # may be compacted meanwhile
        with _store_errors(out), compacting(st) as compaction:
            try:
                write_turtle(st, staging / name)
                if options.formats:
                    from kg.export import default_name, read_triples, write_exports

                    others = [f for f in options.formats if f != "turtle"]  # graph.ttl: above
                    name = ", ".join(default_name(f) for f in others)
                    # from graph.ttl, as `kg export` does: the same bytes, no scan of the store
                    write_exports(read_triples(staging / "graph.ttl"), others, staging)
            except OSError as exc:  # a full disk, a quota: nothing was replaced
                raise _write_error(out / name, exc) from exc
            started = report.lap("write", started)
            if view is not None:
                try:
                    report.view, drawn = view.result()
                except ChildDiedError as exc:  # the kernel's OOM killer, say: a large page
                    raise OutputError(
                        f"{out / 'graph.html'}: the process drawing it ended without it "
                        f"({exc.reason()}); nothing in {out} was changed. If memory ran out, "
                        "draw less (--max-facts, --max-nodes, --focus) or leave it out "
                        "(--no-html)"
                    ) from None
                report.phases.append(("html", drawn))  # beside store and write
        if compaction.seconds is not None:
            report.phases.append(("compact", compaction.seconds))  # beside write and html
    finally:
        if view is not None:
            view.stop()
    set_meta(st, "version", extractor_version())
    set_meta(st, "outputs", _fingerprint(options))
    set_meta(st, "written", _written(staging, options))
    set_meta(st, "read", _reading(options.read))
    _store_step(out, functools.partial(close, st))
