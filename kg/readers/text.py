"""Text laid out like a scraped article (title line, date line, body paragraphs) cleaned of
the page furniture that ontology/boilerplate.tsv describes: the .txt reader, and the last step
of every other reader."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.model import Article, Skipped
from kg.readers.common import EMPTY, NO_TEXT, Item, ReadOptions
from kg.readers.decode import load_text
from kg.readers.rules import find_date, header_line, load_rules, parse_date

# A first line longer than this is body text, not a headline.
_MAX_TITLE_WORDS = 30
# A line of at most this many words over a longer first line is a section's name (a kicker).
_KICKER_WORDS = 2
# Without a date line, a full date this near the start of the body dates the article.
_DATE_IN_OPENING_CHARS = 500
# A trailing run of at least this many short lines is a tag/category menu.
_MENU_MIN_LINES = 3
_MENU_MAX_WORDS = 3
_MENU_MAX_CHARS = 25
# A "rest" rule (tags, copyright, teaser lists) closes the article only after this much body
# text, or after at least as much text as follows it: such a line near the top is a stray
# heading, and cutting there would delete the article itself.
_MIN_BODY_BEFORE_TRAILER = 400

# Two sentences or more, the last ended by a full stop: "... Takeshi. Berbagai isu ... ini."
# (a headline has no final stop; one may ask or exclaim before going on: "...! Bakal ...").
_SENTENCES = re.compile(r"[a-z0-9)][.!?] +[A-Z][a-z].*[^.]\.$")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")


def norm(line: str) -> str:
    if _INVISIBLE.search(line):
        line = _INVISIBLE.sub("", line)
    return " ".join(line.split())  # str.split() splits on exactly the characters \s matches


@dataclass(frozen=True)
class Cleaned:
    title: str
    date: str | None
    publisher: str | None
    paragraphs: tuple[str, ...]


def split_paragraphs(text: str) -> list[list[str]]:
    """Blocks separated by blank lines, each a list of its lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    blocks = re.split(r"\n[ \t\u00a0]*\n", text)
    return [[ln for ln in block.split("\n") if norm(ln)] for block in blocks]


def strip_boilerplate(paragraphs: list[list[str]]) -> list[tuple[int, str]]:
    """Lines (paragraph number, text) left after the boilerplate.tsv line rules."""
    rules = load_rules()
    flat = [(p, norm(line)) for p, lines in enumerate(paragraphs) for line in lines]
    kept: list[tuple[int, str]] = []
    skip_next = False
    remaining = sum(len(line) for _, line in flat)
    for para, line in flat:
        remaining -= len(line)
        if skip_next:
            skip_next = False
            continue
        if rules.any_cut_rest.search(line):
            before = sum(len(text) for _, text in kept)
            if before >= min(_MIN_BODY_BEFORE_TRAILER, remaining):
                break
            continue
        if rules.any_drop_next.search(line):
            skip_next = True
            continue
        if rules.any_drop_line.search(line):
            continue
        if rules.any_inline.search(line):  # no pattern matches most lines: skip the subs
            for pattern in rules.inline:
                line = pattern.sub("", line)
        line = norm(line)
        if line:
            kept.append((para, line))
    return kept


def _is_menu_item(line: str) -> bool:
    return (
        len(line) <= _MENU_MAX_CHARS
        and len(line.split()) <= _MENU_MAX_WORDS
        and not re.search(r"[.!?:;\"”’)]$", line)
    )


def same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def clean(paragraphs: list[list[str]], title: str | None) -> Cleaned:
    """Title, date line, publisher and body paragraphs of text laid out like a scraped article.

    `title` None: the first line is the title (unless it is too long to be one).
    """
    rules = load_rules()
    lines = strip_boilerplate(paragraphs)
    if title is None:
        title = ""
        # a section's name over the headline ("Politik", "Amerika Serikat"): no title, no body
        while (
            len(lines) > 1
            and len(lines[0][1].split()) <= _KICKER_WORDS
            and not lines[0][1].endswith((".", "!", "?"))
            and _KICKER_WORDS < len(lines[1][1].split()) <= _MAX_TITLE_WORDS
            and not lines[1][1].endswith(".")  # the headline under it, not the body
            and header_line(lines[1][1]) is None  # nor a date line under a short title
        ):
            lines.pop(0)
        # a first line that opens with a dateline ("Surabaya (ANTARA) - Gubernur ...") is the
        # body's first paragraph: the page had no title
        if (
            lines
            and len(lines[0][1].split()) <= _MAX_TITLE_WORDS
            and not any(p.match(lines[0][1]) for p in rules.dateline)
            and not _SENTENCES.search(lines[0][1])  # sentences, ended by a stop: body text
        ):
            title = lines.pop(0)[1]
    title = norm(title)
    date: str | None = None
    publisher: str | None = None
    # The head: repeated title lines and date/publisher lines before the body.
    while lines:
        line = lines[0][1]
        if not (title and same(line, title)):
            header = header_line(line) if date is None else None
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
    if date is None and lines:
        date = _opening_date(" ".join(line for _, line in lines[:3])[:_DATE_IN_OPENING_CHARS])
    # A trailing run of short lines is a tag/category menu ("Tokoh", "Partai", "K / L").
    run = 0
    while run < len(lines) and _is_menu_item(lines[len(lines) - 1 - run][1]):
        run += 1
    if run >= _MENU_MIN_LINES:
        del lines[len(lines) - run :]
    body = tuple(norm(" ".join(parts)) for parts in _paragraphs(lines))
    return Cleaned(title, date, publisher, tuple(p for p in body if p))


# A line this much shorter than its block's longest ends a paragraph of its own: a caption, a
# sub-heading or a byline between paragraphs written one a line, never a line wrapped to a
# width (those are alike in length, save a paragraph's last).
_SHORT_LINE = 0.6
# Nor does a line ending so: its sentence ends there, found by the sentence splitter, or it
# introduces the next line (a quote, a list) and runs on.
_OPEN_END = '.!?"”’»):,;'
# A line opening with one of these is an item of a list ("- Judul berita lain").
_LIST_ITEM = re.compile(r"[-–—•*·▪►]\s")


def _paragraphs(lines: list[tuple[int, str]]) -> list[list[str]]:
    """The lines of each paragraph. A block's lines run on as one paragraph (text wrapped to a
    width), except after a line much shorter than the block's longest that does not end its
    sentence, and before a list item: pages saved one paragraph a line put captions,
    sub-headings, bylines and related headlines there, and with no end punctuation they ran
    into the next sentence (its subject, its speaker)."""
    longest: dict[int, int] = {}
    for block, line in lines:
        longest[block] = max(longest.get(block, 0), len(line))
    out: list[list[str]] = []
    last_block, ended = -1, True
    for block, line in lines:
        if not line:
            continue
        item = bool(_LIST_ITEM.match(line))
        if block != last_block or ended or item:
            out.append([])
        out[-1].append(line)
        last_block = block
        ended = item or (len(line) < _SHORT_LINE * longest[block] and line[-1] not in _OPEN_END)
    return out


_DAY_IN_PARENS = re.compile(r"([^\W\d_]+)\s*\((\d{1,2}/\d{1,2}/\d{4})\)")
_TIME_AFTER = re.compile(r"[,\s|-]*\d{1,2}[:.]\d{2}\b")


def _opening_date(text: str) -> str | None:
    """With no date line, the date a page stamps in its opening words: a date with its time
    ("Kanal warta | 3 Maret 2023, 08:10 WIB", a header fused into the text), or the
    Indonesian lede's weekday and date in parentheses ("pada Kamis (5/6/2025)"; news is
    dated by its events' day). Any other date in the text is of something else."""
    weekdays = load_rules().date_words
    found: list[tuple[int, str]] = []
    for match in _DAY_IN_PARENS.finditer(text):
        if match.group(1).casefold() in weekdays:
            iso = parse_date(match.group(2))
            if iso:
                found.append((match.start(), iso))
    stamped = find_date(text)
    if stamped and _TIME_AFTER.match(text, stamped[1][1]):
        found.append((stamped[1][0], stamped[0]))
    return min(found)[1] if found else None


def article_from(
    source: str,
    cleaned: Cleaned,
    *,
    date: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    language: str = "",
) -> Article | Skipped:
    if not cleaned.paragraphs:
        return Skipped(source, "no article text after removing boilerplate", NO_TEXT)
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
        return Skipped(source, "empty file", EMPTY)
    return article_from(source, clean(split_paragraphs(raw), None))


def read_file(path: Path, source: str, options: ReadOptions) -> Iterator[Item]:
    """A .txt article."""
    text, notes = load_text(path, source, options)
    yield from notes
    if text is not None:
        yield read_article_text(source, text)
