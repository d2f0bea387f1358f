"""`kg build`: articles in, a merged RDF graph (Turtle) and an offline HTML view out."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import NoArticlesError
from kg.extract import extract_article
from kg.graph import build_graph, write_turtle
from kg.lexicon import load_ontology
from kg.model import Article, Extraction, Skipped
from kg.reader import read_articles
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


@dataclass
class BuildReport:
    articles: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    entities: int = 0
    facts: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    view: ViewStats | None = None  # what graph.html draws and leaves out


def _extract(article: Article) -> Extraction | Skipped:
    """One article's extraction; a bug met on one article skips it instead of the whole run."""
    try:
        return extract_article(article, load_ontology())
    except Exception as exc:  # noqa: BLE001 - reported per article, the batch goes on
        return Skipped(
            article.source,
            f"internal error while extracting ({type(exc).__name__}: {exc}); please report it",
        )


def build(
    paths: Sequence[Path],
    options: BuildOptions,
    progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Read, extract, merge and write. Raises NoArticlesError when nothing usable was read.

    Extraction of each article is independent, so it runs in a process pool on large inputs;
    results are merged in input order, so the graph is the same whatever the worker count.
    """
    started = time.perf_counter()
    report = BuildReport()
    articles: list[Article] = []
    for item in read_articles(paths):
        if isinstance(item, Skipped):
            report.skipped.append(item)
        else:
            articles.append(item)
    if not articles:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in report.skipped[:5])
        raise NoArticlesError(
            "no usable article in "
            + ", ".join(str(p) for p in paths)
            + (f" ({reasons})" if reasons else "")
            + "; give .txt, .md, .html or .jsonl news articles"
        )
    onto = load_ontology()
    extractions: list[Extraction] = []
    workers = options.workers
    results: Iterable[Extraction | Skipped]
    pool = None
    if workers != 1 and len(articles) >= _PARALLEL_FROM:
        pool = ProcessPoolExecutor(max_workers=workers or None)
        results = pool.map(_extract, articles, chunksize=8)
    else:
        results = map(_extract, articles)
    try:
        for n, result in enumerate(results, 1):
            if isinstance(result, Skipped):
                report.skipped.append(result)
            else:
                extractions.append(result)
            if progress:
                progress(n, len(articles))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if not extractions:
        raise NoArticlesError(
            "no article could be read: "
            + "; ".join(f"{s.source}: {s.reason}" for s in report.skipped[:5])
        )
    graph = build_graph(extractions, onto)
    ttl = options.out_dir / "graph.ttl"
    write_turtle(graph, ttl)
    report.outputs.append(ttl)
    if options.formats:
        from kg.export import write_exports

        others = [f for f in options.formats if f != "turtle"]  # graph.ttl is written above
        report.outputs += write_exports(graph, others, options.out_dir)
    if options.html:
        html = options.out_dir / "graph.html"
        report.view = render_html(graph, html, options.view)
        report.outputs.append(html)
    report.articles = len(extractions)
    # Every entity node of the graph: the two ends of each fact and each fact's speaker.
    report.entities = len(
        {k for ex in extractions for f in ex.facts for k in (f.subject, f.object, f.speaker) if k}
    )
    report.facts = len({(f.subject, f.predicate, f.object) for ex in extractions for f in ex.facts})
    report.seconds = time.perf_counter() - started
    return report
