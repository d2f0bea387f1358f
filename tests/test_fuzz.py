"""Fuzz (issue 9): good articles mixed with broken inputs. Nothing crashes, every good article
ends up in the graph, and the graph is valid Turtle. Seeded, so a failure can be replayed."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from pages import Record, news_page, rss_feed, warc_bytes
from rdflib import RDF, Graph, Literal
from rdflib.namespace import DCTERMS

from kg.cli import main
from kg.vocab import KG

# Article prose written for this test: actors from the gazetteer, cue verbs, quotes.
_ID_SENTENCES = (
    "Presiden Joko Widodo bertemu Perdana Menteri Jepang Fumio Kishida di Tokyo.",
    "Sekretaris Jenderal NATO Jens Stoltenberg mendesak Korea Selatan menambah bantuan.",
    "Rusia menyerang Ukraina pada pagi hari, kata juru bicara militer.",
    "“Kami menolak tuduhan itu,” kata Menteri Luar Negeri China Wang Yi.",
    "Indonesia dan Malaysia menandatangani nota kesepahaman kerja sama perbatasan.",
)
_EN_SENTENCES = (
    "NATO Secretary General Jens Stoltenberg urged South Korea to send more aid.",
    "China rejected the statement, a foreign ministry spokesman said on Monday.",
    "Japanese Prime Minister Fumio Kishida visited Jakarta and met President Joko Widodo.",
    "Russia attacked Ukraine again overnight, officials said.",
)


def _good_text(rng: random.Random, title: str) -> str:
    pool = _ID_SENTENCES if rng.random() < 0.6 else _EN_SENTENCES
    count = rng.randint(1, 5)
    paragraphs = [" ".join(rng.choices(pool, k=rng.randint(1, 3))) for _ in range(count)]
    return f"{title}\n\n1 Februari 2023\n\n" + "\n\n".join(paragraphs) + "\n"


def _junk(rng: random.Random, size: int) -> bytes:
    return bytes(rng.randrange(256) for _ in range(size))


def _corpus(root: Path, seed: int) -> set[str]:
    """Write a mixed corpus under `root`; return the titles of the good articles."""
    rng = random.Random(seed)
    good: set[str] = set()
    root.mkdir(parents=True)

    def title() -> str:
        name = f"Berita uji {seed}-{len(good)}"
        good.add(name)
        return name

    for n in range(rng.randint(4, 8)):  # good plain-text articles, some in a nested folder
        folder = root / ("arsip" if n % 2 else "") / f"{n:02d}"  # index.txt in each
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.txt").write_text(_good_text(rng, title()), encoding="utf-8")
    text = _good_text(rng, title()).encode("utf-8")  # good, with stray NULs
    (root / "nul.txt").write_bytes(text[:20] + b"\x00" + text[20:])
    (root / "wide.txt").write_bytes(_good_text(rng, title()).encode("utf-16"))
    html_title = title()
    body = "".join(f"<p>{s}</p>" for s in _ID_SENTENCES[:3])
    (root / "page.html").write_text(
        f'<html><head><title>{html_title}</title><link rel="canonical" href="https://x.id/a b|c">'
        f"</head><body><article><h1>{html_title}</h1>{body}</article></body></html>",
        encoding="utf-8",
    )
    (root / "note.md").write_text(
        f"---\ntitle: {title()}\ndate: 2023-02-01\nurl: javascript:alert(1)\n---\n\n"
        + " ".join(_EN_SENTENCES)
        + "\n",
        encoding="utf-8",
    )
    lines = []
    for _ in range(rng.randint(2, 4)):
        lines.append(json.dumps({"title": title(), "text": " ".join(_EN_SENTENCES)}))
    lines += [
        "[" * 3000 + "]" * 3000,  # deep nesting
        '{"text": "unterminated',
        json.dumps([1, 2, 3]),
        json.dumps({"text": 5}),
        json.dumps({"text": "Rusia menyerang Ukraina.", "url": "http://[::1"}),
        json.dumps({"text": "x", "date": "kemarin"}),
        json.dumps({"text": "y" * 300_000}),  # over this test's size limit
    ]
    rng.shuffle(lines)
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _corpus_of_tools(root, rng, title)
    # broken files: random bytes, truncated pages, mangled text, empty, unsupported
    for n in range(rng.randint(3, 6)):
        suffix = rng.choice(
            (".txt", ".html", ".md", ".jsonl", ".json", ".csv", ".rss", ".xml", ".warc.gz")
        )
        (root / f"junk{n}{suffix}").write_bytes(_junk(rng, rng.randint(1, 4000)))
    page = (root / "page.html").read_bytes()
    (root / "cut.html").write_bytes(page[: rng.randint(1, len(page) - 1)])
    mangled = bytearray(text)
    for _ in range(rng.randint(1, 30)):
        mangled[rng.randrange(len(mangled))] = rng.randrange(256)
    (root / "mangled.txt").write_bytes(bytes(mangled))
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.md").write_text(" \n\n \t\n", encoding="utf-8")
    (root / "photo.jpg").write_bytes(_junk(rng, 100))
    (root / "loop").symlink_to(root, target_is_directory=True)
    return good


def _corpus_of_tools(root: Path, rng: random.Random, title: Callable[[], str]) -> None:
    """Issue 13's formats, good and broken: WARCs, feeds, CSV, news-please JSON."""
    pool = list(_ID_SENTENCES + _EN_SENTENCES)

    def body() -> list[str]:
        return [" ".join(rng.sample(pool, 3)) for _ in range(rng.randint(2, 4))]

    def page(name: str, n: int) -> bytes:
        url = f"https://fuzz.example.id/{name}/{n}"
        return news_page(name, body(), url=url, site="Fuzz News").encode()

    records = [Record(f"https://fuzz.example.id/{n}", page(title(), n)) for n in range(3)]
    records.insert(1, Record("https://fuzz.example.id/a.png", _junk(rng, 300), "image/png"))
    records.append(Record("https://fuzz.example.id/x", b"<html>gone</html>", status="404 Gone"))
    data = warc_bytes(records, request=rng.random() < 0.5)
    (root / "crawl.warc.gz").write_bytes(data)
    # good records, then junk; and a copy cut short anywhere (its articles are not counted)
    (root / "junk-tail.warc.gz").write_bytes(
        warc_bytes([Record("https://fuzz.example.id/t", page(title(), 9))]) + _junk(rng, 500)
    )
    lost = [Record(f"https://lost.example.id/{n}", page(f"lost {n}", n)) for n in range(3)]
    lost_data = warc_bytes(lost, gzip=rng.random() < 0.5)
    (root / "cut.warc").write_bytes(lost_data[: rng.randint(1, len(lost_data) - 1)])
    entries = [
        (
            title(),
            f"https://fuzz.example.id/feed/{n}",
            "Ringkasan.",
            "".join(f"<p>{p}</p>" for p in body()),
        )
        for n in range(2)
    ]
    entries.append(("Hanya ringkasan", "https://fuzz.example.id/feed/s", "Teaser.", None))
    feed = rss_feed("Fuzz News", entries)
    (root / "news.rss").write_text(feed, encoding="utf-8")
    lost_feed = rss_feed("Lost", [("lost", "https://lost.example.id/f", "x", "<p>y</p>")] * 3)
    (root / "cut.rss").write_text(lost_feed[: rng.randint(1, len(lost_feed) - 1)], encoding="utf-8")
    rows = [["title", "text", "date", "url"]]
    rows += [[title(), " ".join(body()), "2023-02-01", ""] for _ in range(2)]
    rows += [
        ["bad date", "x", "kemarin", ""],
        ["no text", "", "", ""],
        ["too", "many", "", "", "x"],
    ]
    rows += [[title(), " ".join(body()), "", "javascript:alert(1)"]]  # read, its URL dropped
    rows[1:] = rng.sample(rows[1:], len(rows) - 1)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    text = out.getvalue()
    cut = rng.randrange(len(text))
    (root / "table.csv").write_text(text, encoding="utf-8")
    (root / "cut.csv").write_text(text[:cut] + '\x00"broken' + text[cut:], encoding="utf-8")
    news_please = {"maintext": " ".join(body()), "title": title(), "url": None, "authors": []}
    (root / "np.json").write_text(json.dumps(news_please), encoding="utf-8")


@pytest.mark.parametrize("seed", range(6))
def test_a_mixed_corpus_builds_and_keeps_every_good_article(tmp_path: Path, seed: int) -> None:
    good = _corpus(tmp_path / "corpus", seed)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "corpus"), "-o", str(out), "--max-article-size", "200KB"]
    )
    assert result.exit_code == 0, result.output
    assert result.exception is None, repr(result.exception)
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    titles = {
        str(t)
        for a in graph.subjects(RDF.type, KG.Article)
        for t in graph.objects(a, DCTERMS.title)
        if isinstance(t, Literal)
    }
    assert good <= titles, sorted(good - titles)
    assert (out / "graph.html").stat().st_size > 0
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
