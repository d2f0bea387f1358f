"""kg.view from a pyoxigraph Store: the same page as from an rdflib Graph of the same triples.

The build keeps its graph in an Oxigraph store (kg.store: each article's own triples in a named
graph, shared ones in the default graph); render_page_store reads the union of all of them.
Every comparison here is between kg's two readers on the same triples, byte for byte.
"""

from __future__ import annotations

import zlib
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg.errors import ViewOptionError
from kg.view import ViewOptions, render_html, render_html_store, render_page, render_page_store
from kg.vocab import ARTICLE_BASE, ENTITY_BASE, KG

ENTITY_CLASSES = (KG.Person, KG.Organization, KG.Country, KG.Location, KG.Event)


def _store(path: Path | None = None) -> ox.Store:
    return ox.Store(str(path)) if path is not None else ox.Store()


def _load(ttl: Path, path: Path | None = None) -> ox.Store:
    store = _store(path)
    store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    return store


def _same_page(graph: Graph, store: ox.Store, options: ViewOptions) -> str:
    page, stats = render_page(graph, options)
    from_store, store_stats = render_page_store(store, options)
    assert store_stats == stats
    assert from_store == page
    return page


def _copies(ttl: Path, copies: int, groups: int) -> Graph:
    """`copies` renamed copies of a built graph: each its own articles, and about two thirds of
    the entities renamed into one of `groups` groups (the rest shared by all copies), so the
    copies join into one bigger graph of many entities, facts and evidence records."""
    base = Graph().parse(ttl)
    graph = Graph()

    def renamed(term: object, k: int) -> object:
        if isinstance(term, URIRef):
            text = str(term)
            if text.startswith(ARTICLE_BASE):
                return URIRef(f"{ARTICLE_BASE}c{k}-{text[len(ARTICLE_BASE) :]}")
            if text.startswith(ENTITY_BASE) and zlib.crc32(text.encode()) % 3:
                return URIRef(f"{text}_g{k % groups}")
        return term

    for k in range(copies):
        for s, p, o in base:
            graph.add((renamed(s, k), p, renamed(o, k)))  # type: ignore[arg-type]
    return graph


def _most_told(graph: Graph) -> str:
    """The label of the entity most kg:Assertion records are about (counted with rdflib)."""
    entities = {s for cls in ENTITY_CLASSES for s in graph.subjects(RDF.type, cls)}
    told = Counter(
        o for r in graph.subjects(RDF.type, KG.Assertion) for o in graph.objects(r, RDF.subject)
    )
    top = max((n, str(e)) for e, n in told.items() if e in entities)[1]
    return str(next(graph.objects(URIRef(top), RDFS.label)))


def _quads(graph: Graph) -> list[ox.Quad]:
    """The triples as the build's store keeps them: an article's own triples in the named graph
    of the article, the rest in the default graph; and every seventh triple also in the
    default graph or another article's graph, as a store may hold a triple twice."""
    articles = sorted({str(s).split("/")[-1] for s in graph.subjects(RDF.type, KG.Article)})
    quads = []
    for n, (s, p, o) in enumerate(sorted(graph)):
        triple = ox.Triple(*(_ox(t) for t in (s, p, o)))
        home: ox.NamedNode | ox.DefaultGraph = ox.DefaultGraph()
        if str(s).startswith(ARTICLE_BASE):
            home = ox.NamedNode(ARTICLE_BASE + str(s)[len(ARTICLE_BASE) :].split("/")[0])
        quads.append(ox.Quad(*triple, home))
        if n % 7 == 0:
            other: ox.NamedNode | ox.DefaultGraph = (
                ox.DefaultGraph()
                if isinstance(home, ox.NamedNode)
                else ox.NamedNode(ARTICLE_BASE + articles[n % len(articles)])
            )
            quads.append(ox.Quad(*triple, other))
    return quads


def _ox(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    from rdflib import BNode, Literal

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


@pytest.fixture(scope="module")
def sample(sample_ttl: Path) -> tuple[Path, Graph]:
    return sample_ttl, Graph().parse(sample_ttl)


@pytest.fixture(scope="module")
def bigger(sample_ttl: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Graph]:
    """Sixty copies of the sample build in thirty groups: more entities than the browser lays
    out itself (ViewOptions.layout_threshold), so the page is laid out in Python."""
    graph = _copies(sample_ttl, copies=60, groups=30)
    ttl = tmp_path_factory.mktemp("bigger") / "graph.ttl"
    graph.serialize(ttl, format="turtle")
    return ttl, graph


def test_sample_build_from_a_store_is_the_same_page(
    sample: tuple[Path, Graph], tmp_path: Path
) -> None:
    ttl, graph = sample
    _same_page(graph, _load(ttl), ViewOptions(title="Sample"))
    # on disk, as the build keeps it, and opened read-only as a reader beside a build does
    _load(ttl, tmp_path / "oxigraph").flush()
    on_disk = ox.Store.read_only(str(tmp_path / "oxigraph"))
    page = _same_page(graph, on_disk, ViewOptions(title="Sample"))
    render_html_store(on_disk, tmp_path / "store.html", ViewOptions(title="Sample"))
    render_html(graph, tmp_path / "graph.html", ViewOptions(title="Sample"))
    assert (tmp_path / "store.html").read_bytes() == (tmp_path / "graph.html").read_bytes()
    assert (tmp_path / "store.html").read_text(encoding="utf-8") == page


def test_bigger_graph_with_focus_and_max_nodes(bigger: tuple[Path, Graph]) -> None:
    ttl, graph = bigger
    store = _load(ttl)
    entities = {s for cls in ENTITY_CLASSES for s in graph.subjects(RDF.type, cls)}
    assert len(entities) > ViewOptions().layout_threshold
    _same_page(graph, store, ViewOptions())
    name = _most_told(graph)
    for options in (
        ViewOptions(max_nodes=40),
        ViewOptions(focus=name, depth=2),
        ViewOptions(focus=name, depth=2, max_nodes=25, max_evidence=3),
    ):
        _same_page(graph, store, options)


def test_triples_spread_over_named_graphs(
    sample: tuple[Path, Graph], bigger: tuple[Path, Graph]
) -> None:
    for _ttl, graph in (sample, bigger):
        store = ox.Store()
        store.bulk_extend(_quads(graph))
        assert any(True for _ in store.named_graphs())
        assert len(store) > len(graph)  # some triples are held twice
        _same_page(graph, store, ViewOptions())
        _same_page(graph, store, ViewOptions(focus=_most_told(graph), depth=1))


def test_store_options_fail_as_graph_options_do(sample: tuple[Path, Graph], tmp_path: Path) -> None:
    ttl, graph = sample
    store = _load(ttl)
    for options, flag in (
        (ViewOptions(focus="Nobody Of That Name"), "focus"),
        (ViewOptions(height="1px;}body{x:y"), "height"),
    ):
        with pytest.raises(ViewOptionError) as from_graph:
            render_page(graph, options)
        with pytest.raises(ViewOptionError) as from_store:
            render_html_store(store, tmp_path / "x.html", options)
        assert (from_store.value.option, str(from_store.value)) == (
            from_graph.value.option,
            str(from_graph.value),
        )
        assert from_store.value.option == flag
    assert not (tmp_path / "x.html").exists()
    assert render_page_store(ox.Store()) == render_page(Graph())
