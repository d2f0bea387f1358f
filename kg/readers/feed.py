"""RSS and Atom feeds, through feedparser: an entry with its full content (RSS
content:encoded, Atom <content>) is an article; an entry with only a summary (<description>,
<summary>) is skipped, saying so: a teaser is not the article.

The feed is parsed from its bytes (feedparser never fetches anything here). Each entry is named
by its place in the feed ("news.rss#3"); the feed's title is the publisher. The feed's declared
language is not used: templates often leave a default (en-us on Indonesian sites).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser

from kg.model import Notice, Skipped
from kg.readers.common import NOT_FEED, SUMMARY_ONLY, UNREADABLE, Item, ReadOptions, too_big
from kg.readers.html import fragment_blocks
from kg.readers.rules import parse_date
from kg.readers.text import article_from, clean, norm, split_paragraphs

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_file(path: Path, source: str, options: ReadOptions) -> Iterator[Item]:
    """An .rss, .atom or .xml feed: one article an entry with full content."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(source, f"cannot read the file ({exc.strerror})", UNREADABLE)
        return
    parsed = feedparser.parse(data)
    entries = list(parsed.get("entries", []))
    if not parsed.get("version") and not entries:
        problem = parsed.get("bozo_exception")
        yield Skipped(
            source,
            "not an RSS or Atom feed" + (f" ({problem})" if problem else ""),
            NOT_FEED,
        )
        return
    if parsed.get("bozo"):
        yield Notice(
            source,
            f"the feed is not well-formed ({parsed.get('bozo_exception')}); "
            f"read the {len(entries)} entries found",
        )
    if not entries:
        yield Skipped(source, "a feed with no entries", NOT_FEED)
        return
    publisher = norm(str(parsed.get("feed", {}).get("title") or "")) or None
    for number, entry in enumerate(entries, 1):
        yield _entry(f"{source}#{number}", number, entry, publisher, options)


def _entry(
    source: str, number: int, entry: Any, publisher: str | None, options: ReadOptions
) -> Item:
    title = norm(str(entry.get("title") or ""))
    named = f"entry {number}" + (f" ({title!r})" if title else "")
    contents = [c for c in entry.get("content") or [] if str(c.get("value") or "").strip()]
    if not contents:
        what = "only a summary" if entry.get("summary") else "no text"
        return Skipped(source, f"{named} has {what}, not the article's full text", SUMMARY_ONLY)
    content = max(contents, key=lambda c: len(str(c.get("value"))))
    value = str(content.get("value"))
    size = len(value.encode("utf-8"))
    if size > options.max_article_bytes:
        return too_big(source, size, options, f"the content of {named} ")
    if str(content.get("type") or "").lower() in _HTML_TYPES:
        blocks = fragment_blocks(value)
    else:
        blocks = split_paragraphs(value)
    return article_from(
        source,
        clean(blocks, title),
        date=_date(entry),
        publisher=publisher,
        url=str(entry.get("link") or "") or None,
    )


def _date(entry: Any) -> str | None:
    """The entry's date as written (its own day, not UTC's), else as feedparser read it."""
    for key in ("published", "updated"):
        if entry.get(key):
            found = parse_date(str(entry[key]))
            if found:
                return found
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
    return None
