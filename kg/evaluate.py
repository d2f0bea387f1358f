"""Score extraction against a gold TSV file (graph contract, section 4).

Each gold document is built into a graph alone, and the graph itself is scored: entity names
come from its rdfs:label, skos:altLabel and owl:sameAs, so the score measures what users get.
"""

from __future__ import annotations

import csv
import glob
import re
from collections.abc import Collection, Iterable
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
    predicate: str  # the core relation's local name as ontology/kg.ttl spells it ("metWith")
    object: frozenset[str]
    required: bool
    note: str
    line: int
    written: tuple[str, str] = ("", "")  # the subject and object cells as the file has them


@dataclass(frozen=True)
class Predicted:
    subject: str  # English label
    predicate: str
    object: str
    subject_names: frozenset[str]
    object_names: frozenset[str]
    evidence: tuple[str, ...]


# The relations that say what someone is (an office, a membership), not what someone did: the
# contract's "events alone" figures leave them out.
STATUS_PREDICATES = frozenset({"leads", "officialOf", "memberOf"})


@dataclass
class Counts:
    """The contract's counts (section 4): precision over predictions, recall over gold rows."""

    tp: int = 0  # predicted triples that match some gold row (required or optional)
    fp: int = 0  # predicted triples that match no gold row
    found: int = 0  # required gold rows matched by some predicted triple
    required: int = 0  # required gold rows

    @property
    def fn(self) -> int:
        """Required gold rows that no predicted triple matches."""
        return self.required - self.found

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.tp + other.tp,
            self.fp + other.fp,
            self.found + other.found,
            self.required + other.required,
        )


@dataclass
class DocScore:
    """One document's predicted triples and required gold rows, each with whether it matched."""

    doc: str
    language: str = ""
    predictions: list[tuple[Predicted, bool]] = field(default_factory=list)
    gold: list[tuple[GoldRow, bool]] = field(default_factory=list)  # required rows only

    def counts(self, predicates: Collection[str] | None = None) -> Counts:
        """The counts over all core relations, or over `predicates` only."""
        c = Counts()
        for pred, matched in self.predictions:
            if predicates is None or pred.predicate in predicates:
                c.tp += matched
                c.fp += not matched
        for row, found in self.gold:
            if predicates is None or row.predicate in predicates:
                c.required += 1
                c.found += found
        return c

    @property
    def false_positives(self) -> list[Predicted]:
        return [pred for pred, matched in self.predictions if not matched]

    @property
    def false_negatives(self) -> list[GoldRow]:
        return [row for row, found in self.gold if not found]

    def predicates(self) -> set[str]:
        return {p.predicate for p, _ in self.predictions} | {r.predicate for r, _ in self.gold}


@dataclass
class EvalReport:
    docs: list[DocScore]
    missing: list[str]  # gold documents with no file in the texts folder (their rows: misses)

    def counts(
        self, predicates: Collection[str] | None = None, language: str | None = None
    ) -> Counts:
        """Micro average: the counts summed over the documents (of one language)."""
        total = Counts()
        for d in self.docs:
            if language is None or d.language == language:
                total += d.counts(predicates)
        return total

    @property
    def total(self) -> Counts:
        return self.counts()

    def languages(self) -> list[str]:
        return sorted({d.language for d in self.docs} - {""})  # a missing document has none

    def predicates(self) -> list[str]:
        """Every relation predicted or in the gold, in alphabetical order."""
        return sorted(set().union(*(d.predicates() for d in self.docs)), key=str.casefold)

    def event_predicates(self) -> set[str]:
        return set(self.predicates()) - STATUS_PREDICATES


def norm_name(name: str) -> str:
    return " ".join(name.casefold().replace("’", "'").split())


def read_gold(path: Path, predicates: Iterable[str] | None = None) -> list[GoldRow]:
    """The rows of a gold file; GoldError names the file and line of the first bad row.

    `predicates`: the core relations a row may name (default: those of ontology/kg.ttl);
    a row's predicate is matched case-insensitively and kept as the ontology spells it.
    """
    if path.is_dir():
        inside = sorted(p.name for p in path.glob("*.tsv"))
        hint = f" (it holds {', '.join(inside[:5])})" if inside else ""
        raise GoldError(
            f"{path}: is a folder, not a gold file; pass --gold the gold TSV file itself{hint}"
        )
    if not path.is_file():
        raise GoldError(f"{path}: no such gold file; pass --gold with a TSV path")
    try:
        text = path.read_text(encoding="utf-8-sig")  # a spreadsheet's byte order mark: none
    except UnicodeDecodeError as exc:
        raise GoldError(f"{path}: not UTF-8 ({exc.reason}); save the gold file as UTF-8") from exc
    if predicates is None:
        predicates = load_ontology().predicates
    core = {name.casefold(): name for name in predicates}
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
        where = f"{path}:{line}"
        if len(cells) < len(GOLD_COLUMNS):
            raise GoldError(f"{where}: {len(cells)} columns; expected at least 5")
        doc = cells[idx["doc"]].strip()
        if not doc:
            raise GoldError(
                f"{where}: the document name (column doc) is empty; "
                "give the article's file name, e.g. 001.txt"
            )
        if any(c in doc for c in "*?"):
            raise GoldError(
                f"{where}: the document name {doc!r} is a pattern; "
                "give one article's file name (no * or ?), e.g. 001.txt"
            )
        if "/" in doc or "\\" in doc:
            raise GoldError(
                f"{where}: the document name {doc!r} names a folder; give the article's file "
                f"name alone, e.g. {doc.replace(chr(92), '/').rsplit('/', 1)[-1]} (found "
                "anywhere under the texts folder)"
            )
        predicate = cells[idx["predicate"]].strip()
        if predicate.casefold() not in core:
            raise GoldError(
                f"{where}: unknown predicate {predicate!r}; use one of the core relations "
                f"of ontology/kg.ttl: {', '.join(sorted(core.values(), key=str.casefold))}"
            )
        status = cells[idx["status"]].strip()
        if status not in ("required", "optional"):
            raise GoldError(f"{where}: status {status!r} must be required or optional")
        ends = {}
        for column in ("subject", "object"):
            names = frozenset(n for n in (norm_name(a) for a in cells[idx[column]].split("|")) if n)
            if not names:
                raise GoldError(
                    f"{where}: the {column} is empty; give its English name "
                    "(alternatives separated by |, a Wikidata id such as Q884 allowed)"
                )
            ends[column] = names
        rows.append(
            GoldRow(
                doc=doc,
                subject=ends["subject"],
                predicate=core[predicate.casefold()],
                object=ends["object"],
                required=status == "required",
                note=cells[idx["note"]] if "note" in idx and idx["note"] < len(cells) else "",
                line=line,
                written=(cells[idx["subject"]].strip(), cells[idx["object"]].strip()),
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
    if pred.predicate != row.predicate:
        return False
    if pred.subject_names & row.subject and pred.object_names & row.object:
        return True
    return symmetric and bool(pred.subject_names & row.object and pred.object_names & row.subject)


def score_document(doc: str, graph: Graph, rows: list[GoldRow], onto: Ontology) -> DocScore:
    """Score one document's graph by the contract (section 4).

    A predicted triple that matches any gold row (required or optional) is a true positive,
    one that matches none a false positive; recall counts the required rows that some
    predicted triple matches, whatever the number of predictions matching each.
    """
    symmetric = {name for name, p in onto.predicates.items() if p.symmetric}
    score = DocScore(doc)
    found: set[int] = set()
    for pred in predicted_facts(graph, set(onto.predicates)):
        hits = [r.line for r in rows if _matches(pred, r, pred.predicate in symmetric)]
        score.predictions.append((pred, bool(hits)))
        found.update(hits)
    score.gold = [(row, row.line in found) for row in rows if row.required]
    return score


def _find_article(texts: Path, doc: str) -> Article | None:
    path = texts / doc
    if not path.is_file():
        matches = sorted(texts.rglob(glob.escape(doc)))
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
    rows = read_gold(gold, onto.predicates)
    docs = sorted({r.doc for r in rows})
    report = EvalReport([], [])
    for doc in docs:
        article = _find_article(texts, doc)
        if article is None:  # its required rows count as misses: a lost file lowers recall
            report.missing.append(doc)
            missing = DocScore(doc)
            missing.gold = [(row, False) for row in rows if row.doc == doc and row.required]
            report.docs.append(missing)
            continue
        extraction = extract_article(article, onto)
        graph = build_graph([extraction], onto)
        score = score_document(doc, graph, [r for r in rows if r.doc == doc], onto)
        score.language = extraction.article.language
        report.docs.append(score)
    if len(report.missing) == len(docs):
        raise GoldError(
            f"{gold}: none of its documents ({', '.join(docs[:3])}…) is in {texts}; "
            "pass the folder that holds them"
        )
    return report


def _ratio(value: float, defined: bool) -> str:
    return f"{value:6.3f}" if defined else f"{'-':>6}"


def _head(first: str, lang: str) -> str:
    names = ("P", "R", "F1", "tp", "fp", "fn", "req")
    widths = (6, 6, 6, 4, 4, 4, 4)
    return " ".join(
        [f"{first:<40}", f"{lang:>4}", *(f"{n:>{w}}" for n, w in zip(names, widths, strict=True))]
    )


def _row(name: str, c: Counts, width: int = 40, lang: str = "") -> str:
    """A table row: name, P, R, F1 (- where there is nothing to divide by), tp, fp, fn, req."""
    return (
        f"{name:<{width}} {lang:>4} {_ratio(c.precision, c.tp + c.fp > 0)} "
        f"{_ratio(c.recall, c.required > 0)} {_ratio(c.f1, c.tp + c.fp > 0 and c.required > 0)} "
        f"{c.tp:4d} {c.fp:4d} {c.fn:4d} {c.required:4d}"
    )


def _line(prefix: str, c: Counts, docs: int) -> str:
    """A summary line: key=value pairs, the way the last line of the report is written."""
    return (
        f"{prefix}P={c.precision:.3f} R={c.recall:.3f} F1={c.f1:.3f} "
        f"tp={c.tp} fp={c.fp} fn={c.fn} required={c.required} docs={docs}"
    )


def format_report(report: EvalReport, verbose: bool = False) -> str:
    """Per document, then by predicate and for events alone, by language, and the totals last.

    P = tp / (tp + fp) over predicted triples; R = (required gold rows matched) / (required
    gold rows), that is (required - fn) / required; F1 their harmonic mean.
    """
    head = _head("doc", "lang")
    lines = [head]
    for d in report.docs:
        lines.append(_row(d.doc, d.counts(), lang=d.language))
        if verbose:
            for fp in d.false_positives:
                lines.append(f"  FP {fp.subject} --{fp.predicate}--> {fp.object}")
                lines += [f"       « {_clip(e)} »" for e in fp.evidence]
            for fn in d.false_negatives:
                subj, obj = fn.written  # as the gold file writes them, not as matched
                lines.append(f"  FN {subj} --{fn.predicate}--> {obj}   (gold line {fn.line})")
                if fn.note:
                    lines.append(f"       « {_clip(fn.note)} »")
            for name in sorted(d.predicates(), key=str.casefold):
                lines.append("  " + _row(name, d.counts({name}), width=38))
    for doc in report.missing:
        lines.append(
            f"{doc:<40} missing: no such file in the texts folder (its required rows count as "
            "misses)"
        )
    lines.append("")
    lines.append(_head("predicate", ""))
    for name in report.predicates():
        lines.append(_row(name, report.counts({name})))
    docs = len(report.docs)
    events = report.event_predicates()
    lines.append("")
    left_out = ", ".join(sorted(STATUS_PREDICATES))
    lines.append(_line(f"events ({left_out} left out) ", report.counts(events), docs))
    languages = report.languages()
    if len(languages) > 1:
        for lang in languages:
            n = sum(1 for x in report.docs if x.language == lang)
            lines.append(_line(f"lang={lang} ", report.counts(language=lang), n))
    lines.append(_line("", report.total, docs))
    return "\n".join(lines)


def _clip(text: str, width: int = 160) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= width else text[: width - 1] + "…"
