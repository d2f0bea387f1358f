"""News pages, WARC archives and feeds built from text written here, for the reader tests.

No third-party page is used: every page is a template filled with sentences of this file, laid
out the way news sites are (menus, share bars, teasers of other stories, comments, footer).
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ID_SENTENCES = (
    "Presiden Joko Widodo bertemu Perdana Menteri Jepang Fumio Kishida di Tokyo pada Senin.",
    "Sekretaris Jenderal NATO Jens Stoltenberg mendesak Korea Selatan menambah bantuan.",
    "Rusia menyerang Ukraina pada pagi hari, kata juru bicara militer kepada wartawan.",
    "“Kami menolak tuduhan itu,” kata Menteri Luar Negeri China Wang Yi di Beijing.",
    "Indonesia dan Malaysia menandatangani nota kesepahaman kerja sama perbatasan.",
)
EN_SENTENCES = (
    "NATO Secretary General Jens Stoltenberg urged South Korea to send more aid to Ukraine.",
    "China rejected the statement, a foreign ministry spokesman said on Monday in Beijing.",
    "Japanese Prime Minister Fumio Kishida visited Jakarta and met President Joko Widodo.",
    "Russia attacked Ukraine again overnight, officials in Kyiv said on Tuesday morning.",
)


def paragraphs(sentences: Sequence[str], count: int, offset: int = 0) -> list[str]:
    """`count` paragraphs of two sentences each, taken in turn from `sentences`."""
    n = len(sentences)
    return [
        f"{sentences[(offset + 2 * i) % n]} {sentences[(offset + 2 * i + 1) % n]}"
        for i in range(count)
    ]


def news_page(
    title: str,
    body: Sequence[str],
    *,
    url: str | None = None,
    date: str | None = None,
    site: str | None = None,
    lang: str = "id",
    story_extra: str = "",
) -> str:
    """A news page: the story in <article> among the page furniture of a news site."""
    head = [f"<title>{html.escape(title)}{' - ' + site if site else ''}</title>"]
    if site:
        head.append(f'<meta property="og:site_name" content="{site}">')
    if date:
        head.append(f'<meta property="article:published_time" content="{date}">')
    if url:
        head.append(f'<link rel="canonical" href="{url}">')
    menu = "".join(f'<li><a href="/kanal/{n}">Kanal {n}</a></li>' for n in range(12))
    teasers = "".join(
        f'<li><a href="/berita/{n}">Judul berita lain nomor {n} yang tidak terkait</a></li>'
        for n in range(8)
    )
    story = "".join(f"<p>{html.escape(p)}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">{"".join(head)}
<script>window.dataLayer = [{{"page": "article"}}];</script></head>
<body><header><nav class="menu"><ul>{menu}</ul></nav></header>
<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a></div>
<main><article><h1>{html.escape(title)}</h1>{story}{story_extra}</article>
<aside class="related"><h3>Terpopuler</h3><ul>{teasers}</ul></aside></main>
<section id="comments"><p>Komentar pembaca: mantap sekali beritanya!</p></section>
<footer><p>Hak cipta dilindungi undang-undang. Kontak redaksi.</p></footer>
</body></html>
"""


def rss_feed(title: str, entries: Sequence[tuple[str, str, str, str | None]]) -> str:
    """An RSS 2.0 feed; each entry (title, link, summary, full HTML content or None)."""
    items = []
    for heading, link, summary, content in entries:
        full = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
        items.append(
            f"<item><title>{html.escape(heading)}</title><link>{link}</link>"
            "<pubDate>Wed, 01 Feb 2023 06:00:00 +0700</pubDate>"
            f"<description>{html.escape(summary)}</description>{full}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{html.escape(title)}</title><link>https://berita.example.id/</link>"
        f"<language>en-us</language>{''.join(items)}</channel></rss>\n"
    )


@dataclass(frozen=True)
class Record:
    """One WARC response record: a target URI, a content type and a body."""

    uri: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"


def warc_bytes(records: Sequence[Record], *, gzip: bool = True, request: bool = False) -> bytes:
    """A WARC (one gzip member a record when `gzip`) written with warcio's writer: a warcinfo
    record, then each response (with its request record before it when `request`)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "kg tests"}))
    for record in records:
        if request:
            headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)
            writer.write_record(
                writer.create_warc_record(record.uri, "request", http_headers=headers)
            )
        http_headers = StatusAndHeaders(
            record.status,
            [("Content-Type", record.content_type), ("Content-Length", str(len(record.body)))],
            protocol="HTTP/1.1",
        )
        writer.write_record(
            writer.create_warc_record(
                record.uri, "response", payload=io.BytesIO(record.body), http_headers=http_headers
            )
        )
    return out.getvalue()


def write_warc(path: Path, records: Sequence[Record], **kwargs: bool) -> Path:
    path.write_bytes(warc_bytes(records, **kwargs))
    return path
