"""Read news articles from .txt, .md, .html and .jsonl files into `Article` values.

Page furniture (ads, share buttons, teasers of other articles, tag menus) is recognised by the
patterns in ontology/boilerplate.tsv; month, weekday and time-zone names by ontology/months.tsv.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

from kg.data import ontology_dir
from kg.errors import InputError, OntologyError
from kg.iri import clean_iri
from kg.model import Article, Notice, Skipped

SUPPORTED = (".txt", ".md", ".html", ".htm", ".jsonl")
_SUPPORTED_NOTE = "kg reads .txt, .md, .html, .jsonl"
EMPTY = "empty file"
BINARY = "binary file, not text"
NO_TEXT = "no article text after removing boilerplate"

# A first line longer than this is body text, not a headline.
_MAX_TITLE_WORDS = 30
# A trailing run of at least this many short lines is a tag/category menu.
_MENU_MIN_LINES = 3
_MENU_MAX_WORDS = 3
_MENU_MAX_CHARS = 25
# Header segments ("Global", "koran-jakarta.com") beside a date are at most this long.
_HEADER_SEGMENT_WORDS = 4
# A "rest" rule (tags, copyright, teaser lists) closes the article only after this much body
# text, or after at least as much text as follows it: such a line near the top is a stray
# heading, and cutting there would delete the article itself.
_MIN_BODY_BEFORE_TRAILER = 400
# A text with NUL bytes is still text when they are at most this share of its bytes.
_MAX_NUL_SHARE = 0.01


@dataclass(frozen=True)
class ReadOptions:
    # Larger files (for .jsonl: larger lines) are skipped, not read: an absurd file would take
    # minutes and gigabytes before anything is said.
    max_article_bytes: int = 10_000_000


# ---------------------------------------------------------------- data files


def _read_tsv(name: str, columns: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """Rows of a TSV data file with their line numbers; `#` lines and blank lines are comments."""
    path = ontology_dir() / name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise OntologyError(f"{path}: cannot read ({exc.strerror}); reinstall kg") from exc
    rows: list[tuple[int, list[str]]] = []
    header_seen = False
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(cells) != columns:
                raise OntologyError(
                    f"{path}:{number}: header must be {' '.join(columns)} (tab-separated)"
                )
            header_seen = True
            continue
        if len(cells) != len(columns):
            raise OntologyError(
                f"{path}:{number}: expected {len(columns)} tab-separated columns "
                f"({', '.join(columns)}), found {len(cells)}"
            )
        rows.append((number, cells))
    if not header_seen:
        raise OntologyError(f"{path}: no header row; the first line must be {' '.join(columns)}")
    return rows


@dataclass(frozen=True)
class _Rules:
    drop_line: tuple[re.Pattern[str], ...]
    drop_next: tuple[re.Pattern[str], ...]
    cut_rest: tuple[re.Pattern[str], ...]
    inline: tuple[re.Pattern[str], ...]
    dateline: tuple[re.Pattern[str], ...]
    html_class: tuple[re.Pattern[str], ...]
    months: dict[str, int]
    date_words: frozenset[str]  # weekdays, zones and fillers that may stand beside a date
    date_patterns: tuple[re.Pattern[str], ...]


_KINDS = ("line", "line+next", "rest", "inline", "dateline", "html-class")
_DATE_KINDS = ("month", "weekday", "zone", "dateword")


@functools.cache
def _rules() -> _Rules:
    found: dict[str, list[re.Pattern[str]]] = {kind: [] for kind in _KINDS}
    for number, (pattern, kind, _note) in _read_tsv("boilerplate.tsv", ("pattern", "kind", "note")):
        if kind not in found:
            raise OntologyError(
                f"boilerplate.tsv:{number}: unknown kind {kind!r}; use one of {', '.join(_KINDS)}"
            )
        try:
            found[kind].append(re.compile(pattern))
        except re.error as exc:
            raise OntologyError(f"boilerplate.tsv:{number}: bad regex {pattern!r}: {exc}") from exc
    months: dict[str, int] = {}
    words: set[str] = set()
    for number, (word, kind, value, _lang) in _read_tsv(
        "months.tsv", ("word", "kind", "value", "language")
    ):
        key = word.casefold()
        if kind == "month":
            if (
                not value.isdigit()
                or not 1 <= int(value) <= 12
                or months.get(key, int(value)) != int(value)
            ):
                raise OntologyError(f"months.tsv:{number}: month {word!r} needs one value 1-12")
            months[key] = int(value)
        elif kind in _DATE_KINDS:
            words.add(key)
        else:
            raise OntologyError(
                f"months.tsv:{number}: unknown kind {kind!r}; use one of {', '.join(_DATE_KINDS)}"
            )
    return _Rules(
        drop_line=tuple(found["line"]),
        drop_next=tuple(found["line+next"]),
        cut_rest=tuple(found["rest"]),
        inline=tuple(found["inline"]),
        dateline=tuple(found["dateline"]),
        html_class=tuple(found["html-class"]),
        months=months,
        date_words=frozenset(words),
        date_patterns=_date_patterns(months),
    )


# ---------------------------------------------------------------- dates


def _date_patterns(months: dict[str, int]) -> tuple[re.Pattern[str], ...]:
    names = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    day = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<y>\d{4})(?!\d)"
    return (
        re.compile(rf"(?<!\d){day}\s+(?P<m>{names})\.?,?\s+{year}", re.IGNORECASE),
        re.compile(rf"\b(?P<m>{names})\.?\s+{day},?\s+{year}", re.IGNORECASE),
        re.compile(
            r"(?<!\d)(?P<y>\d{4})([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?!\d)"
            r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"  # ISO 8601 time
        ),
        # Day first, as in Indonesian and British usage; month first only when day-first is invalid.
        re.compile(r"(?<!\d)(?P<d>\d{1,2})([-/.])(?P<m>\d{1,2})\2(?P<y>\d{4})(?!\d)"),
    )


def _find_date(text: str) -> tuple[str, tuple[int, int]] | None:
    """The earliest valid date in `text` as ISO YYYY-MM-DD, with the span it was read from."""
    rules = _rules()
    best: tuple[str, tuple[int, int]] | None = None
    for pattern in rules.date_patterns:
        for match in pattern.finditer(text):
            month_text = match.group("m")
            month = int(month_text) if month_text.isdigit() else rules.months[month_text.casefold()]
            day, year = int(match.group("d")), int(match.group("y"))
            iso = _iso(year, month, day) or (
                _iso(year, day, month) if month_text.isdigit() else None
            )
            if iso is not None:
                if best is None or match.start() < best[1][0]:
                    best = (iso, match.span())
                break
    return best


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first date written in `text` ("Rabu, 1 Februari 2023", "2023-02-01T07:00Z") as ISO."""
    found = _find_date(text)
    return found[0] if found else None


_TIME = re.compile(
    r"(?<!\d)\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?!\d)"  # 14:37, 14.37.05
    r"|[+-]\d{1,2}(?::?\d{2})?(?!\d)"  # +07:00, GMT+7
    r"|(?<!\d)\d{1,3}\s+(?=[^\W\d_])"  # the number of "2 hours ago", "5 menit lalu"
)
_WORD = re.compile(r"[^\W\d_][\w'’.]*")
_SEPARATORS = re.compile(r"[\s,|\-–—:/()•·]*")


def _only_date_furniture(text: str) -> bool:
    """True when `text` holds nothing but times, weekdays, zones, fillers and separators."""
    rest = _TIME.sub(" ", text)
    words = _WORD.findall(rest)
    if any(w.rstrip(".").casefold() not in _rules().date_words for w in words):
        return False
    return _SEPARATORS.fullmatch(_WORD.sub(" ", rest)) is not None


_SEGMENT_SPLIT = re.compile(r"\s*[|•·]\s*|\s+[-–—]+\s+")
_DOMAIN = re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def _header_line(line: str) -> tuple[str, str | None] | None:
    """(date, publisher) when `line` is a date line such as "Global | koran-jakarta.com | Rabu,
    1 Februari 2023 - 14:37" or "1 February 2023, 8:03"; None for any other line."""
    date: str | None = None
    others: list[str] = []
    for segment in filter(None, (s.strip() for s in _SEGMENT_SPLIT.split(line))):
        found = _find_date(segment)
        if found is not None:
            start, end = found[1]
            if date is not None or not _only_date_furniture(segment[:start] + " " + segment[end:]):
                return None
            date = found[0]
        elif not _only_date_furniture(segment):
            others.append(segment)
    if date is None or any(len(s.split()) > _HEADER_SEGMENT_WORDS for s in others):
        return None
    publisher = next((s for s in others if _DOMAIN.match(s)), None)
    return date, publisher


# ---------------------------------------------------------------- text cleaning

_SPACE = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")


def _norm(line: str) -> str:
    return _SPACE.sub(" ", _INVISIBLE.sub("", line)).strip()


@dataclass(frozen=True)
class _Cleaned:
    title: str
    date: str | None
    publisher: str | None
    paragraphs: tuple[str, ...]


def _split_paragraphs(text: str) -> list[list[str]]:
    """Blocks separated by blank lines, each a list of its lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    blocks = re.split(r"\n[ \t\u00a0]*\n", text)
    return [[ln for ln in block.split("\n") if _norm(ln)] for block in blocks]


def _strip_boilerplate(paragraphs: list[list[str]]) -> list[tuple[int, str]]:
    """Lines (paragraph number, text) left after the boilerplate.tsv line rules."""
    rules = _rules()
    flat = [(p, _norm(line)) for p, lines in enumerate(paragraphs) for line in lines]
    kept: list[tuple[int, str]] = []
    skip_next = False
    remaining = sum(len(line) for _, line in flat)
    for para, line in flat:
        remaining -= len(line)
        if skip_next:
            skip_next = False
            continue
        if any(p.search(line) for p in rules.cut_rest):
            before = sum(len(text) for _, text in kept)
            if before >= min(_MIN_BODY_BEFORE_TRAILER, remaining):
                break
            continue
        if any(p.search(line) for p in rules.drop_next):
            skip_next = True
            continue
        if any(p.search(line) for p in rules.drop_line):
            continue
        for pattern in rules.inline:
            line = pattern.sub("", line)
        line = _norm(line)
        if line:
            kept.append((para, line))
    return kept


def _is_menu_item(line: str) -> bool:
    return (
        len(line) <= _MENU_MAX_CHARS
        and len(line.split()) <= _MENU_MAX_WORDS
        and not re.search(r"[.!?:;\"”’)]$", line)
    )


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _clean(paragraphs: list[list[str]], title: str | None) -> _Cleaned:
    """Title, date line, publisher and body paragraphs of text laid out like a scraped article.

    `title` None: the first line is the title (unless it is too long to be one).
    """
    rules = _rules()
    lines = _strip_boilerplate(paragraphs)
    if title is None:
        title = ""
        # a first line that opens with a dateline ("Surabaya (ANTARA) - Gubernur ...") is the
        # body's first paragraph: the page had no title
        if (
            lines
            and len(lines[0][1].split()) <= _MAX_TITLE_WORDS
            and not any(p.match(lines[0][1]) for p in rules.dateline)
        ):
            title = lines.pop(0)[1]
    title = _norm(title)
    date: str | None = None
    publisher: str | None = None
    # The head: repeated title lines and date/publisher lines before the body.
    while lines:
        line = lines[0][1]
        if not (title and _same(line, title)):
            header = _header_line(line) if date is None else None
            if header is None:
                break
            date, publisher = header
        lines.pop(0)
    if lines:
        para, first = lines[0]
        for pattern in rules.dateline:
            match = pattern.match(first)
            if match:
                found = match.groupdict().get("publisher")
                publisher = publisher or (found.strip() if found else None)
                # "SEOUL, June 19, 2024 (AP) -": a dateline may carry the article's date
                date = date or parse_date(first[: match.end()])
                lines[0] = (para, first[match.end() :].lstrip())
                break
    # A trailing run of short lines is a tag/category menu ("Tokoh", "Partai", "K / L").
    run = 0
    while run < len(lines) and _is_menu_item(lines[len(lines) - 1 - run][1]):
        run += 1
    if run >= _MENU_MIN_LINES:
        del lines[len(lines) - run :]
    grouped: dict[int, list[str]] = {}
    for para, line in lines:
        if line:
            grouped.setdefault(para, []).append(line)
    body = tuple(_norm(" ".join(parts)) for parts in grouped.values())
    return _Cleaned(title, date, publisher, tuple(p for p in body if p))


def _article(
    source: str,
    cleaned: _Cleaned,
    *,
    date: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    language: str = "",
) -> Article | Skipped:
    if not cleaned.paragraphs:
        return Skipped(source, NO_TEXT)
    return Article(
        source=source,
        text="\n\n".join(cleaned.paragraphs),
        title=cleaned.title,
        date=date or cleaned.date,
        publisher=publisher or cleaned.publisher,
        url=url,
        language=language,
    )


def read_article_text(source: str, raw: str) -> Article | Skipped:
    """An article from plain text laid out like the scraped .txt files: title line, date line,
    body paragraphs separated by blank lines."""
    if not raw.strip():
        return Skipped(source, EMPTY)
    return _article(source, _clean(_split_paragraphs(raw), None))


# ---------------------------------------------------------------- decoding

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_TRIED = "utf-8-sig, utf-8, utf-16, cp1252, latin-1"
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


class _NotTextError(Exception):
    """The bytes of a file are not article text; the message is the Skipped reason."""


def _decode(data: bytes) -> tuple[str, int]:
    """Text of a file with stray control characters removed, and how many stray NUL bytes were
    dropped (a text editor or a broken scraper leaves a few); raises _NotTextError."""
    nuls = data.count(0)
    if nuls and nuls <= _MAX_NUL_SHARE * len(data):
        text = _decode_text(data.replace(b"\x00", b""))
        return text, nuls
    return _decode_text(data), 0


def _decode_text(data: bytes) -> str:
    if not data.strip():
        raise _NotTextError(EMPTY)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _CONTROL.sub("", data.decode(encoding))
            except UnicodeDecodeError:
                raise _NotTextError(
                    f"starts with a {encoding} byte-order mark but is not {encoding}"
                ) from None
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 without a byte-order mark: ASCII-range text puts a NUL in every other byte.
        for encoding, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
            if zeros.count(0) >= 0.9 * len(zeros):
                try:
                    text = data.decode(encoding)
                except UnicodeDecodeError:
                    continue
                if not _CONTROL.search(text):
                    return text
        raise _NotTextError(BINARY)
    if sum(b < 0x20 and b not in b"\t\n\r\f\x1b" for b in head) > 0.05 * len(head):
        raise _NotTextError(BINARY)
    try:
        return _CONTROL.sub("", data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        if not _CONTROL.search(text):
            return text
    except UnicodeDecodeError:
        pass
    text = data.decode("latin-1")
    # latin-1 decodes anything; accept it only when control characters are rare strays.
    if len(_CONTROL.findall(text)) <= len(text) / 1000:
        return _CONTROL.sub("", text)
    raise _NotTextError(f"cannot decode the text (tried {_TRIED}); save the file as UTF-8")


# ---------------------------------------------------------------- markdown

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


def _read_markdown(source: str, raw: str) -> Article | Skipped:
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() in ("---", "..."):
                for entry in lines[1:end]:
                    key, sep, value = entry.partition(":")
                    if sep and key.strip().lower() in _FRONT_KEYS:
                        meta[_FRONT_KEYS[key.strip().lower()]] = value.strip().strip("\"'")
                lines = lines[end + 1 :]
                break
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
    date = parse_date(meta["date"]) if "date" in meta else None
    cleaned = _clean(_split_paragraphs("\n".join(out)), title)
    return _article(
        source, cleaned, date=date, publisher=meta.get("publisher"), url=meta.get("url")
    )


# ---------------------------------------------------------------- html

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_INLINE = frozenset(
    "a abbr b bdi bdo big cite code data del dfn em font i ins kbd label mark q s samp small "
    "span strong sub sup time tt u var".split()
)
_DROP = frozenset(
    "script style nav header footer aside form noscript figure figcaption button select "
    "textarea iframe svg template canvas object dialog menu".split()
)
# Containers whose class must not drop them: <body class="has-sidebar"> is still the page.
_NEVER_DROP = frozenset({"html", "body", "main", "article"})
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dcterms.date",
)


@dataclass
class _Block:
    lines: list[str]
    article: int | None
    in_main: bool


class _PageParser(HTMLParser):
    """Collects the text blocks of a page and its metadata; see _read_html for the choices."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.title_tag = ""
        self.h1: list[tuple[str, bool]] = []  # (text, inside an <article>)
        self.times: list[tuple[str, bool]] = []
        self.blocks: list[_Block] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, started a dropped region)
        self._dropping = 0
        self._articles: list[int] = []
        self._article_count = 0
        self._main = 0
        self._in_title = False
        self._h1_buf: list[str] | None = None
        self._lines: list[str] = [""]

    def _drops(self, tag: str, attrs: dict[str, str]) -> bool:
        if tag in _DROP or "hidden" in attrs or attrs.get("aria-hidden") == "true":
            return True
        if "display:none" in attrs.get("style", "").replace(" ", ""):
            return True
        if tag in _NEVER_DROP or tag in _INLINE:
            return False
        words = re.split(r"[^a-z0-9]+", f"{attrs.get('class', '')} {attrs.get('id', '')}".lower())
        patterns = _rules().html_class
        return any(p.search(w) for w in words if w for p in patterns)

    def _flush(self) -> None:
        lines = [_norm(ln) for ln in self._lines]
        lines = [ln for ln in lines if ln]
        if lines and not self._dropping:
            article = self._articles[-1] if self._articles else None
            self.blocks.append(_Block(lines, article, self._main > 0))
        self._lines = [""]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop", "")
            if key and values.get("content"):
                self.meta.setdefault(key.lower(), values["content"])
            return
        if tag == "link":
            if "canonical" in values.get("rel", "").lower().split() and values.get("href"):
                self.canonical = self.canonical or values["href"]
            return
        if tag == "time" and values.get("datetime"):
            self.times.append((values["datetime"], bool(self._articles)))
        if tag == "br":
            self._lines.append("")
            return
        if tag in _VOID:
            return
        if tag == "title":
            self._in_title = True
        if tag == "h1" and self._h1_buf is None:
            self._h1_buf = []
        if tag not in _INLINE:
            self._flush()
        drops = self._drops(tag, values)
        self._stack.append((tag, drops))
        self._dropping += drops
        if tag == "article":
            self._article_count += 1
            self._articles.append(self._article_count)
        elif tag == "main":
            self._main += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or all(open_tag != tag for open_tag, _ in self._stack):
            return  # a stray end tag
        if tag not in _INLINE:
            self._flush()
        while self._stack:
            open_tag, drops = self._stack.pop()
            self._dropping -= drops
            if open_tag == "article":
                self._articles.pop()
            elif open_tag == "main":
                self._main -= 1
            elif open_tag == "title":
                self._in_title = False
            elif open_tag == "h1" and self._h1_buf is not None:
                self.h1.append((_norm(" ".join(self._h1_buf)), bool(self._articles)))
                self._h1_buf = None
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_tag += data
            return
        if self._h1_buf is not None:
            self._h1_buf.append(data)
        if not self._dropping and self._stack:
            self._lines[-1] += data

    def close(self) -> None:
        super().close()
        self._flush()


def _read_html(source: str, raw: str) -> Article | Skipped:
    page = _PageParser()
    page.feed(raw)
    page.close()
    # The longest <article> holds the story (others are teasers); else <main>; else the page.
    chosen = page.blocks
    by_article: dict[int, list[_Block]] = {}
    for block in page.blocks:
        if block.article is not None:
            by_article.setdefault(block.article, []).append(block)
    if by_article:
        chosen = max(by_article.values(), key=lambda bs: sum(len(" ".join(b.lines)) for b in bs))
    elif any(b.in_main for b in page.blocks):
        chosen = [b for b in page.blocks if b.in_main]
    meta = page.meta
    site = _norm(meta.get("og:site_name", "")) or None
    h1 = next((t for t, inside in page.h1 if inside and t), None) or next(
        (t for t, _ in page.h1 if t), None
    )
    title = _norm(meta.get("og:title", "")) or h1 or _norm(page.title_tag)
    if site and not meta.get("og:title") and not h1:
        # "<title>Headline - Site</title>": the site name is not part of the headline.
        title = re.sub(rf"\s*[-–—|:]\s*{re.escape(site)}$", "", title)
    date = next((parse_date(meta[k]) for k in _DATE_META if k in meta), None)
    if date is None:
        times = [t for t, inside in page.times if inside] or [t for t, _ in page.times]
        date = next((d for d in map(parse_date, times) if d), None)
    url = page.canonical or meta.get("og:url") or None
    # The headline is metadata even when og:title words it differently from the <h1>.
    blocks = [b.lines for b in chosen if not (h1 and _same(" ".join(b.lines), h1))]
    cleaned = _clean(blocks, title)
    return _article(source, cleaned, date=date, publisher=site, url=url)


# ---------------------------------------------------------------- jsonl

_JSONL_FIELDS = ("title", "date", "url", "publisher", "language")


def _read_jsonl(name: str, raw: str, options: ReadOptions) -> Iterator[Article | Skipped]:
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        source = f"{name}#{number}"
        if len(line.encode("utf-8")) > options.max_article_bytes:
            yield _too_big(source, len(line.encode("utf-8")), options, f"line {number} ")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(
                source, f"line {number} is not valid JSON ({exc.msg} at column {exc.colno})"
            )
            continue
        except RecursionError:
            yield Skipped(source, f"line {number} is JSON nested too deeply to be an article")
            continue
        if not isinstance(record, dict):
            yield Skipped(source, f'line {number} is not a JSON object with a "text" field')
            continue
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Skipped(source, f'line {number} has no "text" string')
            continue
        bad = [
            f for f in _JSONL_FIELDS if record.get(f) is not None and not isinstance(record[f], str)
        ]
        if bad:
            yield Skipped(source, f'line {number}: field "{bad[0]}" must be a string')
            continue
        date: str | None = None
        if record.get("date"):
            date = parse_date(record["date"])
            if date is None:
                yield Skipped(
                    source,
                    f"line {number}: date {record['date']!r} is not a date kg reads "
                    "(write YYYY-MM-DD)",
                )
                continue
        cleaned = _clean(_split_paragraphs(text), _norm(record.get("title") or ""))
        yield _article(
            source,
            cleaned,
            date=date,
            publisher=_norm(record.get("publisher") or "") or None,
            url=_norm(record.get("url") or "") or None,
            language=_norm(record.get("language") or "") or "",
        )


# ---------------------------------------------------------------- files and folders


def _too_big(source: str, size: int, options: ReadOptions, what: str = "") -> Skipped:
    return Skipped(
        source,
        f"{what}is {_megabytes(size)}, over the article size limit of "
        f"{_megabytes(options.max_article_bytes)}; raise it with --max-article-size "
        "if it really is one article",
    )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _read_file(
    path: Path, source: str, options: ReadOptions
) -> Iterator[Article | Skipped | Notice]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        shown = suffix or "(no extension)"
        yield Skipped(source, f"unsupported file type {shown} ({_SUPPORTED_NOTE})")
        return
    try:
        size = path.stat().st_size
        if suffix != ".jsonl" and size > options.max_article_bytes:
            yield _too_big(source, size, options)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(source, f"cannot read the file ({exc.strerror})")
        return
    try:
        text, nuls = _decode(data)
    except _NotTextError as exc:
        yield Skipped(source, str(exc))
        return
    if nuls:
        yield Notice(source, f"removed {nuls} stray NUL byte(s) from the text")
    items: Iterator[Article | Skipped]
    if suffix == ".jsonl":
        items = _read_jsonl(source, text, options)
    elif suffix == ".md":
        items = iter([_read_markdown(source, text)])
    elif suffix in (".html", ".htm"):
        items = iter([_read_html(source, text)])
    else:
        items = iter([read_article_text(source, text)])
    for item in items:
        if isinstance(item, Article) and item.url is not None:
            url = clean_iri(item.url)
            if url is None:
                yield Notice(item.source, f"dropped the article URL {item.url!r}: not a valid IRI")
            item = replace(item, url=url)
        yield item


def _walk(folder: Path) -> tuple[list[Path], collections.Counter[str]]:
    """Supported files under `folder` in sorted order, hidden files and folders left out, and
    how many other files there were, by extension."""
    found: list[Path] = []
    ignored: collections.Counter[str] = collections.Counter()
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for file in files:
            if file.startswith("."):
                continue
            suffix = Path(file).suffix.lower()
            if suffix in SUPPORTED:
                found.append(Path(root, file))
            else:
                ignored[suffix or "(no extension)"] += 1
    return sorted(found, key=lambda p: p.relative_to(folder).parts), ignored


def read_articles(
    paths: Sequence[Path], options: ReadOptions | None = None
) -> Iterator[Article | Skipped | Notice]:
    """Articles from files and folders (read recursively), one `Skipped` per unusable input and
    a `Notice` for what was read with a change (a value dropped, characters stripped) or left
    aside (files of other types in a folder).

    Raises InputError at once, before anything is read, when a path does not exist.
    """
    check_inputs(paths)
    return _read_paths(list(paths), options or ReadOptions())


def check_inputs(paths: Sequence[Path]) -> None:
    """Raise InputError naming the first path that does not exist."""
    for path in paths:
        if not path.exists():
            raise InputError(
                f"{path}: no such file or folder; check the path "
                f"(give files or folders of articles: {_SUPPORTED_NOTE})"
            )


def source_name(root: Path, file: Path) -> str:
    """How an article's file is named in messages and kg:sourceFile: its path under the folder
    given ("2023-01/index.html"); a file given by itself, by its name. It does not depend on
    the working folder, so the graph doesn't either."""
    if file == root:
        return file.name
    return "/".join(file.relative_to(root).parts)


def _read_paths(paths: list[Path], options: ReadOptions) -> Iterator[Article | Skipped | Notice]:
    for path in paths:
        if not path.is_dir():
            yield from _read_file(path, path.name, options)
            continue
        files, ignored = _walk(path)
        if ignored:
            kinds = ", ".join(f"{n} {suffix}" for suffix, n in sorted(ignored.items()))
            yield Notice(
                str(path),
                f"ignored {sum(ignored.values())} file(s) of other types ({kinds}; "
                f"{_SUPPORTED_NOTE})",
            )
        for file in files:
            yield from _read_file(file, source_name(path, file), options)
