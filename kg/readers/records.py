"""An article from one record of named fields: a JSON object or a CSV row."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.model import Article, Notice, Skipped
from kg.readers.common import BAD_JSON, BAD_RECORD, NO_TEXT, ReadOptions, too_big
from kg.readers.rules import parse_date, unread_date
from kg.readers.text import article_from, clean, norm, split_paragraphs

# kg's fields, each with the name news-please gives it (its `maintext`, `date_publish`,
# `source_domain`): a record holding "text" is kg's, one holding "maintext" is news-please's.
_FIELDS = ("text", "title", "date", "url", "publisher", "language")
_NEWS_PLEASE = {"text": "maintext", "date": "date_publish", "publisher": "source_domain"}
# A BCP 47 language tag (en, id, en-US, zh-Hant-TW): its primary language subtag.
_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")


def from_record(
    source: str, record: object, where: str, options: ReadOptions
) -> Iterator[Article | Skipped | Notice]:
    """An article from a record of kg's fields or news-please's (and a Notice of a value it
    could not use); `where` names the record in reasons ("line 3", "row on line 7")."""
    found, dropped = _from_record(source, record, where, options)
    if isinstance(found, Article):  # a skipped record's values go unsaid: it is named whole
        yield from dropped
    yield found


def _from_record(
    source: str, record: object, where: str, options: ReadOptions
) -> tuple[Article | Skipped, list[Notice]]:
    """The article or why not, and what was said of the values left out of it."""
    if not isinstance(record, dict):
        return Skipped(source, f'{where} is not a JSON object with a "text" field', BAD_JSON), []
    names = {f: f for f in _FIELDS}
    # news-please's own serializer writes "text": null beside its "maintext"
    if record.get("text") is None and "maintext" in record:
        names.update(_NEWS_PLEASE)
    values = {f: record.get(name) for f, name in names.items()}
    text = values["text"]
    if not isinstance(text, str) or not text.strip():
        return Skipped(
            source, f'{where} has no "text" string (news-please: "maintext")', NO_TEXT
        ), []
    size = len(text.encode("utf-8"))
    if size > options.max_article_bytes:
        return too_big(source, size, options, f"the text of {where} "), []
    bad = [f for f in _FIELDS if values[f] is not None and not isinstance(values[f], str)]
    if bad:
        return Skipped(source, f'{where}: field "{names[bad[0]]}" must be a string', BAD_RECORD), []
    fields: dict[str, str] = {f: norm(v) for f, v in values.items() if isinstance(v, str)}
    date: str | None = None
    dropped: list[Notice] = []  # values left out, said so
    # news-please writes a date it lacks as "None": no date, said of no value
    if fields.get("date") and fields["date"] != "None":
        date = parse_date(fields["date"])
        if date is None:  # the article is read all the same, without a date
            dropped.append(unread_date(source, where, fields["date"]))
    language = fields.get("language", "")
    tag = _LANGUAGE_TAG.fullmatch(language)
    if language and tag is None:  # the text's language is detected instead
        dropped.append(
            Notice(
                source,
                f"{where}: language {values['language']!r} is not a language tag (such as id "
                "or en); the language is read from the text",
            )
        )
    cleaned = clean(split_paragraphs(text), fields.get("title", ""))
    article = article_from(
        source,
        cleaned,
        date=date,
        publisher=fields.get("publisher") or None,
        url=fields.get("url") or None,
        language=tag.group(1).lower() if tag else "",  # en-US: en, the primary language
    )
    return article, dropped
