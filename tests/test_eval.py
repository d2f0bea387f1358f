"""`kg eval`: the scoring rules of the graph contract (section 4) and the checks on gold rows.

The articles and gold files here are written for these tests: a few plain English sentences
whose facts kg reads, and gold rows chosen so that each rule of the contract changes a figure.
"""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import main
from kg.evaluate import evaluate

HEADER = "doc\tsubject\tpredicate\tobject\tstatus\tnote\n"

MEETING = """Ministers meet in Jakarta
2024-03-05

Japanese Prime Minister Fumio Kishida met with Indonesian President Joko Widodo on Tuesday.

Kishida urged China to respect international law in the South China Sea.

Russia attacked Ukraine again on Monday, the ministry said.
"""
# What kg reads from MEETING (checked first, so that a change in extraction is reported as
# such and not as a scoring error).
MEETING_FACTS = {
    ("Fumio Kishida", "metWith", "Joko Widodo"),
    ("Fumio Kishida", "leads", "Japan"),
    ("Joko Widodo", "leads", "Indonesia"),
    ("Fumio Kishida", "urged", "China"),
    ("Japan", "urged", "China"),
    ("Russia", "attacked", "Ukraine"),
}
MEETING_GOLD = (
    # matched by two predictions (Kishida and Japan): one required row found, two tp
    "meeting.txt\tFumio Kishida|Japan\turged\tChina\trequired\t\n"
    # symmetric relation written the other way round, predicate in another case
    "meeting.txt\tJoko Widodo\tMETWITH\tFumio Kishida\trequired\t\n"
    # a prediction that matches an optional row only: a tp, but no recall
    "meeting.txt\tRussia\tattacked\tUkraine\toptional\t\n"
    "meeting.txt\tFumio Kishida\tleads\tJapan\trequired\t\n"
    # nothing predicts it: a false negative (Joko Widodo leads Indonesia is a false positive)
    "meeting.txt\tChina\tcriticized\tJapan\trequired\t\n"
)

WAR = """War goes on
2024-03-06

Russia attacked Ukraine again on Monday, the ministry said.
"""
# attacked is not symmetric: the prediction Russia -> Ukraine does not match Ukraine -> Russia
WAR_GOLD = "war.txt\tUkraine\tattacked\tRussia\trequired\t\n"


def kg(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture()
def texts(tmp_path: Path) -> Path:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "meeting.txt").write_text(MEETING, encoding="utf-8")
    (folder / "war.txt").write_text(WAR, encoding="utf-8")
    return folder


def write_gold(tmp_path: Path, rows: str, name: str = "gold.tsv") -> Path:
    gold = tmp_path / name
    gold.write_text(HEADER + rows, encoding="utf-8")
    return gold


def test_kg_reads_the_facts_the_scoring_tests_rely_on(texts: Path, tmp_path: Path) -> None:
    report = evaluate(write_gold(tmp_path, MEETING_GOLD), texts)
    (doc,) = report.docs
    got = {(p.subject, p.predicate, p.object) for p, _ in doc.predictions}
    assert got == MEETING_FACTS


def test_recall_counts_required_gold_rows_matched_not_predictions(
    texts: Path, tmp_path: Path
) -> None:
    report = evaluate(write_gold(tmp_path, MEETING_GOLD), texts)
    (doc,) = report.docs
    c = doc.counts()
    # 6 predictions: 5 match a row (two of them the same urged row, one the optional
    # attacked row), Joko Widodo leads Indonesia matches none.
    assert (c.tp, c.fp) == (5, 1)
    # 4 required rows: urged, metWith (reversed), leads found; criticized missed.
    assert (c.found, c.required, c.fn) == (3, 4, 1)
    assert c.precision == pytest.approx(5 / 6)
    assert c.recall == pytest.approx(3 / 4)  # TP / (TP + FN) would say 5 / 6
    assert [r.line for r in doc.false_negatives] == [6]
    assert [(p.subject, p.predicate, p.object) for p in doc.false_positives] == [
        ("Joko Widodo", "leads", "Indonesia")
    ]


def test_a_document_missing_from_the_texts_counts_its_rows_as_misses(
    texts: Path, tmp_path: Path
) -> None:
    """A gold document without its file lowers recall (its required rows are misses): a
    folder that lost a file must not score as well as the whole set."""
    gold = write_gold(tmp_path, MEETING_GOLD + WAR_GOLD.replace("war.txt", "lost.txt"))
    report = evaluate(gold, texts)
    assert report.missing == ["lost.txt"]
    c = report.total
    assert (c.found, c.required, c.fn) == (3, 5, 2)
    result = kg("eval", "--gold", gold, texts)
    assert result.exit_code == 0, result.output
    assert "lost.txt" in result.output and "count as misses" in result.output
    assert "required=5 docs=2" in result.output.splitlines()[-1]


def test_breakdown_by_predicate_and_for_events(texts: Path, tmp_path: Path) -> None:
    report = evaluate(write_gold(tmp_path, MEETING_GOLD), texts)
    by = {name: report.counts({name}) for name in report.predicates()}
    assert {n: (c.tp, c.fp, c.found, c.required) for n, c in by.items()} == {
        "attacked": (1, 0, 0, 0),
        "criticized": (0, 0, 0, 1),
        "leads": (1, 1, 1, 1),
        "metWith": (1, 0, 1, 1),
        "urged": (2, 0, 1, 1),
    }
    events = report.counts(report.event_predicates())
    assert (events.tp, events.fp, events.found, events.required) == (4, 0, 2, 3)


def test_eval_prints_the_contract_figures(texts: Path, tmp_path: Path) -> None:
    gold = write_gold(tmp_path, MEETING_GOLD + WAR_GOLD)
    result = kg("eval", "--gold", gold, texts)
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in lines if line.strip()}
    assert rows["meeting.txt"] == ["en", "0.833", "0.750", "0.789", "5", "1", "1", "4"]
    # war.txt: the one prediction runs the wrong way for a relation that is not symmetric
    assert rows["war.txt"] == ["en", "0.000", "0.000", "0.000", "0", "1", "1", "1"]
    assert rows["urged"] == ["1.000", "1.000", "1.000", "2", "0", "0", "1"]
    assert rows["attacked"] == ["0.500", "0.000", "0.000", "1", "1", "1", "1"]
    assert rows["criticized"] == ["-", "0.000", "-", "0", "0", "1", "1"]
    assert (
        "events (leads, memberOf, officialOf left out) "
        "P=0.800 R=0.500 F1=0.615 tp=4 fp=1 fn=2 required=4 docs=2"
    ) in lines
    # micro average: tp 5, fp 2; required rows 5, found 3
    assert lines[-1] == "P=0.714 R=0.600 F1=0.652 tp=5 fp=2 fn=2 required=5 docs=2"


def test_eval_verbose_breaks_each_document_down_by_predicate(texts: Path, tmp_path: Path) -> None:
    result = kg("eval", "--gold", write_gold(tmp_path, MEETING_GOLD), texts, "--verbose")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  FP Joko Widodo --leads--> Indonesia" in lines
    # a miss names its ends as the gold file writes them, not as they are matched
    assert any(line.startswith("  FN China --criticized--> Japan") for line in lines)
    assert any(
        line.split() == ["urged", "1.000", "1.000", "1.000", "2", "0", "0", "1"]
        for line in lines
        if line.startswith("  ")
    )


# ---------------------------------------------------------------- bad gold rows


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ("meeting.txt\tJapan\tfoo\tChina\trequired\t\n", ["unknown predicate 'foo'", "urged"]),
        ("\tJapan\turged\tChina\trequired\t\n", ["document name", "empty"]),
        ("*\tJapan\turged\tChina\trequired\t\n", ["'*'", "file name"]),
        ("*.txt\tJapan\turged\tChina\trequired\t\n", ["'*.txt'", "file name"]),
        ("meeting.txt\t\turged\tChina\trequired\t\n", ["subject is empty"]),
        ("meeting.txt\tJapan\turged\t | \trequired\t\n", ["object is empty"]),
        ("/tmp/meeting.txt\tJapan\turged\tChina\trequired\t\n", ["names a folder", "meeting.txt"]),
        ("sub/meeting.txt\tJapan\turged\tChina\trequired\t\n", ["names a folder"]),
    ],
    ids=[
        "unknown-predicate",
        "empty-doc",
        "star-doc",
        "pattern-doc",
        "no-subject",
        "no-object",
        "absolute-doc",
        "folder-doc",
    ],
)
def test_a_bad_gold_row_fails_naming_file_line_and_fix(
    texts: Path, tmp_path: Path, row: str, said: list[str]
) -> None:
    # the bad row is line 3: after the header and one good row
    gold = write_gold(tmp_path, "meeting.txt\tJapan\turged\tChina\trequired\t\n" + row)
    result = kg("eval", "--gold", gold, texts)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert f"Error: {gold}:3: " in result.output
    for words in said:
        assert words in result.output, result.output


def test_gold_predicates_are_the_ontology_core_relations(texts: Path, tmp_path: Path) -> None:
    # kg:relatedTo is in kg.ttl, but as the root of the relations, not a core relation
    gold = write_gold(tmp_path, "meeting.txt\tJapan\trelatedTo\tChina\trequired\t\n")
    result = kg("eval", "--gold", gold, texts)
    assert result.exit_code == 1
    assert "unknown predicate 'relatedTo'" in result.output
    assert "metWith" in result.output and "signedAgreementWith" in result.output


def test_a_gold_folder_is_named_a_folder(texts: Path, tmp_path: Path) -> None:
    folder = tmp_path / "golds"
    folder.mkdir()
    write_gold(folder, MEETING_GOLD, "meeting.gold.tsv")
    result = kg("eval", "--gold", folder, texts)
    assert result.exit_code == 1, result.output
    assert f"Error: {folder}: is a folder" in result.output
    assert "meeting.gold.tsv" in result.output  # the file it probably meant
    assert "no such gold file" not in result.output


# ---------------------------------------------------------------- the documented examples

REPO = Path(__file__).resolve().parent.parent


def _eval_examples(text: str) -> list[list[str]]:
    """The `kg eval` command lines of a text (comments after # dropped), split as a shell would."""
    return [
        shlex.split(line.strip(), comments=True)
        for line in text.splitlines()
        if line.strip().startswith("kg eval ")
    ]


def _tracked(paths: list[str]) -> set[str]:
    """Those of `paths` that git tracks in this checkout (a fresh clone holds them)."""
    done = subprocess.run(
        ["git", "ls-files", "--", *paths], cwd=REPO, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        pytest.skip("not a git checkout")
    tracked = set(done.stdout.splitlines())
    return {
        p for p in paths if p in tracked or any(t.startswith(p.rstrip("/") + "/") for t in tracked)
    }


def test_the_readme_and_help_eval_examples_run_from_a_fresh_clone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    readme = _eval_examples((REPO / "README.md").read_text(encoding="utf-8"))
    helped = _eval_examples(kg("eval", "--help").output)
    assert len(readme) >= 3 and len(helped) >= 1, (readme, helped)
    monkeypatch.chdir(REPO)
    for argv in readme + helped:
        paths = [a for a in argv[2:] if not a.startswith("-")]
        assert all(not p.startswith("..") for p in paths), argv  # only what the clone has
        assert _tracked(paths) == set(paths), argv
        result = kg(*argv[1:])
        assert result.exit_code == 0, (argv, result.output)
        assert result.output.strip().splitlines()[-1].startswith("P="), result.output


def test_a_gold_file_saved_with_a_byte_order_mark_is_read(texts: Path, tmp_path: Path) -> None:
    """Spreadsheets save UTF-8 with a byte order mark: it is no part of the header."""
    plain = write_gold(tmp_path, MEETING_GOLD, "plain.tsv")
    marked = tmp_path / "marked.tsv"
    marked.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    first, second = kg("eval", "--gold", plain, texts), kg("eval", "--gold", marked, texts)
    assert second.exit_code == 0, second.output
    assert second.output.replace(str(marked), "") == first.output.replace(str(plain), "")
