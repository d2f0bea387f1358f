"""Benchmark: how fast kg reads news pages (issue 13): pages per second for the HTML path,
MB per second for a WARC.

    python benchmarks/bench_readers.py            # 300 pages
    python benchmarks/bench_readers.py 1000       # another count

The pages are written here from a template and sentences of this file, laid out the way news
sites are (a head of scripts and metadata, menus, share bars, the story, teasers of other
stories, comments, a footer; about 60 KB each). They are read three ways: as .html files in a
folder, as a .warc.gz of their HTTP responses (each with its request record, plus one image
response per page, as a crawl has), and that WARC's records alone with warcio and no
extraction (the cost of the archive layer); then the folder and the WARC again with a process
pool of one worker a core, as `kg build -j 0` reads them. Figures are printed, never asserted:
they depend on the machine.

The reads in this process also give their CPU time (time.process_time): on a machine that other
work shares, wall time says little, and CPU milliseconds a page (pages per second per core) are
the figure to compare. The pool's reads give wall time only (their CPU is the workers').
"""

from __future__ import annotations

import io
import os
import random
import sys
import tempfile
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kg.model import Article
from kg.reader import read_articles

_SENTENCES = (
    "Presiden Joko Widodo bertemu Perdana Menteri Jepang Fumio Kishida di Tokyo pada Senin.",
    "Sekretaris Jenderal NATO Jens Stoltenberg mendesak Korea Selatan menambah bantuan militer.",
    "Rusia menyerang Ukraina pada pagi hari, kata juru bicara militer kepada wartawan di Kyiv.",
    "“Kami menolak tuduhan itu,” kata Menteri Luar Negeri China Wang Yi di Beijing, Selasa.",
    "Indonesia dan Malaysia menandatangani nota kesepahaman kerja sama perbatasan di Kuching.",
    "NATO Secretary General Jens Stoltenberg urged South Korea to send more aid to Ukraine.",
    "Japanese Prime Minister Fumio Kishida visited Jakarta and met President Joko Widodo.",
)


def page(n: int, rng: random.Random) -> str:
    menu = "".join(
        f'<li class="menu-item"><a href="/kanal/{k}">Kanal {k}</a></li>' for k in range(60)
    )
    teasers = "".join(
        f'<li><a href="/berita/{n}-{k}"><img src="/t/{k}.jpg" alt="">Judul berita lain '
        f"nomor {k} tentang politik dan ekonomi hari ini</a></li>"
        for k in range(25)
    )
    story = "".join(
        f"<p>{' '.join(rng.choices(_SENTENCES, k=rng.randint(2, 4)))}</p>"
        for _ in range(rng.randint(8, 16))
    )
    tracking = "<script>var cfg = {" + ",".join(f'"k{k}": {k}' for k in range(1500)) + "};</script>"
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Berita uji nomor {n} - Berita Contoh</title>
<meta property="og:site_name" content="Berita Contoh">
<meta property="article:published_time" content="2023-02-01T10:00:00+07:00">
<link rel="canonical" href="https://berita.example.id/2023/02/01/berita-{n}">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Berita {n}"}}</script>
{tracking}<style>body {{ font-family: sans-serif }} .x {{ color: red }}</style></head>
<body><header><div class="logo">Berita Contoh</div><nav><ul>{menu}</ul></nav></header>
<div class="breadcrumb"><a href="/">Beranda</a> › <a href="/dunia">Dunia</a></div>
<main><article><h1>Berita uji nomor {n}</h1><div class="byline">Oleh Redaksi · 1 Februari
2023</div><div class="share"><a>Facebook</a><a>Twitter</a><a>WhatsApp</a></div>{story}
<div class="tags"><a>NATO</a><a>Rusia</a><a>Ukraina</a></div></article>
<aside><h3>Terpopuler</h3><ul>{teasers}</ul></aside></main>
<section id="comments"><p>Komentar pembaca: mantap sekali beritanya!</p></section>
<footer><ul>{menu}</ul><p>Hak cipta dilindungi undang-undang.</p></footer>{tracking}
</body></html>"""


def write_warc(path: Path, pages: list[str]) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n, text in enumerate(pages):
            uri = f"https://berita.example.id/2023/02/01/berita-{n}"
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)
            writer.write_record(writer.create_warc_record(uri, "request", http_headers=request))
            for body, kind, target in (
                (text.encode("utf-8"), "text/html; charset=utf-8", uri),
                (bytes(range(256)) * 40, "image/jpeg", uri + ".jpg"),
            ):
                headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
                writer.write_record(
                    writer.create_warc_record(
                        target, "response", payload=io.BytesIO(body), http_headers=headers
                    )
                )


def timed_read(path: Path, executor: Executor | None = None) -> tuple[int, float, float]:
    """Articles read from `path`, wall seconds, CPU seconds of this process."""
    started, cpu = time.perf_counter(), time.process_time()
    articles = sum(isinstance(x, Article) for x in read_articles([path], executor=executor))
    return articles, time.perf_counter() - started, time.process_time() - cpu


def cpu_text(count: int, cpu: float) -> str:
    return f"CPU {cpu:.2f}s, {cpu / count * 1000:.1f} ms a page: {count / cpu:.1f} pages/s per core"


def main(count: int) -> None:
    rng = random.Random(13)
    pages = [page(n, rng) for n in range(count)]
    html_bytes = sum(len(p.encode("utf-8")) for p in pages)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "pages")
        folder.mkdir()
        for n, text in enumerate(pages):
            (folder / f"berita-{n:05d}.html").write_text(text, encoding="utf-8")
        crawl = Path(tmp, "crawl.warc.gz")
        write_warc(crawl, pages)
        warc_mb = crawl.stat().st_size / 1e6
        print(f"{count} pages, {html_bytes / count / 1e3:.0f} KB each on average")

        timed_read(folder, None)  # trafilatura's and kg's first-use costs (imports, rules)
        read, seconds, cpu = timed_read(folder)
        print(
            f"HTML folder: {read} articles in {seconds:.2f}s: {count / seconds:.1f} pages/s, "
            f"{html_bytes / 1e6 / seconds:.2f} MB/s of HTML; {cpu_text(count, cpu)}"
        )

        started, cpu = time.perf_counter(), time.process_time()
        records = 0
        with crawl.open("rb") as stream:
            for record in ArchiveIterator(stream):
                record.content_stream().read()
                records += 1
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"WARC records alone (warcio, no extraction): {records} records, {warc_mb:.1f} MB "
            f"gzipped in {seconds:.2f}s: {warc_mb / seconds:.1f} MB/s; CPU {cpu:.2f}s: "
            f"{warc_mb / cpu:.1f} MB/s per core"
        )

        read, seconds, cpu = timed_read(crawl)
        print(
            f"WARC read by kg: {read} articles from {records} records, {warc_mb:.1f} MB in "
            f"{seconds:.2f}s: {warc_mb / seconds:.2f} MB/s, {read / seconds:.1f} pages/s; "
            f"{cpu_text(read, cpu)}, {warc_mb / cpu:.2f} MB/s per core"
        )

        cores = os.cpu_count() or 1
        with ProcessPoolExecutor(cores) as pool:
            timed_read(folder, pool)  # the workers start and import trafilatura
            for name, path, size in (("HTML folder", folder, 0.0), ("WARC", crawl, warc_mb)):
                read, seconds, _ = timed_read(path, pool)
                rate = f"{size / seconds:.2f} MB/s, " if size else ""
                print(
                    f"{name} read by kg with a pool of {cores} (kg build -j 0): {read} articles "
                    f"in {seconds:.2f}s: {rate}{count / seconds:.1f} pages/s"
                )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
