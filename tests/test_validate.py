"""`kg validate`: the SHACL shapes (real pyshacl) pass every graph kg builds and catch a broken one.

Each broken graph is a real build with one fact damaged the way a hand edit or another tool
would damage it; the report must name the node at fault and the command must exit 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL, SH

from kg.build import BuildOptions, build
from kg.cli import main
from kg.validate import shapes_path
from kg.vocab import ENT, KG

DATA = Path(__file__).resolve().parent / "data"


def kg(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """graph.ttl of each text set kg is tested on, built the way `kg build` builds it."""
    out = {}
    for name, texts in (("own", DATA / "gold" / "texts"), ("heldout", DATA / "heldout" / "texts")):
        folder = tmp_path_factory.mktemp(name)
        build([texts], BuildOptions(out_dir=folder, html=False))
        out[name] = folder / "graph.ttl"
    return out


def _damaged(source: Path, tmp_path: Path, damage: str) -> tuple[Path, str]:
    """A copy of `source` with one fact damaged; returns the file and the node to be named."""
    graph = Graph().parse(source, format="turtle")
    record = sorted(graph.subjects(RDF.type, KG.Assertion))[0]
    subject = graph.value(record, RDF.subject)
    predicate = graph.value(record, RDF.predicate)
    obj = graph.value(record, RDF.object)
    assert isinstance(subject, URIRef) and isinstance(predicate, URIRef)
    if damage == "untyped end":
        # a fact whose object is an IRI nobody typed or labelled
        stranger = ENT["Nobody_Knows"]
        graph.add((subject, predicate, stranger))
        named = "ent:Nobody_Knows"
    elif damage == "no provenance":
        # a fact no assertion names
        other = next(o for o in sorted(graph.subjects(RDF.type, KG.Country)) if o != obj)
        graph.add((subject, KG.criticized, other))
        graph.add((KG.criticized, RDF.type, OWL.ObjectProperty))
        graph.add((KG.criticized, RDFS.label, Literal("criticized", lang="en")))
        named = graph.namespace_manager.normalizeUri(subject)
    elif damage == "undeclared predicate":
        # a fact (with its record) whose predicate the graph does not declare
        made_up = URIRef(str(KG) + "admired")
        graph.add((made_up, RDFS.subPropertyOf, KG.relatedTo))
        graph.add((subject, made_up, obj))  # type: ignore[arg-type]
        graph.set((record, RDF.predicate, made_up))
        named = "kg:admired"
    elif damage == "confidence out of range":
        graph.set((record, KG.confidence, Literal(1.7)))
        named = str(record).rsplit("/", 1)[1]  # the record's own name, however it is prefixed
    else:
        raise AssertionError(damage)
    path = tmp_path / "broken.ttl"
    graph.serialize(path, format="turtle")
    return path, named


def test_every_graph_kg_builds_conforms(sample_ttl: Path, built: dict[str, Path]) -> None:
    for path in (sample_ttl, *built.values()):
        result = kg("validate", path)
        assert result.exit_code == 0, result.output
        assert "conforms" in result.output and "0 violation(s)" in result.output


@pytest.mark.parametrize(
    "damage", ["untyped end", "no provenance", "undeclared predicate", "confidence out of range"]
)
def test_a_broken_fact_fails_naming_the_node(sample_ttl: Path, tmp_path: Path, damage: str) -> None:
    path, named = _damaged(sample_ttl, tmp_path, damage)
    result = kg("validate", path)
    assert result.exit_code == 1, result.output
    assert "does NOT conform" in result.output
    violations = [line for line in result.output.splitlines() if line.startswith("VIOLATION")]
    assert violations, result.output
    assert any(named in line for line in violations), (named, violations)
    assert "Traceback" not in result.output


def test_unreadable_shapes_or_graph_fail_with_a_message(sample_ttl: Path, tmp_path: Path) -> None:
    bad = tmp_path / "shapes.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<a> sh:path", encoding="utf-8")
    result = kg("validate", sample_ttl, "--shapes", bad)
    assert result.exit_code == 1 and "shapes" in result.output and str(bad) in result.output
    missing = tmp_path / "none.ttl"
    result = kg("validate", missing)
    assert result.exit_code == 1 and str(missing) in result.output
    assert "Traceback" not in result.output
    result = kg("validate", sample_ttl, "--shapes", missing)
    assert result.exit_code == 1 and f"{missing}: no such shapes file" in result.output
    assert "build the graph" not in result.output


# ---------------------------------------------------------------- plain SHACL tools

# pyshacl.validate as another tool would call it: no flags (SHACL Core and SHACL-SPARQL
# constraints), SHACL-AF on (what kg validate runs), and RDFS inference over the graph's own
# declarations.
MODES = {"plain": {}, "advanced": {"advanced": True}, "rdfs": {"inference": "rdfs"}}


def pyshacl_conforms(graph: Graph, **flags: object) -> tuple[bool, str]:
    from pyshacl import validate

    shapes = Graph().parse(shapes_path(), format="turtle")
    conforms, _results, text = validate(graph, shacl_graph=shapes, **flags)
    return bool(conforms), str(text)


@pytest.mark.parametrize("mode", MODES)
def test_the_sample_graph_conforms_for_plain_pyshacl_too(sample_ttl: Path, mode: str) -> None:
    ok, text = pyshacl_conforms(Graph().parse(sample_ttl, format="turtle"), **MODES[mode])
    assert ok, text


def test_plain_pyshacl_catches_an_entity_without_a_label(sample_ttl: Path) -> None:
    graph = Graph().parse(sample_ttl, format="turtle")
    entity = ENT["South_Korea"]
    assert (entity, RDFS.label, None) in graph
    graph.remove((entity, RDFS.label, None))
    ok, text = pyshacl_conforms(graph)
    assert not ok
    assert "South_Korea" in text and "exactly one English rdfs:label" in text


# the entity and relation shapes, which plain SHACL tools used to skip
@pytest.mark.parametrize(
    ("damage", "rule"),
    [
        ("untyped end", "a fact's end must be an entity"),
        ("undeclared predicate", "the predicate of a fact must be declared"),
    ],
)
def test_plain_pyshacl_catches_a_broken_fact(
    sample_ttl: Path, tmp_path: Path, damage: str, rule: str
) -> None:
    path, named = _damaged(sample_ttl, tmp_path, damage)
    ok, text = pyshacl_conforms(Graph().parse(path, format="turtle"))
    assert not ok, text
    assert any(rule in line for line in text.splitlines()), text
    assert named.split(":")[-1] in text


def test_the_core_targets_name_every_relation_of_the_ontology() -> None:
    # shapes.ttl lists the core relations for SHACL Core; a relation added to kg.ttl must be
    # added there too, or plain SHACL tools would not check the ends of its facts.
    from kg.lexicon import load_ontology

    shapes = Graph().parse(shapes_path(), format="turtle")
    shape = URIRef("https://w3id.org/kg-news/shapes#EntityShape")
    core = {KG[name] for name in load_ontology().predicates}
    assert set(shapes.objects(shape, SH.targetSubjectsOf)) == core
    assert set(shapes.objects(shape, SH.targetObjectsOf)) == core | {KG.speaker}
