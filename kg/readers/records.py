"""An article from one record of named fields: a JSON object or a CSV row."""

from __future__ import annotations

from kg.model import Article, Skipped
from kg.readers.common import BAD_JSON, BAD_RECORD, NO_TEXT, ReadOptions, too_big
from kg.readers.rules import parse_date
from kg.readers.text import article_from, clean, norm, split_paragraphs

# kg's fields, each with the name news-please gives it (its `maintext`, `date_publish`,
# `source_domain`): a record holding "text" is kg's, one holding "maintext" is news-please's.
_FIELDS = ("text", "title", "date", "url", "publisher", "language")
_NEWS_PLEASE = {"text": "maintext", "date": "date_publish", "publisher": "source_domain"}


def from_record(source: str, record: object, where: str, options: ReadOptions) -> Article | Skipped:
    """An article from a record of kg's fields or news-please's; `where` names the record in
    reasons ("line 3", "row on line 7")."""
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
