"""`kg export` and `kg build --format`: every format read back by an independent reader.

The sample graph (a build of input/) is exported in every format; each file is read by a tool
that is not kg's writer: rapper (Debian raptor2-utils) and pyoxigraph for the RDF syntaxes,
pyld and rdflib for JSON-LD, networkx for GraphML and GEXF, Python's csv module with
neo4j-admin import's header rules for the Neo4j CSV files. Each must give back the graph's
facts; the RDF formats give back every triple. Graphs are compared as sets of triples.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections import defaultdict
from datetime import date
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from click.testing import CliRunner, Result
from pyld import jsonld
from rdflib import RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, SKOS

from kg.cli import EXPORT_FORMATS, FORMAT_ALIASES, main
from kg.export import FORMATS, NEO4J_FILES, default_name

REPO = Path(__file__).resolve().parent.parent
INPUT = REPO / "input"
QUERIES = REPO / "queries"

# Spelled out independently of kg.vocab, as GRAPH_MODEL.md promises them.
KG = Namespace("https://w3id.org/kg-news/ontology#")
ENT = "https://w3id.org/kg-news/id/"
ENTITY_CLASSES = {"Person", "Organization", "Country", "Location", "Event"}

Triple = tuple[str, str, str]
RDF_FORMATS = ("turtle", "ntriples", "nquads", "trig", "rdfxml")
RAPPER_SYNTAX = {
    "turtle": "turtle",
    "ntriples": "ntriples",
    "nquads": "nquads",
    "trig": "trig",
    "rdfxml": "rdfxml",
}
OX_FORMAT = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "rdfxml": pyoxigraph.RdfFormat.RDF_XML,
}


def kg(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_ok(result: Result) -> None:
    assert result.exit_code == 0, result.output
    assert result.exception is None, repr(result.exception)


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def graph(sample_ttl: Path) -> Graph:
    return Graph().parse(sample_ttl, format="turtle")


@pytest.fixture(scope="module")
def exports(sample_ttl: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every format written by `kg export` from the sample graph.ttl."""
    out = tmp_path_factory.mktemp("exports")
    written = {}
    for fmt in FORMATS:
        target = out / default_name(fmt)
        result = kg("export", sample_ttl, "--format", fmt, "-o", target)
        assert_ok(result)
        assert f"wrote {target}" in result.stdout
        written[fmt] = target
    return written


def is_entity(node: object) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(ENT)


def facts(g: Graph) -> set[Triple]:
    """Plain triples between two entities, as strings."""
    return {(str(s), str(p), str(o)) for s, p, o in g if is_entity(s) and is_entity(o)}


def entity_labels(g: Graph) -> dict[str, str]:
    return {
        str(s): str(o)
        for s, o in g.subject_objects(RDFS.label)
        if is_entity(s) and isinstance(o, Literal) and o.language == "en"
    }


def fact_provenance(g: Graph) -> dict[Triple, tuple[int, str, int]]:
    """Per fact: distinct source articles, the earliest article date ('' if none), outlets."""
    articles: dict[Triple, set[URIRef]] = defaultdict(set)
    for rec in g.subjects(RDF.type, KG.Assertion):
        fact = tuple(str(g.value(rec, p)) for p in (RDF.subject, RDF.predicate, RDF.object))
        article = g.value(rec, KG.article)
        assert isinstance(article, URIRef)
        articles[fact].add(article)  # type: ignore[index]
    out = {}
    for fact, arts in articles.items():
        dates = sorted(str(g.value(a, DCTERMS.date)) for a in arts if g.value(a, DCTERMS.date))
        publishers = (g.value(a, DCTERMS.publisher) for a in arts)
        outlets = {str(p) for p in publishers if p is not None}
        out[fact] = (len(arts), dates[0] if dates else "", len(outlets))
    return out


def rapper(path: Path, syntax: str) -> Dataset:
    """Parse with rapper (raptor2) and load its N-Quads output."""
    assert shutil.which("rapper"), "rapper is not installed: apt-get install raptor2-utils"
    done = subprocess.run(
        ["rapper", "--quiet", "-i", syntax, "-o", "nquads", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr, done.stderr
    dataset = Dataset()
    dataset.parse(data=done.stdout, format="nquads")
    return dataset


def oxigraph_quads(path: Path, fmt: str) -> Dataset:
    quads = list(pyoxigraph.parse(path=str(path), format=OX_FORMAT[fmt]))
    as_nq = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS)
    dataset = Dataset()
    dataset.parse(data=as_nq, format="nquads")
    return dataset


def union(dataset: Dataset) -> set[tuple[object, object, object]]:
    return {(s, p, o) for s, p, o, _g in dataset.quads((None, None, None, None))}


def _is_default(name: object) -> bool:
    return name is None or name == DATASET_DEFAULT_GRAPH_ID


def default_graph(dataset: Dataset) -> set[tuple[object, object, object]]:
    return {(s, p, o) for s, p, o, g in dataset.quads((None, None, None, None)) if _is_default(g)}


def named_graphs(dataset: Dataset) -> dict[str, set[Triple]]:
    graphs: dict[str, set[Triple]] = defaultdict(set)
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if not _is_default(g):
            graphs[str(g)].add((str(s), str(p), str(o)))
    return dict(graphs)


# ---------------------------------------------------------------- the list of formats


def test_the_cli_offers_exactly_the_formats_kg_export_writes() -> None:
    assert EXPORT_FORMATS == tuple(FORMATS)
    for alias, name in FORMAT_ALIASES.items():  # --format nt: a format by its file's suffix
        assert FORMATS[name].suffix == f".{alias}", alias


def test_export_takes_a_format_by_its_suffix(sample_ttl: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.txt"
    done = CliRunner().invoke(main, ["export", str(sample_ttl), "-o", str(out), "--format", "nt"])
    assert done.exit_code == 0, done.output
    assert set(Graph().parse(out, format="nt")) == set(Graph().parse(sample_ttl, format="turtle"))


# ---------------------------------------------------------------- RDF syntaxes


@pytest.mark.parametrize("reader", ["rapper", "pyoxigraph"])
@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_rdf_exports_read_back_to_every_triple(
    fmt: str, reader: str, exports: dict[str, Path], graph: Graph
) -> None:
    path = exports[fmt]
    dataset = rapper(path, RAPPER_SYNTAX[fmt]) if reader == "rapper" else oxigraph_quads(path, fmt)
    assert union(dataset) == set(graph)
    got = Graph()
    for triple in union(dataset):
        got.add(triple)  # type: ignore[arg-type]
    assert facts(got) == facts(graph)
    assert len(facts(graph)) > 20


@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_quads_keep_reification_and_name_a_graph_per_article(
    fmt: str, exports: dict[str, Path], graph: Graph
) -> None:
    dataset = rapper(exports[fmt], RAPPER_SYNTAX[fmt])
    # The default graph is the whole Turtle graph, reification and all.
    assert default_graph(dataset) == set(graph)
    # Each named graph is an article, holding exactly the facts read from it.
    expected: dict[str, set[Triple]] = defaultdict(set)
    for rec in graph.subjects(RDF.type, KG.Assertion):
        fact = tuple(str(graph.value(rec, p)) for p in (RDF.subject, RDF.predicate, RDF.object))
        expected[str(graph.value(rec, KG.article))].add(fact)  # type: ignore[arg-type]
    got = named_graphs(dataset)
    assert got == dict(expected)
    assert len(got) == 2
    for name in got:
        assert (URIRef(name), RDF.type, KG.Article) in graph


# ---------------------------------------------------------------- JSON-LD


def test_jsonld_has_a_context_and_reads_back_with_pyld_and_rdflib(
    exports: dict[str, Path], graph: Graph
) -> None:
    document = json.loads(exports["jsonld"].read_text(encoding="utf-8"))
    context = document["@context"]
    assert context["kg"] == str(KG)
    assert context["ent"] == ENT
    assert all(isinstance(node["@id"], str) for node in document["@graph"])
    # pyld expands with the context (no network: the context is inline) to N-Quads.
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    from_pyld = Graph().parse(data=nquads, format="nt")
    assert set(from_pyld) == set(graph)
    from_rdflib = Graph().parse(exports["jsonld"], format="json-ld")
    assert set(from_rdflib) == set(graph)
    # Compact IRIs with the context's prefixes, typed values as value objects.
    korea = next(n for n in document["@graph"] if n["@id"] == "ent:South_Korea")
    assert korea["@type"] == ["kg:Country"]
    assert {"@value": "South Korea", "@language": "en"} in korea["rdfs:label"]


# ---------------------------------------------------------------- GraphML and GEXF


def _check_property_graph(g: nx.MultiDiGraph, graph: Graph) -> None:
    labels = entity_labels(graph)
    assert set(g.nodes) == set(labels)
    for node, data in g.nodes(data=True):
        assert data["label"] == labels[node]
        assert data["type"] in ENTITY_CLASSES
        assert URIRef(node) in set(graph.subjects(RDF.type, KG[data["type"]]))
    korea = next(n for n, d in g.nodes(data=True) if d["label"] == "South Korea")
    alts = {str(a) for a in graph.objects(URIRef(korea), SKOS.altLabel)}
    assert set(g.nodes[korea]["alt_labels"].split(" | ")) == alts
    assert g.nodes[korea]["wikidata"] == "Q884"

    edges = {(s, d["predicate"], o) for s, o, d in g.edges(data=True)}
    assert edges == facts(graph)
    assert g.number_of_edges() == len(edges)  # one edge per fact
    provenance = fact_provenance(graph)
    for s, o, d in g.edges(data=True):
        sources, first, outlets = provenance[(s, d["predicate"], o)]
        assert (int(d["sources"]), d.get("first_date", ""), int(d["outlets"])) == (
            sources,
            first,
            outlets,
        )
        english = [
            str(x)
            for x in graph.objects(URIRef(d["predicate"]), RDFS.label)
            if isinstance(x, Literal) and (x.language or "").startswith("en")
        ]
        assert [d["label"]] == english
    # The fact both articles state counts two sources.
    russia = next(n for n, d in g.nodes(data=True) if d["label"] == "Russia")
    ukraine = next(n for n, d in g.nodes(data=True) if d["label"] == "Ukraine")
    attacked = [
        d
        for _, o, d in g.out_edges(russia, data=True)
        if o == ukraine and d["predicate"] == str(KG.attacked)
    ]
    assert [int(d["sources"]) for d in attacked] == [2]


def test_graphml_reads_back_with_networkx(exports: dict[str, Path], graph: Graph) -> None:
    g = nx.read_graphml(exports["graphml"], force_multigraph=True)
    assert g.is_directed()
    _check_property_graph(g, graph)


def test_gexf_reads_back_with_networkx(exports: dict[str, Path], graph: Graph) -> None:
    g = nx.read_gexf(exports["gexf"])
    assert isinstance(g, nx.MultiDiGraph)
    _check_property_graph(g, graph)
    for _s, _o, d in g.edges(data=True):
        assert d["weight"] == float(d["sources"])


# ---------------------------------------------------------------- Neo4j CSV

# neo4j-admin import: a header field is `name`, `name:type` or one of the special fields;
# types as in the Neo4j operations manual (import tool, "CSV header format").
NEO4J_TYPES = {
    "int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "point",
    "date", "localtime", "time", "localdatetime", "datetime", "duration",
}  # fmt: skip
HEADER_FIELD = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)?(?::(?P<type>[A-Za-z_]+)(?P<array>\[\])?)?$"
)


def read_neo4j(path: Path, special: set[str]) -> tuple[list[dict[str, object]], list[str]]:
    """Rows of a neo4j-admin import CSV file (header in the file, ',' fields, '"' quotes, ';'
    array delimiter, empty field = no property), values converted by their header types."""
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte order mark"
    text = raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=",", quotechar='"'))
    header = rows[0]
    assert len(set(header)) == len(header)
    for name in header:
        match = HEADER_FIELD.match(name)
        assert match, f"bad header field {name!r}"
        kind = match["type"]
        if kind and kind.upper() == kind:  # ID, LABEL, START_ID, END_ID, TYPE
            assert name in special, name
        elif kind:
            assert kind in NEO4J_TYPES, name
    out = []
    for row in rows[1:]:
        assert len(row) == len(header), row
        record: dict[str, object] = {}
        for name, value in zip(header, row, strict=True):
            assert "\n" not in value and "\r" not in value  # no --multiline-fields needed
            if value == "":
                continue
            match = HEADER_FIELD.match(name)
            assert match
            kind, array = match["type"], bool(match["array"])
            items = value.split(";") if array or name == ":LABEL" else [value]
            converted: list[object] = []
            for item in items:
                if kind in ("int", "long"):
                    converted.append(int(item))
                elif kind in ("float", "double"):
                    converted.append(float(item))
                elif kind == "date":
                    converted.append(date.fromisoformat(item))
                else:
                    converted.append(item)
            record[name] = converted if array or name == ":LABEL" else converted[0]
        out.append(record)
    return out, header


def test_neo4j_csv_follows_the_import_tool_header_rules_and_holds_the_facts(
    exports: dict[str, Path], graph: Graph
) -> None:
    folder = exports["neo4j"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(NEO4J_FILES)
    nodes, node_header = read_neo4j(folder / "nodes.csv", {"id:ID", ":LABEL"})
    rels, rel_header = read_neo4j(folder / "relationships.csv", {":START_ID", ":END_ID", ":TYPE"})
    assert "id:ID" in node_header and ":LABEL" in node_header
    assert {":START_ID", ":END_ID", ":TYPE"} <= set(rel_header)

    labels = entity_labels(graph)
    ids = [str(n["id:ID"]) for n in nodes]
    assert len(ids) == len(set(ids)) and set(ids) == set(labels)
    for node in nodes:
        assert node["name"] == labels[str(node["id:ID"])]
        kinds = node[":LABEL"]
        assert isinstance(kinds, list) and "Entity" in kinds
        assert set(kinds) - {"Entity"} <= ENTITY_CLASSES
    korea = next(n for n in nodes if n["name"] == "South Korea")
    assert korea["wikidata:string[]"] == ["Q884"]
    assert set(korea["altLabels:string[]"]) == {  # type: ignore[arg-type]
        str(a) for a in graph.objects(URIRef(str(korea["id:ID"])), SKOS.altLabel)
    }

    assert {(str(r[":START_ID"]), str(r["predicate"]), str(r[":END_ID"])) for r in rels} == facts(
        graph
    )
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in rels)
    provenance = fact_provenance(graph)
    for r in rels:
        assert re.fullmatch(r"[A-Z][A-Z_]*", str(r[":TYPE"]))
        sources, first, outlets = provenance[
            (str(r[":START_ID"]), str(r["predicate"]), str(r[":END_ID"]))
        ]
        assert r["sources:int"] == sources and r["outlets:int"] == outlets
        assert str(r.get("firstDate:date", "")) == first
    met = {str(r[":TYPE"]) for r in rels if str(r["predicate"]) == str(KG.metWith)}
    assert met <= {"MET_WITH"}


def test_neo4j_csv_quotes_commas_and_quotes_inside_fields(tmp_path: Path) -> None:
    source = tmp_path / "odd.ttl"
    source.write_text(
        """@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix ent: <https://w3id.org/kg-news/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ent:A a kg:Organization ; rdfs:label "Ministry of \\"Foreign\\", Affairs"@en ;
    skos:altLabel "Kemlu; RI"@id , "line\\nbreak"@id ; kg:urged ent:B .
ent:B a kg:Country ; rdfs:label "B"@en .
kg:urged a owl:ObjectProperty ; rdfs:label "urged"@en .
""",
        encoding="utf-8",
    )
    assert_ok(kg("export", source, "--format", "neo4j", "-o", tmp_path / "neo"))
    nodes, _ = read_neo4j(tmp_path / "neo" / "nodes.csv", {"id:ID", ":LABEL"})
    a = next(n for n in nodes if str(n["id:ID"]).endswith("/A"))
    assert a["name"] == 'Ministry of "Foreign", Affairs'
    # The array delimiter cannot be escaped: a ';' inside a name becomes ','; newlines spaces.
    assert sorted(a["altLabels:string[]"]) == ["Kemlu, RI", "line break"]  # type: ignore[type-var]


# ---------------------------------------------------------------- kg build --format, determinism


def test_build_format_writes_the_same_bytes_as_export(
    exports: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args: list[str | Path] = ["build", INPUT, "-o", out, "--no-html"]
    for fmt in FORMATS:
        args += ["--format", fmt]
    result = kg(*args)
    assert_ok(result)
    for fmt in FORMATS:
        if fmt == "turtle":
            continue  # graph.ttl is kg's own Turtle; the export re-writes it with Oxigraph
        built = out / default_name(fmt)
        assert f"wrote {built}" in result.stdout
        if fmt == "neo4j":
            for name in NEO4J_FILES:
                assert (built / name).read_bytes() == (exports[fmt] / name).read_bytes()
        else:
            assert built.read_bytes() == exports[fmt].read_bytes(), fmt
    # Nothing else, and no temporary file left behind.
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([default_name(f) for f in FORMATS] + ["store"])


def test_export_of_an_export_is_the_same_file(exports: dict[str, Path], tmp_path: Path) -> None:
    for fmt in ("ntriples", "trig", "jsonld"):
        again = tmp_path / f"again{FORMATS[fmt].suffix}"
        assert_ok(kg("export", exports["turtle"], "--format", fmt, "-o", again))
        assert again.read_bytes() == exports[fmt].read_bytes()


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"])
def test_the_ready_queries_answer_alike_on_every_rdf_export(
    fmt: str, exports: dict[str, Path], sample_ttl: Path
) -> None:
    for query in sorted(QUERIES.glob("*.rq")):
        expected = kg("query", sample_ttl, "--file", query, "--format", "csv")
        assert_ok(expected)
        got = kg("query", exports[fmt], "--file", query, "--format", "csv")
        assert_ok(got)
        assert got.stdout == expected.stdout, (fmt, query.name)


# ---------------------------------------------------------------- errors


def test_export_format_from_the_suffix_or_a_clear_error(sample_ttl: Path, tmp_path: Path) -> None:
    assert_ok(kg("export", sample_ttl, "-o", tmp_path / "g.graphml"))
    assert (tmp_path / "g.graphml").read_bytes().startswith(b"<?xml")
    odd = tmp_path / "graph.xyz"
    result = kg("export", sample_ttl, "-o", odd)
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit)
    assert str(odd) in result.output and "--format" in result.output
    assert not odd.exists()


def test_export_of_a_missing_or_broken_graph_fails_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "none.ttl"
    result = kg("export", missing, "-o", tmp_path / "x.nt")
    assert result.exit_code != 0 and str(missing) in result.output
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix a: <http://a/> .\na:x a:y a:z .\na:x a:y "open .\n', "utf-8")
    result = kg("export", broken, "-o", tmp_path / "x.nt")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert str(broken) in result.output and "line 3" in result.output
    assert list(tmp_path.iterdir()) == [broken]  # nothing written, no temporary file


def test_neo4j_export_onto_a_file_fails_with_a_message(sample_ttl: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "neo.csv"
    blocker.write_text("keep me\n", encoding="utf-8")
    result = kg("export", sample_ttl, "--format", "neo4j", "-o", blocker)
    assert result.exit_code != 0 and str(blocker) in result.output
    assert blocker.read_text(encoding="utf-8") == "keep me\n"


def test_an_export_that_cannot_be_written_names_the_output_not_a_temporary_file(
    sample_ttl: Path, tmp_path: Path
) -> None:
    a_file = tmp_path / "g.nt"
    a_file.write_text("", encoding="utf-8")
    out = a_file / "x.nt"
    result = CliRunner().invoke(main, ["export", str(sample_ttl), "-o", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"Error: {out}: cannot write the export ({a_file} is a file, not a folder)" in (
        result.output
    )
    if Path("/sys/kernel").is_dir():  # a read-only file system, even for root
        out = Path("/sys/kg-export-test.nt")
        result = CliRunner().invoke(main, ["export", str(sample_ttl), "-o", str(out)])
        assert result.exit_code == 1 and f"Error: {out}: cannot write the export" in result.output
        assert ".tmp" not in result.output
