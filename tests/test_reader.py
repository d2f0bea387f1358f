"""kg.reader on the two scraped sample articles and on small files of every supported kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pages import EN_SENTENCES, ID_SENTENCES, news_page, paragraphs

from kg.errors import InputError
from kg.model import Article, Notice, Skipped
from kg.reader import parse_date, read_article_text, read_articles

INPUT = Path(__file__).resolve().parent.parent / "input"
CNBC = INPUT / "000_b9f9561c98a80b68.txt"
KORAN = INPUT / "001_d521220fccabea1c.txt"


def read_one(path: Path) -> Article | Skipped:
    [result] = list(read_articles([path]))
    return result


def article(path: Path) -> Article:
    result = read_one(path)
    assert isinstance(result, Article), result
    return result


def skipped(path: Path) -> Skipped:
    result = read_one(path)
    assert isinstance(result, Skipped), result
    return result


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- the scraped samples


def test_cnbc_sample_metadata() -> None:
    a = article(CNBC)
    assert a.source == "000_b9f9561c98a80b68.txt"
    assert a.title == "2 Negara Asia ‘Terseret’ NATO di Perang Rusia-Ukraina, Siapa?"
    assert a.date == "2023-02-01"
    assert a.publisher == "CNBC Indonesia"
    assert a.url is None and a.language == ""  # detected at extraction (kg.langid)


def test_cnbc_sample_body_loses_dateline_and_page_furniture() -> None:
    text = article(CNBC).text
    assert text.startswith("NATO meminta dua negara Asia terlibat lebih jauh")
    assert text.endswith("untuk mengatasi tantangan dari China atau Korut.”")
    for furniture in (
        "Jakarta, CNBC Indonesia",
        "ADVERTISEMENT",
        "SCROLL TO RESUME CONTENT",
        "Gambas",
        "Artikel Selanjutnya",
        "Awas Kim Jong Un Ngamuk",  # headline of the next article
        "(sef/sef)",
        "Tokoh",
        "Transportasi",
        "1 February 2023",
    ):
        assert furniture not in text, furniture
    assert "Terseret" not in text  # the title is not part of the body


def test_cnbc_sample_paragraph_layout() -> None:
    paragraphs = article(CNBC).text.split("\n\n")
    assert len(paragraphs) == 6
    assert all(p and p == p.strip() and "\n" not in p and "  " not in p for p in paragraphs)
    # lines of one block are joined with a space; typographic quotes stay as written
    assert paragraphs[3].startswith("“Pada akhirnya")
    assert "sekarang,” lanjutnya. “Apa yang terjadi di Eropa" in paragraphs[3]
    assert paragraphs[4].startswith("Kenapa Korsel dan Jepang? Kedua negara ini")
    assert "King’s College London" in paragraphs[5]


def test_koran_jakarta_sample_metadata() -> None:
    a = article(KORAN)
    assert a.title == "Dekati Asia, NATO Mendesak Korea Selatan Kirim Bantuan Militer ke Ukraina"
    assert a.date == "2023-02-01"
    assert a.publisher == "koran-jakarta.com"


def test_koran_jakarta_sample_body() -> None:
    text = article(KORAN).text
    paragraphs = text.split("\n\n")
    assert paragraphs[0].startswith("Sekretaris Jenderal Pakta Pertahanan Atlantik Utara (NATO)")
    assert paragraphs[-1].endswith("seperti diberitakan AP.")
    assert "Keterkaitan dengan Tiongkok" in paragraphs  # subheadings stay as paragraphs
    for furniture in ("Dekati Asia", "koran-jakarta.com", "Global |", "share", "Topik Menarik"):
        assert furniture not in text, furniture
    assert '"Saya mendesak Republik Korea' in text


def test_read_article_text_matches_reading_the_file() -> None:
    raw = KORAN.read_text(encoding="utf-8")
    assert read_article_text(KORAN.name, raw) == read_one(KORAN)


# ---------------------------------------------------------------- .txt layouts


@pytest.mark.parametrize(
    "line",
    [
        "1 February 2023, 8:03",
        "Rabu, 1 Februari 2023 - 14:37",
        "2023-02-01",
        "01/02/2023",
        "Feb 1, 2023 8:03 AM GMT+7",
        "Rabu, 01 Feb 2023 14.37 WIB",
        "Published on 1 February 2023 at 08:03",
        "Kompas.com - 01/02/2023, 14:37 WIB",
    ],
)
def test_date_lines(line: str) -> None:
    raw = f"Judul Berita\n\n{line}\n\nIsi berita yang pertama.\n"
    a = read_article_text("x.txt", raw)
    assert isinstance(a, Article)
    assert a.date == "2023-02-01"
    assert a.text == "Isi berita yang pertama."


def test_date_in_the_body_is_not_the_article_date() -> None:
    a = read_article_text("x.txt", "Judul\n\nPada 1 Februari 2023 NATO datang.\n")
    assert isinstance(a, Article)
    assert a.date is None
    assert a.text == "Pada 1 Februari 2023 NATO datang."


def test_parse_date_reads_both_languages_and_rejects_impossible_dates() -> None:
    assert parse_date("Jum'at, 3 Pebruari 2023") == "2023-02-03"
    assert parse_date("Sept. 5, 2022") == "2022-09-05"
    assert parse_date("2023-02-01T14:37:00+07:00") == "2023-02-01"
    assert parse_date("12/31/2023") == "2023-12-31"  # month first only when day first is invalid
    assert parse_date("30 Februari 2023") is None
    assert parse_date("kemarin") is None


@pytest.mark.parametrize(
    ("first", "publisher", "body"),
    [
        ("JAKARTA (Reuters) - NATO datang.", "Reuters", "NATO datang."),
        ("SEOUL, Jan 30 (AP) — NATO came.", "AP", "NATO came."),
        ("Liputan6.com, Jakarta - NATO datang.", "Liputan6.com", "NATO datang."),
        ("JAKARTA, KOMPAS.com - NATO datang.", "KOMPAS.com", "NATO datang."),
        ("Jakarta - NATO datang.", None, "NATO datang."),
        ("Stoltenberg - di Seoul.", None, "Stoltenberg - di Seoul."),
        ("Menurut Stoltenberg, NATO datang.", None, "Menurut Stoltenberg, NATO datang."),
    ],
)
def test_datelines(first: str, publisher: str | None, body: str) -> None:
    a = read_article_text("x.txt", f"Judul\n\n{first}\n\nParagraf kedua.\n")
    assert isinstance(a, Article)
    assert a.publisher == publisher
    assert a.text == f"{body}\n\nParagraf kedua."


def test_english_news_boilerplate() -> None:
    raw = """NATO chief urges South Korea to arm Ukraine
By Hyonhee Shin and Josh Smith
February 1, 2023 8:03 AM GMT+7 Updated 2 hours ago

SEOUL, Jan 30 (Reuters) - Jens Stoltenberg urged South Korea to do more. (Photo: Reuters/Kim)

Advertisement

Read more:
Japan and NATO to deepen ties

"We must stand together," he said.

Related: Another story entirely

Follow us on Twitter for more

(Reporting by Hyonhee Shin; Editing by Josh Smith)

Copyright © 2023 Reuters. All rights reserved.
World
"""
    a = read_article_text("reuters.txt", raw)
    assert isinstance(a, Article)
    assert (a.title, a.date, a.publisher) == (
        "NATO chief urges South Korea to arm Ukraine",
        "2023-02-01",
        "Reuters",
    )
    assert a.text == (
        'Jens Stoltenberg urged South Korea to do more.\n\n"We must stand together," he said.'
    )


def test_indonesian_news_boilerplate() -> None:
    raw = """Jokowi Terima Kunjungan Sekjen NATO

Kamis, 2 Februari 2023 10:15 WIB

Jakarta (ANTARA) - Presiden menerima Stoltenberg (Foto: ANTARA/Hafidz) di Istana.

Baca Juga: Judul lain yang tidak terkait

BACA JUGA
Judul lain di baris berikutnya

Iklan

Keduanya membahas Ukraina. (ant/hrs)

Editor: Budi
Ikuti berita terkini dari kami di Google News
Tags:
NATO
"""
    a = read_article_text("antara.txt", raw)
    assert isinstance(a, Article)
    assert (a.date, a.publisher) == ("2023-02-02", "ANTARA")
    assert a.text == "Presiden menerima Stoltenberg di Istana.\n\nKeduanya membahas Ukraina."


def test_trailing_menu_needs_a_run_of_short_lines() -> None:
    a = read_article_text("x.txt", "Judul\n\nIsi berita.\n\nPenutup\n")
    assert isinstance(a, Article)
    assert a.text == "Isi berita.\n\nPenutup"  # one short closing line is kept


def test_only_boilerplate_is_skipped() -> None:
    result = read_article_text("x.txt", "Judul\n\nADVERTISEMENT\n\nBaca juga: Lain\n")
    assert result == Skipped("x.txt", "no article text after removing boilerplate")


# ---------------------------------------------------------------- other formats


def test_html_article_body_and_metadata_from_trafilatura(tmp_path: Path) -> None:
    extra = (
        '<figure><img src="x.jpg"><figcaption>Stoltenberg di Seoul.</figcaption></figure>'
        '<div class="ad-slot">Beli sekarang</div>'
        "<p>Dia berkata keputusan<br>ada di tangan Seoul.</p>"
        "<h2>Berikutnya Jepang</h2><ul><li>Dia mengunjungi Tokyo.</li>"
        "<li>Dia bertemu Fumio Kishida.</li></ul>"
    )
    page = write(
        tmp_path,
        "page.html",
        news_page(
            "Seoul Menimbang Permintaan Senjata",
            paragraphs(ID_SENTENCES, 2),
            url="https://news.example.com/seoul-arms",
            date="2023-02-01T14:37:00+07:00",
            site="Example News",
            story_extra=extra,
        ),
    )
    a = article(page)
    assert a.title == "Seoul Menimbang Permintaan Senjata"  # not the <title>'s "- Example News"
    assert (a.date, a.publisher) == ("2023-02-01", "Example News")
    assert a.url == "https://news.example.com/seoul-arms"
    assert a.language == ""  # kg.langid reads the text; the page's lang= is not trusted
    assert a.text.split("\n\n") == [
        *paragraphs(ID_SENTENCES, 2),
        "Dia berkata keputusan ada di tangan Seoul.",  # a <br> breaks no paragraph
        "Berikutnya Jepang",
        "Dia mengunjungi Tokyo.",
        "Dia bertemu Fumio Kishida.",
    ]


def test_html_keeps_kg_rules_for_what_trafilatura_keeps(tmp_path: Path) -> None:
    """Indonesian outlets' furniture inside the story: a dateline naming the publisher, a
    "Baca Juga" teaser, "SCROLL TO RESUME CONTENT", the editors' initials."""
    body = [
        "Jakarta, CNBC Indonesia - " + ID_SENTENCES[0],
        "Baca Juga: Judul lain yang tidak terkait sama sekali",
        "SCROLL TO RESUME CONTENT",
        f"{ID_SENTENCES[1]} {ID_SENTENCES[2]}",
        f"{ID_SENTENCES[3]} (sef/sef)",
    ]
    a = article(write(tmp_path, "cnbc.html", news_page("Jokowi ke Tokyo", body)))
    assert a.publisher == "CNBC Indonesia" and a.date is None and a.url is None
    assert a.text.split("\n\n") == [ID_SENTENCES[0], body[3], ID_SENTENCES[3]]


def _metadata_pages() -> list[tuple[str, str | None]]:
    """Pages (and where each was fetched from) that find their metadata in different places:
    meta tags, JSON-LD, the <title>, a relative canonical link, a date in the text only."""
    body = paragraphs(EN_SENTENCES, 3)
    json_ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        '"Seoul weighs the request", "datePublished": "2023-03-04T08:00:00Z", '
        '"publisher": {"@type": "Organization", "name": "Ledger Daily"}}</script>'
    )
    bare = "".join(f"<p>{p}</p>" for p in body)
    return [
        (
            news_page(
                "NATO in Seoul",
                body,
                url="https://a.example/x",
                date="2023-02-01",
                site="Example News",
            ),
            None,
        ),
        (news_page("NATO in Seoul", body), "https://fetched.example/2023/02/05/nato"),
        (news_page("NATO in Seoul", body, site="@ledger"), None),
        (news_page("NATO in Seoul", body).replace("</head>", f"{json_ld}</head>"), None),
        (
            news_page("NATO in Seoul", body).replace(
                "</head>",
                '<link rel="canonical" href="/world/nato">'
                '<meta property="og:url" content="https://b.example/world/nato"></head>',
            ),
            None,
        ),
        (
            "<html><head><title>Seoul weighs arms | b.example</title></head><body>"
            f"<div class='story'><p>Published 6 March 2023</p>{bare}</div></body></html>",
            None,
        ),
    ]


def test_html_metadata_is_trafilaturas() -> None:
    """kg reads the title, date, site name and URL itself, with trafilatura's and htmldate's
    functions, skipping the searches whose results it does not use (author, categories, tags,
    license): each field is what trafilatura's own extract_metadata finds."""
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    from kg.readers.html import _metadata

    fields = ("title", "date", "sitename", "url")
    found = []
    for page, url in _metadata_pages():
        tree = load_html(page)
        theirs = extract_metadata(tree, url)
        ours = [getattr(_metadata(tree, url), field) for field in fields]
        assert ours == [getattr(theirs, field) for field in fields], page
        found.append(ours)
    # every field is found on some pages and missing on others
    assert all(0 < sum(bool(values[n]) for values in found) < len(found) for n in (1, 2, 3))


def test_html_page_without_a_story_is_skipped(tmp_path: Path) -> None:
    page = write(tmp_path, "menu.html", "<html><body><nav>Home</nav><p>Menu</p></body></html>")
    result = skipped(page)
    assert result.kind == "no article text"
    assert "no article text" in result.reason


def test_markdown(tmp_path: Path) -> None:
    md = write(
        tmp_path,
        "note.md",
        """# Stoltenberg in *Tokyo*

![photo of the meeting](https://example.com/img.jpg)

Jens Stoltenberg met **Fumio Kishida** in [Tokyo](https://example.com/tokyo)
on Tuesday, said `officials`.

## Talks

- Security in the _Indo-Pacific_
- China\\*s role

> "We stand together," he said.
""",
    )
    a = article(md)
    assert a.title == "Stoltenberg in Tokyo"
    assert a.text.split("\n\n") == [
        "Jens Stoltenberg met Fumio Kishida in Tokyo on Tuesday, said officials.",
        "Talks",
        "Security in the Indo-Pacific",
        "China*s role",
        '"We stand together," he said.',
    ]


def test_markdown_without_heading_takes_the_first_line(tmp_path: Path) -> None:
    a = article(write(tmp_path, "plain.md", "NATO in Asia\n\nA *short* body.\n"))
    assert (a.title, a.text) == ("NATO in Asia", "A short body.")


def test_jsonl_reads_good_lines_and_names_bad_ones(tmp_path: Path) -> None:
    good = {
        "text": "Jakarta, CNN Indonesia -- Presiden bertemu Stoltenberg.\n\nBaca juga: Lain",
        "title": "Jokowi dan NATO",
        "date": "2023-02-01T10:00:00Z",
        "url": "https://example.id/a",
    }
    english = {"text": "NATO chief visits Japan.", "language": "en", "publisher": "AP"}
    lines = [
        json.dumps(good),
        '{"text": "unterminated',
        "",
        json.dumps({"title": "no body"}),
        json.dumps(english),
        json.dumps({"text": "NATO chief visits Seoul.", "date": "yesterday"}),
    ]
    feed = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    results = list(read_articles([feed]))
    assert [r.source for r in results] == [
        "feed.jsonl#1",
        "feed.jsonl#2",
        "feed.jsonl#4",
        "feed.jsonl#5",
        "feed.jsonl#6",
        "feed.jsonl#6",
    ]
    first, bad_json, no_text, second, bad_date, undated = results
    assert first == Article(
        source="feed.jsonl#1",
        text="Presiden bertemu Stoltenberg.",
        title="Jokowi dan NATO",
        date="2023-02-01",
        publisher="CNN Indonesia",
        url="https://example.id/a",
    )
    assert isinstance(bad_json, Skipped) and "line 2 is not valid JSON" in bad_json.reason
    assert isinstance(no_text, Skipped) and '"text"' in no_text.reason
    assert second == Article(
        source="feed.jsonl#5", text="NATO chief visits Japan.", publisher="AP", language="en"
    )
    # a date kg cannot read is dropped, said so; the article is read without it
    assert isinstance(bad_date, Notice) and "'yesterday'" in bad_date.message
    assert isinstance(undated, Article) and undated.date is None


def test_news_pleases_own_records_are_read(tmp_path: Path) -> None:
    """news-please's serializer writes "text": null beside "maintext", and "None" for a date
    it lacks."""
    record = {
        "title": "NATO dan Korea",
        "maintext": "Stoltenberg mendesak Korea Selatan.",
        "text": None,
        "date_publish": "None",
        "source_domain": "example.id",
    }
    feed = write(tmp_path, "np.jsonl", json.dumps(record) + "\n")
    (article,) = list(read_articles([feed]))
    assert isinstance(article, Article) and article.text == record["maintext"]
    assert article.date is None and article.publisher == "example.id"


NEWS_PLEASE = {
    "authors": ["Budi Santoso"],
    "date_download": "2023-02-02 08:00:00",
    "date_modify": None,
    "date_publish": "2023-02-01 14:37:00",
    "description": "Presiden bertemu Kishida.",
    "filename": "https%3A%2F%2Fberita.example.id%2Fa.json",
    "image_url": None,
    "language": "id",
    "localpath": None,
    "maintext": "Jakarta, CNBC Indonesia - " + ID_SENTENCES[0] + "\n\n" + ID_SENTENCES[1],
    "source_domain": "berita.example.id",
    "title": "Jokowi Bertemu Kishida",
    "title_page": None,
    "title_rss": None,
    "url": "https://berita.example.id/a",
}


def test_news_please_json_file(tmp_path: Path) -> None:
    a = article(write(tmp_path, "a.json", json.dumps(NEWS_PLEASE)))
    assert a == Article(
        source="a.json",
        text=f"{ID_SENTENCES[0]}\n\n{ID_SENTENCES[1]}",
        title="Jokowi Bertemu Kishida",
        date="2023-02-01",
        publisher="berita.example.id",
        url="https://berita.example.id/a",
        language="id",
    )


def test_news_please_jsonl_and_a_json_list(tmp_path: Path) -> None:
    no_text = {**NEWS_PLEASE, "maintext": None, "url": "https://berita.example.id/b"}
    english = {**NEWS_PLEASE, "maintext": EN_SENTENCES[0], "language": "en", "url": None}
    lines = [json.dumps(r) for r in (NEWS_PLEASE, no_text, english)]
    feed = write(tmp_path, "crawl.jsonl", "\n".join(lines) + "\n")
    listed = write(tmp_path, "crawl.json", json.dumps([NEWS_PLEASE, no_text, english]))
    for path, name in ((feed, "crawl.jsonl"), (listed, "crawl.json")):
        first, missing, second = read_articles([path])
        assert isinstance(first, Article) and first.url == "https://berita.example.id/a"
        assert isinstance(missing, Skipped) and missing.source == f"{name}#2"
        assert missing.kind == "no article text" and '"maintext"' in missing.reason
        assert isinstance(second, Article)
        assert (second.text, second.language) == (EN_SENTENCES[0], "en")


def test_json_file_that_is_no_record(tmp_path: Path) -> None:
    bad = skipped(write(tmp_path, "x.json", '{"maintext": "unterminated'))
    assert bad.kind == "not valid JSON" and bad.reason.startswith("the file is not valid JSON")
    deep = skipped(write(tmp_path, "deep.json", "[" * 5000 + "]" * 5000))
    assert deep.kind == "not valid JSON" and "nested too deeply" in deep.reason
    number = skipped(write(tmp_path, "n.json", "42"))
    assert number.reason == 'the file is not a JSON object with a "text" field'


# ---------------------------------------------------------------- bad input and folders


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\n\t\n")
    assert skipped(tmp_path / "empty.txt") == Skipped("empty.txt", "empty file")
    assert skipped(tmp_path / "blank.txt") == Skipped("blank.txt", "empty file")


def test_binary_file(tmp_path: Path) -> None:
    png = tmp_path / "picture.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert skipped(png) == Skipped("picture.txt", "binary file, not text")


def test_cp1252_file_is_read_and_the_guess_is_said(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Café “NATO”\n\n1 Februari 2023\n\nStoltenberg – di Seoul.\n".encode("cp1252"))
    notice, a = list(read_articles([path]))
    assert isinstance(a, Article)
    assert (a.title, a.date, a.text) == ("Café “NATO”", "2023-02-01", "Stoltenberg – di Seoul.")
    assert isinstance(notice, Notice) and notice.source == "old.txt"
    assert (
        "not UTF-8: read as cp1252" in notice.message and "save the file as UTF-8" in notice.message
    )


@pytest.mark.parametrize(
    ("charset", "encoding", "title"),
    [
        ("windows-1251", "cp1251", "Москва и НАТО"),
        ("iso-8859-2", "iso-8859-2", "Łódź i NATO"),
        ("iso-8859-1", "cp1252", "Café “NATO”"),  # a latin-1 label is windows-1252, as in browsers
    ],
)
def test_an_html_page_is_read_in_the_charset_it_declares(
    tmp_path: Path, charset: str, encoding: str, title: str
) -> None:
    page = news_page(title, paragraphs(ID_SENTENCES, 3)).replace(
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode(encoding, errors="xmlcharrefreplace"))
    found = list(read_articles([path]))
    assert [type(item) for item in found] == [Article], found  # no guess to tell of
    assert isinstance(found[0], Article) and found[0].title == title


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-16-le"])
def test_unicode_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Judul “kutip”\n\nIsi berita – satu.\n".encode(encoding))
    a = article(path)
    assert (a.title, a.text) == ("Judul “kutip”", "Isi berita – satu.")


def test_undecodable_file_names_the_encodings_tried(tmp_path: Path) -> None:
    path = tmp_path / "mangled.txt"
    path.write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 20 + b"abc")
    reason = skipped(path).reason
    assert "utf-8" in reason and "cp1252" in reason and "latin-1" in reason


def test_unsupported_file_named_explicitly(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.docx", "x")
    result = skipped(path)
    assert result.reason.startswith("unsupported file type .docx (kg reads .txt, .md, .html, ")
    assert result.kind == "unsupported file type"


def test_folder_is_walked_in_order_skipping_hidden_and_unsupported(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "Judul B\n\nIsi B.\n")
    write(tmp_path, "a.md", "# Judul A\n\nIsi A.\n")
    write(tmp_path, "sub/c.html", "<html><body><h1>Judul C</h1><p>Isi C.</p></body></html>")
    write(tmp_path, "sub/.draft.txt", "Rahasia\n\nTidak dibaca.\n")
    write(tmp_path, ".cache/d.txt", "Rahasia\n\nTidak dibaca.\n")
    write(tmp_path, "image.png", "not read")
    results = list(read_articles([tmp_path]))
    assert [(r.source, r.title) for r in results if isinstance(r, Article)] == [
        ("a.md", "Judul A"),
        ("b.txt", "Judul B"),
        ("sub/c.html", "Judul C"),  # its path under the folder given
    ]
    # files of other types are not read, but they are counted, by type (issue 9, case 19)
    [notice] = [r for r in results if isinstance(r, Notice)]
    assert notice.source == str(tmp_path) and "ignored 1 file(s)" in notice.message
    assert "1 .png" in notice.message
    assert len(results) == 4


def test_missing_path_raises_before_reading(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(InputError, match="nowhere: no such file or folder"):
        read_articles([CNBC, missing])


def test_wire_dateline_gives_the_date_and_publisher() -> None:
    raw = (
        "Leaders meet at the border\n\n"
        "HANOI, March 3, 2024 (Reuters) - Two leaders met at the border crossing on Sunday "
        "and agreed to reopen trade.\n"
    )
    article = read_article_text("wire.txt", raw)
    assert isinstance(article, Article)
    assert article.date == "2024-03-03"
    assert article.publisher == "Reuters"
    assert article.text.startswith("Two leaders met")


def test_initialisms_end_no_sentence() -> None:
    from kg.text import split_paragraph

    text = "Russia vetoed a U.N. Security Council draft. The U.K. abstained. Talks resumed."
    assert split_paragraph(text) == [
        "Russia vetoed a U.N. Security Council draft.",
        "The U.K. abstained.",
        "Talks resumed.",
    ]


def test_first_line_with_a_dateline_is_the_body_not_a_title() -> None:
    raw = "Surabaya (ANTARA) - Gubernur Jawa Timur menerima tamu dari Chili.\n\nParagraf kedua.\n"
    article = read_article_text("untitled.txt", raw)
    assert isinstance(article, Article)
    assert article.title == ""
    assert article.publisher == "ANTARA"
    assert article.text == "Gubernur Jawa Timur menerima tamu dari Chili.\n\nParagraf kedua."


def test_without_a_date_line_the_opening_s_stamped_date_dates_the_article() -> None:
    lede = (
        "Medan - Menteri Perdagangan bertemu duta besar Jepang di Medan pada Kamis "
        "(5/6/2025) untuk membahas kerja sama maritim."
    )
    article = read_article_text("lede.txt", "Judul berita\n\n" + lede + "\n\nParagraf kedua.\n")
    assert isinstance(article, Article) and article.date == "2025-06-05"
    # a header fused into the first line still dates it
    fused = "Kanal warta | 3 Maret 2023, 08:10 WIBMEDAN - Gubernur menerima tamu."
    article = read_article_text("fused.txt", "Judul berita\n\n" + fused + "\n")
    assert isinstance(article, Article) and article.date == "2023-03-03"
    # a weekday's date deep in the article is of something else, not of the article
    late = "Kalimat pembuka yang panjang sekali. " * 20 + "Perjanjian diteken Senin (3/5/2019)."
    article = read_article_text("late.txt", "Judul berita\n\n" + late + "\n")
    assert isinstance(article, Article) and article.date is None


def test_a_canonical_url_of_the_site_root_is_no_articles_identity(tmp_path: Path) -> None:
    """A CMS that gives every page <link rel=canonical href="https://site/"> would make its
    pages one article (an article's identity is its URL): such a URL is left out."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(3):
        body = paragraphs(ID_SENTENCES[n:] + ID_SENTENCES[:n], 3)
        page = news_page(f"Berita nomor {n}", body, url="https://www.kompas.example/")
        write(folder, f"p{n}.html", page)
    found = list(read_articles([folder]))
    articles = [a for a in found if isinstance(a, Article)]
    assert len(articles) == 3 and all(a.url is None for a in articles)
    page = news_page("Berita", paragraphs(ID_SENTENCES, 3), url="https://x.example/a/1")
    (one,) = list(read_articles([write(tmp_path, "one.html", page)]))
    assert isinstance(one, Article) and one.url == "https://x.example/a/1"


def test_a_records_language_is_a_language_tag_or_is_read_from_the_text(tmp_path: Path) -> None:
    lines = [
        {"text": EN_SENTENCES[0], "language": "en-US"},
        {"text": EN_SENTENCES[1], "language": "english", "date": "kemarin"},
    ]
    feed = write(tmp_path, "l.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    first, date_dropped, language_dropped, second = list(read_articles([feed]))
    assert isinstance(first, Article) and first.language == "en"
    assert isinstance(date_dropped, Notice) and "'kemarin'" in date_dropped.message
    assert isinstance(language_dropped, Notice) and "'english'" in language_dropped.message
    assert isinstance(second, Article) and second.language == "" and second.date is None


def test_one_story_under_several_urls_is_one_article(tmp_path: Path) -> None:
    """http or https, a trailing slash, a #fragment and click-tracking parameters
    (ontology/tracking_parameters.tsv) make no other article; another page does."""
    from kg.identity import article_identity

    def identity(url: str) -> str:
        return article_identity(Article(source="x", text="t", url=url))

    same = [
        "https://news.example/2024/05/nato-seoul",
        "http://News.Example/2024/05/nato-seoul/",
        "https://news.example:443/2024/05/nato-seoul?utm_source=twitter&utm_medium=social",
        "https://news.example/2024/05/nato-seoul?fbclid=IwAR0abc#comments",
    ]
    assert len({identity(u) for u in same}) == 1
    others = [
        "https://news.example/2024/05/nato-seoul?page=2",
        "https://news.example/2024/05/nato-tokyo",
        "https://other.example/2024/05/nato-seoul",
    ]
    assert len({identity(u) for u in [same[0], *others]}) == 4


def test_a_build_reads_one_story_under_several_urls_once(tmp_path: Path) -> None:
    from kg.build import BuildOptions, build

    urls = [
        "https://news.example/2024/05/nato-seoul",
        "http://news.example/2024/05/nato-seoul/",
        "https://news.example/2024/05/nato-seoul?utm_source=twitter",
    ]
    records = [{"text": " ".join(EN_SENTENCES[:3]), "url": url} for url in urls]
    feed = write(tmp_path, "f.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")
    report = build([feed], BuildOptions(out_dir=tmp_path / "out", html=False, workers=1))
    assert report.articles == 1
    assert sorted(s.kind for s in report.skipped) == ["duplicate", "duplicate"]


def test_a_symbolic_link_to_a_folder_is_named_not_followed(tmp_path: Path) -> None:
    """A link to a folder may point back up (a loop): it is left out with a warning that says
    how to read it; a link to a file is read."""
    news = tmp_path / "news"
    news.mkdir()
    other = tmp_path / "other"
    other.mkdir()
    write(other, "a.txt", "Judul A\n\n" + ID_SENTENCES[0])
    write(tmp_path, "b.txt", "Judul B\n\n" + ID_SENTENCES[1])
    (news / "linked").symlink_to(other, target_is_directory=True)
    (news / "loop").symlink_to(news, target_is_directory=True)
    (news / "b.txt").symlink_to(tmp_path / "b.txt")
    found = list(read_articles([news]))
    notices = sorted(n.source for n in found if isinstance(n, Notice))
    assert notices == [str(news / "linked"), str(news / "loop")]
    assert all("give it as an input" in n.message for n in found if isinstance(n, Notice))
    assert [a.title for a in found if isinstance(a, Article)] == ["Judul B"]


def test_a_markdown_date_kg_cannot_read_is_named_and_left_out(tmp_path: Path) -> None:
    text = f"---\ntitle: Judul\ndate: kemarin sore\n---\n\n{ID_SENTENCES[0]}\n"
    notice, article = list(read_articles([write(tmp_path, "a.md", text)]))
    assert isinstance(notice, Notice) and "'kemarin sore'" in notice.message
    assert isinstance(article, Article) and article.date is None and article.title == "Judul"


def test_markdown_front_matter_reads_quoted_values_and_names_an_unclosed_block(
    tmp_path: Path,
) -> None:
    text = f'---\ntitle: "Stoltenberg: \\"Korea harus\\" membantu"\n---\n\n{ID_SENTENCES[0]}\n'
    (quoted,) = list(read_articles([write(tmp_path, "q.md", text)]))
    assert isinstance(quoted, Article) and quoted.title == 'Stoltenberg: "Korea harus" membantu'
    text = f"---\ntitle: 'It''s NATO'\n---\n\n{ID_SENTENCES[0]}\n"
    (single,) = list(read_articles([write(tmp_path, "s.md", text)]))
    assert isinstance(single, Article) and single.title == "It's NATO"
    text = f"---\ntitle: Tanpa penutup\n\n{ID_SENTENCES[0]}\n"
    notice, unclosed = list(read_articles([write(tmp_path, "u.md", text)]))
    assert isinstance(notice, Notice) and "never closed" in notice.message
    assert isinstance(unclosed, Article) and not (unclosed.title or "").startswith("---")


def test_a_section_name_over_the_headline_is_neither_title_nor_body(tmp_path: Path) -> None:
    text = (
        "Politik\nPresiden Joko Widodo Bertemu Xi Jinping di Beijing\n\n"
        "1 Februari 2023\n\nPresiden Joko Widodo bertemu Presiden China Xi Jinping.\n"
    )
    a = article(write(tmp_path, "kicker.txt", text))
    assert a.title == "Presiden Joko Widodo Bertemu Xi Jinping di Beijing"
    assert "Politik" not in a.text and a.date == "2023-02-01"


def test_a_first_line_of_sentences_is_body_not_a_title(tmp_path: Path) -> None:
    """A headline has no final stop: a first line of two sentences ending in one is body."""
    first = "Menlu Retno Marsudi bertemu Menlu Jepang. Keduanya membahas kerja sama maritim."
    a = article(write(tmp_path, "lede.txt", f"{first}\nParagraf kedua tentang hal lain.\n"))
    assert a.title == "" and a.text.startswith(first)
    # one that asks or exclaims before going on is still a headline
    head = "Korut dan Rusia Jadi Sekutu! Bakal Saling Bantu jika Diserang"
    b = article(write(tmp_path, "head.txt", f"{head}\n\nIsi berita yang pertama.\n"))
    assert b.title == head


def test_subscription_pitches_and_photo_credits_are_furniture(tmp_path: Path) -> None:
    text = (
        "Nyaman tanpa iklan. Langganan KoranPro\n\nJudul Berita Hari Ini\n\n"
        "Reruntuhan gedung setelah gempa di kota itu. Foto: Antara\n"
        "Scroll ke bawah untuk membaca berita\n"
        "Isi berita yang pertama.\n"
    )
    a = article(write(tmp_path, "pitch.txt", text))
    assert a.title == "Judul Berita Hari Ini"
    assert a.text == "Isi berita yang pertama."
