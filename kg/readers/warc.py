"""WARC archives (.warc, .warc.gz: a crawl, a Common Crawl News file), through warcio.

Every HTML response record is a page, read as an .html file is (kg.readers.html), with the
record's target URI as the article's URL when the page names no canonical one. Every other
record is skipped with its reason: request, metadata and warcinfo records, responses that are
no HTML (images, scripts) or not HTTP 200. The archive is streamed, one record at a time, so a
large WARC never sits in memory; `ReadOptions.progress` hears how far it is, in records. Each
record is named by its number in the archive ("crawl.warc.gz#12"). A broken archive (cut
short, not a WARC) keeps the articles of the records before the break.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from kg.model import Skipped
from kg.readers.common import (
    BROKEN_WARC,
    EMPTY,
    HTTP_STATUS,
    NOT_HTML,
    NOT_RESPONSE,
    UNREADABLE,
    Item,
    Page,
    ReadOptions,
    ReadProgress,
    too_big,
)
from kg.readers.decode import NotTextError, decode, decoding_notices, meta_charset

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Content types servers send for anything: the body itself tells whether it is HTML.
_VAGUE_TYPES = frozenset({"", "application/octet-stream", "text/plain", "unk", "unknown"})
_PROGRESS_EVERY = 100  # records
# An uncompressed WARC may end with the blank lines after its last record.
_TRAILING_BYTES = 4


def read_file(path: Path, source: str, options: ReadOptions) -> Iterator[Item]:
    """A .warc or .warc.gz file: one article an HTML response record."""
    try:
        total = path.stat().st_size
        stream = path.open("rb")
    except OSError as exc:
        yield Skipped(source, f"cannot read the file ({exc.strerror})", UNREADABLE)
        return
    if total == 0:
        stream.close()
        yield Skipped(source, "empty file", EMPTY)
        return
    number = end = 0  # records read; where the last one ends in the file
    if options.progress:
        options.progress(ReadProgress(source, 0, 0, total))
    with stream:
        archive = ArchiveIterator(stream)
        records = iter(archive)
        while True:
            try:
                record = next(records)
            except StopIteration:
                # bytes after the last whole record: a record cut short in its headers
                if total - end > _TRAILING_BYTES:
                    rest = total - end
                    yield _broken(source, number, f"its last {rest} bytes are no whole record")
                break
            except Exception as exc:  # noqa: BLE001 - warcio, gzip and zlib each raise their own
                yield _broken(source, number, f"{type(exc).__name__}: {exc}")
                break
            if record.format != "warc":  # warcio reads lines of text as ARC records
                yield _broken(source, number, f"record {number + 1} is no WARC record")
                break
            number += 1
            try:
                items = list(_record(f"{source}#{number}", record, options))
                # the rest of the record is read (as warcio would before the next one), to
                # know that it was all there: warcio reads a record cut short without a word
                end = archive.get_record_offset() + archive.get_record_length()
                missing = record.raw_stream.limit
            except Exception as exc:  # noqa: BLE001 - a record cut short in its body
                yield _broken(source, number - 1, f"{type(exc).__name__}: {exc}")
                break
            if missing:
                yield _broken(source, number - 1, f"record {number} lacks its last {missing} bytes")
                break
            yield from items
            if options.progress and number % _PROGRESS_EVERY == 0:
                options.progress(ReadProgress(source, number, stream.tell(), total))
    if options.progress:
        options.progress(ReadProgress(source, number, total, total))


def _broken(source: str, records: int, problem: str) -> Skipped:
    if records == 0:
        return Skipped(
            source, f"not a WARC archive, or broken at its start ({problem})", BROKEN_WARC
        )
    return Skipped(
        source,
        f"the archive breaks after record {records} ({problem}); the records before were read",
        BROKEN_WARC,
    )


def _record(source: str, record: Any, options: ReadOptions) -> Iterator[Item]:
    kind = record.rec_type
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    about = f" for {uri}" if uri else ""
    if kind not in ("response", "resource"):
        yield Skipped(source, f"a {kind} record{about}", NOT_RESPONSE)
        return
    if kind == "response":
        if record.http_headers is None:  # dns: and other non-HTTP responses
            yield Skipped(source, f"a response with no HTTP headers{about}", NOT_HTML)
            return
        status = record.http_headers.get_statuscode()
        if status != "200":
            yield Skipped(source, f"HTTP status {status}{about}", HTTP_STATUS)
            return
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    mime, _, params = content_type.partition(";")
    mime = mime.strip().lower()
    if mime not in _HTML_TYPES and mime not in _VAGUE_TYPES:
        yield Skipped(source, f"not HTML: {mime}{about}", NOT_HTML)
        return
    body = record.content_stream().read(options.max_article_bytes + 1)
    if len(body) > options.max_article_bytes:
        yield too_big(source, len(body), options, f"the page{about} ")
        return
    if mime not in _HTML_TYPES and b"<html" not in body[:4096].lower():
        yield Skipped(source, f"not HTML: {mime or 'no content type'}{about}", NOT_HTML)
        return
    try:
        decoded = decode(body, _charset(params), meta_charset(body))
    except NotTextError as exc:
        yield Skipped(source, f"{exc}{about}", exc.kind)
        return
    yield from decoding_notices(source, decoded)
    yield Page(source, decoded.text, uri or None)


def _charset(params: str) -> str | None:
    """The charset a Content-Type header's parameters name."""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None
