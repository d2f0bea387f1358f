"""graph.html of a build is read from the manifest's rows (kg.view_rows), not from the store's
triples: it must be the page kg.view makes from those triples, byte for byte, after a full build
and after articles are added and taken out (the rows of each entity are derived again)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.namespace import XSD

from kg.build import BuildOptions, build
from kg.errors import ViewOptionError
from kg.store_layout import MANIFEST, oxigraph_path, read_only, store_dir
from kg.view import ViewOptions, render_page_rows, render_page_store
from kg.vocab import ARTICLE_BASE, ENTITY_BASE, KG

TEXTS = [
    *sorted((Path(__file__).parent.parent / "input").glob("*.txt")),
    *sorted((Path(__file__).parent / "data" / "gold" / "texts").glob("*.txt")),
    *sorted((Path(__file__).parent / "data" / "heldout" / "texts").glob("*.txt")),
]


def _corpus(folder: Path, texts: list[Path]) -> Path:
    folder.mkdir(parents=True)
    for n, src in enumerate(texts):
        (folder / f"{n:03d}_{src.name}").write_bytes(src.read_bytes())
    return folder


def _build(paths: list[Path], out: Path, add: bool = False) -> None:
    build(paths, BuildOptions(out_dir=out, html=True, workers=1, add=add))


def _assert_same_pages(out: Path, options: list[ViewOptions]) -> None:
    db = read_only(store_dir(out) / MANIFEST)
    store = ox.Store.read_only(str(oxigraph_path(out)))
    try:
        for opts in options:
            from_rows, rows_stats = render_page_rows(db, opts)
            from_store, store_stats = render_page_store(store, opts)
            assert rows_stats == store_stats, opts
            assert from_rows == from_store, opts
    finally:
        db.close()
        del store


def test_the_page_from_rows_is_the_page_from_the_store(tmp_path: Path) -> None:
    assert len(TEXTS) >= 10
    out = tmp_path / "out"
    _build([_corpus(tmp_path / "news", TEXTS)], out)
    page = (out / "graph.html").read_text(encoding="utf-8")
    store = ox.Store.read_only(str(oxigraph_path(out)))
    assert page == render_page_store(store, ViewOptions())[0]  # what the build wrote
    del store
    _assert_same_pages(
        out, [ViewOptions(max_nodes=8), ViewOptions(max_evidence=1), ViewOptions(max_nodes=1)]
    )


def test_rows_follow_added_and_removed_articles(tmp_path: Path) -> None:
    half = len(TEXTS) // 2
    old = _corpus(tmp_path / "old", TEXTS[:half])
    out = tmp_path / "out"
    _build([old], out)
    _build([_corpus(tmp_path / "new", TEXTS[half:])], out, add=True)
    _assert_same_pages(out, [ViewOptions(), ViewOptions(max_nodes=5)])
    for path in sorted(old.iterdir())[::2]:
        path.unlink()
    _build([old, tmp_path / "new"], out)  # those taken out: their entities derived again
    _assert_same_pages(out, [ViewOptions(), ViewOptions(max_facts=3)])
    # the facts' record counts, kept as articles come and go, are those their rows give
    db = read_only(store_dir(out) / MANIFEST)
    try:
        kept = set(db.execute("SELECT s, p, o, records FROM facts"))
        told = "SELECT s, p, o, COUNT(DISTINCT record) FROM evidence GROUP BY s, p, o"
        assert kept == set(db.execute(told)) and kept
    finally:
        db.close()


def test_a_focus_is_found_in_the_rows(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build([_corpus(tmp_path / "news", TEXTS[:2])], out)
    db = read_only(store_dir(out) / MANIFEST)
    chosen = db.execute("SELECT label FROM chosen ORDER BY key LIMIT 1").fetchone()[0]
    db.close()
    _assert_same_pages(out, [ViewOptions(focus=chosen), ViewOptions(focus=chosen, depth=0)])
    with pytest.raises(ViewOptionError, match="no entity in the graph is named"):
        db = read_only(store_dir(out) / MANIFEST)
        render_page_rows(db, ViewOptions(focus="Nobody Of That Name Anywhere"))


def test_a_fact_budget_keeps_the_same_facts_from_rows_and_from_the_store(tmp_path: Path) -> None:
    # the rows rank facts by their records before reading evidence, the triples after: the
    # same facts are kept, and the page says what was left out
    out = tmp_path / "out"
    _build([_corpus(tmp_path / "news", TEXTS)], out)
    _assert_same_pages(out, [ViewOptions(max_facts=3), ViewOptions(max_facts=1, max_nodes=6)])
    db = read_only(store_dir(out) / MANIFEST)
    try:
        _page, stats = render_page_rows(db, ViewOptions(max_facts=3))
        _page, every = render_page_rows(db, ViewOptions(max_facts=0))
    finally:
        db.close()
    assert stats.edges == 3 and stats.facts_cut == every.edges - 3 > 0
    assert stats.total_edges == every.total_edges == every.edges
    assert any("--max-facts" in line for line in stats.notes())


def test_a_record_with_two_speakers_is_one_record_from_rows_and_from_the_store(
    tmp_path: Path,
) -> None:
    # one assertion told with two speakers and two quotes (a store another tool added to): the
    # rows give it twice, the triples once with two values; both readers list it once, with
    # each value's smallest, and count it once
    out = tmp_path / "out"
    _build([_corpus(tmp_path / "news", TEXTS[:3])], out)
    db = sqlite3.connect(store_dir(out) / MANIFEST)
    with db:
        row = db.execute("SELECT * FROM evidence ORDER BY slug, record LIMIT 1").fetchone()
        slug, s, _p, o, record = row[:5]
        other = next(key for key in (s, o) if key != row[6])  # not its speaker
        db.execute(
            "INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*row[:6], other, "a quote", 1, "0.1"),
        )
    db.close()
    store = ox.Store(str(oxigraph_path(out)))
    kg = str(KG._NS)
    node, graph = ox.NamedNode(ARTICLE_BASE + record), ox.NamedNode(ARTICLE_BASE + slug)
    for predicate, value in (
        ("speaker", ox.NamedNode(ENTITY_BASE + other)),
        ("quote", ox.Literal("a quote")),
        ("planned", ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))),
        ("confidence", ox.Literal("0.1", datatype=ox.NamedNode(str(XSD.decimal)))),
    ):
        store.add(ox.Quad(node, ox.NamedNode(kg + predicate), value, graph))
    store.flush()
    del store
    _assert_same_pages(out, [ViewOptions(), ViewOptions(max_evidence=1)])
    db = read_only(store_dir(out) / MANIFEST)
    try:
        page, _stats = render_page_rows(db, ViewOptions())
    finally:
        db.close()
    assert "a quote" in page


def test_records_of_articles_of_one_date_and_title_interleave_by_sentence(tmp_path: Path) -> None:
    # Articles of one date and title list a fact's records by sentence across them; a page
    # that lists fewer records than a fact has must pick the same from rows as from the store.
    title, date, *paragraphs = TEXTS[0].read_text(encoding="utf-8").split("\n\n")
    news = tmp_path / "news"
    news.mkdir()
    for turn in range(4):  # the same story told with its paragraphs turned: other positions
        body = paragraphs[turn:] + paragraphs[:turn]
        (news / f"{turn}.txt").write_text("\n\n".join([title, date, *body]), encoding="utf-8")
    out = tmp_path / "out"
    _build([news], out)
    _assert_same_pages(out, [ViewOptions(max_evidence=n) for n in (0, 1, 2, 3, 5, 20)])
