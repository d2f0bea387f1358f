"""`kg build`: articles in, a merged RDF graph (Turtle) and an offline HTML view out."""

from __future__ import annotations

import collections
import contextlib
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import NoArticlesError, OutputError
from kg.extract import extract_article
from kg.graph import article_identity, build_graph, write_turtle
from kg.io import discard, publish, stage_outputs
from kg.lexicon import load_ontology
from kg.model import Article, Extraction, Notice, Skipped
from kg.proc import die_with_parent
from kg.reader import SUPPORTED_NOTE, ReadOptions, check_inputs, read_articles
from kg.view import ViewOptions, ViewStats, render_html

# Below this many articles a process pool costs more than it saves.
_PARALLEL_FROM = 16


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path = Path("output")
    html: bool = True
    workers: int = 1  # processes for extraction; 0 = one per core
    view: ViewOptions = field(default_factory=ViewOptions)  # graph.html: title, max_nodes, focus
    # kg.export formats also written, as OUT/graph.<ext> (neo4j: OUT/neo4j/); graph.ttl always is
    formats: tuple[str, ...] = ()
    read: ReadOptions = field(default_factory=ReadOptions)  # the article size limit


@dataclass
class BuildReport:
    articles: int = 0
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


def _extract(article: Article) -> Extraction | Skipped:
    """One article's extraction; a bug met on one article skips it instead of the whole run."""
    try:
        return extract_article(article, load_ontology())
    except Exception as exc:  # noqa: BLE001 - reported per article, the batch goes on
        return Skipped(
            article.source,
            f"internal error while extracting ({type(exc).__name__}: {exc}); please report it",
            "internal error",
        )


def _unique(articles: Iterable[Article], report: BuildReport) -> list[Article]:
    """One article per identity (kg.graph.article_identity): the same article given twice is
    read once, the other copy reported as skipped. Of two copies of one URL the longer text
    is kept (a scraper's truncated copy loses), the first when they are as long."""
    kept: dict[str, Article] = {}
    for article in articles:
        identity = article_identity(article)
        other = kept.get(identity)
        if other is None:
            kept[identity] = article
            continue
        if len(article.text) > len(other.text):
            kept[identity], other, article = article, article, other
        same = "URL" if article.url else "title and text"
        report.skipped.append(
            Skipped(article.source, f"same article ({same}) as {other.source}", "duplicate")
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
    staging = stage_outputs(options.out_dir)
    try:
        report = _build(paths, options, staging, progress)
        report.outputs = publish(staging, options.out_dir)
    except BaseException:
        discard(staging)
        if made:  # a failed run leaves no trace, not even the folder it made
            with contextlib.suppress(OSError):
                options.out_dir.rmdir()
        raise
    written = set(report.outputs)
    report.earlier = sorted(
        p for p in options.out_dir.glob("graph.*") if p.is_file() and p not in written
    )
    report.seconds = time.perf_counter() - started
    return report


def _read(
    paths: Sequence[Path], options: BuildOptions, report: BuildReport, pool: Executor | None
) -> list[Article]:
    read: list[Article] = []
    for item in read_articles(paths, options.read, pool):
        if isinstance(item, Skipped):
            report.skipped.append(item)
        elif isinstance(item, Notice):
            report.notices.append(item)
        else:
            read.append(item)
    articles = _unique(read, report)
    if not articles:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in report.skipped[:5])
        raise NoArticlesError(
            "no usable article in "
            + ", ".join(str(p) for p in paths)
            + (f" ({reasons})" if reasons else "")
            + ("" if SUPPORTED_NOTE in reasons else f"; give news articles ({SUPPORTED_NOTE})")
        )
    return articles


def _extract_all(
    articles: list[Article],
    report: BuildReport,
    pool: Executor | None,
    progress: Callable[[int, int], None] | None,
) -> list[Extraction]:
    """Each article's extraction, in the pool for large inputs, merged in input order."""
    results: Iterable[Extraction | Skipped]
    if pool is not None and len(articles) >= _PARALLEL_FROM:
        results = pool.map(_extract, articles, chunksize=8)
    else:
        results = map(_extract, articles)
    extractions: list[Extraction] = []
    for n, result in enumerate(results, 1):
        if isinstance(result, Skipped):
            report.skipped.append(result)
        else:
            extractions.append(result)
        if progress:
            progress(n, len(articles))
    return extractions


def _build(
    paths: Sequence[Path],
    options: BuildOptions,
    staging: Path,
    progress: Callable[[int, int], None] | None,
) -> BuildReport:
    report = BuildReport()
    # One pool (when asked for) reads the HTML pages, then extracts; it ends with this process,
    # even when that is killed (SIGKILL runs no cleanup).
    pool = None
    if options.workers != 1:
        pool = ProcessPoolExecutor(
            max_workers=options.workers or None,
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        )
    started = time.perf_counter()
    try:
        articles = _read(paths, options, report, pool)
        started = report.lap("read", started)
        extractions = _extract_all(articles, report, pool, progress)
        started = report.lap("extract", started)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if not extractions:
        raise NoArticlesError(
            "no article could be read: "
            + "; ".join(f"{s.source}: {s.reason}" for s in report.skipped[:5])
        )
    graph = build_graph(extractions, load_ontology())
    started = report.lap("graph", started)
    out = options.out_dir
    name = "graph.ttl"
    try:
        write_turtle(graph, staging / name)
        if options.formats:
            from kg.export import default_name, write_exports

            others = [f for f in options.formats if f != "turtle"]  # graph.ttl is written above
            name = ", ".join(default_name(f) for f in others)
            write_exports(graph, others, staging)
        started = report.lap("write", started)
        if options.html:
            name = "graph.html"
            report.view = render_html(graph, staging / name, options.view)
            started = report.lap("html", started)
    except OSError as exc:  # a full disk, a quota: nothing was replaced
        raise OutputError(
            f"{out / name}: cannot write ({exc.strerror}); nothing in {out} was changed. "
            "Free some space or choose another folder with -o"
        ) from exc
    report.articles = len(extractions)
    # Every entity node of the graph: the two ends of each fact and each fact's speaker.
    report.entities = len(
        {k for ex in extractions for f in ex.facts for k in (f.subject, f.object, f.speaker) if k}
    )
    report.facts = len({(f.subject, f.predicate, f.object) for ex in extractions for f in ex.facts})
    return report
