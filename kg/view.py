"""Render a kg graph as one self-contained, offline HTML page (vis-network 9 from pyvis).

Nodes are the entities (typed kg:Person, kg:Organization, kg:Country, kg:Location, kg:Event),
facts the plain triples whose predicate is a kg relation; the page draws one line per two
entities that share facts, labelled with the first relation and how many more, and lists them
all in its tooltip and details panel. Each fact carries its kg:Assertion records (sentence,
speaker, article) for the details panel. The page has a legend that is also the filter (entity
types, relations, article dates with articles per day and a play button), a search over names
and aliases, hover tooltips and a details panel pinned by a click that never hides what it
describes. It draws the names itself, by importance and without overlaps (static/view.js).

Layout: communities (igraph Leiden, modularity) are found here and placed together: each
connected part is laid out by Fruchterman-Reingold with links inside a community pulling harder,
and the parts packed in rows; all seeded, so the same graph gives the same page. Up to
`layout_threshold` entities the browser then relaxes that layout with physics; above it the
page only draws. `ViewOptions.focus`/`depth` keep the neighbourhood of one actor, `max_nodes`
the most connected entities.

Two sources give the same page, byte for byte: an rdflib Graph (render_html, render_page) and
a pyoxigraph Store (render_html_store, render_page_store), read as the union of its default
graph and named graphs, as the build keeps its graph (kg.store). One reader makes the model of
the plain values either gives; of the evidence, it reads only that of the facts drawn.

Offline and safe: vis-network's JS (from the pyvis wheel, MIT) and kg's own JS and CSS are
inlined; a Content-Security-Policy allows only those two scripts (by hash) and no fetch at
all. The page holds no entity IRI (nodes are numbered) and no literal web address. Graph text
travels as JSON in a non-executed script element with `<`, `>`, `&` and `/` escaped, and the
page script puts it in the document only as text (textContent) or canvas text, never as markup.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import html
import importlib.util
import json
import math
import random
import re
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.errors import ViewOptionError
from kg.io import atomic_write_text
from kg.vocab import KG, SCHEMA, WIKIDATA

if TYPE_CHECKING:
    from pyoxigraph import Store

__all__ = [
    "ViewOptions",
    "ViewStats",
    "render_html",
    "render_html_store",
    "render_page",
    "render_page_store",
    "view",
]


@dataclass(frozen=True)
class ViewOptions:
    title: str = "kg graph"
    height: str = "100vh"  # CSS height of the whole view, e.g. "100vh", "900px"
    max_evidence: int = 20  # evidence sentences put in the page per fact; the rest are counted
    stabilization_iterations: int = 150  # physics relaxing the layout (small graphs) in the browser
    max_nodes: int | None = None  # keep only the N most connected entities
    focus: str | None = None  # keep one entity (label, alias, key or Wikidata id) ...
    depth: int = 1  # ... and what lies within this many facts of it
    layout_threshold: int = 300  # above this many entities the browser only draws (no physics)


@dataclass(frozen=True)
class ViewStats:
    nodes: int  # entities drawn
    edges: int  # distinct facts drawn
    evidence: int = 0  # kg:Assertion records of the drawn facts
    total_nodes: int = 0  # entities in the graph
    total_edges: int = 0  # facts in the graph
    layout: str = "physics"  # "physics" (in the browser) or "precomputed" (igraph)
    focus: tuple[str, ...] = ()  # labels of the entities --focus matched
    focus_nodes: int = 0  # entities within `depth` of them
    depth: int = 0
    cut: int = 0  # entities left out by max_nodes
    cut_top: tuple[tuple[str, int], ...] = ()  # the most connected of those: (label, facts)

    def notes(self) -> list[str]:
        """What the view leaves out and why, one sentence a line (empty when it shows all)."""
        lines = []
        if self.focus:
            steps = f"{self.depth} step{'s' if self.depth != 1 else ''}"
            lines.append(
                f"Focus on {', '.join(self.focus)} and what lies within {steps}: "
                f"{self.focus_nodes:,} of {self.total_nodes:,} entities."
            )
        if self.cut:
            top = ", ".join(
                f"{label} ({n} fact{'s' if n != 1 else ''})" for label, n in self.cut_top
            )
            lines.append(
                f"Kept the {self.nodes:,} most connected entities; left out {self.cut:,}"
                + (f", the most connected of them: {top}." if top else ".")
            )
        if self.nodes < self.total_nodes or self.edges < self.total_edges:
            lines.append(
                f"Not shown: {self.total_nodes - self.nodes:,} of {self.total_nodes:,} entities "
                f"and {self.total_edges - self.edges:,} of {self.total_edges:,} facts."
            )
        return lines


# (class, legend name, colour, border colour, vis shape, legend glyph); the first listed wins.
_TYPES: tuple[tuple[str, str, str, str, str, str], ...] = (
    (str(KG.Person), "Person", "#4e79a7", "#2f4d6e", "dot", "\u25cf"),
    (str(KG.Organization), "Organization", "#f28e2b", "#a85a12", "square", "\u25a0"),
    (str(KG.Country), "Country", "#59a14f", "#35682e", "diamond", "\u25c6"),
    (str(KG.Location), "Location", "#9c755f", "#654936", "triangle", "\u25b2"),
    (str(KG.Event), "Event", "#b07aa1", "#7a4d6e", "star", "\u2605"),
)

# Relation kinds: the CAMEO quad classes of the relations' kg:cameo codes, plus the
# structural (non-event) relations. Colours the edges and groups them in the legend.
_KINDS: tuple[tuple[str, str], ...] = (
    ("verbal cooperation", "#4a8fd6"),
    ("material cooperation", "#2ca02c"),
    ("verbal conflict", "#ff8c1a"),
    ("material conflict", "#d62728"),
    ("structural", "#8c8c8c"),
    ("other", "#9467bd"),
)
_KIND_INDEX = {name: i for i, (name, _colour) in enumerate(_KINDS)}
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

_CSS_LENGTH = re.compile(r"\d{1,5}(\.\d{1,3})?(px|vh|em|rem|%)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WEB_URL = re.compile(r"https?://[^\s\"'<>\\]+", re.I)
_LAYOUT_SEED = 7
_EDGE_LENGTH = 150.0  # median edge length of a precomputed layout, in vis canvas pixels
_BETWEEN_WEIGHT = 0.05  # pull of a link between two communities (one inside pulls 1)
_CENTRE_WEIGHT = 1.5  # pull of a community's invisible centre on each of its members
_MIN_SPACING = 36.0  # least median distance from an entity to its nearest neighbour


# ---- the entry points ----


def view(graph_path: Path, out: Path, options: ViewOptions | None = None) -> ViewStats:
    """`kg view`: read any graph file kg wrote (Turtle, N-Triples, JSON-LD, ...) and render it.

    Raises GraphError when the file cannot be read, ViewOptionError on an unusable option.
    """
    from kg.query import load_graph

    opts = options or ViewOptions()
    _check_options(opts)  # before a long parse
    return render_html(load_graph(graph_path), out, opts)


def render_html(graph: Graph, out: Path, options: ViewOptions | None = None) -> ViewStats:
    """Write the interactive HTML view of `graph` to `out` (atomically); return what it drew.

    Same graph and options give byte-identical output. Raises ViewOptionError on an unusable
    option (a height that is not a CSS length, --focus naming no entity, ...); then nothing
    is written.
    """
    page, stats = render_page(graph, options)
    atomic_write_text(out, page)
    return stats


def render_page(graph: Graph, options: ViewOptions | None = None) -> tuple[str, ViewStats]:
    """The HTML view of `graph` as a string, and what it draws."""
    return _render(_GraphTriples(graph), options or ViewOptions())


def render_html_store(store: Store, out: Path, options: ViewOptions | None = None) -> ViewStats:
    """render_html of the graph a pyoxigraph Store holds: the union of its default graph and
    all its named graphs (the build's store, kg.store). The same triples give the same page as
    render_html of an rdflib Graph of them, byte for byte."""
    page, stats = render_page_store(store, options)
    atomic_write_text(out, page)
    return stats


def render_page_store(store: Store, options: ViewOptions | None = None) -> tuple[str, ViewStats]:
    """The HTML view of what `store` holds (all its graphs) as a string, and what it draws."""
    return _render(_StoreTriples(store), options or ViewOptions())


def _render(triples: _Triples, opts: ViewOptions) -> tuple[str, ViewStats]:
    _check_options(opts)
    model = _read(triples)
    kept, stats_focus = _select(model, opts)
    _read_evidence(triples, model, kept)  # most of a graph: read only that of what is drawn
    return _page(model, kept, opts, stats_focus)


def _check_options(opts: ViewOptions) -> None:
    if not _CSS_LENGTH.fullmatch(opts.height):
        raise ViewOptionError(
            "height", f"{opts.height!r} is not a CSS length; give one like '900px' or '100vh'"
        )
    if opts.max_nodes is not None and opts.max_nodes < 1:
        raise ViewOptionError("max-nodes", f"{opts.max_nodes} is too small; give 1 or more")
    if opts.depth < 0:
        raise ViewOptionError("depth", f"{opts.depth} is negative; give 0 or more")
    if opts.focus is not None and not _fold(opts.focus):
        raise ViewOptionError("focus", "the name is empty; give an entity's name or alias")
    if opts.max_evidence < 0:
        raise ViewOptionError("max-evidence", f"{opts.max_evidence} is negative; give 0 or more")
    if opts.stabilization_iterations < 1:
        raise ViewOptionError(
            "stabilization-iterations", f"{opts.stabilization_iterations} is too small; give 1+"
        )
    if opts.layout_threshold < 0:
        raise ViewOptionError("layout-threshold", f"{opts.layout_threshold} is negative")


# ---- reading the graph ----
#
# Two sources, one reader: an rdflib Graph (_GraphTriples) and a pyoxigraph Store
# (_StoreTriples) both give plain values, and _read makes the model of them. An IRI is its
# string, a blank node "_:" and its id, a literal (text, language, datatype) with the language
# tag in lower case (tags ignore case: Oxigraph lowers them, rdflib keeps them as written).

Fact = tuple[str, str, str]
Lit = tuple[str, str, str]  # text, language ("" when none), datatype IRI
Row = tuple[str, list[str | None], list[Lit | None]]  # subject, link values, literal values

_RDF_TYPE, _LABEL = str(RDF.type), str(RDFS.label)
_MAX_VALUES = 50_000  # IRIs in one VALUES block (a restriction only: larger sets read all)
_XSD_STRING, _XSD_BOOLEAN, _LANG_STRING = str(XSD.string), str(XSD.boolean), str(RDF.langString)


class _Triples(Protocol):
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


class _GraphTriples:
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


class _StoreTriples:
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
class _Entity:
    iri: str
    type_index: int
    label: str = ""
    alt_labels: list[tuple[str, str]] = field(default_factory=list)  # (text, language)
    wikidata: list[str] = field(default_factory=list)
    degree: int = 0  # facts it takes part in, in the whole graph


@dataclass(frozen=True)
class _Article:
    title: str
    date: str
    publisher: str
    url: str
    source_file: str


@dataclass(frozen=True)
class _Evidence:
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


@dataclass
class _Model:
    entities: dict[str, _Entity]
    facts: list[Fact]
    relations: dict[str, tuple[str, int, bool]]  # label, kind index, symmetric
    labels: dict[str, str]  # of anything labelled: entities, relations, other speakers
    evidence: dict[Fact, list[_Evidence]] = field(default_factory=dict)  # of the drawn facts
    articles: dict[str, _Article] = field(default_factory=dict)  # of their evidence


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


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1] or iri


def _camel_words(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


def _labels(triples: _Triples) -> dict[str, str]:
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


def _read(triples: _Triples) -> _Model:
    labels = _labels(triples)
    entities: dict[str, _Entity] = {}
    for index, (cls, *_style) in enumerate(_TYPES):
        for subject in triples.subjects(_RDF_TYPE, cls):
            if _is_iri(subject) and subject not in entities:
                fallback = _local(subject).replace("_", " ")
                entities[subject] = _Entity(subject, index, labels.get(subject, fallback))
    entities = dict(sorted(entities.items()))  # the same order whatever order the source gave
    alt: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
    for s, (text, lang, _datatype) in triples.literals(str(SKOS.altLabel)):
        if s in entities and text.strip():
            alt[s].add((text, lang))
    wd = str(WIKIDATA)
    same: defaultdict[str, set[str]] = defaultdict(set)
    for s, o in triples.links(str(OWL.sameAs)):
        if s in entities and o.startswith(wd):
            same[s].add(o[len(wd) :])
    for iri, ent in entities.items():
        ent.alt_labels = _alt_labels(ent.label, alt.get(iri, set()))
        ent.wikidata = sorted(same.get(iri, ()))

    facts: set[Fact] = set()
    for p in _relation_predicates(triples):
        for s, o in triples.links(p):
            if s in entities and o in entities:
                facts.add((s, p, o))
    ordered = sorted(facts)
    for s, _p, o in ordered:
        entities[s].degree += 1
        entities[o].degree += 1

    relations = {}
    cameo = _single(triples.literals(str(KG.cameo)))
    symmetric = set(triples.subjects(_RDF_TYPE, str(OWL.SymmetricProperty)))
    for p in sorted({f[1] for f in ordered}):
        kind = _KIND_OF.get(p) or _KIND_OF_CAMEO.get(_text(cameo, p)[:2], "other")
        relations[p] = (labels.get(p, _camel_words(_local(p))), _KIND_INDEX[kind], p in symmetric)

    return _Model(entities, ordered, relations, labels)


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


def _relation_predicates(triples: _Triples) -> list[str]:
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
    triples: _Triples,
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
        _keep_smallest(current[0], link_values)
        _keep_smallest(current[1], literal_values)
    return found


def _keep_smallest(current: list[_V | None], values: list[_V | None]) -> None:
    for i, value in enumerate(values):
        old = current[i]
        if value is not None and (old is None or value < old):
            current[i] = value


def _read_evidence(triples: _Triples, model: _Model, kept: list[str]) -> None:
    """The evidence of the facts between `kept` entities, and its articles, into `model`."""
    entities, labels = model.entities, model.labels
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
    no_sentence: tuple[list[str | None], list[Lit | None]] = ([None], [None, None])
    no_article: tuple[list[str | None], list[Lit | None]] = ([None], [None] * 5)

    articles: dict[str, _Article] = {}
    found: defaultdict[Fact, list[_Evidence]] = defaultdict(list)
    for record, (record_links, record_literals) in records.items():
        s, p, o, sentence, article, who = record_links
        quote, flag, confidence = record_literals
        assert s is not None and p is not None and o is not None  # required
        key = (s, p, o)
        (in_article,), (text, position) = sentences.get(sentence or "", no_sentence)
        article = article or in_article
        if article is not None and article not in articles:
            (url_iri,), literals = article_rows.get(article, no_article)
            title, date_value, publisher, source_file, url_text = literals
            url = url_iri or (url_text[0] if url_text else "")
            date = date_value[0][:10] if date_value else ""
            articles[article] = _Article(
                title=title[0] if title else "",
                date=date if _DATE.fullmatch(date) else "",
                publisher=publisher[0] if publisher else "",
                url=url if _WEB_URL.fullmatch(url) else "",
                source_file=source_file[0] if source_file else "",
            )
        who_iri = who if who is not None and _is_iri(who) else None
        who_label = ""
        if who_iri is not None:
            who_label = (
                entities[who_iri].label
                if who_iri in entities
                else labels.get(who_iri, _local(who_iri).replace("_", " "))
            )
        art = articles.get(article) if article is not None else None
        date = art.date if art else ""
        found[key].append(
            _Evidence(
                sort_key=(date, art.title if art else "", _integer(position), record),
                sentence=sentence,
                sentence_text=text[0] if text else "",
                article=article,
                speaker=who_iri,
                speaker_label=who_label,
                quote=quote[0] if quote else "",
                planned=flag is not None
                and flag[2] == _XSD_BOOLEAN
                and flag[0].strip() in ("true", "1"),
                confidence=_confidence(confidence),
                date=date,
            )
        )
    model.evidence = {key: sorted(items, key=lambda e: e.sort_key) for key, items in found.items()}
    model.articles = articles


# ---- choosing what to draw ----


def _fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name, as the page's search folds it."""
    decomposed = unicodedata.normalize("NFKD", text)
    # the same steps as fold() in static/view.js: marks (\p{M}) dropped, lower() not casefold()
    stripped = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return " ".join(stripped.lower().split())


@dataclass(frozen=True)
class _Focus:
    labels: tuple[str, ...] = ()
    nodes: int = 0
    cut: int = 0
    cut_top: tuple[tuple[str, int], ...] = ()


def _names(ent: _Entity) -> Iterable[tuple[int, str]]:
    """(rank, name): the label first, then aliases, key and Wikidata ids."""
    yield 0, ent.label
    for text, _lang in ent.alt_labels:
        yield 1, text
    yield 1, _local(ent.iri).replace("_", " ")
    for qid in ent.wikidata:
        yield 1, qid


def _match_focus(entities: dict[str, _Entity], name: str) -> list[str]:
    wanted = _fold(name)
    best: dict[int, list[str]] = defaultdict(list)
    for iri, ent in entities.items():
        ranks = [rank for rank, text in _names(ent) if _fold(text) == wanted]
        if ranks:
            best[min(ranks)].append(iri)
    if best:
        return sorted(best[min(best)])
    known: dict[str, str] = {}
    for ent in sorted(entities.values(), key=lambda e: (-e.degree, e.label)):
        for _rank, text in _names(ent):
            known.setdefault(
                _fold(text), repr(text) + (f" ({ent.label})" if text != ent.label else "")
            )
    close = [known[k] for k in difflib.get_close_matches(wanted, sorted(known), n=3, cutoff=0.6)]
    hint = f" Did you mean {' or '.join(close)}?" if close else ""
    raise ViewOptionError(
        "focus",
        f"no entity in the graph is named {name!r} (labels, aliases and Wikidata ids were "
        f"searched).{hint} Give the name of an entity in the graph.",
    )


def _select(model: _Model, opts: ViewOptions) -> tuple[list[str], _Focus]:
    """The entities to draw, in IRI order, and what focus and max_nodes did."""
    entities = model.entities
    keep = set(entities)
    roots: list[str] = []
    if opts.focus is not None:
        roots = _match_focus(entities, opts.focus)
        neighbours: defaultdict[str, set[str]] = defaultdict(set)
        for s, _p, o in model.facts:
            neighbours[s].add(o)
            neighbours[o].add(s)
        distance = dict.fromkeys(roots, 0)
        queue = deque(roots)
        while queue:
            here = queue.popleft()
            if distance[here] == opts.depth:
                continue
            for there in sorted(neighbours[here]):
                if there not in distance:
                    distance[there] = distance[here] + 1
                    queue.append(there)
        keep = set(distance)
    in_focus = len(keep)
    cut: list[str] = []
    if opts.max_nodes is not None and len(keep) > opts.max_nodes:
        root_set = set(roots)
        ranked = sorted(
            keep,
            key=lambda i: (i not in root_set, -entities[i].degree, entities[i].label, str(i)),
        )
        keep = set(ranked[: opts.max_nodes])
        cut = ranked[opts.max_nodes :]
    focus = _Focus(
        labels=tuple(entities[r].label for r in roots),
        nodes=in_focus if roots else 0,
        cut=len(cut),
        cut_top=tuple((entities[i].label, entities[i].degree) for i in cut[:5]),
    )
    return sorted(keep), focus


# ---- communities, layout and ranking (igraph) ----


@contextmanager
def _seeded() -> Iterator[None]:
    """igraph's random numbers from a seeded generator: the same graph gives the same page."""
    import igraph

    igraph.set_random_number_generator(random.Random(_LAYOUT_SEED))
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)


def _links(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The distinct undirected links between two different entities, sorted."""
    return sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b})


def _communities(n: int, links: list[tuple[int, int]]) -> list[int]:
    """Leiden communities (modularity), seeded; numbered by size, largest first."""
    if not links:
        return list(range(n))
    import igraph

    with _seeded():
        found = igraph.Graph(n=n, edges=links).community_leiden(
            objective_function="modularity", n_iterations=-1
        )
    membership: list[int] = list(found.membership)
    size = Counter(membership)
    first: dict[int, int] = {}
    for k, c in enumerate(membership):
        first.setdefault(c, k)
    order = sorted(size, key=lambda c: (-size[c], first[c]))
    number = {c: i for i, c in enumerate(order)}
    return [number[c] for c in membership]


def _layout(
    n: int, links: list[tuple[int, int]], community: list[int]
) -> list[tuple[int, int]]:
    """Positions that keep communities together: each connected part laid out on its own by
    Fruchterman-Reingold, with links inside a community pulling harder than links between
    communities and an invisible centre per community that its members are tied to; the parts
    packed in rows, biggest first; a typical link _EDGE_LENGTH long. Seeded."""
    if not n:
        return []
    import igraph

    parts = igraph.Graph(n=n, edges=links).connected_components().membership
    members: defaultdict[int, list[int]] = defaultdict(list)
    for k, part in enumerate(parts):
        members[part].append(k)
    part_links: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b in links:
        part_links[parts[a]].append((a, b))
    boxes = []
    for part in sorted(members, key=lambda c: (-len(members[c]), members[c][0])):
        boxes.append(_part_layout(members[part], part_links[part], community))
    return _pack(boxes, n)


def _part_layout(
    nodes: list[int], links: list[tuple[int, int]], community: list[int]
) -> list[tuple[int, float, float]]:
    """(entity, x, y) for one connected part, centred on 0, 0 and scaled to _EDGE_LENGTH."""
    if len(nodes) == 1:
        return [(nodes[0], 0.0, 0.0)]
    import igraph

    local = {k: i for i, k in enumerate(nodes)}
    groups = sorted({community[k] for k in nodes})
    centre = {c: len(nodes) + i for i, c in enumerate(groups)}
    edges = [(local[a], local[b]) for a, b in links]
    weights = [1.0 if community[a] == community[b] else _BETWEEN_WEIGHT for a, b in links]
    if len(groups) > 1:
        edges += [(local[k], centre[community[k]]) for k in nodes]
        weights += [_CENTRE_WEIGHT] * len(nodes)
    graph = igraph.Graph(n=len(nodes) + (len(groups) if len(groups) > 1 else 0), edges=edges)
    with _seeded():
        coords = graph.layout_fruchterman_reingold(weights=weights, niter=500, grid="auto").coords
    lengths = sorted(math.dist(coords[local[a]], coords[local[b]]) for a, b in links)
    median = lengths[len(lengths) // 2] if lengths else 0.0
    scale = _EDGE_LENGTH / median if median > 0 else 1.0
    spacing = _nearest_median([coords[i] for i in range(len(nodes))]) * scale
    if 0 < spacing < _MIN_SPACING:  # dense hub-and-spoke parts: spread until nodes have room
        scale *= _MIN_SPACING / spacing
    cx = sum(coords[i][0] for i in range(len(nodes))) / len(nodes)
    cy = sum(coords[i][1] for i in range(len(nodes))) / len(nodes)
    return [(k, (coords[i][0] - cx) * scale, (coords[i][1] - cy) * scale) for k, i in local.items()]


def _nearest_median(points: list[tuple[float, float]]) -> float:
    """The median distance from a point to its nearest neighbour (a grid finds it)."""
    if len(points) < 2:
        return 0.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    cell = max(max(xs) - min(xs), max(ys) - min(ys)) / math.sqrt(len(points)) or 1.0
    grid: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (x, y) in enumerate(points):
        grid[(int(x // cell), int(y // cell))].append(i)
    nearest = []
    for i, (x, y) in enumerate(points):
        gx, gy, best, ring = int(x // cell), int(y // cell), math.inf, 0
        while best > ring * cell:  # a point farther than ring * cell may hide in the next ring
            ring += 1
            for cx in range(gx - ring, gx + ring + 1):
                for cy in range(gy - ring, gy + ring + 1):
                    for j in grid.get((cx, cy), ()):
                        if j != i:
                            best = min(best, math.dist(points[i], points[j]))
        nearest.append(best)
    nearest.sort()
    return nearest[len(nearest) // 2]


def _pack(boxes: list[list[tuple[int, float, float]]], n: int) -> list[tuple[int, int]]:
    """Place laid-out parts in rows (about as wide as a screen is wide), centred on 0, 0."""
    sized = []
    for box in boxes:
        xs, ys = [x for _k, x, _y in box], [y for _k, _x, y in box]
        sized.append((box, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    gap = _EDGE_LENGTH
    area = sum((w + gap) * (h + gap) for _b, _x, _y, w, h in sized)
    row_width = max(max(w for _b, _x, _y, w, _h in sized), math.sqrt(area * 1.6))
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * n
    x = y = row_height = 0.0
    for box, left, top, w, h in sized:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for k, bx, by in box:
            positions[k] = (x + bx - left, y + by - top)
        x += w + gap
        row_height = max(row_height, h)
    cx = (min(p[0] for p in positions) + max(p[0] for p in positions)) / 2
    cy = (min(p[1] for p in positions) + max(p[1] for p in positions)) / 2
    return [(round(px - cx), round(py - cy)) for px, py in positions]


def _pagerank(n: int, pairs: list[tuple[int, int]]) -> list[float]:
    if not n:
        return []
    import igraph

    graph = igraph.Graph(n=n, edges=pairs, directed=True)
    return [float(v) for v in graph.pagerank(directed=True)]


# ---- the page ----


def _page(
    model: _Model, kept: list[str], opts: ViewOptions, focus: _Focus
) -> tuple[str, ViewStats]:
    index = {iri: i for i, iri in enumerate(kept)}
    facts = [f for f in model.facts if f[0] in index and f[2] in index]
    pairs = [(index[s], index[o]) for s, _p, o in facts]
    precomputed = len(kept) > opts.layout_threshold
    links = _links(pairs)
    community = _communities(len(kept), links)
    positions = _layout(len(kept), links, community)
    ranks = _pagerank(len(kept), pairs)
    top_rank = max(ranks, default=0.0) or 1.0

    nodes = []
    for i, iri in enumerate(kept):
        ent = model.entities[iri]
        node: dict[str, object] = {
            "l": ent.label,
            "t": ent.type_index,
            "d": ent.degree,
            "s": round(min(10 + 4 * math.sqrt(ent.degree), 48), 1),
            "p": round(10 + 34 * math.sqrt(ranks[i] / top_rank), 1),
            "a": [[text, lang] for text, lang in ent.alt_labels],
            "q": ent.wikidata,
            "c": community[i],
            "x": positions[i][0],
            "y": positions[i][1],
        }
        nodes.append(node)

    rel_order = sorted({f[1] for f in facts}, key=lambda p: (model.relations[p][0], str(p)))
    rel_index = {p: i for i, p in enumerate(rel_order)}
    sentences: dict[object, int] = {}
    articles: dict[str, int] = {}
    evidence_out: list[dict[str, object]] = []
    edges = []
    all_dates: set[str] = set()
    n_records = 0
    shown_articles: set[object] = set()
    for s, p, o in facts:
        records = model.evidence.get((s, p, o), [])
        n_records += len(records)
        sources = {r.article if r.article is not None else r.sentence for r in records}
        shown_articles |= {r.article for r in records if r.article is not None}
        dates = sorted({r.date for r in records if r.date})
        all_dates.update(dates)
        listed = []
        for r in records[: opts.max_evidence]:
            listed.append(len(evidence_out))
            evidence_out.append(_evidence_json(r, sentences, articles, index))
        edges.append(
            {
                "f": index[s],
                "t": index[o],
                "r": rel_index[p],
                "n": len(sources),
                "c": len(records),
                "v": listed,
                "d": dates,
            }
        )

    art_rows: list[dict[str, str]] = [{}] * len(articles)
    for art_iri, i in articles.items():
        a = model.articles[art_iri]
        row = {"t": a.title, "d": a.date, "p": a.publisher, "u": a.url, "f": a.source_file}
        art_rows[i] = {k: v for k, v in row.items() if v}
    date_range = [min(all_dates), max(all_dates)] if all_dates else []
    per_day = Counter(
        model.articles[a].date for a in shown_articles if a in model.articles
    )
    data = {
        "meta": {
            "layout": "fixed" if precomputed else "physics",
            "iterations": opts.stabilization_iterations,
            "dates": date_range,
            "days": [[day, per_day[day]] for day in sorted(per_day) if day],
        },
        "comms": _community_names(model, kept, community),
        "types": [list(t[1:]) for t in _TYPES],
        "kinds": [list(k) for k in _KINDS],
        "rels": [
            [model.relations[p][0], model.relations[p][1], int(model.relations[p][2])]
            for p in rel_order
        ],
        "nodes": nodes,
        "edges": edges,
        "ev": evidence_out,
        "sents": [t for t, _i in sorted(sentences.items(), key=lambda item: item[1])],
        "arts": art_rows,
    }
    stats = ViewStats(
        nodes=len(kept),
        edges=len(facts),
        evidence=n_records,
        total_nodes=len(model.entities),
        total_edges=len(model.facts),
        layout="precomputed" if precomputed else "physics",
        focus=focus.labels,
        focus_nodes=focus.nodes,
        depth=opts.depth if focus.labels else 0,
        cut=focus.cut,
        cut_top=focus.cut_top,
    )
    summary = (
        f"{len(kept):,} entit{'y' if len(kept) == 1 else 'ies'} \u00b7 "
        f"{len(facts):,} fact{'' if len(facts) == 1 else 's'} \u00b7 "
        f"{n_records:,} evidence sentence{'' if n_records == 1 else 's'} from "
        f"{len(shown_articles):,} article{'' if len(shown_articles) == 1 else 's'}"
    )
    if date_range:
        summary += " dated " + (
            date_range[0] if date_range[0] == date_range[1] else " to ".join(date_range)
        )
    page = _assemble(opts, summary, stats.notes(), _script_json(data))
    _check_offline(page)
    return page, stats


def _community_names(
    model: _Model, kept: list[str], community: list[int]
) -> list[list[object]]:
    """[name, size] of each community: its most connected entity names it."""
    best: dict[int, tuple[int, str]] = {}
    size: Counter[int] = Counter(community)
    for iri, c in zip(kept, community, strict=True):
        ent = model.entities[iri]
        if c not in best or (-ent.degree, ent.label) < (-best[c][0], best[c][1]):
            best[c] = (ent.degree, ent.label)
    return [[best[c][1], size[c]] for c in range(len(size))]


def _evidence_json(
    record: _Evidence,
    sentences: dict[object, int],
    articles: dict[str, int],
    index: dict[str, int],
) -> dict[str, object]:
    out: dict[str, object] = {"s": -1, "a": -1}
    if record.sentence_text:
        out["s"] = sentences.setdefault(record.sentence_text, len(sentences))
    if record.article is not None:
        out["a"] = articles.setdefault(record.article, len(articles))
    if record.speaker_label:
        out["p"] = record.speaker_label
        out["pn"] = index.get(record.speaker, -1) if record.speaker is not None else -1
    if record.quote:
        out["q"] = record.quote
    if record.planned:
        out["pl"] = 1
    if record.confidence:
        out["c"] = record.confidence
    return out


def _script_json(value: object) -> str:
    """JSON safe inside <script>: no `<`, `>`, `&` or `/` (so no `</script>`, no web address)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("/", "\\/"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


@cache
def _static(name: str) -> str:
    return (resources.files("kg") / "static" / name).read_text(encoding="utf-8")


# vis-network 9.1.2 as the pyvis wheel ships it (pyvis is kg's dependency for this file).
_VIS_NETWORK = ("pyvis", "lib/vis-9.1.2/vis-network.min.js")


@cache
def _vis_script() -> str:
    """vis-network with its MIT notice; `http://` written `http:\\/\\/` (same string in JS)."""
    package, path = _VIS_NETWORK
    notice = _static("LICENSE-vis-network.txt").replace("*/", "* /")
    # the file is found without importing the package (pyvis imports networkx: 0.7 s)
    spec = importlib.util.find_spec(package.split(".")[0])
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{package} is not installed; reinstall kg")
    root = Path(next(iter(spec.submodule_search_locations)))
    inner = package.split(".")[1:]
    source = root.joinpath(*inner, path).read_text(encoding="utf-8")
    vis = re.sub(r"(?i)\b(https?:)//", r"\1\\/\\/", source)
    return f"/*\n{notice}*/\n{vis}"


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _assemble(opts: ViewOptions, summary: str, notes: list[str], data: str) -> str:
    vis, app = _vis_script(), _static("view.js")
    for script in (vis, app, data):
        if re.search(r"(?i)</script|<!--", script):
            raise RuntimeError("a script of the page would end its element early")
    csp = (
        f"default-src 'none'; script-src {_csp_hash(vis)} {_csp_hash(app)}; "
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    notes_html = (
        '<ul id="kg-notes">' + "".join(f"<li>{_esc(n)}</li>" for n in notes) + "</ul>"
        if notes
        else ""
    )
    css = _static("view.css") + f":root {{ --kg-height: {opts.height}; }}\n"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(opts.title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        '<div id="kg-app">\n<header id="kg-header"><div class="kg-titles">'
        f'<h1>{_esc(opts.title)}</h1><p id="kg-summary">{_esc(summary)}</p>{notes_html}</div>\n'
        '<div id="kg-search-box" role="search"><input id="kg-search" type="search" '
        'placeholder="Search a name or alias  ( / )" autocomplete="off" spellcheck="false" '
        'aria-label="Search entities by name or alias" aria-controls="kg-suggest">'
        '<ul id="kg-suggest" role="listbox" hidden></ul></div>\n</header>\n'
        '<nav id="kg-side" aria-label="Legend and filters"><div id="kg-filters"></div>'
        '<p id="kg-status" role="status"></p></nav>\n'
        '<main id="kg-main"><div id="kg-canvas"></div><div id="kg-loading">Loading\u2026</div>'
        '<aside id="kg-details" aria-label="Details" hidden></aside></main>\n</div>\n'
        '<div id="kg-tip" role="tooltip" hidden></div>\n'
        "<noscript><p>This view needs JavaScript, which runs only inside this file.</p>"
        "</noscript>\n"
        f'<script id="kg-data" type="application/json">{data}</script>\n'
        f"<script>{vis}</script>\n<script>{app}</script>\n</body>\n</html>\n"
    )


class _RemoteRefFinder(HTMLParser):
    """Collects src/href attributes of real tags (script and style bodies are not parsed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value is not None:
                self.refs.append(f"<{tag} {name}={value!r}>")


def _check_offline(page: str) -> None:
    literal = re.search(r"(?i)\bhttps?://.{0,40}", page)
    if literal:
        raise RuntimeError(f"page holds a web address: {literal.group(0)!r}")
    finder = _RemoteRefFinder()
    finder.feed(page)
    finder.close()
    if finder.refs:
        raise RuntimeError(f"page would load resources: {finder.refs[:3]}")
