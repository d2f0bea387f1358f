"""JSON records: .jsonl (one article a line) and .json files, with kg's fields (text, title,
date, url, publisher, language) or news-please's (maintext, title, date_publish, url,
source_domain, language)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from kg.model import Article, Notice, Skipped
from kg.readers.common import BAD_JSON, Item, ReadOptions, too_big
from kg.readers.decode import load_text
from kg.readers.records import from_record


def _parse(line: str, source: str, where: str) -> object | Skipped:
    try:
        value: object = json.loads(line)
    except json.JSONDecodeError as exc:
        return Skipped(
            source, f"{where} is not valid JSON ({exc.msg}: column {exc.colno})", BAD_JSON
        )
    except RecursionError:
        return Skipped(source, f"{where} is JSON nested too deeply to be an article", BAD_JSON)
    return value


def read_jsonl(name: str, raw: str, options: ReadOptions) -> Iterator[Article | Skipped | Notice]:
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
        if isinstance(record, Skipped):
            yield record
        else:
            yield from from_record(source, record, where, options)


def read_json(name: str, raw: str, options: ReadOptions) -> Iterator[Article | Skipped | Notice]:
    """A JSON file: one record (news-please writes one file an article) or a list of them."""
    record = _parse(raw, name, "the file")
    if isinstance(record, Skipped):
        yield record
    elif isinstance(record, list):
        for number, one in enumerate(record, 1):
            yield from from_record(f"{name}#{number}", one, f"record {number}", options)
    else:
        yield from from_record(name, record, "the file", options)


def read_file(path: Path, source: str, options: ReadOptions) -> Iterator[Item]:
    """A .jsonl file (one article a line) or a .json file (one article or a list)."""
    text, notes = load_text(path, source, options, one_article=False)
    yield from notes
    if text is not None:
        read = read_json if path.suffix.lower() == ".json" else read_jsonl
        yield from read(source, text, options)
