"""Issue 13: the formats news corpora come in (CSV, RSS/Atom feeds, WARC archives) and the
closing summary of what was skipped. Every page, feed and archive is built here."""

from __future__ import annotations

import collections
import csv
import io
from pathlib import Path

from click.testing import CliRunner
from pages import (
    EN_SENTENCES,
    ID_SENTENCES,
    Record,
    news_page,
    paragraphs,
    rss_feed,
    warc_bytes,
    write_warc,
)
from rdflib import RDF, Graph

from kg.cli import main
from kg.model import Article, Notice, Skipped
from kg.reader import ReadOptions, ReadProgress, read_articles
from kg.vocab import KG


def items(path: Path, options: ReadOptions | None = None) -> list[Article | Skipped | Notice]:
    return list(read_articles([path], options))


def only(kind: type, found: list[Article | Skipped | Notice]) -> list:  # type: ignore[type-arg]
    return [x for x in found if isinstance(x, kind)]


# ---------------------------------------------------------------- CSV


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_csv_rows_are_articles_named_by_their_line(tmp_path: Path) -> None:
    body = f"Jakarta, CNBC Indonesia - {ID_SENTENCES[0]}\n\n{ID_SENTENCES[1]}"
    rows = [
        ["URL", "Title", "Text", "Date", "Publisher", "section"],  # any order, any case
        ["https://berita.example.id/a", "Jokowi ke Tokyo", body, "1 Februari 2023", "", "x"],
        ["", "", EN_SENTENCES[0], "", "AP", "y"],
    ]
    path = tmp_path / "news.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    first, second = items(path)
    assert first == Article(
        source="news.csv#2",
        text=f"{ID_SENTENCES[0]}\n\n{ID_SENTENCES[1]}",  # kg's rules: the dateline goes
        title="Jokowi ke Tokyo",
        date="2023-02-01",
        publisher="CNBC Indonesia",
        url="https://berita.example.id/a",
    )
    # the first row spans lines 2-4 (its text has a blank line): the second starts on line 5
    assert second == Article(source="news.csv#5", text=EN_SENTENCES[0], publisher="AP")


def test_csv_semicolons_and_old_encodings(tmp_path: Path) -> None:
    rows = [["title", "text"], ["Café “NATO”", "Stoltenberg – di Seoul."]]
    path = tmp_path / "excel.csv"
    path.write_bytes(csv_text(rows, ";").encode("cp1252"))
    guessed, a = items(path)  # the guess is said, as of other text files
    assert isinstance(guessed, Notice) and "read as cp1252" in guessed.message
    assert isinstance(a, Article)
    assert (a.title, a.text) == ("Café “NATO”", "Stoltenberg – di Seoul.")
    path.write_bytes(csv_text(rows, "\t").encode("utf-16"))
    [b] = items(path)
    assert isinstance(b, Article) and b.text == "Stoltenberg – di Seoul."


def test_csv_bad_rows_are_skipped_and_good_rows_kept(tmp_path: Path) -> None:
    good = [ID_SENTENCES[n] for n in range(3)]
    text = (
        "text,title,date\n"
        f'"{good[0]}",Satu,2023-02-01\n'
        "only one field\n"  # line 3: too few fields
        ",Kosong,2023-02-01\n"  # line 4: no text
        f'"{good[1]}",Dua,kemarin\n'  # line 5: a date kg cannot read: read without it
        f'"{"x" * 3000}",Panjang,\n'  # line 6: over this test's size limit
        f'"{good[2]}",Tiga,\n'
        "\n"  # blank lines are no rows
    )
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    found = items(path, ReadOptions(max_article_bytes=2000))
    assert [(a.text, a.date) for a in only(Article, found)] == [
        (good[0], "2023-02-01"),
        (good[1], None),
        (good[2], None),
    ]
    (notice,) = only(Notice, found)
    assert notice.source == "bad.csv#5" and "'kemarin'" in notice.message
    assert "read without a date" in notice.message
    skipped = {s.source: s for s in only(Skipped, found)}
    assert sorted(skipped) == ["bad.csv#3", "bad.csv#4", "bad.csv#6"]
    assert skipped["bad.csv#3"].reason == "the row on line 3 has 1 fields, the header 3"
    assert skipped["bad.csv#3"].kind == "invalid CSV"
    assert skipped["bad.csv#4"].kind == "no article text"
    assert skipped["bad.csv#6"].kind == "over the size limit"
    assert "--max-article-size" in skipped["bad.csv#6"].reason


def test_a_csv_quote_left_open_takes_no_rows_after_it(tmp_path: Path) -> None:
    """A quote that never closes, or closes inside a field, no longer runs the rows after it
    into one article: the row is read as its own line, with a warning, and the rest as rows."""
    good = [ID_SENTENCES[n] for n in (0, 1, 4)]  # no commas: each unquoted is one field
    for third, error in ((good[2], "unexpected end of data"), (f'"{good[2]}"', "expected after")):
        text = f'title,text\nSatu,"{good[0]}\nDua,{good[1]}\nTiga,{third}\n'
        path = tmp_path / "open.csv"
        path.write_text(text, encoding="utf-8")
        found = items(path)
        assert [(a.source, a.title, a.text) for a in only(Article, found)] == [
            ("open.csv#2", "Satu", good[0]),
            ("open.csv#3", "Dua", good[1]),
            ("open.csv#4", "Tiga", good[2]),
        ]
        (notice,) = only(Notice, found)
        assert notice.source == "open.csv#2" and error in notice.message
        assert "line 3 on as rows of their own" in notice.message


def test_a_csv_field_over_the_limit_is_passed_over_whole(tmp_path: Path) -> None:
    """A quoted text of many lines over the size limit is one skipped row: its lines are not
    read as rows, and the row after it is named by the line it starts on."""
    long = "\n\n".join([ID_SENTENCES[0]] * 800)  # 1,599 lines, over the csv module's room
    text = f'text,title\n"{long}",Panjang\n"{ID_SENTENCES[1]} ""kutipan""",Dua\n'
    path = tmp_path / "long.csv"
    path.write_text(text, encoding="utf-8")
    found = items(path, ReadOptions(max_article_bytes=2000))
    (skipped,) = only(Skipped, found)
    assert (skipped.source, skipped.kind) == ("long.csv#2", "over the size limit")
    (article,) = only(Article, found)
    assert (article.source, article.title) == ("long.csv#1601", "Dua")
    assert not only(Notice, found)


def test_csv_without_a_text_column_is_skipped_naming_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("name,age\nBudi,40\n", encoding="utf-8")
    [result] = items(path)
    assert isinstance(result, Skipped) and result.source == "other.csv"
    assert 'no "text" column in the header row (name,age)' in result.reason


# ---------------------------------------------------------------- feeds


FULL = (
    f"<p>Jakarta, CNBC Indonesia - {ID_SENTENCES[0]}</p>"
    "<p><strong>Baca Juga:</strong> <a href='/x'>Judul lain yang tidak terkait</a></p>"
    "<script>alert('x')</script>"
    f"<p>{ID_SENTENCES[1]}<br>{ID_SENTENCES[2]}</p>"
    "<figure><img src='a.jpg'><figcaption>Keterangan foto.</figcaption></figure>"
    f"<ul><li>{ID_SENTENCES[3]}</li></ul>"
)


def test_rss_entries_with_full_content_are_articles_summaries_are_skipped(tmp_path: Path) -> None:
    feed = tmp_path / "berita.rss"
    feed.write_text(
        rss_feed(
            "Berita Contoh",
            [
                ("Jokowi ke Tokyo", "https://berita.example.id/a", "Ringkasan.", FULL),
                ("Hanya ringkasan", "https://berita.example.id/b", "Teaser saja.", None),
            ],
        ),
        encoding="utf-8",
    )
    article, summary = items(feed)
    assert article == Article(
        source="berita.rss#1",
        text=f"{ID_SENTENCES[0]}\n\n{ID_SENTENCES[1]} {ID_SENTENCES[2]}\n\n{ID_SENTENCES[3]}",
        title="Jokowi ke Tokyo",
        date="2023-02-01",  # the day as written (+0700), not UTC's
        publisher="Berita Contoh",  # the feed's title (the dateline names the outlet too)
        url="https://berita.example.id/a",
    )  # the feed's <language>en-us</language> is not taken: kg.langid reads the text
    assert isinstance(summary, Skipped) and summary.source == "berita.rss#2"
    assert summary.kind == "summary only"
    assert (
        summary.reason
        == "entry 2 ('Hanya ringkasan') has only a summary, not the article's full text"
    )


def test_atom_entries_with_text_or_html_content(tmp_path: Path) -> None:
    feed = tmp_path / "feed.atom"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Wire</title><id>urn:x</id><updated>2023-02-03T00:00:00Z</updated>"
        '<entry><title>Plain</title><link href="https://wire.example.com/p"/><id>urn:1</id>'
        f'<updated>2023-02-02T10:00:00Z</updated><content type="text">{EN_SENTENCES[0]}'
        f"\n\n{EN_SENTENCES[1]}</content></entry>"
        '<entry><title>Marked up</title><link href="https://wire.example.com/h"/><id>urn:2</id>'
        '<published>2023-02-01T23:00:00-05:00</published><content type="html">'
        f"&lt;p&gt;{EN_SENTENCES[2]}&lt;/p&gt;</content></entry></feed>",
        encoding="utf-8",
    )
    plain, marked = items(feed)
    assert isinstance(plain, Article) and isinstance(marked, Article)
    assert (plain.text, plain.date, plain.publisher) == (
        f"{EN_SENTENCES[0]}\n\n{EN_SENTENCES[1]}",
        "2023-02-02",
        "Wire",
    )
    assert (marked.title, marked.text, marked.date) == ("Marked up", EN_SENTENCES[2], "2023-02-01")


def test_a_truncated_feed_keeps_its_whole_entries_and_junk_is_no_feed(tmp_path: Path) -> None:
    entries = [
        (f"Berita {n}", f"https://berita.example.id/{n}", "Ringkasan.", f"<p>{ID_SENTENCES[n]}</p>")
        for n in range(4)
    ]
    text = rss_feed("Berita Contoh", entries)
    cut = tmp_path / "cut.rss"
    cut.write_text(text[: text.index("Berita 3")], encoding="utf-8")
    found = items(cut)
    assert [a.title for a in only(Article, found)][:3] == ["Berita 0", "Berita 1", "Berita 2"]
    junk = tmp_path / "sitemap.xml"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00garbage")
    [result] = items(junk)
    assert isinstance(result, Skipped) and result.kind == "not a feed"
    assert result.reason.startswith("not an RSS or Atom feed")


# ---------------------------------------------------------------- WARC


def story(n: int) -> str:
    """The n-th news page of these tests, with its canonical URL."""
    pool = ID_SENTENCES if n % 2 else EN_SENTENCES
    return news_page(
        f"Berita uji nomor {n}",
        paragraphs(pool, 3, offset=n),
        url=f"https://berita.example.id/2023/02/{n:02d}/berita-uji",
        date=f"2023-02-{n + 1:02d}T10:00:00+07:00",
        site="Berita Contoh",
    )


def test_warc_html_responses_are_articles_and_the_rest_is_skipped(tmp_path: Path) -> None:
    no_canonical = news_page("Tanpa alamat kanonik", paragraphs(ID_SENTENCES, 3))
    records = [
        Record("https://berita.example.id/a", story(1).encode()),
        Record("https://berita.example.id/logo.png", b"\x89PNG\r\n", "image/png"),
        Record("https://berita.example.id/hilang", b"<html>404</html>", status="404 Not Found"),
        Record("https://berita.example.id/b?x=1", no_canonical.encode("cp1252"), "text/html"),
        Record("https://berita.example.id/app.js", b"var x = 1;", "application/javascript"),
        Record("https://berita.example.id/c", story(2).encode(), "application/octet-stream"),
    ]
    path = write_warc(tmp_path / "crawl.warc.gz", records, request=True)
    found = items(path)
    articles = only(Article, found)
    assert [(a.source, a.url) for a in articles] == [
        ("crawl.warc.gz#3", "https://berita.example.id/2023/02/01/berita-uji"),
        ("crawl.warc.gz#9", "https://berita.example.id/b?x=1"),  # the record's target URI
        ("crawl.warc.gz#13", "https://berita.example.id/2023/02/02/berita-uji"),
    ]
    assert articles[1].text.split("\n\n") == paragraphs(ID_SENTENCES, 3)
    kinds = collections.Counter(s.kind for s in only(Skipped, found))
    assert kinds == {
        "not a response": 7,  # warcinfo and the six requests
        "not HTML": 2,
        "HTTP status not 200": 1,
    }
    reasons = {s.source: s.reason for s in only(Skipped, found)}
    assert reasons["crawl.warc.gz#1"] == "a warcinfo record"
    assert reasons["crawl.warc.gz#4"] == "a request record for https://berita.example.id/logo.png"
    assert (
        reasons["crawl.warc.gz#5"] == "not HTML: image/png for https://berita.example.id/logo.png"
    )
    assert reasons["crawl.warc.gz#7"] == "HTTP status 404 for https://berita.example.id/hilang"


def test_an_uncompressed_warc_and_progress_in_records(tmp_path: Path) -> None:
    path = write_warc(
        tmp_path / "crawl.warc",
        [Record(f"https://x.id/{n}", story(n).encode()) for n in range(3)],
        gzip=False,
    )
    heard: list[ReadProgress] = []
    found = items(path, ReadOptions(progress=heard.append))
    assert len(only(Article, found)) == 3
    assert heard[-1] == ReadProgress("crawl.warc", 4, path.stat().st_size, path.stat().st_size)


def test_a_broken_warc_keeps_the_records_before_the_break(tmp_path: Path) -> None:
    data = warc_bytes([Record(f"https://x.id/{n}", story(n).encode()) for n in range(4)])
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[:-300])  # the last record lacks its end: warcio reads it without a word
    found = items(cut)
    titles = [a.title for a in only(Article, found)]
    assert titles == ["Berita uji nomor 0", "Berita uji nomor 1", "Berita uji nomor 2"]
    [warcinfo, broken] = only(Skipped, found)
    assert broken.source == "cut.warc.gz" and broken.kind == "broken WARC"
    assert broken.reason.startswith("the archive breaks after record 4 (record 5 lacks its last ")
    head = tmp_path / "head.warc.gz"  # cut short in the first record's WARC headers
    head.write_bytes(data[:45])
    assert items(head) == [
        Skipped(
            "head.warc.gz",
            "not a WARC archive, or broken at its start (its last 45 bytes are no whole record)",
        )
    ]
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is not an archive\r\n\r\n" * 10)
    [not_warc] = items(junk)
    assert isinstance(not_warc, Skipped) and not_warc.kind == "broken WARC"
    assert not_warc.reason.startswith("not a WARC archive, or broken at its start")


def test_a_warc_page_whose_http_charset_does_not_read_it_is_read_in_its_meta_charset(
    tmp_path: Path,
) -> None:
    def cyrillic(title: str, meta: str) -> str:
        page = news_page(title, paragraphs(EN_SENTENCES, 3))
        return page.replace('<meta charset="utf-8">', f'<meta charset="{meta}">')

    records = [
        # the server says UTF-8, the bytes are windows-1251, as the page itself says
        Record("https://x.id/a", cyrillic("Москва и НАТО", "windows-1251").encode("cp1251")),
        # the server says UTF-8 and the bytes are: a stale meta does not win over both
        Record("https://x.id/b", cyrillic("Киев и НАТО", "windows-1251").encode()),
        # the server names a charset Python does not know: the page's own is read
        Record(
            "https://x.id/c",
            cyrillic("Минск и НАТО", "windows-1251").encode("cp1251"),
            "text/html; charset=x-no-such",
        ),
    ]
    found = items(write_warc(tmp_path / "crawl.warc.gz", records))
    assert [a.title for a in only(Article, found)] == [
        "Москва и НАТО",
        "Киев и НАТО",
        "Минск и НАТО",
    ]
    assert not only(Notice, found)  # no guess was made


def triples_but_source_files(graph: Graph) -> set[tuple[object, object, object]]:
    return {t for t in graph if t[1] != KG.sourceFile}


def test_kg_build_of_a_warc_gives_the_graph_of_its_pages_in_a_folder(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    records = []
    for n in range(6):
        (pages / f"berita-{n}.html").write_text(story(n), encoding="utf-8")
        records.append(
            Record(f"https://berita.example.id/2023/02/{n:02d}/berita-uji", story(n).encode())
        )
    records.insert(2, Record("https://berita.example.id/logo.png", b"\x89PNG", "image/png"))
    crawl = write_warc(tmp_path / "crawl.warc.gz", records, request=True)
    runner = CliRunner()
    built = {}
    for name, source in (("folder", pages), ("warc", crawl)):
        out = tmp_path / name
        result = runner.invoke(main, ["build", str(source), "-o", str(out), "--no-html"])
        assert result.exit_code == 0, result.output
        built[name] = (Graph().parse(out / "graph.ttl", format="turtle"), result.output)
    folder, warc = built["folder"][0], built["warc"][0]
    assert len(list(folder.subjects(RDF.type, KG.Article))) == 6
    assert len(list(folder.triples((None, RDF.type, KG.Assertion)))) > 6  # facts were read
    # the same graph; only where each article was read from differs
    assert triples_but_source_files(folder) == triples_but_source_files(warc)
    assert {str(o) for o in warc.objects(None, KG.sourceFile)} == {
        f"crawl.warc.gz#{n}" for n in (3, 5, 9, 11, 13, 15)
    }
    output = built["warc"][1]
    assert "read 6 article(s), skipped 9;" in output
    # the closing count by reason: few skips are also named one by one
    assert "9 skipped: 8 not a response, 1 not HTML" in output
    assert "skipped crawl.warc.gz#7: not HTML: image/png" in output


def test_kg_build_reports_warc_progress_in_records_and_counts_skips(tmp_path: Path) -> None:
    records = [Record(f"https://x.id/{n}.png", b"\x89PNG", "image/png") for n in range(248)]
    records += [Record(f"https://x.id/{n}", story(n).encode()) for n in range(2)]
    crawl = write_warc(tmp_path / "big.warc.gz", records)
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(crawl), "-o", str(tmp_path / "o"), "--no-html"])
    assert result.exit_code == 0, result.output
    # off a terminal: a line at every 10% of the file, and at its end
    assert "Reading big.warc.gz: 251 records (100%" in result.output
    assert "Reading big.warc.gz: 100 records (" in result.output
    # many skips are counted by reason, not named one by one (unless --verbose)
    assert "249 skipped: 248 not HTML, 1 not a response (--verbose names each)" in (result.output)
    assert "skipped big.warc.gz#" not in result.output
    verbose = runner.invoke(
        main, ["build", str(crawl), "-o", str(tmp_path / "v"), "--no-html", "--verbose"]
    )
    assert "skipped big.warc.gz#2: not HTML: image/png for https://x.id/0.png" in verbose.output
    assert "249 skipped: 248 not HTML, 1 not a response\n" in verbose.output


def test_a_tiny_size_limit_reads_a_csv_header_and_names_sizes_in_bytes(tmp_path: Path) -> None:
    """The csv module's field limit never stops the header row; small sizes read in bytes."""
    path = tmp_path / "t.csv"
    path.write_text(f'text,title\n"{ID_SENTENCES[0]}",Satu\n', encoding="utf-8")
    (result,) = items(path, ReadOptions(max_article_bytes=2))
    assert isinstance(result, Skipped) and result.kind == "over the size limit"
    assert "limit of 2 bytes" in result.reason


def test_a_csv_of_a_header_only_is_named_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("text,title\n\n", encoding="utf-8")
    (result,) = items(path)
    assert isinstance(result, Skipped) and result.kind == "empty"
    assert result.reason == "no rows after the header row"
