"""CSV files: one article a row, a `text` column and optional `title`, `date`, `url`,
`publisher` and `language` columns (named in a header row, in any order and case).

Read as a stream (a data set's export may be large), with the stdlib csv module; the delimiter
is the one of , ; tab | that splits the header into a `text` column. Each row is named by the
line it starts on ("news.csv#7").
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from kg.model import Notice, Skipped
from kg.readers.common import (
    BAD_CSV,
    EMPTY,
    NOT_TEXT,
    TOO_BIG,
    UNREADABLE,
    Item,
    ReadOptions,
    size_text,
)
from kg.readers.decode import GUESSED
from kg.readers.records import from_record

_DELIMITERS = ",;\t|"
_SNIFF_BYTES = 65_536
# a file whose rows keep failing without moving on is given up
_MAX_ERRORS_IN_A_ROW = 100


def _encoding(head: bytes) -> str | None:
    """The encoding of a CSV file from its first bytes: a byte-order mark, UTF-8, else cp1252;
    None for a binary file."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return encoding
    if b"\x00" in head:
        return None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _columns(header_line: str) -> tuple[str, list[str]] | None:
    """The delimiter and the column names (lower case, trimmed), when one gives a text column."""
    for delimiter in _DELIMITERS:
        names = next(csv.reader([header_line], delimiter=delimiter), [])
        names = [n.strip().lstrip("\ufeff").lower() for n in names]
        if "text" in names:
            return delimiter, names
    return None


# The least room the csv module gives one field (bytes), whatever the article size limit.
_FIELD_ROOM = 64 * 1024


def read_file(path: Path, source: str, options: ReadOptions) -> Iterator[Item]:
    """A .csv file, one article a row."""
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield Skipped(source, f"cannot read the file ({exc.strerror})", UNREADABLE)
        return
    with stream:
        encoding = _encoding(stream.read(_SNIFF_BYTES))
        if encoding is None:
            yield Skipped(source, "binary file, not text", NOT_TEXT)
            return
        stream.seek(0)
        if encoding == "cp1252":  # said as of every other text file kg guesses the charset of
            yield Notice(source, GUESSED.format(encoding=encoding))
        text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
        limit = csv.field_size_limit()
        # the csv module's own limit stops a runaway quoted field early; a text over the
        # article limit but under this is skipped by kg.readers.records, and a tiny limit
        # (--max-article-size 2) still lets the header row and short fields be read
        csv.field_size_limit(max(options.max_article_bytes, _FIELD_ROOM))
        try:
            yield from _rows(text, source, options)
        finally:
            csv.field_size_limit(limit)


class _Lines:
    """The file's lines to the csv module, keeping those of the row being read (`taken`), so
    that a row which is not valid CSV can be read again from its second line."""

    def __init__(self, text: io.TextIOWrapper) -> None:
        self.text = text
        self.again: list[str] = []  # lines to give again, the next one last
        self.taken: list[str] = []
        self.number = 2  # the line the next row starts on (the header is line 1)

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self._line()
        if not line:
            raise StopIteration
        self.taken.append(line)
        return line

    def _line(self) -> str:
        return self.again.pop() if self.again else self.text.readline()

    def take(self) -> list[str]:
        """The lines of the row just read (or failed); the next row starts after them."""
        taken, self.taken = self.taken, []
        self.number += len(taken)
        return taken

    def read_again(self, lines: list[str]) -> None:
        """Give `lines` again, as the next ones (they were counted by take)."""
        self.again.extend(reversed(lines))
        self.number -= len(lines)

    def close_quote(self, taken: list[str]) -> None:
        """Pass over the lines left of a quoted field the csv module gave up on (over its size
        limit): until the row's quotes pair up. Doubled quotes inside a field pair up too."""
        quotes = sum(line.count('"') for line in taken)
        while quotes % 2:  # not kept: a quote never closed runs to the end of the file
            line = self._line()
            if not line:
                break
            self.number += 1
            quotes += line.count('"')


def _rows(text: io.TextIOWrapper, source: str, options: ReadOptions) -> Iterator[Item]:
    header_line = text.readline()
    found = _columns(header_line)
    if found is None:
        shown = header_line.strip()[:200] or "(empty)"
        yield Skipped(
            source,
            f'no "text" column in the header row ({shown}); name the article text column '
            '"text" (others: title, date, url, publisher, language)',
            BAD_CSV,
        )
        return
    delimiter, names = found
    lines = _Lines(text)
    # strict: a quote that does not close where a field ends is an error, not a field that
    # runs on over the next rows (silently taking them into one article)
    rows = csv.reader(lines, delimiter=delimiter, strict=True)
    replaced = errors = seen = 0
    while True:
        start = lines.number
        row_source, where = f"{source}#{start}", f"the row on line {start}"
        try:
            row = next(rows)
            lines.take()
        except StopIteration:
            break
        except csv.Error as exc:
            taken = lines.take()
            if "field larger than field limit" in str(exc):
                lines.close_quote(taken)
                yield Skipped(
                    row_source,
                    f"{where} has a field over the article size limit of "
                    f"{size_text(options.max_article_bytes)}; raise it with --max-article-size "
                    "if it really is one article",
                    TOO_BIG,
                )
                errors += 1
                if errors >= _MAX_ERRORS_IN_A_ROW:
                    yield Skipped(source, f"gave up after {errors} bad rows in a row", BAD_CSV)
                    return
                continue
            # a stray quote: read the row's first line as the csv module reads loose quoting
            # (as before strict reading), and the lines after it as rows of their own
            row = next(csv.reader(taken[:1], delimiter=delimiter), [])
            if len(taken) > 1:
                lines.read_again(taken[1:])
                yield Notice(
                    row_source,
                    f"{where} opens a quote that does not close where a field ends ({exc}); "
                    f"read that line alone as the row, and line {start + 1} on as rows of "
                    'their own. Double each quote inside a quoted field ("")',
                )
        errors = 0
        if not any(cell.strip() for cell in row):
            continue
        seen += 1
        if len(row) != len(names):
            yield Skipped(
                row_source,
                f"{where} has {len(row)} fields, the header {len(names)}",
                BAD_CSV,
            )
            continue
        replaced += sum(cell.count("\ufffd") for cell in row)
        record = {name: cell for name, cell in zip(names, row, strict=True) if name}
        yield from from_record(row_source, record, where, options)
    if not seen and not errors:  # a header and nothing else: named like an empty file
        yield Skipped(source, "no rows after the header row", EMPTY)
    if replaced:
        yield Notice(source, f"replaced {replaced} byte(s) that were not {text.encoding} text")
