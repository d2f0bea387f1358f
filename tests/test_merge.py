"""One node per real entity across articles and languages, and no merge on a shared surname."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from kg.build import BuildOptions, build
from kg.vocab import KG

DATA = Path(__file__).parent / "data" / "merge"


def _build(tmp_path: Path, *names: str) -> Graph:
    build([DATA / n for n in names], BuildOptions(out_dir=tmp_path, html=False))
    graph = Graph()
    graph.parse(tmp_path / "graph.ttl", format="turtle")
    return graph


def _node(graph: Graph, label: str) -> URIRef:
    (node,) = [
        s for s in graph.subjects(RDFS.label, None) if str(graph.value(s, RDFS.label)) == label
    ]
    assert isinstance(node, URIRef)
    return node


def test_english_and_indonesian_reports_of_one_meeting_share_nodes(tmp_path: Path) -> None:
    graph = _build(tmp_path, "retno_id.txt", "retno_en.txt")
    retno = _node(graph, "Retno Marsudi")
    korea = _node(graph, "South Korea")
    names = {str(x) for x in graph.objects(korea, SKOS.altLabel)}
    assert {"Korea Selatan", "South Korean"} <= names
    assert {str(x) for x in graph.objects(retno, SKOS.altLabel)} >= {"Retno"}
    # the meeting is one triple read in two articles, in two languages
    cho = _node(graph, "Cho Tae-yul")
    assert (retno, KG.metWith, cho) in graph
    records = [
        r
        for r in graph.subjects(RDF.subject, retno)
        if (r, RDF.predicate, KG.metWith) in graph and (r, RDF.object, cho) in graph
    ]
    articles = {graph.value(r, KG.article) for r in records}
    assert len(articles) == 2
    languages = {str(graph.value(a, KG.language)) for a in articles}
    assert languages == {"id", "en"}


def test_every_merged_name_has_a_reviewable_record(tmp_path: Path) -> None:
    graph = _build(tmp_path, "retno_id.txt", "retno_en.txt")
    for entity, name in graph.subject_objects(SKOS.altLabel):
        records = [
            r
            for r in graph.subjects(RDF.subject, entity)
            if (r, RDF.type, KG.NameRecord) in graph and (r, RDF.object, name) in graph
        ]
        assert records, f"no record of why {name!r} names {entity}"
        assert all(str(graph.value(r, KG.rule)) for r in records)


def test_a_shared_surname_in_two_articles_is_two_people(tmp_path: Path) -> None:
    graph = _build(tmp_path, "kim_a.txt", "kim_b.txt")
    minister = _node(graph, "Kim Sang-woo")
    leader = _node(graph, "Kim Jong Un")
    assert minister != leader
    # each article's bare "Kim" is its own Kim
    assert (minister, KG.metWith, _node(graph, "Budi Santoso")) in graph
    assert (leader, KG.criticized, _node(graph, "United States")) in graph
    assert (minister, KG.criticized, None) not in graph
    assert (leader, KG.metWith, None) not in graph


def test_names_that_differ_only_in_case_are_one_alt_label(tmp_path: Path) -> None:
    # Issue 12: "Stoltenberg" and "stoltenberg" were two alt labels (in the view and exports).
    from kg.extract import extract_article
    from kg.graph import build_graph
    from kg.lexicon import load_ontology
    from kg.model import Article

    onto = load_ontology()
    texts = [
        "Sekretaris Jenderal NATO Jens Stoltenberg mengkritik Rusia. Stoltenberg mendesak Korea "
        "Selatan membantu Ukraina.",
        "Sekretaris Jenderal NATO Jens Stoltenberg mengunjungi Seoul. STOLTENBERG mendesak "
        "Korea Selatan membantu Ukraina.",
    ]
    extractions = [
        extract_article(Article(source=f"{n}.txt", text=t, title=f"Berita {n}"), onto)
        for n, t in enumerate(texts)
    ]
    for order in (extractions, extractions[::-1]):
        graph = build_graph(order, onto)
        node = _node(graph, "Jens Stoltenberg")
        names = [str(n) for n in graph.objects(node, SKOS.altLabel)]
        assert len({n.casefold() for n in names}) == len(names), names
        # each name record still names a name the entity holds
        for record in graph.subjects(RDF.subject, node):
            if (record, RDF.type, KG.NameRecord) in graph:
                assert (node, SKOS.altLabel, graph.value(record, RDF.object)) in graph
    first = build_graph(extractions, onto)
    second = build_graph(extractions[::-1], onto)
    node = _node(first, "Jens Stoltenberg")
    assert set(first.objects(node, SKOS.altLabel)) == set(second.objects(node, SKOS.altLabel))
    assert "Stoltenberg" in {str(n) for n in first.objects(node, SKOS.altLabel)}
