"""The view's model of a graph: its entities, facts, relations and the evidence of the facts
drawn, as plain values (kg.view lays it out and writes the page).

Two sources, one reader: an rdflib Graph (GraphTriples) and a pyoxigraph Store (StoreTriples)
both give plain values, and read_model / read_evidence make the model of them; kg.view_rows
fills the same model from the build's manifest.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.vocab import KG, SCHEMA, WIKIDATA

if TYPE_CHECKING:
    from pyoxigraph import Store

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WEB_URL = re.compile(r"https?://[^\s\"'<>\\]+", re.I)

# (class, legend name, colour, border colour, vis shape, legend glyph); the first listed wins.
TYPES: tuple[tuple[str, str, str, str, str, str], ...] = (
    (str(KG.Person), "Person", "#4e79a7", "#2f4d6e", "dot", "\u25cf"),
    (str(KG.Organization), "Organization", "#f28e2b", "#a85a12", "square", "\u25a0"),
    (str(KG.Country), "Country", "#59a14f", "#35682e", "diamond", "\u25c6"),
    (str(KG.Location), "Location", "#9c755f", "#654936", "triangle", "\u25b2"),
    (str(KG.Event), "Event", "#b07aa1", "#7a4d6e", "star", "\u2605"),
)

# Relation kinds: the CAMEO quad classes of the relations' kg:cameo codes, plus the
# structural (non-event) relations. Colours the edges and groups them in the legend.
KINDS: tuple[tuple[str, str], ...] = (
    ("verbal cooperation", "#4a8fd6"),
    ("material cooperation", "#2ca02c"),
    ("verbal conflict", "#ff8c1a"),
    ("material conflict", "#d62728"),
    ("structural", "#8c8c8c"),
    ("other", "#9467bd"),
)
_KIND_INDEX = {name: i for i, (name, _colour) in enumerate(KINDS)}
_RELATION_KINDS: dict[URIRef, str] = {
    **dict.fromkeys(
        (
            KG.urged,
            KG.asked,
            KG.visited,
            KG.metWith,
            KG.invited,
            KG.thanked,
            KG.supported,
            KG.respondedTo,
        ),
        "verbal cooperation",
    ),
    **dict.fromkeys(
        (KG.cooperatedWith, KG.signedAgreementWith, KG.providedAidTo), "material cooperation"
    ),
    **dict.fromkeys(
        (KG.criticized, KG.rejected, KG.threatened, KG.provoked, KG.disputesWith), "verbal conflict"
    ),
    **dict.fromkeys((KG.sanctioned, KG.attacked), "material conflict"),
    **dict.fromkeys((KG.leads, KG.officialOf, KG.memberOf), "structural"),
}
_KIND_OF = {str(relation): kind for relation, kind in _RELATION_KINDS.items()}
# CAMEO root code (kg:cameo) to kind, for relations kg.ttl gains later.
_KIND_OF_CAMEO = {
    **dict.fromkeys(("01", "02", "03", "04", "05"), "verbal cooperation"),
    **dict.fromkeys(("06", "07", "08"), "material cooperation"),
    **dict.fromkeys(("09", "10", "11", "12", "13"), "verbal conflict"),
    **dict.fromkeys(("14", "15", "16", "17", "18", "19", "20"), "material conflict"),
}

# KG terms that describe provenance, never a fact between entities.
_PROVENANCE = frozenset(
    str(term)
    for term in (
        KG.article,
        KG.sentence,
        KG.inArticle,
        KG.speaker,
        KG.text,
        KG.position,
        KG.quote,
        KG.extractor,
        KG.confidence,
        KG.planned,
        KG.sourceFile,
        KG.language,
        KG.cameo,
        KG.cue,
        KG.rule,
    )
)

# ---- reading the graph ----
#
# Two sources, one reader: an rdflib Graph (GraphTriples) and a pyoxigraph Store
# (StoreTriples) both give plain values, and read_model makes the model of them. An IRI is its
# string, a blank node "_:" and its id, a literal (text, language, datatype) with the language
# tag in lower case (tags ignore case: Oxigraph lowers them, rdflib keeps them as written).

Fact = tuple[str, str, str]
Lit = tuple[str, str, str]  # text, language ("" when none), datatype IRI
Row = tuple[str, list[str | None], list[Lit | None]]  # subject, link values, literal values

_RDF_TYPE, _LABEL = str(RDF.type), str(RDFS.label)
_MAX_VALUES = 50_000  # IRIs in one VALUES block (a restriction only: larger sets read all)
_XSD_STRING, _XSD_BOOLEAN, _LANG_STRING = str(XSD.string), str(XSD.boolean), str(RDF.langString)


class Triples(Protocol):
    """What the view reads of a graph. A triple held twice (in two named graphs) may come twice."""

    def subjects(self, predicate: str, obj: str) -> Iterable[str]:
        """The subjects of (?, predicate, obj)."""
        ...

    def links(self, predicate: str) -> Iterable[tuple[str, str]]:
        """(subject, object) of each triple of `predicate` whose object is no literal."""
        ...

    def literals(self, predicate: str) -> Iterable[tuple[str, Lit]]:
        """(subject, object) of each triple of `predicate` whose object is a literal."""
        ...

    def table(
        self,
        links: Sequence[str],
        literals: Sequence[str],
        cls: str = "",
        required: int = 0,
        subjects: Collection[str] | None = None,
        first: Collection[str] | None = None,
    ) -> Iterable[Row]:
        """Per subject of type `cls` (without `cls`: per subject with any of those objects) that
        has objects of the first `required` `links` predicates: (subject, its object of each
        `links` predicate that is no literal or None, its literal of each `literals` predicate
        or None). A subject with two objects of a predicate may come in several rows. The
        source may leave out a subject not in `subjects` or whose first link is not in
        `first` (when given), to read less; it need not."""
        ...


def _rdflib_name(node: Node) -> str | None:
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, BNode):
        return "_:" + node
    return None


class GraphTriples:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def subjects(self, predicate: str, obj: str) -> Iterator[str]:
        for s in self.graph.subjects(URIRef(predicate), URIRef(obj)):
            name = _rdflib_name(s)
            if name is not None:
                yield name

    def links(self, predicate: str) -> Iterator[tuple[str, str]]:
        for s, o in self.graph.subject_objects(URIRef(predicate)):
            s_name, o_name = _rdflib_name(s), _rdflib_name(o)
            if s_name is not None and o_name is not None:
                yield s_name, o_name

    def literals(self, predicate: str) -> Iterator[tuple[str, Lit]]:
        for s, o in self.graph.subject_objects(URIRef(predicate)):
            name = _rdflib_name(s)
            if name is not None and isinstance(o, Literal):
                lang = o.language.lower() if o.language else ""
                datatype = str(o.datatype) if o.datatype else _LANG_STRING if lang else _XSD_STRING
                yield name, (str(o), lang, datatype)

    def table(
        self,
        links: Sequence[str],
        literals: Sequence[str],
        cls: str = "",
        required: int = 0,
        subjects: Collection[str] | None = None,
        first: Collection[str] | None = None,
    ) -> Iterator[Row]:
        link_values = [_single(self.links(p)) for p in links]
        literal_values = [_single(self.literals(p)) for p in literals]
        subjects = set(self.subjects(_RDF_TYPE, cls)) if cls else set()
        if not cls:
            subjects = subjects.union(*link_values, *literal_values)
        for subject in subjects:
            row = [values.get(subject) for values in link_values]
            if None not in row[:required]:
                yield subject, row, [values.get(subject) for values in literal_values]


class StoreTriples:
    """The union of the store's default graph and named graphs, read with SPARQL. Oxigraph
    decodes only the terms a query returns, and on disk decoding a term costs more than
    matching it; so no query returns what the view does not use, and a table is one query of
    subqueries, which Oxigraph joins by hashing (a plain join of triple patterns looks each
    subject up again), so that each subject is decoded once and not once per predicate."""

    def __init__(self, store: Store) -> None:
        from pyoxigraph import BlankNode, Literal, NamedNode

        self.store = store
        self._iri, self._blank, self._literal = NamedNode, BlankNode, Literal

    def _name(self, term: object) -> str | None:
        if isinstance(term, self._iri):
            return term.value
        if isinstance(term, self._blank):
            return "_:" + term.value
        return None  # a literal, or an RDF-star triple term

    def _rows(self, query: str) -> Iterator[Any]:
        from pyoxigraph import QuerySolutions

        solutions = self.store.query(query, use_default_graph_as_union=True)
        assert isinstance(solutions, QuerySolutions)
        return iter(solutions)

    def subjects(self, predicate: str, obj: str) -> Iterator[str]:
        for (s,) in self._rows(f"SELECT ?s WHERE {{ ?s <{predicate}> <{obj}> }}"):
            name = self._name(s)
            if name is not None:
                yield name

    # Kinds (literal or not) are told apart here, not by a FILTER: that slows Oxigraph down.

    def links(self, predicate: str) -> Iterator[tuple[str, str]]:
        for s, o in self._rows(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}"):
            s_name, o_name = self._name(s), self._name(o)
            if s_name is not None and o_name is not None:
                yield s_name, o_name

    def literals(self, predicate: str) -> Iterator[tuple[str, Lit]]:
        for s, o in self._rows(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}"):
            name = self._name(s)
            if name is not None and isinstance(o, self._literal):
                yield name, _oxigraph_literal(o)

    def table(
        self,
        links: Sequence[str],
        literals: Sequence[str],
        cls: str = "",
        required: int = 0,
        subjects: Collection[str] | None = None,
        first: Collection[str] | None = None,
    ) -> Iterator[Row]:
        columns = [*links, *literals]
        if cls:
            base = f"SELECT ?s WHERE {{ ?s <{_RDF_TYPE}> <{cls}> }}"
        else:
            base = (
                "SELECT DISTINCT ?s WHERE { "
                + " UNION ".join(f"{{ ?s <{p}> ?x }}" for p in columns)
                + " }"
            )
        # Oxigraph joins a VALUES block before decoding: what it leaves out is never decoded.
        parts = [_values("?s", subjects), _values("?v0", first), f"{{ {base} }}"]
        for i, p in enumerate(columns):
            column = f"{{ SELECT ?s ?v{i} WHERE {{ ?s <{p}> ?v{i} }} }}"
            parts.append(column if i < required else "OPTIONAL " + column)
        names = " ".join(f"?v{i}" for i in range(len(columns)))
        n_links, literal = len(links), self._literal
        for s, *values in self._rows(f"SELECT ?s {names} WHERE {{ {' '.join(parts)} }}"):
            name = self._name(s)
            link_values = [self._name(v) for v in values[:n_links]]
            literal_values = [
                _oxigraph_literal(v) if isinstance(v, literal) else None for v in values[n_links:]
            ]
            if name is None or None in link_values[:required]:
                continue
            if cls or any(v is not None for v in (*link_values, *literal_values)):
                yield name, link_values, literal_values


def _values(variable: str, names: Collection[str] | None) -> str:
    """A VALUES block of these IRIs; none (no restriction) for a blank node, which a query
    cannot name, or for so many that the query would be too long to be worth parsing."""
    if names is None or len(names) > _MAX_VALUES or any(not _is_iri(n) for n in names):
        return ""
    return f"VALUES {variable} {{ {' '.join(f'<{n}>' for n in sorted(names))} }}"


def _oxigraph_literal(term: Any) -> Lit:
    return (term.value, term.language or "", term.datatype.value)


@dataclass
class Entity:
    iri: str
    type_index: int
    label: str = ""
    alt_labels: list[tuple[str, str]] = field(default_factory=list)  # (text, language)
    wikidata: list[str] = field(default_factory=list)
    degree: int = 0  # facts it takes part in, in the whole graph


@dataclass(frozen=True)
class Article:
    title: str
    date: str
    publisher: str
    url: str
    source_file: str


class Evidence(NamedTuple):
    """One record of a drawn fact, as the page shows it (a tuple: a large page makes one for
    each of about 100,000 records)."""

    sort_key: tuple[str, str, int, str]
    sentence: str | None
    sentence_text: str
    article: str | None
    speaker: str | None
    speaker_label: str
    quote: str
    planned: bool
    confidence: str
    date: str


class Told(NamedTuple):
    """What the page shows of a fact's records: those it lists, in order (all of them, or the
    first the page lists when the reader stopped there), and what it counts of all of them."""

    listed: list[Evidence]  # by Evidence.sort_key
    records: int
    sources: frozenset[str | None]  # each record's article (its sentence when it has none)
    articles: frozenset[str]
    dates: tuple[str, ...]  # the articles' dates, sorted


def told_of(items: list[Evidence]) -> Told:
    """The Told of every record of a fact."""
    return Told(
        sorted(items, key=lambda e: e.sort_key),
        len(items),
        frozenset(e.article if e.article is not None else e.sentence for e in items),
        frozenset(e.article for e in items if e.article is not None),
        tuple(sorted({e.date for e in items if e.date})),
    )


@dataclass
class Model:
    entities: dict[str, Entity]
    facts: list[Fact]
    relations: dict[str, tuple[str, int, bool]]  # label, kind index, symmetric
    labels: dict[str, str]  # of anything labelled: entities, relations, other speakers
    evidence: dict[Fact, Told] = field(default_factory=dict)  # of the drawn facts
    articles: dict[str, Article] = field(default_factory=dict)  # of their evidence


_V = TypeVar("_V", str, Lit)


def _single(pairs: Iterable[tuple[str, _V]]) -> dict[str, _V]:
    """Subject to object; the smallest object when there are several."""
    found: dict[str, _V] = {}
    for s, o in pairs:
        current = found.get(s)
        if current is None or o < current:
            found[s] = o
    return found


def _text(values: dict[str, Lit], key: str | None) -> str:
    value = values.get(key) if key is not None else None
    return value[0] if value is not None else ""


def _is_iri(name: str) -> bool:
    return not name.startswith("_:")


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1] or iri


def _camel_words(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


def schema_labels(triples: Triples) -> dict[str, str]:
    """Each subject's English rdfs:label, else one without language, else any (smallest)."""
    by_subject: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, (text, lang, _datatype) in triples.literals(_LABEL):
        if text.strip():
            by_subject[s].append((text, lang))
    labels = {}
    for s, found in by_subject.items():
        for wanted in ("en", ""):
            picked = sorted(text for text, lang in found if lang == wanted)
            if picked:
                labels[s] = picked[0]
                break
        else:
            labels[s] = min(text for text, _lang in found)
    return labels


def read_model(triples: Triples) -> Model:
    """The model of a graph, without evidence (read_evidence adds that of the facts drawn)."""
    labels = schema_labels(triples)
    types: dict[str, int] = {}
    for index, (cls, *_style) in enumerate(TYPES):
        for subject in triples.subjects(_RDF_TYPE, cls):
            if _is_iri(subject):
                types.setdefault(subject, index)
    alt: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
    for s, (text, lang, _datatype) in triples.literals(str(SKOS.altLabel)):
        if s in types:
            alt[s].add((text, lang))
    wd = str(WIKIDATA)
    same: defaultdict[str, set[str]] = defaultdict(set)
    for s, o in triples.links(str(OWL.sameAs)):
        if s in types and o.startswith(wd):
            same[s].add(o[len(wd) :])
    facts: set[Fact] = set()
    for p in relation_predicates(triples):
        for s, o in triples.links(p):
            if s in types and o in types:
                facts.add((s, p, o))
    return make_model(types, labels, alt, same, facts, triples)


def make_model(
    types: dict[str, int],
    labels: dict[str, str],
    alt: dict[str, set[tuple[str, str]]],
    same: dict[str, set[str]],
    facts: Collection[Fact],
    schema: Triples,
) -> Model:
    """The model of entities (IRI to TYPES index), their labels, other names (text, language)
    and Wikidata ids, the facts between them (each once; sorted here, at next to no cost when
    they come in order), with what `schema` (the graph, or one holding the declarations of the
    terms used) says of the relations."""
    entities: dict[str, Entity] = {}
    for iri in sorted(types):  # the same order whatever order the source gave
        ent = Entity(iri, types[iri], labels.get(iri, local_name(iri).replace("_", " ")))
        ent.alt_labels = _alt_labels(ent.label, {a for a in alt.get(iri, ()) if a[0].strip()})
        ent.wikidata = sorted(same.get(iri, ()))
        entities[iri] = ent
    ordered = sorted(facts)
    for s, _p, o in ordered:
        entities[s].degree += 1
        entities[o].degree += 1

    relations = {}
    cameo = _single(schema.literals(str(KG.cameo)))
    symmetric = set(schema.subjects(_RDF_TYPE, str(OWL.SymmetricProperty)))
    for p in sorted({f[1] for f in ordered}):
        kind = _KIND_OF.get(p) or _KIND_OF_CAMEO.get(_text(cameo, p)[:2], "other")
        relations[p] = (
            labels.get(p, _camel_words(local_name(p))),
            _KIND_INDEX[kind],
            p in symmetric,
        )

    return Model(entities, ordered, relations, labels)


def _case_form(text: str) -> str:
    return " ".join(text.casefold().split())


def _case_rank(text: str) -> int:
    """0 for mixed case, 1 for all capitals, 2 for all lower case (or no letters)."""
    if text != text.lower() and text != text.upper():
        return 0
    return 1 if text != text.lower() else 2


def _alt_labels(label: str, found: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each other name once per form ignoring case ("Stoltenberg", "stoltenberg" are one).

    The spelling kept is the mixed-case one ("Stoltenberg" before "STOLTENBERG" before
    "stoltenberg"), with the languages of all its spellings ("en, id").
    """
    forms: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    for text, lang in found:
        forms[_case_form(text)].append((text, lang))
    forms.pop(_case_form(label), None)
    out = []
    for spellings in forms.values():
        text = min((t for t, _lang in spellings), key=lambda t: (_case_rank(t), t))
        langs = ", ".join(sorted({lang for _t, lang in spellings if lang}))
        out.append((text, langs))
    return sorted(out, key=lambda a: (a[1], a[0]))


def relation_predicates(triples: Triples) -> list[str]:
    """kg relations: the core ones, and any kg: object property or sub-property of relatedTo."""
    found = set(_KIND_OF) | {str(KG.relatedTo)}
    ns = str(KG._NS)
    found.update(p for p in triples.subjects(str(RDFS.subPropertyOf), str(KG.relatedTo)))
    found.update(
        p for p in triples.subjects(_RDF_TYPE, str(OWL.ObjectProperty)) if p.startswith(ns)
    )
    return sorted(p for p in found - _PROVENANCE if _is_iri(p))


def _integer(value: Lit | None) -> int:
    try:
        return int(value[0]) if value is not None else -1
    except ValueError:
        return -1


@functools.lru_cache(maxsize=4096)  # a few values, asked for by every record
def _confidence(value: Lit | None) -> str:
    """Three decimals, as kg writes it (Oxigraph gives "0.85" for kg's "0.850"^^xsd:decimal)."""
    if value is None:
        return ""
    try:
        number = Decimal(value[0].strip())
    except InvalidOperation:
        return value[0][:8]
    return f"{number:.3f}" if number.is_finite() else value[0][:8]


def _table(
    triples: Triples,
    links: Sequence[URIRef],
    literals: Sequence[URIRef],
    cls: URIRef | None = None,
    required: int = 0,
    subjects: Collection[str] | None = None,
    first: Collection[str] | None = None,
) -> dict[str, tuple[list[str | None], list[Lit | None]]]:
    """Subject to its objects of each predicate (triples.table); the smallest when several.
    Only `subjects` (when given), and only those whose first link is one of `first`."""
    found: dict[str, tuple[list[str | None], list[Lit | None]]] = {}
    rows = triples.table(
        [str(p) for p in links],
        [str(p) for p in literals],
        str(cls or ""),
        required,
        subjects=subjects,
        first=first,
    )
    for subject, link_values, literal_values in rows:
        if (subjects is not None and subject not in subjects) or (
            first is not None and link_values[0] not in first
        ):
            continue  # the source may give more than asked
        current = found.get(subject)
        if current is None:
            found[subject] = (link_values, literal_values)
            continue
        keep_smallest(current[0], link_values)
        keep_smallest(current[1], literal_values)
    return found


def keep_smallest(current: list[_V | None], values: list[_V | None]) -> None:
    for i, value in enumerate(values):
        old = current[i]
        if value is not None and (old is None or value < old):
            current[i] = value


def read_evidence(triples: Triples, model: Model, kept: list[str]) -> None:
    """The evidence of the facts between `kept` entities, and its articles, into `model`."""
    entities = model.entities
    everything = len(kept) == len(entities)
    kept_set = set(kept)
    wanted = {f for f in model.facts if f[0] in kept_set and f[2] in kept_set}
    records = _table(
        triples,
        [RDF.subject, RDF.predicate, RDF.object, KG.sentence, KG.article, KG.speaker],
        [KG.quote, KG.planned, KG.confidence],
        cls=KG.Assertion,
        required=3,
        first=None if everything else {s for s, _p, _o in wanted},
    )
    records = {r: row for r, row in records.items() if tuple(row[0][:3]) in wanted}
    sentence_names = {links[3] for links, _literals in records.values()}
    sentences = _table(
        triples,
        [KG.inArticle],
        [KG.text, KG.position],
        subjects=None if everything else {n for n in sentence_names if n},
    )
    article_names = {links[4] for links, _literals in records.values()}
    article_names |= {links[0] for links, _literals in sentences.values()}  # kg:inArticle
    # schema:url is an IRI as kg writes it; other tools may write a literal
    article_rows = _table(
        triples,
        [SCHEMA.url],
        [DCTERMS.title, DCTERMS.date, DCTERMS.publisher, KG.sourceFile, SCHEMA.url],
        subjects=None if everything else {n for n in article_names if n},
    )
    attach_evidence(model, records, sentences, article_rows)


# subject to (its link values, its literal values), as _table gives them
Table = dict[str, tuple[list[str | None], list[Lit | None]]]


def attach_evidence(model: Model, records: Table, sentences: Table, article_rows: Table) -> None:
    """Evidence into `model` from three tables: kg:Assertion records (rdf:subject, predicate,
    object, kg:sentence, article, speaker; quote, planned, confidence), sentences (kg:inArticle;
    text, position) and articles (schema:url; title, date, publisher, source file, url)."""
    no_sentence: tuple[list[str | None], list[Lit | None]] = ([None], [None, None])
    articles: dict[str, Article] = {}
    found: defaultdict[Fact, list[Evidence]] = defaultdict(list)
    for record, (record_links, record_literals) in records.items():
        s, p, o, sentence, article, who = record_links
        assert s is not None and p is not None and o is not None  # required
        (in_article,), sentence_literals = sentences.get(sentence or "", no_sentence)
        article = article or in_article
        if article is not None and article not in articles:
            articles[article] = article_of(article_rows.get(article, NO_ARTICLE))
        art = articles.get(article) if article is not None else None
        found[(s, p, o)].append(
            evidence_of(
                model, record, sentence, article, who, record_literals, sentence_literals, art
            )
        )
    model.evidence = {key: told_of(items) for key, items in found.items()}
    model.articles = articles


NO_ARTICLE: tuple[list[str | None], list[Lit | None]] = ([None], [None] * 5)


def article_of(row: tuple[list[str | None], list[Lit | None]]) -> Article:
    """An article from its row of the articles table attach_evidence takes."""
    (url_iri,), literals = row
    title, date_value, publisher, source_file, url_text = literals
    url = url_iri or (url_text[0] if url_text else "")
    date = date_value[0][:10] if date_value else ""
    return Article(
        title=title[0] if title else "",
        date=date if _DATE.fullmatch(date) else "",
        publisher=publisher[0] if publisher else "",
        url=url if _WEB_URL.fullmatch(url) else "",
        source_file=source_file[0] if source_file else "",
    )


def evidence_of(
    model: Model,
    record: str,
    sentence: str | None,
    article: str | None,
    who: str | None,
    record_literals: list[Lit | None],
    sentence_literals: list[Lit | None],
    art: Article | None,
) -> Evidence:
    """One record as the page shows it: its literals (quote, planned, confidence), its
    sentence's (text, position) and its article (`art`, named `article`)."""
    quote, flag, confidence = record_literals
    text, position = sentence_literals
    entities, labels = model.entities, model.labels
    who_iri = who if who is not None and _is_iri(who) else None
    who_label = ""
    if who_iri is not None:
        who_label = (
            entities[who_iri].label
            if who_iri in entities
            else labels.get(who_iri, local_name(who_iri).replace("_", " "))
        )
    date = art.date if art else ""
    return Evidence(
        sort_key=(date, art.title if art else "", _integer(position), record),
        sentence=sentence,
        sentence_text=text[0] if text else "",
        article=article,
        speaker=who_iri,
        speaker_label=who_label,
        quote=quote[0] if quote else "",
        planned=flag is not None and flag[2] == _XSD_BOOLEAN and flag[0].strip() in ("true", "1"),
        confidence=_confidence(confidence),
        date=date,
    )
