"""What every reader shares: the options, the skip groups of the closing summary, sizes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.model import Article, Notice, Skipped, Unchanged


@dataclass(frozen=True)
class Page:
    """An HTML page whose article is still to be read (kg.readers.html.read_page). Readers
    yield pages unread so that kg.reader can read them on several cores, in order."""

    source: str
    html: str
    url: str | None = None  # where it was fetched from (a WARC record's target URI)


Item = Article | Skipped | Notice | Page | Unchanged

# Skip groups: the closing summary of `kg build` counts skipped items by these
# ("312 skipped: 280 not HTML, 32 no article text"); each Skipped's reason has the detail.
EMPTY = "empty"
NOT_TEXT = "not text"
NO_TEXT = "no article text"
TOO_BIG = "over the size limit"
UNREADABLE = "unreadable"
UNSUPPORTED = "unsupported file type"
BAD_JSON = "not valid JSON"
BAD_RECORD = "bad record"
NOT_HTML = "not HTML"
NOT_RESPONSE = "not a response"
HTTP_STATUS = "HTTP status not 200"
BROKEN_WARC = "broken WARC"
NOT_FEED = "not a feed"
SUMMARY_ONLY = "summary only"
BAD_CSV = "invalid CSV"


@dataclass(frozen=True)
class ReadProgress:
    """How far the reading of one large file (a WARC) is: records so far, bytes of the file."""

    source: str
    records: int
    done_bytes: int
    total_bytes: int


@dataclass(frozen=True)
class ReadOptions:
    # Larger files (for .jsonl, .csv, feeds and WARCs: larger lines, rows, entries and
    # records) are skipped, not read: an absurd file would take minutes and gigabytes before
    # anything is said.
    max_article_bytes: int = 10_000_000
    # Called now and then while a WARC is read (it may hold hundreds of thousands of records).
    progress: Callable[[ReadProgress], None] | None = None
    # Asked about each file that holds one article (.txt, .md, .html) before it is read, with
    # its path and source name: an Unchanged when the caller already holds its article as it
    # is (kg build's store), then the file is not read again.
    unchanged: Callable[[Path, str], Unchanged | None] | None = None


def too_big(source: str, size: int, options: ReadOptions, what: str = "") -> Skipped:
    return Skipped(
        source,
        f"{what}is {size_text(size)}, over the article size limit of "
        f"{size_text(options.max_article_bytes)}; raise it with --max-article-size "
        "if it really is one article",
        TOO_BIG,
    )


def size_text(size: int) -> str:
    """A size people read: 512 bytes, 3.4 KB, 12.0 MB (a size limit may be set in KB)."""
    if size < 1000:
        return f"{size} byte{'' if size == 1 else 's'}"
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size / 1000:.1f} KB"
