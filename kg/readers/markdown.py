"""Markdown articles: front matter (title, date, url, publisher), headings, lists, quotes and
inline markup reduced to plain paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kg.model import Article, Notice, Skipped
from kg.readers.common import Item, ReadOptions
from kg.readers.decode import load_text
from kg.readers.rules import parse_date, unread_date
from kg.readers.text import article_from, clean, split_paragraphs

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_MD_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_MD_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_MD_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # inline HTML tags
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
_FRONT_KEYS = {"title": "title", "date": "date", "url": "url", "publisher": "publisher"}


def _md_inline(line: str) -> str:
    # Escaped characters are parked in the private-use area so emphasis rules skip them.
    line = _MD_ESCAPE.sub(lambda m: chr(0xE000 + ord(m.group(1))), line)
    for pattern, replacement in _MD_INLINE:
        line = pattern.sub(replacement, line)
    return re.sub("[\ue000-\ue0ff]", lambda m: chr(ord(m.group(0)) - 0xE000), line)


def _scalar(value: str) -> str:
    """A front-matter value as YAML reads a plain or quoted scalar: "a \\"b\\"" is a "b",
    'it''s' is it's."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r'\\(["\\/])', r"\1", value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def read_markdown(source: str, raw: str) -> Iterator[Article | Skipped | Notice]:
    """The article of a Markdown text, and a Notice of a front-matter date kg cannot read (the
    article is read without it, as a JSONL record's)."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() in ("---", "..."):
                for entry in lines[1:end]:
                    key, sep, value = entry.partition(":")
                    if sep and key.strip().lower() in _FRONT_KEYS:
                        meta[_FRONT_KEYS[key.strip().lower()]] = _scalar(value.strip())
                lines = lines[end + 1 :]
                break
        else:
            yield Notice(
                source,
                "front matter opened by --- on line 1 is never closed (by --- or ...); "
                "read as text",
            )
            lines = lines[1:]
    out: list[str] = []
    title: str | None = meta.get("title")
    in_fence = False
    for line in lines:
        if _MD_FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or _MD_REFDEF.match(line):
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            text = _md_inline(heading.group(2))
            if title is None:
                title = text
            else:
                out += ["", text, ""]
            continue
        if _MD_SETEXT.match(line) and out and out[-1].strip():
            text = out.pop()
            if title is None:
                title = text
            else:
                out += ["", text, ""]
            continue
        if _MD_RULE.match(line):
            out.append("")
            continue
        line = _MD_QUOTE.sub("", line)
        if _MD_LIST.match(line):
            out += ["", _md_inline(_MD_LIST.sub("", line))]
            continue
        out.append(_md_inline(line))
    date = parse_date(meta["date"]) if meta.get("date") else None
    cleaned = clean(split_paragraphs("\n".join(out)), title)
    article = article_from(
        source, cleaned, date=date, publisher=meta.get("publisher"), url=meta.get("url")
    )
    if meta.get("date") and date is None and isinstance(article, Article):
        yield unread_date(source, "front matter", meta["date"])
    yield article


def read_file(path: Path, source: str, options: ReadOptions) -> Iterator[Item]:
    """A .md article."""
    text, notes = load_text(path, source, options)
    yield from notes
    if text is not None:
        yield from read_markdown(source, text)
