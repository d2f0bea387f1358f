"""Issue 9: article identity, bad input and the outputs of one run (each test names its case)."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import procs
from click.testing import CliRunner, Result
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS

from kg.cli import main
from kg.proc import pid_alive
from kg.validate import ValidateOptions, validate
from kg.vocab import KG, SCHEMA

INPUT = Path(__file__).resolve().parent.parent / "input"
SAMPLES = sorted(INPUT.glob("*.txt"))
GOLD_TEXTS = sorted((Path(__file__).parent / "data" / "gold" / "texts").glob("*.txt"))


def kg(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def articles(graph: Graph) -> list[URIRef]:
    return sorted(a for a in graph.subjects(RDF.type, KG.Article) if isinstance(a, URIRef))


def load(out: Path) -> Graph:
    return Graph().parse(out / "graph.ttl", format="turtle")


def dead_pid() -> int:
    pid = 4_000_000
    while pid_alive(pid):
        pid -= 1
    return pid


# ---------------------------------------------------------------- 1. article identity


def test_case1_same_file_name_in_two_folders_gives_two_articles(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "index.txt").write_bytes(SAMPLES[0].read_bytes())
    (tmp_path / "b" / "index.txt").write_bytes(SAMPLES[1].read_bytes())
    out = tmp_path / "o"
    ok(kg("build", tmp_path / "a", tmp_path / "b", "-o", out))
    graph = load(out)
    arts = articles(graph)
    assert len(arts) == 2
    for art in arts:
        assert len(list(graph.objects(art, DCTERMS.title))) == 1
        assert len(list(graph.objects(art, DCTERMS.date))) == 1
    # every provenance record cites a sentence of its own article
    for rec in graph.subjects(RDF.type, KG.Assertion):
        sentence = graph.value(rec, KG.sentence)
        assert graph.value(sentence, KG.inArticle) == graph.value(rec, KG.article)
    report = validate(out / "graph.ttl", ValidateOptions())
    assert report.conforms, report.text()


def test_case1_names_that_fold_to_the_same_ascii_give_two_articles(tmp_path: Path) -> None:
    (tmp_path / "日本語.txt").write_bytes(SAMPLES[0].read_bytes())
    (tmp_path / "中文.txt").write_bytes(SAMPLES[1].read_bytes())
    out = tmp_path / "o"
    ok(kg("build", tmp_path, "-o", out))
    graph = load(out)
    assert len(articles(graph)) == 2
    files = {str(graph.value(a, KG.sourceFile)) for a in articles(graph)}
    assert files == {"日本語.txt", "中文.txt"}


def test_case1_the_same_article_given_twice_is_one_stable_article(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "elsewhere" / "two"
    one.mkdir()
    two.mkdir(parents=True)
    (one / "x.txt").write_bytes(SAMPLES[0].read_bytes())
    (two / "renamed.txt").write_bytes(SAMPLES[0].read_bytes())
    result = ok(kg("build", one, two, "-o", tmp_path / "both"))
    assert "same article" in result.output and "renamed.txt" in result.output
    ok(kg("build", one, "-o", tmp_path / "first"))
    ok(kg("build", two, "-o", tmp_path / "second"))
    iris = [articles(load(tmp_path / name)) for name in ("both", "first", "second")]
    assert len(iris[0]) == 1
    assert iris[0] == iris[1] == iris[2]  # the IRI comes from the article, not its file


def test_case1_an_article_with_a_url_is_named_by_it(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    record = {"text": "Sekretaris Jenderal NATO Jens Stoltenberg mengkritik Rusia."}
    lines = [
        {**record, "url": "https://example.com/berita/nato-kritik"},
        {**record, "title": "Another title", "url": "https://example.com/berita/nato-kritik"},
        {**record, "url": "https://example.com/berita/lain"},
    ]
    feed.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    out = tmp_path / "o"
    result = ok(kg("build", feed, "-o", out, "--no-html"))
    # the copy given last is kept, as --add keeps the copy it adds
    assert "feed.jsonl#1: same article (URL) as feed.jsonl#2, given after it" in result.output
    arts = articles(load(out))
    assert len(arts) == 2
    assert all("nato-kritik-" in str(a) or "lain-" in str(a) for a in arts)


# ---------------------------------------------------------------- 2. bad URLs


def test_case2_a_url_that_is_no_iri_is_encoded_or_dropped_not_fatal(tmp_path: Path) -> None:
    feed = tmp_path / "t.jsonl"
    text = "Sekretaris Jenderal NATO Jens Stoltenberg mengkritik Rusia."
    rows = [
        {"text": text, "url": 'https://example.com/a b|c"<d>'},
        {"text": text + " Lagi.", "url": "not a url at all"},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><link rel="canonical" href="/relative/path"></head><body><article>'
        "<h1>NATO dan Rusia</h1><p>Jens Stoltenberg mengkritik Rusia di Brussel.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "o"
    result = ok(kg("build", feed, page, INPUT, "-o", out))
    graph = load(out)  # the Turtle writer took every IRI
    urls = {str(u) for u in graph.objects(None, SCHEMA.url)}
    assert urls == {"https://example.com/a%20b%7Cc%22%3Cd%3E"}
    assert "warning: t.jsonl#2: dropped the article URL 'not a url at all'" in result.output
    assert "warning: page.html: dropped the article URL '/relative/path'" in result.output
    assert len(articles(graph)) == 3 + len(SAMPLES)


# ---------------------------------------------------------------- 3. deep JSON


def test_case3_a_deeply_nested_json_line_is_skipped_not_fatal(tmp_path: Path) -> None:
    feed = tmp_path / "deep.jsonl"
    good = json.dumps({"text": "Presiden Joko Widodo bertemu Perdana Menteri Jepang."})
    feed.write_text("[" * 2000 + "]" * 2000 + "\n" + good + "\n", encoding="utf-8")
    out = tmp_path / "o"
    result = ok(kg("build", feed, "-o", out, "--no-html"))
    assert "skipped deep.jsonl#1: line 1 is JSON nested too deeply" in result.output
    assert len(articles(load(out))) == 1


# ---------------------------------------------------------------- 4. trailer heading at the top


def test_case4_a_trailer_heading_near_the_top_keeps_the_body(tmp_path: Path) -> None:
    body = (
        "Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri Jepang di Tokyo pada hari "
        "Senin untuk membahas kerja sama maritim kedua negara dan keamanan di kawasan. "
    )
    page = tmp_path / "a.txt"
    page.write_text(
        "Kerja sama maritim\n\n1 Februari 2023\n\nTopik Menarik\n\n"
        + "\n\n".join(body for _ in range(4))
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "o"
    ok(kg("build", page, "-o", out, "--no-html"))
    graph = load(out)
    sentences = [str(t) for t in graph.objects(None, KG.text)]
    assert any("Tokyo" in s for s in sentences), sentences
    # and at the end of an article the same heading still closes it
    trailer = tmp_path / "b.txt"
    trailer.write_text(
        "Kerja sama maritim\n\n" + body + "\n\nTopik Menarik\n\nRusia menyerang Ukraina.\n",
        encoding="utf-8",
    )
    ok(kg("build", trailer, "-o", tmp_path / "o2", "--no-html"))
    texts = [str(t) for t in load(tmp_path / "o2").objects(None, KG.text)]
    assert not any("Ukraina" in t for t in texts)


# ---------------------------------------------------------------- 5. stray NULs


def test_case5_a_text_with_stray_nuls_is_read_with_a_warning(tmp_path: Path) -> None:
    data = SAMPLES[0].read_bytes()
    cut = len(data) // 2
    (tmp_path / "nul.txt").write_bytes(data[:cut] + b"\x00\x00" + data[cut:] + b"\x00")
    out = tmp_path / "o"
    result = ok(kg("build", tmp_path / "nul.txt", "-o", out, "--no-html"))
    assert "warning: nul.txt: removed 3 stray NUL byte(s)" in result.output
    reference = tmp_path / "ref"
    ok(kg("build", SAMPLES[0], "-o", reference, "--no-html"))

    def content(graph: Graph) -> set[tuple[object, object, object]]:
        return {t for t in graph if t[1] != KG.sourceFile}

    assert content(load(out)) == content(load(reference))


# ---------------------------------------------------------------- 8. the article size limit


def test_case8_a_file_over_the_size_limit_is_skipped_naming_the_flag(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(SAMPLES[0].read_bytes() * 3)
    out = tmp_path / "o"
    result = ok(kg("build", big, SAMPLES[1], "-o", out, "--max-article-size", "5KB"))
    assert "skipped big.txt:" in result.output and "--max-article-size" in result.output
    assert "over the article size limit of 5.0 KB" in result.output  # a unit that shows it
    assert len(articles(load(out))) == 1
    bad = kg("build", SAMPLES[1], "-o", out, "--max-article-size", "lots")
    assert bad.exit_code == 2 and "500KB" in bad.output


# ---------------------------------------------------------------- 9. workers end with kg build


def test_case9_build_workers_end_when_kg_build_is_killed(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    sources = SAMPLES + GOLD_TEXTS
    for n in range(400):  # long enough that the workers are busy when the parent dies
        src = sources[n % len(sources)]
        text = f"({n}) " + src.read_text(encoding="utf-8")
        (folder / f"{n:04d}.txt").write_text(text, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-c", "from kg.cli import main; main()", "build", str(folder)]
        + ["-o", str(tmp_path / "out"), "-j", "2", "--no-html"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    children: list[int] = []
    while len(children) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        children = procs.children(process.pid)
    assert len(children) >= 2, "the pool did not start"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 20
    while not all(map(procs.is_gone, children)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(map(procs.is_gone, children))


# ---------------------------------------------------------------- 10. outputs change together


def test_case10_a_failed_focus_changes_no_output(tmp_path: Path) -> None:
    out = tmp_path / "o"
    ok(kg("build", SAMPLES[0], "-o", out))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    failed = kg("build", INPUT, "-o", out, "--focus", "Nobody At All")
    assert failed.exit_code != 0
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def _build_with_file_limit(out: Path, size: int) -> subprocess.CompletedProcess[str]:
    """`kg build input/ -o out` in a process whose files may not grow past `size` bytes."""

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-big write fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return subprocess.run(
        [sys.executable, "-c", "from kg.cli import main; main()", "build", str(INPUT)]
        + ["-o", str(out)],
        capture_output=True,
        text=True,
        preexec_fn=small_disk,  # the child limits its own file size
        check=False,
        timeout=300,
    )


def test_case10_a_write_failure_changes_no_output_and_names_the_file(tmp_path: Path) -> None:
    out = tmp_path / "o"
    ok(kg("build", SAMPLES[0], "-o", out))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # room for the new graph.ttl and the store's files, not for graph.html (over 500 KB: the
    # page carries vis-network), which is bigger than the first build's
    page = len(before[out / "graph.html"])
    size = min(max(len(data) for p, data in before.items() if p.name != "graph.html") * 3, page)

    done = _build_with_file_limit(out, size)
    assert done.returncode != 0
    assert f"{out / 'graph.html'}: cannot write" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_case10_outputs_an_earlier_run_left_are_named(tmp_path: Path) -> None:
    out = tmp_path / "o"
    ok(kg("build", SAMPLES[0], "-o", out))
    result = ok(kg("build", SAMPLES[1], "-o", out, "--no-html"))
    assert f"kept {out / 'graph.html'} from an earlier run" in result.output
    # the exports of an earlier --format, the neo4j folder too
    written = ok(kg("build", SAMPLES[1], "-o", out, "--format", "neo4j", "--format", "nt"))
    assert "earlier run" not in written.output.replace("graph.html from an earlier", "")
    result = ok(kg("build", SAMPLES[0], "-o", out))
    for left in ("graph.nt", "neo4j"):
        assert f"kept {out / left} from an earlier run" in result.output, left
    assert "graph.html from" not in result.output  # written again


# ---------------------------------------------------------------- 11. stale temporary files


def test_case11_temporary_files_of_killed_runs_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "o"
    (out / "neo4j").mkdir(parents=True)
    dead = dead_pid()
    stale = [
        out / f".graph.ttl.{dead}.x1y2.tmp",
        out / ".graph.html.k3j4h5.tmp",  # kg before 0.2 wrote no pid
        out / "neo4j" / f".nodes.csv.{dead}.abc.tmp",
    ]
    for path in stale:
        path.write_text("half", encoding="utf-8")
    (out / f".kg-staging-{dead}-abcd").mkdir()
    live = out / f".graph.ttl.{os.getpid()}.live.tmp"  # a run that is still writing
    live.write_text("busy", encoding="utf-8")
    mine = out / ".notes.tmp"  # not kg's
    mine.write_text("keep", encoding="utf-8")
    ok(kg("build", SAMPLES[0], "-o", out, "--no-html"))
    assert not [p for p in stale if p.exists()]
    assert not (out / f".kg-staging-{dead}-abcd").exists()
    assert live.exists() and mine.exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".kg-staging-")]


# ---------------------------------------------------------------- 12. -o checked first


def test_case12_an_output_that_is_a_file_is_named_before_any_work(tmp_path: Path) -> None:
    result = kg("build", INPUT, "-o", "/dev/full")
    assert result.exit_code != 0
    assert "/dev/full: is not a folder" in result.output
    assert "File exists" not in result.output


def test_case12_an_unwritable_output_is_named_not_its_temporary_file(tmp_path: Path) -> None:
    # Checked first: with inputs that hold no article, the error is still about -o.
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("  \n", encoding="utf-8")
    target = Path("/sys/kg-test-output")  # sysfs refuses new folders, even to root
    result = kg("build", empty, "-o", target)
    assert result.exit_code != 0
    assert f"{target}: cannot write the outputs there" in result.output, result.output
    assert ".tmp" not in result.output and "staging" not in result.output


# ---------------------------------------------------------------- 19. ignored files are counted


def test_case19_a_folder_scan_counts_the_files_it_ignores(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(SAMPLES[0].read_bytes())
    for name in ("x.pdf", "y.pdf", "z.png", "README"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    result = ok(kg("build", tmp_path, "-o", tmp_path / "o", "--no-html"))
    assert "ignored 4 file(s) of other types (1 (no extension), 2 .pdf, 1 .png" in result.output


def test_case10_no_room_for_the_articles_read_changes_no_output(tmp_path: Path) -> None:
    # the articles read wait in a file in the output folder until extracted (kg.spill): a
    # file-size limit below one article's makes its first write fail
    out = tmp_path / "o"
    ok(kg("build", SAMPLES[0], "-o", out))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    done = _build_with_file_limit(out, 512)
    assert done.returncode == 1
    assert f"{out}: cannot set the articles read aside there (File too large)" in done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_staging_folder_of_a_killed_run_not_yet_reaped_is_removed(tmp_path: Path) -> None:
    """A killed build whose parent has not reaped it yet (a zombie) is no live run: the next
    run removes its staging folder."""
    from kg.io import remove_stale

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 30
    while Path(f"/proc/{child.pid}").exists() and time.monotonic() < deadline:
        stat = Path(f"/proc/{child.pid}/stat").read_text(encoding="ascii", errors="replace")
        if stat[stat.rfind(")") + 2] == "Z":  # ended, not reaped
            break
        time.sleep(0.05)
    left = tmp_path / f".kg-staging-{child.pid}-abc"
    left.mkdir()
    live = tmp_path / f".kg-staging-{os.getpid()}-abc"
    live.mkdir()
    try:
        assert not pid_alive(child.pid)
        remove_stale(tmp_path)
        assert not left.exists() and live.exists()
    finally:
        child.wait()
