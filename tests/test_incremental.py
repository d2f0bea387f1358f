"""Issue 11: the build keeps a store in OUT; a rebuild extracts only what changed, --add adds
articles without listing the old ones, and the result is always the graph a fresh build of the
same articles gives (byte for byte)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import BuildOptions, build
from kg.store_layout import MANIFEST, has_store, oxigraph_path, read_only, store_dir

TEXTS = [
    *sorted((Path(__file__).parent.parent / "input").glob("*.txt")),
    *sorted((Path(__file__).parent / "data" / "gold" / "texts").glob("*.txt")),
]


def _corpus(folder: Path, first: int, count: int) -> Path:
    """`count` distinct articles (each copy of a text gets a title of its own)."""
    folder.mkdir(parents=True)
    for n in range(first, first + count):
        src = TEXTS[n % len(TEXTS)]
        text = f"({n}) " + src.read_text(encoding="utf-8")
        (folder / f"{n:03d}_{src.name}").write_text(text, encoding="utf-8")
    return folder


def _build(paths: list[Path], out: Path, **kw: object) -> object:
    return build(paths, BuildOptions(out_dir=out, html=False, workers=1, **kw))  # type: ignore[arg-type]


def test_add_gives_the_graph_of_a_full_build(tmp_path: Path) -> None:
    old, new = _corpus(tmp_path / "old", 0, 6), _corpus(tmp_path / "new", 6, 3)
    out = tmp_path / "out"
    first = _build([old], out)
    assert first.added == 6 and has_store(out)
    added = _build([new], out, add=True)
    assert (added.added, added.unchanged, added.removed, added.articles) == (3, 0, 0, 9)
    _build([old, new], tmp_path / "full")
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "full" / "graph.ttl").read_bytes()


def test_a_correction_given_after_its_article_replaces_it_in_every_build(tmp_path: Path) -> None:
    """The same URL given twice: the copy given last is kept, by --add as by a full build of
    the inputs in the order they came, so a rebuild does not bring a retracted fact back."""
    head = "---\ntitle: Kunjungan ke Tokyo\nurl: https://example.id/tokyo\n---\n"
    met = "Presiden Joko Widodo bertemu Perdana Menteri Jepang Fumio Kishida di Tokyo."
    urged = "Jokowi juga mendesak Korea Selatan untuk meningkatkan kerja sama."
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.md").write_text(f"{head}{met}\n\n{urged}\n", encoding="utf-8")
    (tmp_path / "b" / "fixed.md").write_text(f"{head}{met}\n", encoding="utf-8")
    daily, full = tmp_path / "daily", tmp_path / "full"
    _build([tmp_path / "a"], daily)
    _build([tmp_path / "b"], daily, add=True)
    report = _build([tmp_path / "a", tmp_path / "b"], full)
    assert [s.source for s in report.skipped] == ["story.md"]  # type: ignore[attr-defined]
    graph = (full / "graph.ttl").read_bytes()
    assert graph == (daily / "graph.ttl").read_bytes() and b"kg:urged" not in graph
    _build([tmp_path / "a", tmp_path / "b"], daily)  # the rebuild keeps the correction
    assert (daily / "graph.ttl").read_bytes() == graph


def test_a_rebuild_extracts_only_new_or_changed_articles_and_drops_the_rest(
    tmp_path: Path,
) -> None:
    news = _corpus(tmp_path / "news", 0, 8)
    out = tmp_path / "out"
    _build([news], out)
    gone = sorted(news.iterdir())[0]
    gone.unlink()
    changed = sorted(news.iterdir())[0]
    head, rest = changed.read_text(encoding="utf-8").split("\n\n", 1)
    paragraph = "Menteri Luar Negeri Jepang mengunjungi Jakarta pada hari Senin pagi."
    changed.write_text(f"{head}\n\n{paragraph}\n\n{rest}", encoding="utf-8")
    _corpus(tmp_path / "more", 20, 1)
    shutil.move(next((tmp_path / "more").iterdir()), news)
    report = _build([news], out)
    # the changed one and the new one are extracted; the one no longer given is taken out, and
    # so is the changed one's old text (an article without a URL is its title and text)
    assert (report.added, report.unchanged, report.removed, report.articles) == (2, 6, 2, 8)
    _build([news], tmp_path / "fresh")
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "fresh" / "graph.ttl").read_bytes()


def test_an_unchanged_rebuild_writes_nothing(tmp_path: Path) -> None:
    news = _corpus(tmp_path / "news", 0, 4)
    out = tmp_path / "out"
    _build([news], out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    report = _build([news], out)
    assert report.up_to_date and report.unchanged == 4 and report.articles == 4
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before
    # asking for an output it lacks writes it, from the store, extracting nothing
    report = build([news], BuildOptions(out_dir=out, html=False, workers=1, formats=("ntriples",)))
    assert not report.up_to_date and report.added == 0 and (out / "graph.nt").is_file()


def test_a_failed_run_leaves_the_store_and_outputs_as_they_were(tmp_path: Path) -> None:
    from kg.errors import ViewOptionError
    from kg.view import ViewOptions

    news = _corpus(tmp_path / "news", 0, 4)
    out = tmp_path / "out"
    _build([news], out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _corpus(tmp_path / "more", 10, 2)
    with pytest.raises(ViewOptionError):
        build(
            [news, tmp_path / "more"],
            BuildOptions(out_dir=out, workers=1, view=ViewOptions(focus="Nobody Anywhere")),
        )
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert _build([news], out).up_to_date  # the store still says what the outputs hold


def test_the_store_holds_the_graph_of_graph_ttl(tmp_path: Path) -> None:
    news = _corpus(tmp_path / "news", 0, 3)
    out = tmp_path / "out"
    _build([news], out)
    store = ox.Store.read_only(str(oxigraph_path(out)))
    in_store = {q.triple for q in store.quads_for_pattern(None, None, None, None)}
    in_file = {q.triple for q in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)}
    assert in_store == in_file
    # each article's own triples are in its named graph
    articles = {
        q.subject
        for q in store.quads_for_pattern(
            None,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("https://w3id.org/kg-news/ontology#Article"),
            None,
        )
    }
    assert set(store.named_graphs()) == articles and len(articles) == 3


def test_the_command_line_says_what_a_rebuild_and_an_ingest_did(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    old, new = _corpus(tmp_path / "old", 0, 3), _corpus(tmp_path / "new", 3, 2)
    out = str(tmp_path / "out")

    def kg(*args: str) -> str:
        result = CliRunner().invoke(main, ["build", *args, "-o", out, "--no-html", "-j", "1"])
        assert result.exit_code == 0, result.output
        return result.output

    first = kg(str(old))
    assert "store: 3 article(s) extracted (new or changed), 0 unchanged, 0 taken out" in first
    assert f"wrote {tmp_path / 'out' / 'store'}" in first
    again = kg(str(old))
    assert f"3 article(s) unchanged; the graph in {out} is up to date (3 article(s))" in again
    assert "wrote" not in again and "kept" not in again
    daily = kg("--add", str(new))
    assert "read 2 article(s)" in daily
    assert (
        "store: 2 article(s) extracted (new or changed), 0 unchanged, 0 taken out; it holds 5"
        in daily
    )
    fewer = kg(str(new))
    assert "store: 0 article(s) extracted (new or changed), 2 unchanged, 3 taken out" in fewer


def test_add_of_a_stored_article_under_another_name_is_a_skipped_copy(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    old = _corpus(tmp_path / "old", 0, 3)
    copy = tmp_path / "copy"
    copy.mkdir()
    first = sorted(old.iterdir())[0]
    shutil.copy(first, copy / "renamed.txt")
    out = tmp_path / "out"
    _build([old], out)
    before = (out / "graph.ttl").read_bytes()
    result = CliRunner().invoke(
        main, ["build", "--add", str(copy), "-o", str(out), "--no-html", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    assert f"same article (title and text) as {first.name} in the store" in result.output
    assert (out / "graph.ttl").read_bytes() == before  # kg:sourceFile still names the first


def test_an_output_folder_inside_the_input_folder_is_no_input(tmp_path: Path) -> None:
    """`kg build news -o news/graph` and then `kg build news -o other`: the output folder's
    graph.html and exports are left out of the articles read, and the build says so."""
    from click.testing import CliRunner

    from kg.cli import main

    news = _corpus(tmp_path / "news", 0, 2)
    first = _build([news], news / "graph")
    assert first.articles == 2  # type: ignore[attr-defined]
    result = CliRunner().invoke(
        main, ["build", str(news), "-o", str(tmp_path / "other"), "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "read 2 article(s)" in result.output
    assert f"{news / 'graph'}: left out: the output folder of a kg build" in result.output


def test_an_unchanged_file_is_not_read_again(tmp_path: Path) -> None:
    """A one-article file with the path, size and time the store saw is taken as it was, not
    read again (an HTML archive would spend minutes in trafilatura); any other is read."""
    import os

    news = _corpus(tmp_path / "news", 0, 4)
    out = tmp_path / "out"
    _build([news], out)
    graph = (out / "graph.ttl").read_bytes()
    first, second = sorted(news.iterdir())[:2]
    # same size and time, other bytes: kg cannot tell, and does not read it
    stat = first.stat()
    first.write_bytes(b"x" * stat.st_size)
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    report = _build([news], out, formats=("ntriples",))  # an output to write: not up to date
    assert (report.added, report.unchanged, report.removed) == (0, 4, 0)
    assert (out / "graph.ttl").read_bytes() == graph
    # another text (and so another time): read again, another article
    first.write_text("(99) " + TEXTS[0].read_text(encoding="utf-8"), encoding="utf-8")
    report = _build([news], out)
    assert (report.added, report.removed) == (1, 1)
    # touched, same text: read again, found unchanged
    os.utime(second, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2 * 10**9))
    report = _build([news], out)
    assert report.up_to_date or (report.added, report.removed) == (0, 0)


def test_files_of_one_name_in_two_folders_are_told_apart(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "a.txt").write_text("(1) " + TEXTS[0].read_text("utf-8"), "utf-8")
    (two / "a.txt").write_text("(2) " + TEXTS[1].read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    assert _build([one, two], out).articles == 2
    assert _build([one, two], out).up_to_date
    (two / "a.txt").write_text("(3) " + TEXTS[1].read_text("utf-8"), "utf-8")
    report = _build([one, two], out)
    assert (report.added, report.removed, report.articles) == (1, 1, 2)
    _build([one, two], tmp_path / "fresh")
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "fresh" / "graph.ttl").read_bytes()


def test_the_published_manifest_is_one_file_after_the_page_read_it(tmp_path: Path) -> None:
    # graph.html's process reads the staged manifest while the build writes it (SQLite's WAL);
    # what is published is one file again, readable read-only
    out = tmp_path / "out"
    build([_corpus(tmp_path / "news", 0, 3)], BuildOptions(out_dir=out, workers=1))
    assert (out / "graph.html").is_file()
    assert sorted(p.name for p in store_dir(out).iterdir()) == [MANIFEST, "oxigraph"]
    db = read_only(store_dir(out) / MANIFEST)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 3
    finally:
        db.close()


def test_an_output_folder_whose_name_holds_uri_characters(tmp_path: Path) -> None:
    # the manifest is opened read-only by URI (the page's process, the next build's plan):
    # `#` and `?` in a folder's name are part of its path, not of the URI's query
    out = tmp_path / "news #1?" / "out"
    build([_corpus(tmp_path / "news", 0, 2)], BuildOptions(out_dir=out, workers=1))
    assert (out / "graph.html").is_file()
    again = build([tmp_path / "news"], BuildOptions(out_dir=out, workers=1))
    assert again.up_to_date  # the manifest was read: nothing to do


def test_a_large_load_ends_with_the_store_compacted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that loads much compacts its store beside writing graph.ttl (the threshold is
    lowered here: every build counts as large); the store still holds the graph of graph.ttl,
    and a later --add into the compacted store still gives a full build's graph."""
    monkeypatch.setattr("kg.store._COMPACT_FROM", 0)
    old, new = _corpus(tmp_path / "old", 0, 4), _corpus(tmp_path / "new", 4, 2)
    out = tmp_path / "out"
    report = _build([old], out)
    assert "compact" in dict(report.phases)  # type: ignore[attr-defined]
    store = ox.Store.read_only(str(oxigraph_path(out)))
    in_store = {q.triple for q in store.quads_for_pattern(None, None, None, None)}
    in_file = {q.triple for q in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)}
    assert in_store == in_file
    del store
    _build([new], out, add=True)
    _build([old, new], tmp_path / "full")
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "full" / "graph.ttl").read_bytes()


def test_name_records_kept_in_parts_give_a_full_builds_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hub entity's name records are kept in parts by article (kg.store._PART_ARTICLES
    articles a part; 1 here, so every entity named twice has parts): adds that keep the number
    of parts rewrite only their articles' parts, adds that double it rewrite all, and a rebuild
    that drops and changes articles takes theirs out; each time the bytes of a full build."""
    monkeypatch.setattr("kg.store._PART_ARTICLES", 1)
    news = _corpus(tmp_path / "news", 0, 5)
    out = tmp_path / "out"
    _build([news], out)
    for first, count in ((5, 2), (7, 3)):  # 5 -> 7 articles: 8 parts; 7 -> 10: 16
        more = _corpus(tmp_path / f"more{first}", first, count)
        _build([more], out, add=True)
        for path in more.iterdir():
            shutil.move(path, news)
        _build([news], tmp_path / f"full{first}")
        assert (out / "graph.ttl").read_bytes() == (
            tmp_path / f"full{first}" / "graph.ttl"
        ).read_bytes()
    for gone in sorted(news.iterdir())[:3]:
        gone.unlink()
    changed = sorted(news.iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nAkhir.\n", encoding="utf-8")
    _build([news], out)
    _build([news], tmp_path / "fresh")
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "fresh" / "graph.ttl").read_bytes()
    store = ox.Store.read_only(str(oxigraph_path(out)))
    in_store = {q.triple for q in store.quads_for_pattern(None, None, None, None)}
    in_file = {q.triple for q in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)}
    assert in_store == in_file
    db = read_only(store_dir(out) / MANIFEST)
    try:
        parts = db.execute("SELECT COUNT(*) FROM shared WHERE key LIKE '%' || char(9) || '%'")
        assert parts.fetchone()[0] > 0  # the parts were used
    finally:
        db.close()


def test_a_kept_name_form_changed_by_an_add_renames_every_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Name records of a dropped form name the kept one: when an added article brings a form
    that is kept instead ("Rusia" over "RUSIA"), the records of every part change."""
    monkeypatch.setattr("kg.store._PART_ARTICLES", 1)
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    minister = ["Retno Marsudi", "Sugiono", "Anies Baswedan"]
    for n, name in enumerate(minister):  # three articles, each of 'RUSIA': four parts
        (old / f"{n}.txt").write_text(
            f"Kunjungan {n}\n\nMenteri {name} mendesak RUSIA menghentikan serangan.\n",
            encoding="utf-8",
        )
    (new / "3.txt").write_text(  # the fourth keeps four parts
        "Kunjungan 3\n\nMenteri Prabowo Subianto mendesak Rusia menghentikan serangan.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    _build([old], out)
    _build([new], out, add=True)
    _build([old, new], tmp_path / "full")
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "full" / "graph.ttl").read_bytes()
    assert b'"Rusia"@id' in (out / "graph.ttl").read_bytes()


def test_a_small_load_leaves_the_store_as_loaded(tmp_path: Path) -> None:
    report = _build([_corpus(tmp_path / "news", 0, 2)], tmp_path / "out")
    assert "compact" not in dict(report.phases)  # type: ignore[attr-defined]


def test_compaction_counts_what_earlier_builds_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Daily --add runs each load little: the store is compacted once their loads add up."""

    def loaded_since(out: Path) -> int:
        db = read_only(store_dir(out) / MANIFEST)
        try:
            row = db.execute("SELECT value FROM meta WHERE name='loaded_since_compaction'")
            return int(row.fetchone()[0])
        finally:
            db.close()

    monkeypatch.setattr("kg.store._COMPACT_FROM", 10**12)
    old, new = _corpus(tmp_path / "old", 0, 3), _corpus(tmp_path / "new", 3, 2)
    out = tmp_path / "out"
    first = _build([old], out)
    assert "compact" not in dict(first.phases)  # type: ignore[attr-defined]
    before = loaded_since(out)
    assert before > 0
    monkeypatch.setattr("kg.store._COMPACT_FROM", before + 1)  # reached by the next load
    added = _build([new], out, add=True)
    assert "compact" in dict(added.phases)  # type: ignore[attr-defined]
    assert loaded_since(out) == 0


def test_add_into_a_store_of_another_kg_changes_nothing_and_says_how_to_rebuild(
    tmp_path: Path,
) -> None:
    """After kg or its ontology data changed, every stored article must be extracted again:
    --add gives only the new ones, so it would drop the rest. It stops with the command that
    rebuilds; a build given every input rebuilds in full."""
    import sqlite3

    from click.testing import CliRunner, Result

    from kg.cli import main

    old, new = _corpus(tmp_path / "old", 0, 3), _corpus(tmp_path / "new", 3, 2)
    out = tmp_path / "out"
    _build([old], out)
    db = sqlite3.connect(store_dir(out) / MANIFEST)
    with db:
        db.execute("UPDATE meta SET value = 'another-kg' WHERE name = 'version'")
    db.close()
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def kg(*args: str) -> Result:
        return CliRunner().invoke(main, ["build", *args, "-o", str(out), "--no-html", "-j", "1"])

    refused = kg("--add", str(new))
    assert refused.exit_code == 1
    message = refused.output
    assert "another version of kg" in message and "3 articles" in message
    assert f"kg build {old} NEW -o {out}" in message and "Traceback" not in message
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    rebuilt = kg(str(old), str(new))
    assert "store: 5 article(s) extracted (new or changed), 0 unchanged, 0 taken out" in (
        rebuilt.output
    )


def test_a_kg_that_differs_only_in_what_it_writes_keeps_the_store(tmp_path: Path) -> None:
    """The store's version covers the code that reads, extracts and stores articles, and the
    ontology data; the outputs' covers all of kg. A kg whose page, queries or exports differ
    (a copy of kg's folder, edited) keeps a store and writes the outputs again."""
    import kg
    from kg.data import ontology_dir
    from kg.store import package_version

    package, ontology = tmp_path / "kg", tmp_path / "ontology"
    shutil.copytree(Path(kg.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ontology_dir(), ontology)

    def versions() -> tuple[str, str]:
        return (
            package_version(package, ontology, outputs=False),
            package_version(package, ontology, outputs=True),
        )

    base = versions()
    edits = [
        (package / "view.py", False),
        (package / "static" / "view.js", False),
        (package / "query_output.py", False),
        (package / "export.py", False),
        (package / "extract" / "cues.py", True),
        (package / "readers" / "text.py", True),
        (package / "store.py", True),
        (package / "cli.py", True),  # it sets options' defaults: the store's side, to be safe
        (ontology / "gazetteer" / "entities.tsv", True),
        (ontology / "shapes.ttl", False),  # kg validate's, read by no extraction
    ]
    for path, stale in edits:
        before = path.read_bytes()
        path.write_bytes(before + b"\n")
        store_version, code_version = versions()
        assert (store_version != base[0]) is stale, path.name
        assert code_version != base[1], path.name
        path.write_bytes(before)
    assert versions() == base


def test_outputs_of_another_kg_are_written_again_from_the_store(tmp_path: Path) -> None:
    """A store whose outputs another kg wrote (the outputs' version in its manifest differs)
    is kept: nothing is extracted, and every output is written again."""
    import sqlite3

    news = _corpus(tmp_path / "news", 0, 3)
    out = tmp_path / "out"
    _build([news], out)
    graph = (out / "graph.ttl").read_bytes()
    db = sqlite3.connect(store_dir(out) / MANIFEST)
    with db:
        db.execute("UPDATE meta SET value = 'another-kg' WHERE name = 'outputs'")
    db.close()
    (out / "graph.ttl").write_bytes(b"")  # as another kg might have written it
    report = _build([news], out)
    assert not report.up_to_date and (report.added, report.unchanged) == (0, 3)
    assert (out / "graph.ttl").read_bytes() == graph
    assert _build([news], out).up_to_date


def test_a_second_run_into_a_folder_in_use_stops_and_changes_nothing(tmp_path: Path) -> None:
    """Two runs into one folder (two daily --add runs that overlap) would each publish a store
    without the other's articles: the second stops at once, naming the folder."""
    from click.testing import CliRunner

    from kg.cli import main
    from kg.errors import OutputError
    from kg.io import holding

    old, new = _corpus(tmp_path / "old", 0, 3), _corpus(tmp_path / "new", 3, 2)
    out = tmp_path / "out"
    _build([old], out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with holding(out):  # another run, writing
        with pytest.raises(OutputError, match="another kg build is writing it"):
            _build([new], out, add=True)
        result = CliRunner().invoke(main, ["build", "--add", str(new), "-o", str(out), "-j", "1"])
        assert result.exit_code == 1 and f"{out}: another kg build" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert _build([new], out, add=True).articles == 5  # once it has ended


def _without_privileges() -> list[str]:
    """A prefix that runs a command without root's power to write where the permissions
    say no (setpriv: no capabilities), or none when this is not root."""
    import os

    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be made to count")
    return ["setpriv", "--inh-caps=-all", "--bounding-set=-all"]


def test_outputs_that_cannot_all_be_put_in_place_are_all_put_back(tmp_path: Path) -> None:
    """The store's folder made read-only: graph.ttl and graph.html were moved into place
    before it, and are put back; the error names the folder and the fix, no traceback."""
    import subprocess
    import sys

    old, new = _corpus(tmp_path / "old", 0, 3), _corpus(tmp_path / "new", 3, 2)
    out = tmp_path / "out"
    build([old], BuildOptions(out_dir=out, workers=1))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    store_dir(out).chmod(0o555)  # renaming a folder writes its entry ".."
    try:
        command = [sys.executable, "-c", "from kg.cli import main; main()", "build", "--add"]
        done = subprocess.run(
            [*_without_privileges(), *command, str(new), "-o", str(out), "-j", "1"],
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        store_dir(out).chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert f"{store_dir(out)}: cannot put it in place" in done.stderr
    assert "nothing in" in done.stderr and "Traceback" not in done.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging folder left


def test_ctrl_c_stops_a_build_with_the_shells_code_and_changes_nothing(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    old, more = _corpus(tmp_path / "old", 0, 2), _corpus(tmp_path / "more", 2, 150)
    out = tmp_path / "out"
    _build([old], out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    command = [sys.executable, "-c", "from kg.cli import main; main()", "build", "--add"]
    process = subprocess.Popen(
        [*command, str(more), "-o", str(out), "-j", "1", "--no-html"],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:  # a line every 10% when stderr is no terminal
        if line.startswith("Extracting:"):
            break
    process.send_signal(signal.SIGINT)
    rest = process.stderr.read()
    assert process.wait(timeout=120) == 130, rest
    assert "kg build stopped by Ctrl-C; nothing in" in rest and "Traceback" not in rest
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_add_of_an_empty_folder_is_nothing_to_add(tmp_path: Path) -> None:
    """An empty day of the daily ingest succeeds and changes nothing; a folder of which nothing
    could be read is still an error (something is wrong with it)."""
    from click.testing import CliRunner

    from kg.cli import main

    out = tmp_path / "out"
    _build([_corpus(tmp_path / "old", 0, 3)], out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    empty = tmp_path / "today"
    empty.mkdir()

    def add(folder: Path) -> object:
        return CliRunner().invoke(
            main, ["build", "--add", str(folder), "-o", str(out), "-j", "1", "--no-html"]
        )

    done = add(empty)
    assert done.exit_code == 0, done.output  # type: ignore[attr-defined]
    assert f"the graph in {out} is up to date (3 article(s))" in done.output  # type: ignore[attr-defined]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    (empty / "broken.txt").write_bytes(b"")
    failed = add(empty)
    assert failed.exit_code == 1 and "no usable article" in failed.output  # type: ignore[attr-defined]


def test_outputs_other_than_the_store_s_run_wrote_are_written_again(tmp_path: Path) -> None:
    """graph.ttl or graph.html that are not what the store's last run wrote (a run killed
    while it moved them into place, an edit) make a rebuild write them again from the store."""
    news = _corpus(tmp_path / "news", 0, 3)
    out = tmp_path / "out"
    build([news], BuildOptions(out_dir=out, workers=1))
    written = {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.html")}
    for name in written:
        (out / name).write_bytes(written[name].replace(b"kg", b"KG", 1))
        report = build([news], BuildOptions(out_dir=out, workers=1))
        assert not report.up_to_date and report.added == 0, name
        assert {n: (out / n).read_bytes() for n in written} == written
        assert build([news], BuildOptions(out_dir=out, workers=1)).up_to_date


def test_a_rebuild_with_a_smaller_size_limit_reads_the_files_again(tmp_path: Path) -> None:
    """--max-article-size applies to every article given, not only to those read again: a
    rebuild with a smaller limit gives the graph a fresh build with it gives."""
    from kg.reader import ReadOptions

    news = _corpus(tmp_path / "news", 0, 4)
    big = max(news.iterdir(), key=lambda p: p.stat().st_size)
    limit = ReadOptions(max_article_bytes=big.stat().st_size - 1)
    out = tmp_path / "out"
    _build([news], out)
    report = _build([news], out, read=limit)
    assert report.removed == 1 and report.articles == 3
    assert any(big.name in s.source for s in report.skipped)
    _build([news], tmp_path / "fresh", read=limit)
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "fresh" / "graph.ttl").read_bytes()
    assert _build([news], out, read=limit).up_to_date


def test_a_full_disk_under_the_manifest_is_named_as_one(tmp_path: Path) -> None:
    """SQLite says "database or disk is full", no OSError: it is the store's write error (it
    was a traceback), while an error of the query itself is not."""
    import sqlite3

    from kg.build import _store_errors
    from kg.errors import OutputError

    db = sqlite3.connect(tmp_path / "small.sqlite")
    db.execute("PRAGMA max_page_count = 8")  # a disk that fills at 8 pages
    db.execute("CREATE TABLE t (x TEXT)")
    with pytest.raises(OutputError, match=r"cannot write the store \(database or disk is full\)"):
        with _store_errors(tmp_path / "out"):
            for _ in range(1000):
                db.execute("INSERT INTO t VALUES (?)", ("x" * 1000,))
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        with _store_errors(tmp_path / "out"):
            db.execute("SELECT * FROM nowhere")


def test_a_build_that_would_empty_a_large_store_asks_for_replace(tmp_path: Path) -> None:
    """A daily job that forgot --add would take out the whole archive, which the store cannot
    give back: it stops and changes nothing, unless --replace is given."""
    from click.testing import CliRunner

    from kg.cli import main

    big, day = _corpus(tmp_path / "big", 0, 100), _corpus(tmp_path / "day", 100, 3)
    out = tmp_path / "out"
    _build([big], out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(day), "-o", str(out), "--no-html", "-j", "1"])
    assert result.exit_code == 1
    assert "would take out 100 of the 100 the store holds" in result.output
    assert "use --add" in result.output and "--replace" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    result = runner.invoke(
        main, ["build", str(day), "-o", str(out), "--no-html", "-j", "1", "--replace"]
    )
    assert result.exit_code == 0, result.output
    assert "it holds 3 article(s)" in result.output
