"""JSON records: .jsonl (one article a line) and .json files, with kg's fields (text, title,
date, url, publisher, language) or news-please's (maintext, title, date_publish, url,
source_domain, language)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from kg.model import Article, Skipped
from kg.readers.common import BAD_JSON, BAD_RECORD, NO_TEXT, Item, ReadOptions, too_big
from kg.readers.decode import load_text
from kg.readers.rules import parse_date
from kg.readers.text import article_from, clean, norm, split_paragraphs

# kg's fields, each with the name news-please gives it (its `maintext`, `date_publish`,
# `source_domain`): a record holding "text" is kg's, one holding "maintext" is news-please's.
_FIELDS = ("text", "title", "date", "url", "publisher", "language")
_NEWS_PLEASE = {"text": "maintext", "date": "date_publish", "publisher": "source_domain"}


def _parse(line: str, source: str, where: str) -> object | Skipped:
    try:
        value: object = json.loads(line)
    except json.JSONDecodeError as exc:
        return Skipped(
            source, f"{where} is not valid JSON ({exc.msg} at column {exc.colno})", BAD_JSON
        )
    except RecursionError:
        return Skipped(source, f"{where} is JSON nested too deeply to be an article", BAD_JSON)
    return value


def _record(source: str, record: object, where: str, options: ReadOptions) -> Article | Skipped:
    """An article from one JSON record of kg's fields or news-please's."""
    if not isinstance(record, dict):
        return Skipped(source, f'{where} is not a JSON object with a "text" field', BAD_JSON)
    names = {f: f for f in _FIELDS}
    if "text" not in record and "maintext" in record:
        names.update(_NEWS_PLEASE)
    values = {f: record.get(name) for f, name in names.items()}
    text = values["text"]
    if not isinstance(text, str) or not text.strip():
        return Skipped(source, f'{where} has no "text" string (news-please: "maintext")', NO_TEXT)
    size = len(text.encode("utf-8"))
    if size > options.max_article_bytes:
        return too_big(source, size, options, f"the text of {where} ")
    bad = [f for f in _FIELDS if values[f] is not None and not isinstance(values[f], str)]
    if bad:
        return Skipped(source, f'{where}: field "{names[bad[0]]}" must be a string', BAD_RECORD)
    fields: dict[str, str] = {f: norm(v) for f, v in values.items() if isinstance(v, str)}
    date: str | None = None
    if fields.get("date"):
        date = parse_date(fields["date"])
        if date is None:
            return Skipped(
                source,
                f"{where}: date {values['date']!r} is not a date kg reads (write YYYY-MM-DD)",
                BAD_RECORD,
            )
    cleaned = clean(split_paragraphs(text), fields.get("title", ""))
    return article_from(
        source,
        cleaned,
        date=date,
        publisher=fields.get("publisher") or None,
        url=fields.get("url") or None,
        language=fields.get("language", ""),
    )


def read_jsonl(name: str, raw: str, options: ReadOptions) -> Iterator[Article | Skipped]:
    """One article a line (a line over the size limit is skipped before it is parsed)."""
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        source = f"{name}#{number}"
        where = f"line {number}"
        size = len(line.encode("utf-8"))
        if size > options.max_article_bytes:
            yield too_big(source, size, options, f"{where} ")
            continue
        record = _parse(line, source, where)
        yield record if isinstance(record, Skipped) else _record(source, record, where, options)


def read_json(name: str, raw: str, options: ReadOptions) -> Iterator[Article | Skipped]:
    """A JSON file: one record (news-please writes one file an article) or a list of them."""
    record = _parse(raw, name, "the file")
    if isinstance(record, Skipped):
        yield record
    elif isinstance(record, list):
        for number, one in enumerate(record, 1):
            yield _record(f"{name}#{number}", one, f"record {number}", options)
    else:
        yield _record(name, record, "the file", options)


def read_file(path: Path, source: str, options: ReadOptions) -> Iterator[Item]:
    """A .jsonl file (one article a line) or a .json file (one article or a list)."""
    text, notes = load_text(path, source, options, one_article=False)
    yield from notes
    if text is not None:
        read = read_json if path.suffix.lower() == ".json" else read_jsonl
        yield from read(source, text, options)
