"""The kg command line: exit codes, messages, and the files each command leaves behind.

Runs the real commands (click's CliRunner in-process, and the interpreter in a subprocess where
what a user sees on a crash matters) over the sample articles in input/.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from kg.cli import main

REPO = Path(__file__).resolve().parent.parent
INPUT = REPO / "input"
SHARED = REPO.parent / "shared"
GOOD = "000_b9f9561c98a80b68.txt"
SAMPLES = (GOOD, "001_d521220fccabea1c.txt")

SUMMARY = re.compile(
    r"^read (\d+) article\(s\), skipped (\d+); "
    r"([\d,]+) entit(?:y|ies), ([\d,]+) facts? in \d+\.\ds$",
    re.M,
)
TOTALS = re.compile(
    r"^P=\d\.\d{3} R=\d\.\d{3} F1=\d\.\d{3} tp=\d+ fp=\d+ fn=\d+ required=\d+ docs=2$"
)
URGED = (
    "SELECT ?who ?whom WHERE { ?s kg:urged ?o . ?s rdfs:label ?who . ?o rdfs:label ?whom } "
    "ORDER BY ?who ?whom"
)
TITLES = (
    "SELECT ?file ?title WHERE { ?a a kg:Article ; kg:sourceFile ?file ; dcterms:title ?title }"
    " ORDER BY ?file"
)


def kg(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_ok(result: Result) -> None:
    assert result.exit_code == 0, result.output
    assert result.exception is None, repr(result.exception)


def assert_clean_failure(result: Result, *named: str | Path) -> None:
    """Non-zero exit through click's error path (no crash), naming each of `named`."""
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "Error" in result.output
    for name in named:
        assert str(name) in result.output


def title_of(source: str) -> str:
    return (INPUT / source).read_text(encoding="utf-8").strip().splitlines()[0]


# ---------------------------------------------------------------- kg build


def test_build_writes_the_graph_and_the_page_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    out = tmp_path / "out"
    result = kg("build", "input", "-o", out)
    assert_ok(result)
    summary = SUMMARY.search(result.stdout)
    assert summary, result.stdout
    for name in ("graph.ttl", "graph.html"):
        assert f"wrote {out / name}" in result.stdout
        assert (out / name).stat().st_size > 0
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.ttl", "store"]
    assert f"wrote {out / 'store'}" in result.stdout
    # The summary counts what the graph holds: entity nodes and facts between them.
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    ent = "https://w3id.org/kg-news/id/"
    entities = {n for t in graph for n in t if str(n).startswith(ent)}
    facts = {t for t in graph if str(t[0]).startswith(ent) and str(t[2]).startswith(ent)}
    assert summary.groups() == ("2", "0", str(len(entities)), str(len(facts)))


def _bad_files(folder: Path) -> dict[str, str]:
    """Write three unusable files into `folder`; their names and a word of each one's reason."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    noise = random.Random(7)
    (folder / "picture.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(noise.randrange(256) for _ in range(4000))
    )
    # Bytes no text encoding kg tries gives sensible text from (C1 controls, cp1252 holes).
    (folder / "garbled.txt").write_bytes(b"Berita hari ini \x81\x8d\x8f\x90\x9d" * 40)
    return {"empty.txt": "empty", "picture.txt": "binary", "garbled.txt": "decode"}


def test_build_skips_bad_files_naming_each_with_its_reason(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    bad = _bad_files(src)
    shutil.copy(INPUT / GOOD, src / GOOD)
    result = kg("build", src, "-o", out)
    assert_ok(result)
    for name, reason in bad.items():
        lines = [line for line in result.output.splitlines() if name in line]
        assert lines, f"{name} is not named in:\n{result.output}"
        assert any(reason in line.casefold() for line in lines), lines
    summary = SUMMARY.search(result.stdout)
    assert summary and summary.groups()[:2] == ("1", "3"), result.stdout
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(graph) > 0
    answer = kg(
        "query", out / "graph.ttl", "SELECT ?f WHERE { ?a kg:sourceFile ?f }", "--format", "csv"
    )
    assert_ok(answer)
    assert answer.stdout.split() == ["f", GOOD]


def test_build_of_only_bad_files_fails_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in"
    bad = _bad_files(src)
    existing, fresh = tmp_path / "existing-out", tmp_path / "fresh-out"
    existing.mkdir()
    for out in (existing, fresh):
        result = kg("build", src, "-o", out)
        assert_clean_failure(result, *bad)
        assert "no usable article" in result.output
        # Nothing half-written: no graph.ttl, no graph.html, no temporary file.
        assert not out.exists() or list(out.iterdir()) == []


def test_build_of_a_missing_path_fails_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    result = kg("build", missing, "-o", tmp_path / "out")
    assert_clean_failure(result, missing)
    assert not (tmp_path / "out").exists()


def test_build_into_a_file_names_it_in_kg_s_words(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine\n", encoding="utf-8")
    result = kg("build", INPUT, "-o", target)
    assert_clean_failure(result, target)
    assert "is not a folder; give -o a folder" in result.output
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_build_into_an_unusable_folder_fails_with_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    result = kg("build", INPUT, "-o", blocker / "out")
    assert_clean_failure(result, blocker / "out")


def test_a_real_process_reports_errors_without_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    for args in (
        ["build", str(missing), "-o", str(tmp_path / "out")],
        ["query", str(missing / "graph.ttl"), "ASK {}"],
        ["eval", "--gold", str(missing / "gold.tsv"), str(INPUT)],
    ):
        done = subprocess.run(
            [sys.executable, "-c", "from kg.cli import main; main()", *args],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode != 0, args
        assert "Traceback" not in done.stderr + done.stdout, done.stderr
        assert str(missing) in done.stderr, done.stderr


# ---------------------------------------------------------------- kg query


def test_query_prints_a_table_of_who_urged_whom(sample_ttl: Path) -> None:
    result = kg("query", sample_ttl, URGED)
    assert_ok(result)
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["who", "whom"]
    assert any("Stoltenberg" in line and "South Korea" in line for line in lines[2:]), lines


def test_query_csv_and_json_parse_back_to_the_same_rows(sample_ttl: Path) -> None:
    # Titles hold commas and curly quotes, so CSV quoting and JSON escaping are exercised.
    expected = [[source, title_of(source)] for source in SAMPLES]

    as_csv = kg("query", sample_ttl, TITLES, "--format", "csv")
    assert_ok(as_csv)
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["file", "title"]
    assert rows[1:] == expected

    as_json = kg("query", sample_ttl, TITLES, "--format", "json")
    assert_ok(as_json)
    document = json.loads(as_json.stdout)
    assert document["head"]["vars"] == ["file", "title"]
    got = [[b["file"]["value"], b["title"]["value"]] for b in document["results"]["bindings"]]
    assert got == expected


def test_query_ask_prints_true_or_false(sample_ttl: Path) -> None:
    yes = kg("query", sample_ttl, "ASK { ?a a kg:Article }")
    assert_ok(yes)
    assert yes.stdout.strip() == "true"
    no = kg("query", sample_ttl, "ASK { ?a a kg:NoSuchClass }")
    assert_ok(no)
    assert no.stdout.strip() == "false"


def test_query_with_bad_sparql_fails_with_a_clear_message(sample_ttl: Path) -> None:
    result = kg("query", sample_ttl, "SELEKT ?x WHERE { ?x ?p ")
    assert_clean_failure(result)
    assert "SPARQL" in result.output


def test_query_reads_the_query_from_a_file(sample_ttl: Path, tmp_path: Path) -> None:
    query = tmp_path / "titles.rq"
    query.write_text(TITLES + "\n", encoding="utf-8")
    from_file = kg("query", sample_ttl, "--file", query)
    assert_ok(from_file)
    from_arg = kg("query", sample_ttl, TITLES)
    assert from_file.stdout == from_arg.stdout
    assert title_of(GOOD) in from_file.stdout
    readme = kg("query", sample_ttl, "--file", REPO / "queries" / "who_urged_whom.rq")
    assert_ok(readme)
    assert readme.stdout.splitlines()[0].split() == ["who", "whom"]


def test_query_given_twice_or_not_at_all_is_a_usage_error(sample_ttl: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text(TITLES, encoding="utf-8")
    both = kg("query", sample_ttl, TITLES, "--file", query)
    neither = kg("query", sample_ttl)
    for result in (both, neither):
        assert result.exit_code == 2, result.output
        assert "Usage:" in result.output
    assert "either as an argument or with --file, not both" in both.output
    assert "no query given: pass the SPARQL as an argument or with --file" in neither.output


def test_query_of_a_missing_graph_fails_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "graph.ttl"
    assert_clean_failure(kg("query", missing, "ASK {}"), missing)


# ---------------------------------------------------------------- kg eval


@pytest.fixture(scope="module")
def gold_and_texts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """../shared's seed gold file and articles; a small gold file of our own when it is absent."""
    gold, seeds = SHARED / "eval" / "seeds.gold.tsv", SHARED / "seeds"
    if gold.is_file() and seeds.is_dir():
        return gold, seeds
    own = tmp_path_factory.mktemp("gold") / "tiny.gold.tsv"
    own.write_text(
        "doc\tsubject\tpredicate\tobject\tstatus\tnote\n"
        f"{SAMPLES[0]}\tJens Stoltenberg\turged\tSouth Korea|Q884\trequired\tIa mendesak Korsel\n"
        f"{SAMPLES[1]}\tRussia\tattacked\tUkraine\trequired\tRusia menginvasi Ukraina\n"
        f"{SAMPLES[1]}\tPoland\tmemberOf\tNATO\toptional\tanggota NATO\n",
        encoding="utf-8",
    )
    return own, INPUT


def test_eval_prints_a_line_per_document_and_the_totals_last(
    gold_and_texts: tuple[Path, Path],
) -> None:
    gold, texts = gold_and_texts
    result = kg("eval", "--gold", gold, texts)
    assert_ok(result)
    lines = result.stdout.strip().splitlines()
    assert TOTALS.match(lines[-1]), lines[-1]
    for source in SAMPLES:
        assert any(line.startswith(source) for line in lines), result.stdout


def test_eval_verbose_adds_detail_and_keeps_the_totals(gold_and_texts: tuple[Path, Path]) -> None:
    gold, texts = gold_and_texts
    plain = kg("eval", "--gold", gold, texts)
    verbose = kg("eval", "--gold", gold, texts, "--verbose")
    assert_ok(verbose)
    lines = verbose.stdout.strip().splitlines()
    assert TOTALS.match(lines[-1]), lines[-1]
    assert lines[-1] == plain.stdout.strip().splitlines()[-1]
    assert len(lines) >= len(plain.stdout.strip().splitlines())
    # Each false positive and false negative counted in the totals is listed.
    totals = dict(item.split("=") for item in lines[-1].split())
    assert sum(line.startswith("  FP ") for line in lines) == int(totals["fp"])
    assert sum(line.startswith("  FN ") for line in lines) == int(totals["fn"])


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ("doc\tsubject\tpredicate\n000.txt\tA\turged\n", ""),  # columns missing from the header
        ("doc\tsubject\tpredicate\tobject\tstatus\n" + f"{GOOD}\tA\turged\tB\tmaybe\n", ":2"),
    ],
    ids=["bad-header", "bad-status"],
)
def test_eval_with_a_malformed_gold_file_fails_naming_it(
    tmp_path: Path, content: str, where: str
) -> None:
    gold = tmp_path / "broken.gold.tsv"
    gold.write_text(content, encoding="utf-8")
    result = kg("eval", "--gold", gold, INPUT)
    assert_clean_failure(result, f"{gold}{where}")


# ---------------------------------------------------------------- help


@pytest.mark.parametrize(
    "command", [[], *([name] for name in sorted(main.commands))], ids=lambda c: " ".join(["kg", *c])
)
def test_every_help_shows_an_example(command: list[str]) -> None:
    result = kg(*command, "--help")
    assert_ok(result)
    assert "Example:" in result.stdout


def test_outputs_are_readable_by_others_as_a_plain_write_would_leave_them(tmp_path: Path) -> None:
    # atomic writes go through a temporary file, which must not keep mkstemp's private 0600
    import os
    import stat

    mask = os.umask(0o022)
    try:
        result = kg("build", INPUT, "-o", tmp_path / "out", "--format", "graphml")
    finally:
        os.umask(mask)
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.html", "graph.graphml"):
        mode = stat.S_IMODE((tmp_path / "out" / name).stat().st_mode)
        assert mode == 0o644, (name, oct(mode))


def test_build_progress_off_a_terminal_is_a_line_every_tenth(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(20):  # distinct articles: the same one given twice is read once
        text = f"({n}) " + (INPUT / GOOD).read_text(encoding="utf-8")
        (folder / f"{n:02d}.txt").write_text(text, encoding="utf-8")
    result = kg("build", folder, "-o", tmp_path / "out", "--no-html")
    assert_ok(result)
    lines = [ln for ln in result.output.splitlines() if ln.startswith("Extracting: ")]
    assert len(lines) == 10, result.output
    assert lines[-1].startswith("Extracting: 20/20 articles (100%")


@pytest.mark.parametrize(
    "command",
    [["export", "-o", "x.nt"], ["validate"]],  # (kg view draws a folder from its store)
)
def test_an_output_folder_given_for_a_graph_file_names_its_graph_ttl(
    sample_ttl: Path, command: list[str], tmp_path: Path
) -> None:
    out = sample_ttl.parent
    args = [command[0], out, *[tmp_path / a if a.startswith("x.") else a for a in command[1:]]]
    result = kg(*args)
    assert_clean_failure(result, out / "graph.ttl")
    assert "give" in result.output


def test_graph_html_given_for_a_graph_file_is_named_not_parsed(sample_ttl: Path) -> None:
    page = sample_ttl.parent / "graph.html"
    for command in (["query", page, "ASK {}"], ["export", page, "-o", page.with_suffix(".nt")]):
        result = kg(*command)
        assert_clean_failure(result, page)
        assert "an HTML page, not a graph file" in result.output
        assert "valid URI" not in result.output  # rdflib's log lines of the HTML's words


def test_an_export_for_graph_tools_given_for_a_graph_file_is_named(
    sample_ttl: Path, tmp_path: Path
) -> None:
    """kg's own GraphML and GEXF exports are no RDF: named as what they are, not parsed."""
    for fmt, kind in (("graphml", "a GraphML file"), ("gexf", "a GEXF file")):
        exported = tmp_path / f"graph.{fmt}"
        assert kg("export", sample_ttl, "-o", exported).exit_code == 0
        for command in (["query", exported, "ASK {}"], ["view", exported, "-o", tmp_path / "v"]):
            result = kg(*command)
            assert_clean_failure(result, exported)
            assert f"{kind} for" in result.output and "not a graph file" in result.output
            assert "Turtle" not in result.output


def test_a_graph_without_kgs_facts_is_said_to_hold_none(sample_ttl: Path, tmp_path: Path) -> None:
    """Another vocabulary's graph gives an empty page or export: kg says why."""
    foaf = tmp_path / "foaf.ttl"
    foaf.write_text(
        '@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n<http://ex.org/a> foaf:name "A" .\n',
        encoding="utf-8",
    )
    for command in (
        ["view", foaf, "-o", tmp_path / "f.html"],
        ["export", foaf, "-o", tmp_path / "f.nt"],
    ):
        result = kg(*command)
        assert result.exit_code == 0
        assert f"warning: {foaf}: holds no fact of kg's relations" in result.output
    result = kg("view", sample_ttl, "-o", tmp_path / "s.html")
    assert result.exit_code == 0 and "warning" not in result.output


def test_ctrl_c_in_any_command_exits_130_with_a_word(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A Ctrl-C no command turns into its own message (one loading its modules, say) exits
    130 as a shell reports it, not with click's "Aborted!" and 1."""
    import kg.view

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt  # the injected Ctrl-C

    monkeypatch.setattr(kg.view, "view", interrupted)
    graph = tmp_path / "g.ttl"
    graph.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["view", str(graph), "-o", str(tmp_path / "g.html")])
    assert result.exit_code == 130
    assert "kg view stopped by Ctrl-C" in result.output and "Aborted" not in result.output
