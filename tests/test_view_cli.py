"""`kg view` and the view options of `kg build`: what the page holds, checked against the graph.

The page's data is read back from its JSON script element (what the browser test draws); the
expected entities are computed here from the rdflib graph, independently of kg.view.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from kg.cli import main
from kg.view import ViewOptions, render_html
from kg.vocab import ENT, KG

REPO = Path(__file__).resolve().parent.parent


def kg(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def page_data(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    found = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', text, re.S)
    assert found, "the page has no data element"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def drawn_labels(path: Path) -> set[str]:
    return {n["l"] for n in page_data(path)["nodes"]}


def facts_of(graph: Graph) -> set[tuple[URIRef, URIRef, URIRef]]:
    relations = set(graph.subjects(RDFS.subPropertyOf, KG.relatedTo))
    return {
        (s, p, o)  # type: ignore[misc]
        for p in relations
        for s, o in graph.subject_objects(p)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    }


def label(graph: Graph, node: URIRef) -> str:
    return str(graph.value(node, RDFS.label))


@pytest.fixture(scope="module")
def graph(sample_ttl: Path) -> Graph:
    return Graph().parse(sample_ttl, format="turtle")


def test_focus_by_alias_draws_the_neighbourhood(
    sample_ttl: Path, graph: Graph, tmp_path: Path
) -> None:
    (korea,) = graph.subjects(SKOS.altLabel, Literal("Korsel", lang="id"))
    out = tmp_path / "korea.html"
    result = kg("view", sample_ttl, "-o", out, "--focus", "korsel", "--depth", "1")
    assert result.exit_code == 0, result.output
    neighbours = {o for s, _p, o in facts_of(graph) if s == korea}
    neighbours |= {s for s, _p, o in facts_of(graph) if o == korea}
    expected = {label(graph, n) for n in neighbours | {korea}}
    assert drawn_labels(out) == expected
    assert f"Focus on {label(graph, korea)}" in result.output
    assert f"{len(expected)} of" in result.output


def test_focus_depth_zero_is_the_entity_alone_and_wikidata_ids_work(
    sample_ttl: Path, graph: Graph, tmp_path: Path
) -> None:
    (korea,) = graph.subjects(SKOS.altLabel, Literal("Korsel", lang="id"))
    qid = str(graph.value(korea, OWL.sameAs)).rsplit("/", 1)[1]
    out = tmp_path / "one.html"
    result = kg("view", sample_ttl, "-o", out, "--focus", qid, "--depth", "0")
    assert result.exit_code == 0, result.output
    assert drawn_labels(out) == {label(graph, korea)}


def test_max_nodes_keeps_the_most_connected_and_says_what_it_left_out(
    sample_ttl: Path, graph: Graph, tmp_path: Path
) -> None:
    degree: defaultdict[URIRef, int] = defaultdict(int)
    for s, _p, o in facts_of(graph):
        degree[s] += 1
        degree[o] += 1
    ranked = sorted(degree.values(), reverse=True)
    keep = 4
    assert ranked[keep - 1] > ranked[keep], "the sample's top 4 should be unambiguous"
    top = {label(graph, e) for e, d in degree.items() if d >= ranked[keep - 1]}
    # every typed entity counts, with or without facts (a quote's speaker may have none)
    classes = (KG.Person, KG.Organization, KG.Country, KG.Location, KG.Event)
    entities = {e for c in classes for e in graph.subjects(RDF.type, c)}
    out = tmp_path / "top.html"
    result = kg("view", sample_ttl, "-o", out, "--max-nodes", keep)
    assert result.exit_code == 0, result.output
    assert drawn_labels(out) == top
    assert f"left out {len(entities) - keep}" in result.output
    # The page itself tells the reader too.
    assert f"left out {len(entities) - keep}" in out.read_text(encoding="utf-8")


def test_max_facts_keeps_the_facts_told_most_and_says_what_it_left_out(
    sample_ttl: Path, graph: Graph, tmp_path: Path
) -> None:
    out = tmp_path / "few.html"
    result = kg("view", sample_ttl, "-o", out, "--max-facts", 5)
    assert result.exit_code == 0, result.output
    left = len(set(facts_of(graph))) - 5
    assert f"Kept the 5 facts told by the most records; left out {left}" in result.output
    assert f"left out {left}" in out.read_text(encoding="utf-8")
    result = kg("view", sample_ttl, "-o", tmp_path / "x.html", "--max-facts", -1)
    assert result.exit_code == 2 and "--max-facts" in result.output


def test_max_facts_leaves_out_the_entities_only_the_left_out_facts_drew(
    sample_ttl: Path, graph: Graph, tmp_path: Path
) -> None:
    """No cloud of dots: an entity shown has a fact shown, is the focus, or has no fact in the
    graph at all (a speaker, drawn on every page)."""
    out = tmp_path / "few.html"
    assert kg("view", sample_ttl, "-o", out, "--max-facts", 3).exit_code == 0
    data = page_data(out)
    ends = {e["f"] for e in data["edges"]} | {e["t"] for e in data["edges"]}
    in_facts = {str(x) for s, _p, o in facts_of(graph) for x in (s, o)}
    labels = {str(graph.value(URIRef(e), RDFS.label)) for e in in_facts}
    alone = [n["l"] for i, n in enumerate(data["nodes"]) if i not in ends]
    assert len(data["edges"]) == 3 and not [label for label in alone if label in labels]
    # and one of no fact is drawn only when it speaks a record the page lists
    speaking = {ev["pn"] for ev in data["ev"] if "pn" in ev}
    assert all(i in speaking for i, n in enumerate(data["nodes"]) if i not in ends)
    # with --focus, the focused entity's own facts come first, and it is drawn with them
    out = tmp_path / "focus.html"
    assert kg("view", sample_ttl, "-o", out, "--focus", "Korsel", "--max-facts", 2).exit_code == 0
    data = page_data(out)
    (korea,) = [i for i, n in enumerate(data["nodes"]) if n["l"] == "South Korea"]
    assert len(data["edges"]) == 2
    assert all(korea in (e["f"], e["t"]) for e in data["edges"])
    # --max-nodes keeps those nearest the focus, not the most connected of the whole graph
    out = tmp_path / "near.html"
    args = ["--focus", "Korsel", "--depth", "2", "--max-nodes", "3"]
    assert kg("view", sample_ttl, "-o", out, *args).exit_code == 0
    korea_iri = next(
        e for e, label in graph.subject_objects(RDFS.label) if str(label) == "South Korea"
    )
    near = {str(x) for s, _p, o in facts_of(graph) if korea_iri in (s, o) for x in (s, o)}
    near_labels = {str(label) for e in near for label in graph.objects(URIRef(e), RDFS.label)}
    assert {n["l"] for n in page_data(out)["nodes"]} <= near_labels


def test_an_unknown_focus_names_the_option_and_suggests_names(
    sample_ttl: Path, tmp_path: Path
) -> None:
    out = tmp_path / "x.html"
    result = kg("view", sample_ttl, "-o", out, "--focus", "Stoltenbreg")
    assert result.exit_code == 2
    assert "--focus" in result.output and "Did you mean" in result.output
    assert "Stoltenberg" in result.output
    assert not out.exists()


def test_focus_takes_an_iri_as_kg_query_prints_it(sample_ttl: Path, tmp_path: Path) -> None:
    pages = []
    for focus in ("NATO", "ent:NATO", str(ENT["NATO"])):
        out = tmp_path / f"{len(pages)}.html"
        result = kg("view", sample_ttl, "-o", out, "--focus", focus, "--depth", "1")
        assert result.exit_code == 0 and "Focus on NATO" in result.output, result.output
        pages.append(page_data(out))
    assert pages[0] == pages[1] == pages[2]
    # a word of a name suggests the names that hold it
    result = kg("view", sample_ttl, "-o", tmp_path / "x.html", "--focus", "Jens")
    assert result.exit_code == 2 and "Did you mean 'Jens Stoltenberg'" in result.output


def test_bad_view_options_are_usage_errors(sample_ttl: Path, tmp_path: Path) -> None:
    result = kg("view", sample_ttl, "-o", tmp_path / "x.html", "--depth", "2")
    assert result.exit_code == 2 and "--focus" in result.output
    result = kg("view", sample_ttl, "-o", sample_ttl)
    assert result.exit_code == 2 and "graph file itself" in result.output
    result = kg("view", tmp_path / "missing.ttl", "-o", tmp_path / "x.html")
    assert result.exit_code == 1 and "missing.ttl" in result.output
    assert "Traceback" not in result.output


def test_build_takes_the_view_options_and_export_formats(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = kg("build", REPO / "input", "-o", out, "--max-nodes", "3", "--format", "graphml")
    assert result.exit_code == 0, result.output
    assert len(page_data(out / "graph.html")["nodes"]) == 3
    assert (out / "graph.graphml").is_file() and f"wrote {out / 'graph.graphml'}" in result.output
    assert "graph.html: " in result.output and "left out" in result.output
    # graph.ttl keeps everything: the view options choose only what the page draws.
    everything = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(set(everything.subjects(RDF.type, KG.Person))) > 3


def _ring(n: int) -> Graph:
    """n typed, labelled entities in a ring of facts (with the relation declared)."""
    g = Graph()
    g.add((KG.urged, RDFS.subPropertyOf, KG.relatedTo))
    g.add((KG.urged, RDF.type, OWL.ObjectProperty))
    g.add((KG.urged, RDFS.label, Literal("urged", lang="en")))
    for i in range(n):
        g.add((ENT[f"E{i}"], RDF.type, KG.Organization))
        g.add((ENT[f"E{i}"], RDFS.label, Literal(f"Entity {i}", lang="en")))
        g.add((ENT[f"E{i}"], KG.urged, ENT[f"E{(i + 1) % n}"]))
    return g


def test_big_graphs_get_a_precomputed_layout_that_is_deterministic(tmp_path: Path) -> None:
    graph = _ring(60)
    options = ViewOptions(layout_threshold=50)
    stats = render_html(graph, tmp_path / "a.html", options)
    render_html(graph, tmp_path / "b.html", options)
    assert stats.layout == "precomputed" and (stats.nodes, stats.edges) == (60, 60)
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    data = page_data(tmp_path / "a.html")
    assert data["meta"]["layout"] == "fixed"
    positions = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(positions) == 60  # every entity has a place of its own
    # A small graph starts from the same kind of layout and the browser relaxes it.
    small = render_html(graph, tmp_path / "c.html", ViewOptions(layout_threshold=100))
    assert small.layout == "physics"
    assert page_data(tmp_path / "c.html")["meta"]["layout"] == "physics"
    assert len({(n["x"], n["y"]) for n in page_data(tmp_path / "c.html")["nodes"]}) == 60


def _clusters(sizes: tuple[int, ...], isolated: int = 0) -> tuple[Graph, list[set[str]]]:
    """Dense clusters (every two members linked) in a chain, one link from each to the next."""
    g = Graph()
    g.add((KG.metWith, RDF.type, OWL.ObjectProperty))
    groups: list[set[str]] = []
    names: list[list[URIRef]] = []
    for c, size in enumerate(sizes):
        members = []
        for i in range(size):
            iri = ENT[f"C{c}_{i}"]
            g.add((iri, RDF.type, KG.Person))
            g.add((iri, RDFS.label, Literal(f"Member {i} of {c}", lang="en")))
            members.append(iri)
        for a in range(size):
            for b in range(a + 1, size):
                g.add((members[a], KG.metWith, members[b]))
        names.append(members)
        groups.append({f"Member {i} of {c}" for i in range(size)})
    for c in range(len(sizes) - 1):
        g.add((names[c][0], KG.metWith, names[c + 1][1]))
    for i in range(isolated):
        g.add((ENT[f"Alone{i}"], RDF.type, KG.Organization))
        g.add((ENT[f"Alone{i}"], RDFS.label, Literal(f"Alone {i}", lang="en")))
    return g, groups


@pytest.mark.parametrize("threshold", [0, 300])
def test_communities_are_found_and_placed_together(tmp_path: Path, threshold: int) -> None:
    graph, groups = _clusters((9, 8, 7, 6), isolated=3)
    out = tmp_path / "c.html"
    render_html(graph, out, ViewOptions(layout_threshold=threshold))
    data = page_data(out)
    by_label = {n["l"]: n for n in data["nodes"]}
    found = [{by_label[m]["c"] for m in group} for group in groups]
    assert all(len(c) == 1 for c in found), "a cluster is split across communities"
    assert len({c.pop() for c in found}) == len(groups), "two clusters share a community"
    # Numbered by size, largest first, and named by their most connected member.
    assert [by_label[next(iter(g))]["c"] for g in groups] == [0, 1, 2, 3]
    assert [size for _name, size in data["comms"][:4]] == [9, 8, 7, 6]
    assert data["comms"][0][0] in groups[0]

    def centre(group: set[str]) -> tuple[float, float]:
        return (
            sum(by_label[m]["x"] for m in group) / len(group),
            sum(by_label[m]["y"] for m in group) / len(group),
        )

    centres = [centre(g) for g in groups]
    for c, group in enumerate(groups):
        for m in group:
            here = (by_label[m]["x"], by_label[m]["y"])
            nearest = min(range(len(groups)), key=lambda i: math.dist(here, centres[i]))
            assert nearest == c, f"{m} lies nearer another community"
    # Entities with no facts sit apart from the clusters, not on top of them.
    alone = [(by_label[f"Alone {i}"]["x"], by_label[f"Alone {i}"]["y"]) for i in range(3)]
    assert len(set(alone)) == 3


def test_alt_labels_are_listed_once_per_form_ignoring_case(tmp_path: Path) -> None:
    g = Graph()
    jens = ENT["Jens_Stoltenberg"]
    g.add((jens, RDF.type, KG.Person))
    g.add((jens, RDFS.label, Literal("Jens Stoltenberg", lang="en")))
    for text, lang in (
        ("Stoltenberg", "id"),
        ("stoltenberg", "id"),
        ("STOLTENBERG", "en"),
        ("jens  stoltenberg", "id"),
        ("Sekjen NATO", "id"),
    ):
        g.add((jens, SKOS.altLabel, Literal(text, lang=lang)))
    render_html(g, tmp_path / "j.html")
    (node,) = page_data(tmp_path / "j.html")["nodes"]
    assert node["a"] == [["Stoltenberg", "en, id"], ["Sekjen NATO", "id"]]


def test_a_build_folder_is_drawn_from_its_store_as_its_graph_file_is(
    sample_ttl: Path, tmp_path: Path
) -> None:
    """kg view OUT reads the store's rows (seconds for an archive whose graph.ttl takes
    minutes to parse) and gives the page kg view OUT/graph.ttl gives, byte for byte."""
    out = sample_ttl.parent
    args = ["--focus", "Korsel", "--max-facts", "5"]
    from_store, from_file = tmp_path / "store.html", tmp_path / "file.html"
    assert kg("view", out, "-o", from_store, *args).exit_code == 0
    assert kg("view", sample_ttl, "-o", from_file, *args).exit_code == 0
    assert from_store.read_bytes() == from_file.read_bytes()
