"""Score extraction against a gold TSV file (graph contract, section 4).

Each gold document is built into a graph alone, and the graph itself is scored: entity names
come from its rdfs:label, skos:altLabel and owl:sameAs, so the score measures what users get.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from kg.errors import GoldError, InputError
from kg.extract import extract_article
from kg.graph import build_graph
from kg.lexicon import Ontology, load_ontology
from kg.model import Article
from kg.reader import read_articles
from kg.vocab import KG, WIKIDATA

GOLD_COLUMNS = ("doc", "subject", "predicate", "object", "status")


@dataclass(frozen=True)
class GoldRow:
    doc: str
    subject: frozenset[str]
    predicate: str
    object: frozenset[str]
    required: bool
    note: str
    line: int


@dataclass(frozen=True)
class Predicted:
    subject: str  # English label
    predicate: str
    object: str
    subject_names: frozenset[str]
    object_names: frozenset[str]
    evidence: tuple[str, ...]


@dataclass
class DocScore:
    doc: str
    language: str = ""
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[Predicted] = field(default_factory=list)
    false_negatives: list[GoldRow] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalReport:
    docs: list[DocScore]
    missing: list[str]  # gold documents with no file in the texts folder

    @property
    def total(self) -> DocScore:
        return _sum("ALL", self.docs)

    def by_language(self) -> dict[str, DocScore]:
        langs = sorted({d.language for d in self.docs})
        return {lang: _sum(lang, [d for d in self.docs if d.language == lang]) for lang in langs}


def _sum(name: str, docs: list[DocScore]) -> DocScore:
    total = DocScore(name)
    for d in docs:
        total.tp += d.tp
        total.fp += d.fp
        total.fn += d.fn
    return total


def norm_name(name: str) -> str:
    return " ".join(name.casefold().replace("’", "'").split())


def read_gold(path: Path) -> list[GoldRow]:
    if not path.is_file():
        raise GoldError(f"{path}: no such gold file; pass --gold with a TSV path")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise GoldError(f"{path}: not UTF-8 ({exc.reason}); save the gold file as UTF-8") from exc
    reader = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None or any(col not in header for col in GOLD_COLUMNS):
        raise GoldError(
            f"{path}: the header must name the columns {', '.join(GOLD_COLUMNS)} (tab-separated)"
        )
    idx = {name: header.index(name) for name in header}
    rows: list[GoldRow] = []
    for line, cells in enumerate(reader, 2):
        if not cells or not any(c.strip() for c in cells):
            continue
        if len(cells) < len(GOLD_COLUMNS):
            raise GoldError(f"{path}:{line}: {len(cells)} columns; expected at least 5")
        status = cells[idx["status"]].strip()
        if status not in ("required", "optional"):
            raise GoldError(f"{path}:{line}: status {status!r} must be required or optional")
        rows.append(
            GoldRow(
                doc=cells[idx["doc"]].strip(),
                subject=frozenset(norm_name(a) for a in cells[idx["subject"]].split("|")),
                predicate=cells[idx["predicate"]].strip().casefold(),
                object=frozenset(norm_name(a) for a in cells[idx["object"]].split("|")),
                required=status == "required",
                note=cells[idx["note"]] if "note" in idx and idx["note"] < len(cells) else "",
                line=line,
            )
        )
    return rows


def _names(graph: Graph, node: URIRef) -> frozenset[str]:
    names = {norm_name(str(x)) for x in graph.objects(node, RDFS.label)}
    names |= {norm_name(str(x)) for x in graph.objects(node, SKOS.altLabel)}
    for same in graph.objects(node, OWL.sameAs):
        if str(same).startswith(str(WIKIDATA)):
            names.add(norm_name(str(same)[len(str(WIKIDATA)) :]))
    return frozenset(names)


def predicted_facts(graph: Graph, core: set[str]) -> list[Predicted]:
    """Distinct (subject, predicate, object) of core relations, with their evidence sentences."""
    out: list[Predicted] = []
    for s, p, o in sorted(graph.triples((None, None, None))):
        if not (isinstance(s, URIRef) and isinstance(o, URIRef) and str(p).startswith(str(KG._NS))):
            continue
        local = str(p)[len(str(KG._NS)) :]
        if local not in core:
            continue
        evidence = tuple(
            sorted(
                str(text)
                for rec in graph.subjects(RDF.subject, s)
                if (rec, RDF.predicate, p) in graph and (rec, RDF.object, o) in graph
                for sent in graph.objects(rec, KG.sentence)
                for text in graph.objects(sent, KG.text)
            )
        )
        out.append(
            Predicted(
                str(graph.value(s, RDFS.label) or s),
                local,
                str(graph.value(o, RDFS.label) or o),
                _names(graph, s),
                _names(graph, o),
                evidence,
            )
        )
    return out


def _matches(pred: Predicted, row: GoldRow, symmetric: bool) -> bool:
    if pred.predicate.casefold() != row.predicate:
        return False
    if pred.subject_names & row.subject and pred.object_names & row.object:
        return True
    return symmetric and bool(pred.subject_names & row.object and pred.object_names & row.subject)


def score_document(doc: str, graph: Graph, rows: list[GoldRow], onto: Ontology) -> DocScore:
    core = set(onto.predicates)
    symmetric = {name.casefold() for name, p in onto.predicates.items() if p.symmetric}
    score = DocScore(doc)
    predicted = predicted_facts(graph, core)
    matched_rows: set[int] = set()
    for pred in predicted:
        hits = [r for r in rows if _matches(pred, r, pred.predicate.casefold() in symmetric)]
        if hits:
            score.tp += 1
            matched_rows.update(r.line for r in hits)
        else:
            score.fp += 1
            score.false_positives.append(pred)
    for row in rows:
        if row.required and row.line not in matched_rows:
            score.fn += 1
            score.false_negatives.append(row)
    return score


def _find_article(texts: Path, doc: str) -> Article | None:
    path = texts / doc
    if not path.is_file():
        matches = sorted(texts.rglob(doc))
        if not matches:
            return None
        path = matches[0]
    for item in read_articles([path]):
        if isinstance(item, Article):
            return item
    return None


def evaluate(gold: Path, texts: Path, onto: Ontology | None = None) -> EvalReport:
    """Build each gold document alone and score its graph against the gold rows."""
    if not texts.is_dir():
        raise InputError(f"{texts}: not a folder; pass the folder that holds the gold's articles")
    onto = onto or load_ontology()
    rows = read_gold(gold)
    docs = sorted({r.doc for r in rows})
    report = EvalReport([], [])
    for doc in docs:
        article = _find_article(texts, doc)
        if article is None:
            report.missing.append(doc)
            continue
        extraction = extract_article(article, onto)
        graph = build_graph([extraction], onto)
        score = score_document(doc, graph, [r for r in rows if r.doc == doc], onto)
        score.language = extraction.article.language
        report.docs.append(score)
    if not report.docs:
        raise GoldError(
            f"{gold}: none of its documents ({', '.join(docs[:3])}…) is in {texts}; "
            "pass the folder that holds them"
        )
    return report


def format_report(report: EvalReport, verbose: bool = False) -> str:
    head = f"{'doc':<40} {'lang':>4} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"
    lines = [head]
    for d in report.docs:
        lines.append(
            f"{d.doc:<40} {d.language:>4} {d.precision:6.3f} {d.recall:6.3f} {d.f1:6.3f} "
            f"{d.tp:4d} {d.fp:4d} {d.fn:4d}"
        )
        if verbose:
            for fp in d.false_positives:
                lines.append(f"  FP {fp.subject} --{fp.predicate}--> {fp.object}")
                lines += [f"       « {_clip(e)} »" for e in fp.evidence]
            for fn in d.false_negatives:
                subj, obj = "|".join(sorted(fn.subject)), "|".join(sorted(fn.object))
                lines.append(f"  FN {subj} --{fn.predicate}--> {obj}   (gold line {fn.line})")
                if fn.note:
                    lines.append(f"       « {_clip(fn.note)} »")
    for doc in report.missing:
        lines.append(f"{doc:<40} missing: no such file in the texts folder (counted as no docs)")
    languages = report.by_language()
    if len(languages) > 1:
        for lang, d in languages.items():
            docs = sum(1 for x in report.docs if x.language == lang)
            lines.append(
                f"lang={lang} P={d.precision:.3f} R={d.recall:.3f} F1={d.f1:.3f} "
                f"tp={d.tp} fp={d.fp} fn={d.fn} docs={docs}"
            )
    t = report.total
    lines.append(
        f"P={t.precision:.3f} R={t.recall:.3f} F1={t.f1:.3f} tp={t.tp} fp={t.fp} fn={t.fn} "
        f"docs={len(report.docs)}"
    )
    return "\n".join(lines)


def _clip(text: str, width: int = 160) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= width else text[: width - 1] + "…"
