"""One article's extraction as plain values for the store: its own triples as text, and
the rows (entities, names, facts) that the merge (kg.merge) turns into the shared triples.

A pure function of the extraction, so it runs in the extraction workers; its output is strings
and tuples, cheap to send between processes, and no rdflib term is made on this path.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

from kg.errors import GraphError
from kg.identity import article_identity, article_slug
from kg.model import Article, Extraction, Fact
from kg.nt import RDF_TYPE, XSD, iri, literal, turtle_of
from kg.vocab import ARTICLE_BASE, ENTITY_BASE, KG, SCHEMA

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DCT = "http://purl.org/dc/terms/"

# Named in each assertion's kg:extractor ("kg-0.1/id.verb"): which extractor read the fact.
EXTRACTOR_VERSION = "kg-0.1"

# (entity key, English label, kg class local name, Wikidata id or "")
EntityRow = tuple[str, str, str, str]
# (entity key, surface form, language tag, rule): a name the article gave the entity
NameRow = tuple[str, str, str, str]
# (title, date, publisher, url) of the article, "" for what it lacks
InfoRow = tuple[str, str, str, str]
# (position, text) of a sentence a fact was read from
SentenceRow = tuple[int, str]
# (subject key, predicate local name, object key, the kg:Assertion's local name, sentence
# position, speaker key or "", quote or "", planned 0 or 1, confidence as written)
EvidenceRow = tuple[str, str, str, str, int, str, str, int, str]


@dataclass(frozen=True)
class ArticleRecord:
    """What one article adds to the store."""

    slug: str  # local name of the article's IRI (kg.identity.article_slug)
    identity: str  # kg.identity.article_identity
    digest: str  # of everything read from the article: a changed file changes it
    source: str
    nquads: str  # the article's own triples (article, sentences, assertions) in its graph
    turtle: str  # the same as Turtle statements under kg's prefixes (kg.nt.turtle_of)
    entities: tuple[EntityRow, ...]
    names: tuple[NameRow, ...]
    # what the HTML view shows of the article's assertions (kg.view_rows), as rows
    info: InfoRow = ("", "", "", "")
    sentences: tuple[SentenceRow, ...] = ()
    evidence: tuple[EvidenceRow, ...] = ()


def article_digest(article: Article) -> str:
    """A digest of every field read from the article, so any change to it is seen."""
    fields = (
        article.source,
        article.title,
        article.text,
        article.date or "",
        article.publisher or "",
        article.url or "",
        article.language,
    )
    return hashlib.sha1("\x1f".join(fields).encode()).hexdigest()


def entity_iri(key: str) -> str:
    return iri(ENTITY_BASE + key)


@functools.cache  # a few dozen terms, asked for at every triple
def kg_iri(local: str) -> str:
    """<kg:local>; AttributeError when kg.vocab.KG does not declare it."""
    return iri(str(getattr(KG, local)))


def assertion_local(slug: str, fact: Fact) -> str:
    digest = hashlib.sha1(
        f"{fact.subject}|{fact.predicate}|{fact.object}|{fact.sentence}".encode()
    ).hexdigest()[:12]
    return f"{slug}/f{digest}"


def decimal(value: float) -> str:
    """xsd:decimal's canonical form to three places ("0.9", "1"), as Oxigraph stores it."""
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


def article_record(ex: Extraction, digest: str | None = None) -> ArticleRecord:
    """The store's record of one extraction (see the module's doc)."""
    article = ex.article
    slug = article_slug(article)
    art = iri(ARTICLE_BASE + slug)
    lines: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        lines.append(f"{s} {p} {o} .\n")  # N-Triples: put in the article's graph below

    add(art, RDF_TYPE, kg_iri("Article"))
    add(art, kg_iri("sourceFile"), literal(article.source))
    add(art, kg_iri("language"), literal(article.language))
    if article.title:
        add(art, iri(_DCT + "title"), literal(article.title, lang=article.language))
    if article.publisher:
        add(art, iri(_DCT + "publisher"), literal(article.publisher))
    if article.date:
        add(art, iri(_DCT + "date"), literal(article.date, datatype=XSD + "date"))
    if article.url:
        add(art, iri(str(SCHEMA.url)), iri(article.url))

    refs = {e.key: e for e in ex.entities}
    used = {f.subject for f in ex.facts} | {f.object for f in ex.facts}
    used |= {f.speaker for f in ex.facts if f.speaker}
    missing = sorted(used - set(refs))
    if missing:
        raise GraphError(f"{article.source}: fact names entity {missing[0]!r} with no record")
    entities = tuple((k, refs[k].label, refs[k].type, refs[k].wikidata or "") for k in sorted(used))
    names = tuple(
        sorted(
            {
                (key, surface, lang, rule)
                for key, surface, lang, rule in ex.surface_forms
                if key in used and surface != refs[key].label
            }
        )
    )

    sentences = {s.index: s for s in ex.sentences}
    written: set[int] = set()
    evidence: list[EvidenceRow] = []
    for fact in ex.facts:
        pred = kg_iri(fact.predicate)
        s_iri, o_iri = entity_iri(fact.subject), entity_iri(fact.object)
        sent = iri(f"{ARTICLE_BASE}{slug}/s{fact.sentence}")
        if fact.sentence not in written:
            written.add(fact.sentence)
            add(sent, RDF_TYPE, kg_iri("Sentence"))
            add(sent, kg_iri("text"), literal(sentences[fact.sentence].text))
            add(sent, kg_iri("position"), literal(str(fact.sentence), datatype=XSD + "integer"))
            add(sent, kg_iri("inArticle"), art)
        local = assertion_local(slug, fact)
        confidence = decimal(fact.confidence)
        evidence.append(
            (
                fact.subject,
                fact.predicate,
                fact.object,
                local,
                fact.sentence,
                fact.speaker or "",
                fact.quote or "",
                int(bool(fact.planned)),
                confidence,
            )
        )
        rec = iri(ARTICLE_BASE + local)
        add(rec, RDF_TYPE, kg_iri("Assertion"))
        add(rec, RDF_TYPE, iri(_RDF + "Statement"))
        add(rec, iri(_RDF + "subject"), s_iri)
        add(rec, iri(_RDF + "predicate"), pred)
        add(rec, iri(_RDF + "object"), o_iri)
        add(rec, kg_iri("article"), art)
        add(rec, kg_iri("sentence"), sent)
        add(rec, kg_iri("extractor"), literal(f"{EXTRACTOR_VERSION}/{fact.extractor}"))
        add(rec, kg_iri("confidence"), literal(confidence, datatype=XSD + "decimal"))
        if fact.speaker:
            add(rec, kg_iri("speaker"), entity_iri(fact.speaker))
        if fact.quote:
            add(rec, kg_iri("quote"), literal(fact.quote))
        if fact.planned:
            add(rec, kg_iri("planned"), literal("true", datatype=XSD + "boolean"))

    ntriples = "".join(lines)
    return ArticleRecord(
        slug=slug,
        identity=article_identity(article),
        digest=digest or article_digest(article),
        source=article.source,
        # N-Triples escape a line break inside a literal, so " .\n" ends a line and only there
        nquads=ntriples.replace(" .\n", f" {art} .\n"),
        turtle=turtle_of(ntriples),
        entities=entities,
        names=names,
        info=(article.title, article.date or "", article.publisher or "", article.url or ""),
        sentences=tuple((i, sentences[i].text) for i in sorted(written)),
        evidence=tuple(evidence),
    )
