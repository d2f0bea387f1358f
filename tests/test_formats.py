"""Issue 13: the formats news corpora come in (CSV, RSS/Atom feeds, WARC archives) and the
closing summary of what was skipped. Every page, feed and archive is built here."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pages import EN_SENTENCES, ID_SENTENCES

from kg.model import Article, Notice, Skipped
from kg.reader import ReadOptions, read_articles


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
    [a] = items(path)
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
        f'"{good[1]}",Dua,kemarin\n'  # line 5: a date kg cannot read
        f'"{"x" * 3000}",Panjang,\n'  # line 6: over this test's size limit
        f'"{good[2]}",Tiga,\n'
        "\n"  # blank lines are no rows
    )
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    found = items(path, ReadOptions(max_article_bytes=2000))
    assert [a.text for a in only(Article, found)] == [good[0], good[2]]
    skipped = {s.source: s for s in only(Skipped, found)}
    assert sorted(skipped) == ["bad.csv#3", "bad.csv#4", "bad.csv#5", "bad.csv#6"]
    assert skipped["bad.csv#3"].reason == "the row on line 3 has 1 fields, the header 3"
    assert skipped["bad.csv#3"].kind == "bad CSV row"
    assert skipped["bad.csv#4"].kind == "no article text"
    assert "'kemarin'" in skipped["bad.csv#5"].reason
    assert skipped["bad.csv#6"].kind == "over the size limit"
    assert "--max-article-size" in skipped["bad.csv#6"].reason


def test_csv_without_a_text_column_is_skipped_naming_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("name,age\nBudi,40\n", encoding="utf-8")
    [result] = items(path)
    assert isinstance(result, Skipped) and result.source == "other.csv"
    assert 'no "text" column in the header row (name,age)' in result.reason
