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
    rows = csv.reader(text, delimiter=delimiter)
    replaced = errors = seen = 0
    while True:
        start = rows.line_num + 2  # lines are counted from the header, line 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            row_source, where = f"{source}#{start}", f"the row on line {start}"
            if "field larger than field limit" in str(exc):
                yield Skipped(
                    row_source,
                    f"{where} has a field over the article size limit of "
                    f"{size_text(options.max_article_bytes)}; raise it with --max-article-size "
                    "if it really is one article",
                    TOO_BIG,
                )
            else:
                yield Skipped(row_source, f"{where} is not valid CSV ({exc})", BAD_CSV)
            errors += 1
            if errors >= _MAX_ERRORS_IN_A_ROW:
                yield Skipped(source, f"gave up after {errors} bad rows in a row", BAD_CSV)
                return
            continue
        errors = 0
        if not any(cell.strip() for cell in row):
            continue
        seen += 1
        row_source, where = f"{source}#{start}", f"the row on line {start}"
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
