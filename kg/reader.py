"""Read news articles from files and folders: the one entry point, `read_articles`.

Each format has its own module under kg/readers/ (text, markdown, html, jsonl and json, csv,
feed, warc); this one walks folders, picks the module by the file's type, and cleans every
article URL into an IRI.
Page furniture is recognised by the patterns in ontology/boilerplate.tsv; month, weekday and
time-zone names by ontology/months.tsv.
"""

from __future__ import annotations

import collections
import importlib
import itertools
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from kg.errors import InputError
from kg.iri import clean_iri
from kg.model import Article, Notice, Skipped, Unchanged
from kg.readers.common import UNSUPPORTED, Item, Page, ReadOptions, ReadProgress
from kg.readers.rules import parse_date
from kg.readers.text import read_article_text
from kg.store_layout import has_store

__all__ = [
    "SUPPORTED",
    "ReadOptions",
    "ReadProgress",
    "check_inputs",
    "parse_date",
    "read_article_text",
    "read_articles",
    "source_name",
]

_Reader = Callable[[Path, str, ReadOptions], Iterator[Item]]
# The module of kg.readers that reads each file type. Imported when a file of its type is met:
# trafilatura, feedparser and warcio cost half a second to import, and most builds read text.
_READERS: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "warc",
    ".warc.gz": "warc",
}


def _reader(kind: str) -> _Reader | None:
    module = _READERS.get(kind)
    if module is None:
        return None
    return cast(_Reader, importlib.import_module(f"kg.readers.{module}").read_file)


def _read_page(page: Page, limit: int) -> Article | Skipped:
    from kg.readers.html import read_page

    return read_page(page, limit)


# What reading yields: an article, what was skipped, a warning, or a file not read again.
Read = Article | Skipped | Notice | Unchanged
SUPPORTED = tuple(_READERS)
# File types that hold one article each (the others hold many: lines, rows, entries, records).
ONE_ARTICLE = frozenset({".txt", ".md", ".html", ".htm"})
# Pages (or tasks of files) handed to the pool before the first of them is waited for.
_PAGES_AHEAD = 64
# One-article files a worker reads in one task.
_FILES_A_TASK = 16
SUPPORTED_NOTE = (
    "kg reads .txt, .md, .html, .jsonl, .json, .csv, .rss, .atom, .xml feeds, .warc, .warc.gz"
)


def file_type(path: Path) -> str:
    """The type a file is read as: its suffix, lower case (".warc.gz" for a compressed WARC)."""
    if path.name.lower().endswith(".warc.gz"):
        return ".warc.gz"
    return path.suffix.lower()


@dataclass(frozen=True)
class _File:
    """A file of one article, to be read on a worker of the pool (_read_one)."""

    path: Path
    source: str


def _read_file(
    path: Path, source: str, options: ReadOptions, defer: bool = False
) -> Iterator[Item | _File]:
    kind = file_type(path)
    if options.unchanged is not None and kind in ONE_ARTICLE:
        known = options.unchanged(path, source)
        if known is not None:
            yield known
            return
    if defer and kind in ONE_ARTICLE:
        yield _File(path, source)
        return
    reader = _reader(kind)
    if reader is None:
        shown = kind or "(no extension)"
        yield Skipped(source, f"unsupported file type {shown} ({SUPPORTED_NOTE})", UNSUPPORTED)
        return
    yield from reader(path, source, options)


def _read_files(files: list[_File], options: ReadOptions) -> list[Read]:
    """What one-article files give, read on a worker (pages, for HTML, read too)."""
    limit = options.max_article_bytes
    return [
        _read_page(item, limit) if isinstance(item, Page) else cast(Read, item)
        for file in files
        for item in _read_file(file.path, file.source, options)
    ]


def _read_pages(
    items: Iterator[Item | _File], options: ReadOptions, executor: Executor | None
) -> Iterator[Read]:
    """Every Page read into its article, and every deferred one-article file read, in a pool
    when `executor` is given: at most _PAGES_AHEAD at a time, so a large WARC is still
    streamed; the order is kept."""
    limit = options.max_article_bytes
    if executor is None:
        for item in items:
            assert not isinstance(item, _File)  # deferred only when there is a pool
            yield _read_page(item, limit) if isinstance(item, Page) else item
        return
    plain = replace(options, unchanged=None, progress=None)  # what a worker needs of them
    ahead: collections.deque[Future[Article | Skipped] | Future[list[Read]] | Read]
    ahead = collections.deque()
    pending = 0
    files: list[_File] = []  # sent together: one round trip for _FILES_A_TASK files
    stream: Iterator[Item | _File | None] = itertools.chain(items, [None])  # None: the end
    for got in stream:
        if isinstance(got, _File):
            files.append(got)
            if len(files) < _FILES_A_TASK:
                continue
        if files:
            ahead.append(executor.submit(_read_files, files, plain))
            pending, files = pending + 1, []
        if isinstance(got, Page):
            ahead.append(executor.submit(_read_page, got, limit))
            pending += 1
        elif got is not None and not isinstance(got, _File):
            ahead.append(got)
        while ahead and (pending > _PAGES_AHEAD or not isinstance(ahead[0], Future)):
            first = ahead.popleft()
            if isinstance(first, Future):
                pending -= 1
            yield from _results(first)
    for rest in ahead:
        yield from _results(rest)


def _results(item: Future[Article | Skipped] | Future[list[Read]] | Read) -> Iterator[Read]:
    if not isinstance(item, Future):
        yield item
        return
    done = item.result()
    if isinstance(done, list):
        yield from done
    else:
        yield done


def _clean_urls(items: Iterator[Read]) -> Iterator[Read]:
    for item in items:
        if isinstance(item, Article) and item.url is not None:
            url = clean_iri(item.url)
            if url is None:
                yield Notice(item.source, f"dropped the article URL {item.url!r}: not a valid IRI")
            item = replace(item, url=url)
        yield item


def _walk(folder: Path) -> tuple[list[Path], collections.Counter[str], list[Path], list[Path]]:
    """Supported files under `folder` in sorted order, hidden files and folders left out, how
    many other files there were, by extension, the output folders of kg builds left out
    (their graph.html is no article: `kg build . -o out` beside an earlier output), and the
    symbolic links to folders, not followed (one may point back up: a loop)."""
    found: list[Path] = []
    ignored: collections.Counter[str] = collections.Counter()
    outputs: list[Path] = []
    links: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        links += [Path(root, d) for d in dirs if Path(root, d).is_symlink()]
        outputs_here = [d for d in dirs if has_store(Path(root, d))]
        outputs += [Path(root, d) for d in outputs_here]
        dirs[:] = [d for d in dirs if d not in outputs_here]
        for file in files:
            if file.startswith("."):
                continue
            kind = file_type(Path(file))
            if kind in _READERS:
                found.append(Path(root, file))
            else:
                ignored[kind or "(no extension)"] += 1
    return (
        sorted(found, key=lambda p: p.relative_to(folder).parts),
        ignored,
        sorted(outputs),
        sorted(links),
    )


def read_articles(
    paths: Sequence[Path], options: ReadOptions | None = None, executor: Executor | None = None
) -> Iterator[Read]:
    """Articles from files and folders (read recursively), one `Skipped` per unusable input and
    a `Notice` for what was read with a change (a value dropped, characters stripped) or left
    aside (files of other types in a folder). With a process pool as `executor`, HTML pages
    (the slow part) are read on its workers; the order of what is yielded is the same.

    Raises InputError at once, before anything is read, when a path does not exist.
    """
    check_inputs(paths)
    options = options or ReadOptions()
    items = _read_paths(list(paths), options, defer=executor is not None)
    return _clean_urls(_read_pages(items, options, executor))


def check_inputs(paths: Sequence[Path]) -> None:
    """Raise InputError naming the first path that does not exist."""
    for path in paths:
        if not path.exists():
            raise InputError(
                f"{path}: no such file or folder; check the path "
                f"(give files or folders of articles: {SUPPORTED_NOTE})"
            )


def source_name(root: Path, file: Path) -> str:
    """How an article's file is named in messages and kg:sourceFile: its path under the folder
    given ("2023-01/index.html"); a file given by itself, by its name. It does not depend on
    the working folder, so the graph doesn't either."""
    if file == root:
        return file.name
    return "/".join(file.relative_to(root).parts)


def _read_paths(paths: list[Path], options: ReadOptions, defer: bool) -> Iterator[Item | _File]:
    for path in paths:
        if not path.is_dir():
            yield from _read_file(path, path.name, options, defer)
            continue
        files, ignored, outputs, links = _walk(path)
        for link in links:
            yield Notice(
                str(link),
                "left out: a symbolic link to a folder, not followed; give it as an input to "
                "read it",
            )
        for out in outputs:
            yield Notice(
                str(out),
                "left out: the output folder of a kg build (its graph.html and exports are no "
                "articles)",
            )
        if ignored:
            kinds = ", ".join(f"{n} {suffix}" for suffix, n in sorted(ignored.items()))
            yield Notice(
                str(path),
                f"ignored {sum(ignored.values())} file(s) of other types ({kinds}; "
                f"{SUPPORTED_NOTE})",
            )
        for file in files:
            yield from _read_file(file, source_name(path, file), options, defer)
