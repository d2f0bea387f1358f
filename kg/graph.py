"""Merge extractions into one RDF graph that keeps the graph contract.

Entities get stable IRIs (ent:<Key>), facts are plain triples, and each reading of a fact is
an rdf:Statement (kg:Assertion) naming its article, sentence, extractor, confidence and speaker:
standard reification, so every RDF tool reads the provenance without named graphs.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from collections.abc import Iterable
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from kg.data import ontology_dir
from kg.errors import GraphError
from kg.io import atomic_write_bytes
from kg.lexicon import Ontology, key_for
from kg.model import Article, EntityRef, Extraction, Fact
from kg.vocab import ART, ENT, KG, SCHEMA, WIKIDATA

EXTRACTOR_VERSION = "kg-0.1"


def ontology_graph() -> Graph:
    graph = Graph()
    graph.parse(ontology_dir() / "kg.ttl", format="turtle")
    return graph


def new_graph() -> Graph:
    graph = Graph()
    for prefix, ns in (
        ("kg", KG._NS),
        ("ent", ENT),
        ("art", ART),
        ("wd", WIKIDATA),
        ("schema", SCHEMA),
        ("skos", SKOS),
        ("owl", OWL),
        ("dcterms", DCTERMS),
        ("xsd", XSD),
    ):
        graph.bind(prefix, ns, override=True)
    return graph


def kg_term(local: str) -> URIRef:
    """The kg: term named `local`; AttributeError when kg.vocab.KG does not declare it."""
    return URIRef(getattr(KG, local))


def entity_iri(key: str) -> URIRef:
    return ENT[key]


# Readable part of an article's IRI: at most this many characters of its name.
_SLUG_NAME_CHARS = 40


def article_identity(article: Article) -> str:
    """What makes an article itself: its URL when it has one, otherwise its title and text as
    read. The same article given twice, under any name or folder, has one identity; two
    articles whose files share a name do not."""
    if article.url:
        return hashlib.sha1(f"url {article.url}".encode()).hexdigest()
    return hashlib.sha1(f"text {article.title}\n{article.text}".encode()).hexdigest()


def article_slug(article: Article) -> str:
    """The article's IRI local name (see README, "Article identity"): a readable part taken from
    what its identity is made of (the URL's last path segment, else the title), then a digest
    of that identity, so it is unique and stable however the file is named or moved."""
    if article.url:
        path = urllib.parse.urlsplit(article.url).path.rstrip("/")
        readable = urllib.parse.unquote(path.rsplit("/", 1)[-1]).rsplit(".", 1)[0]
    else:
        readable = article.title
    name = key_for(readable.replace(".", " "))[:_SLUG_NAME_CHARS].strip("_-")
    digest = article_identity(article)[:12]
    return f"{name}-{digest}" if name else f"article-{digest}"


def _assertion_iri(slug: str, fact: Fact) -> URIRef:
    digest = hashlib.sha1(
        f"{fact.subject}|{fact.predicate}|{fact.object}|{fact.sentence}".encode()
    ).hexdigest()[:12]
    return ART[f"{slug}/f{digest}"]


class GraphBuilder:
    """Adds extractions one at a time; the same input in the same order gives the same graph."""

    def __init__(self, onto: Ontology) -> None:
        self.onto = onto
        self.graph = new_graph()
        self._schema = ontology_graph()
        self._declared: set[URIRef] = set()

    def _declare(self, term: URIRef) -> None:
        """Copy a class's or predicate's declaration from kg.ttl, so the graph describes itself."""
        if term in self._declared:
            return
        self._declared.add(term)
        for p, o in self._schema.predicate_objects(term):
            self.graph.add((term, p, o))
            if (
                p in (RDFS.subPropertyOf, RDFS.subClassOf)
                and isinstance(o, URIRef)
                and str(o).startswith(str(KG._NS))
            ):
                self._declare(o)

    def _entity(self, ref: EntityRef) -> URIRef:
        iri = entity_iri(ref.key)
        cls = kg_term(ref.type)
        self._declare(cls)
        if (iri, RDFS.label, None) not in self.graph:
            self.graph.add((iri, RDF.type, cls))
            self.graph.add((iri, RDFS.label, Literal(ref.label, lang="en")))
            if ref.wikidata:
                self.graph.add((iri, OWL.sameAs, WIKIDATA[ref.wikidata]))
        return iri

    def add(self, ex: Extraction) -> None:
        article = ex.article
        slug = article_slug(article)
        art = ART[slug]
        g = self.graph
        if (art, RDF.type, KG.Article) in g:  # the same article given twice is one article
            return
        self._declare(KG.Article)
        self._declare(KG.Sentence)
        self._declare(KG.Assertion)
        g.add((art, RDF.type, KG.Article))
        g.add((art, KG.sourceFile, Literal(article.source)))
        g.add((art, KG.language, Literal(article.language)))
        if article.title:
            g.add((art, DCTERMS.title, Literal(article.title, lang=article.language)))
        if article.publisher:
            g.add((art, DCTERMS.publisher, Literal(article.publisher)))
        if article.date:
            g.add((art, DCTERMS.date, Literal(article.date, datatype=XSD.date)))
        if article.url:
            g.add((art, SCHEMA.url, URIRef(article.url)))

        refs = {e.key: e for e in ex.entities}
        used = {f.subject for f in ex.facts} | {f.object for f in ex.facts}
        used |= {f.speaker for f in ex.facts if f.speaker}
        for key in sorted(used):
            if key not in refs:
                raise GraphError(f"{article.source}: fact names entity {key!r} with no record")
            self._entity(refs[key])
        self._declare(KG.NameRecord)
        for key, surface, lang, rule in ex.surface_forms:
            if key in used and surface != refs[key].label:
                name = Literal(surface, lang=lang)
                g.add((entity_iri(key), SKOS.altLabel, name))
                # why this name was merged into this node, for review
                digest = hashlib.sha1(f"{key}|{surface}|{lang}".encode()).hexdigest()[:12]
                rec = ART[f"{slug}/n{digest}"]
                g.add((rec, RDF.type, KG.NameRecord))
                g.add((rec, RDF.subject, entity_iri(key)))
                g.add((rec, RDF.predicate, SKOS.altLabel))
                g.add((rec, RDF.object, name))
                g.add((rec, KG.rule, Literal(rule)))
                g.add((rec, KG.article, art))

        sentences = {s.index: s for s in ex.sentences}
        for fact in ex.facts:
            pred = kg_term(fact.predicate)
            self._declare(pred)
            s_iri, o_iri = entity_iri(fact.subject), entity_iri(fact.object)
            g.add((s_iri, pred, o_iri))
            sent_iri = ART[f"{slug}/s{fact.sentence}"]
            if (sent_iri, RDF.type, KG.Sentence) not in g:
                g.add((sent_iri, RDF.type, KG.Sentence))
                g.add((sent_iri, KG.text, Literal(sentences[fact.sentence].text)))
                g.add((sent_iri, KG.position, Literal(fact.sentence)))
                g.add((sent_iri, KG.inArticle, art))
            rec = _assertion_iri(slug, fact)
            g.add((rec, RDF.type, KG.Assertion))
            g.add((rec, RDF.type, RDF.Statement))
            g.add((rec, RDF.subject, s_iri))
            g.add((rec, RDF.predicate, pred))
            g.add((rec, RDF.object, o_iri))
            g.add((rec, KG.article, art))
            g.add((rec, KG.sentence, sent_iri))
            g.add((rec, KG.extractor, Literal(f"{EXTRACTOR_VERSION}/{fact.extractor}")))
            g.add((rec, KG.confidence, Literal(f"{fact.confidence:.3f}", datatype=XSD.decimal)))
            if fact.speaker:
                g.add((rec, KG.speaker, entity_iri(fact.speaker)))
            if fact.quote:
                g.add((rec, KG.quote, Literal(fact.quote)))
            if fact.planned:
                g.add((rec, KG.planned, Literal(True)))


def build_graph(extractions: Iterable[Extraction], onto: Ontology) -> Graph:
    builder = GraphBuilder(onto)
    for ex in extractions:
        builder.add(ex)
    one_form_per_case(builder.graph)
    return builder.graph


def one_form_per_case(graph: Graph) -> None:
    """Keep one skos:altLabel of an entity per language among forms that differ only in case
    ("Stoltenberg", "STOLTENBERG", "stoltenberg"): a mixed-case form first, then all capitals,
    then lower case, ties by code-point order, whatever the order the articles came in. Name
    records of a dropped form name the kept one."""
    groups: dict[tuple[Node, str, str], list[Literal]] = {}
    for entity, name in graph.subject_objects(SKOS.altLabel):
        if isinstance(name, Literal):
            groups.setdefault((entity, str(name).casefold(), name.language or ""), []).append(name)
    for (entity, _, _), names in groups.items():
        if len(names) < 2:
            continue
        kept = min(names, key=_case_rank)
        for name in names:
            if name == kept:
                continue
            graph.remove((entity, SKOS.altLabel, name))
            for record in list(graph.subjects(RDF.object, name)):
                if (record, RDF.subject, entity) in graph:
                    graph.remove((record, RDF.object, name))
                    graph.add((record, RDF.object, kept))


def _case_rank(name: Literal) -> tuple[int, str]:
    text = str(name)
    return (2 if text == text.lower() else 1 if text == text.upper() else 0, text)


def write_turtle(graph: Graph, path: Path) -> None:
    """Serialise to Turtle atomically; rdflib sorts subjects and objects, so output is stable."""
    data = graph.serialize(format="turtle", encoding="utf-8")
    atomic_write_bytes(path, data)
