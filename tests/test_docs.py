"""The documentation says what the code does: README synopses, `--help` layout, GRAPH_MODEL.md.

GRAPH_MODEL.md is checked against ontology/kg.ttl (classes, class tree, relations and their
labels) and against kg/extract/ (the extractor names); the label-language advice of README.md
and GRAPH_MODEL.md is run on the sample graph.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.cli import EXPORT_FORMATS, main
from kg.query import query_graph
from kg.triples import EXTRACTOR_VERSION

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
GRAPH_MODEL = (REPO / "GRAPH_MODEL.md").read_text(encoding="utf-8")
KG = Namespace("https://w3id.org/kg-news/ontology#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(REPO / "ontology" / "kg.ttl", format="turtle")


def help_of(command: list[str], width: int = 80) -> str:
    result = CliRunner().invoke(main, [*command, "--help"], terminal_width=width)
    assert result.exit_code == 0, result.output
    return result.output


COMMANDS = [[], *([name] for name in sorted(main.commands))]


# ---------------------------------------------------------------- --help


@pytest.mark.parametrize("width", [60, 80, 120])
def test_export_help_lists_each_format_on_its_own_line(width: int) -> None:
    from kg.export import FORMATS

    lines = help_of(["export"], width).splitlines()
    rows = [line.split(maxsplit=2) for line in lines if line.split()[:1] in ([f] for f in FORMATS)]
    assert [row[0] for row in rows] == list(EXPORT_FORMATS)
    for name, suffix, what in rows:
        assert suffix == (FORMATS[name].suffix or "FOLDER"), (name, suffix)
        assert len(what) > 10, (name, what)  # a description on the same line
    # the rows stand together, one a line, none wrapped into the next
    first = next(i for i, line in enumerate(lines) if line.split()[:1] == [EXPORT_FORMATS[0]])
    assert [line.split()[0] for line in lines[first : first + len(rows)]] == list(EXPORT_FORMATS)
    assert all(len(line) <= 80 for line in lines[first : first + len(rows)])


@pytest.mark.parametrize("width", [40, 60, 78, 80, 100])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(["kg", *c]))
def test_no_help_breaks_an_option_name_across_lines(command: list[str], width: int) -> None:
    # click rewraps help paragraphs and breaks words at hyphens: "--max-" / "nodes"
    text = help_of(command, width)
    assert not re.search(r"(?<![\w-])--?[a-z]+-\n", text), text


# ---------------------------------------------------------------- README


def _synopsis(name: str) -> str:
    match = re.search(rf"^### `kg {name}\b(.*)`$", README, re.M)
    assert match, f"README has no heading for kg {name}"
    return match[1]


@pytest.mark.parametrize("name", sorted(main.commands))
def test_readme_synopsis_names_every_option(name: str) -> None:
    synopsis = _synopsis(name)
    command = main.commands[name]
    for param in command.params:
        if not isinstance(param, click.Option) or param.name == "help":
            continue
        names = [*param.opts, *param.secondary_opts]
        assert any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", synopsis) for n in names), (
            f"README's kg {name} synopsis lacks {'/'.join(names)}: {synopsis}"
        )


# ---------------------------------------------------------------- GRAPH_MODEL.md


def _kg_terms(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w/#])kg:([A-Za-z]\w*)", text))


def test_graph_model_names_every_class_and_property_of_the_ontology(ontology: Graph) -> None:
    declared = {
        str(s)[len(str(KG)) :]
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(str(KG))
    }
    assert {"Entity", "Agent", "urged", "relatedTo", "article", "cameo"} <= declared
    mentioned = _kg_terms(GRAPH_MODEL)
    assert declared - mentioned == set(), "declared in kg.ttl, missing from GRAPH_MODEL.md"
    assert mentioned - declared == set(), "named in GRAPH_MODEL.md, not declared in kg.ttl"


def _block_after(heading: str, text: str) -> str:
    """The first fenced block after a heading."""
    tail = text[text.index(heading) :]
    match = re.search(r"```\w*\n(.*?)\n```", tail, re.S)
    assert match, heading
    return match[1]


def _term(ontology: Graph, name: str) -> URIRef:
    prefix, local = name.split(":")
    namespace = {"kg": KG, "schema": SCHEMA, "prov": PROV, "rdf": Namespace(str(RDF))}[prefix]
    return URIRef(namespace[local])


def test_graph_model_class_tree_is_the_ontology(ontology: Graph) -> None:
    parents: list[str] = []  # the term at each depth so far
    checked = 0
    for line in _block_after("## Classes", GRAPH_MODEL).splitlines():
        match = re.match(r"^([│├└─ ]*)(\w+:\w+)\s*(.*)$", line)
        assert match, line
        depth = len(match[1]) // 4
        term, rest = match[2], match[3]
        parents[depth:] = [term]
        node = _term(ontology, term)
        if depth:
            parent = _term(ontology, parents[depth - 1])
            assert (node, RDFS.subClassOf, parent) in ontology, (term, parents[depth - 1])
            checked += 1
        if term.startswith("kg:"):
            assert (node, RDF.type, OWL.Class) in ontology, term
        for kind, targets in re.findall(r"(owl:equivalentClass|rdfs:subClassOf) ([\w:, ]+)", rest):
            prop = OWL.equivalentClass if kind == "owl:equivalentClass" else RDFS.subClassOf
            for target in re.findall(r"\w+:\w+", targets):
                assert (node, prop, _term(ontology, target)) in ontology, (term, kind, target)
                checked += 1
    assert checked >= 14


def test_graph_model_relation_table_is_the_ontology(ontology: Graph) -> None:
    rows = re.findall(
        r"^\| `kg:(\w+)` \| ([^|]+) \| ([^|]+) \| ([^|]+) \| `kg:(\w+)`[^|]* \| (yes)? *\|$",
        GRAPH_MODEL,
        re.M,
    )
    relations = {
        str(p)[len(str(KG)) :] for p in ontology.subjects(RDFS.subPropertyOf, KG.relatedTo)
    }
    assert {row[0] for row in rows} == relations
    for name, en, indonesian, cameo, range_, symmetric in rows:
        prop = KG[name]
        assert Literal(en.strip(), lang="en") in set(ontology.objects(prop, RDFS.label)), name
        assert Literal(indonesian.strip(), lang="id") in set(ontology.objects(prop, RDFS.label))
        assert {str(c) for c in ontology.objects(prop, KG.cameo)} == (
            set() if cameo.strip() == "–" else {cameo.strip()}
        ), name
        assert (prop, RDFS.range, KG[range_]) in ontology, name
        assert ((prop, RDF.type, OWL.SymmetricProperty) in ontology) == bool(symmetric), name


def _code_rules() -> set[str]:
    """The rule part of every extractor name the kg/extract/ stages write (f"{cx.lang.code}.R")."""
    code = "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((REPO / "kg" / "extract").glob("*.py"))
    )
    return set(re.findall(r'f"\{\w+\.lang\.code\}\.([a-z-]+)"', code))


def test_graph_model_extractor_names_are_the_code_s(sample_ttl: Path) -> None:
    rules = _code_rules()
    assert {"verb", "title", "speaks-for"} <= rules
    named = re.findall(r"\b(kg-[\d.]+)/(\w+)\.([a-z-]+)", GRAPH_MODEL + README)
    assert named
    languages = {p.name for p in (REPO / "ontology").iterdir() if (p / "relations.tsv").is_file()}
    for version, language, rule in named:
        assert version == EXTRACTOR_VERSION and language in languages and rule in rules, (
            f"{version}/{language}.{rule}"
        )
    table = set(re.findall(r"^\| `([a-z-]+)` \|", GRAPH_MODEL, re.M))
    assert table == rules
    # and the sample graph writes only such names
    graph = Graph().parse(sample_ttl, format="turtle")
    for value in set(graph.objects(None, KG.extractor)):
        version, _, name = str(value).partition("/")
        language, _, rule = name.partition(".")
        assert version == EXTRACTOR_VERSION and language in languages and rule in rules, value


# ---------------------------------------------------------------- labels in two languages


def _label_queries() -> list[str]:
    """The SPARQL examples of README.md and GRAPH_MODEL.md that keep English labels only."""
    blocks = re.findall(r"```sparql\n(.*?)\n```", README + GRAPH_MODEL, re.S)
    return [b for b in blocks if "FILTER (lang(" in b]


def test_relations_and_classes_carry_two_labels_and_the_filter_keeps_one(
    sample_ttl: Path,
) -> None:
    graph = Graph().parse(sample_ttl, format="turtle")
    declared = set(graph.subjects(RDFS.subPropertyOf, KG.relatedTo))
    declared |= set(graph.subjects(RDF.type, OWL.Class))
    assert declared
    for term in declared:
        languages = sorted(x.language or "" for x in graph.objects(term, RDFS.label))
        assert languages == ["en", "id"], (term, languages)
    entity_labels = [
        len(list(graph.objects(e, RDFS.label))) for e in graph.subjects(RDF.type, KG.Person)
    ]
    assert entity_labels and set(entity_labels) == {1}

    queries = _label_queries()
    assert len(queries) == 2, "README.md and GRAPH_MODEL.md each show the filtered query"
    stoltenberg = URIRef("https://w3id.org/kg-news/id/Jens_Stoltenberg")
    facts = {
        (p, o)
        for p, o in graph.predicate_objects(stoltenberg)
        if (p, RDFS.subPropertyOf, KG.relatedTo) in graph
    }
    assert len(facts) >= 5
    for text in queries:
        rows = query_graph(graph, text, "csv").strip().splitlines()[1:]
        assert len(rows) == len(set(rows)) == len(facts)
        naive = re.sub(r"^\s*FILTER \(lang\(.*$", "", text, flags=re.M)
        doubled = query_graph(graph, naive, "csv").strip().splitlines()[1:]
        assert len(doubled) == 2 * len(facts)


# ---------------------------------------------------------------- excerpts of the sample graph


def test_the_readme_turtle_excerpts_are_in_the_sample_graph(sample_ttl: Path) -> None:
    """Each ```turtle block of README.md, read under graph.ttl's prefixes, holds only triples
    of the sample build's graph.ttl: the excerpts say what the build writes."""
    from kg.nt import turtle_header

    blocks = re.findall(r"```turtle\n(.*?)\n```", README, re.S)
    assert blocks
    graph = Graph().parse(sample_ttl, format="turtle")
    for block in blocks:
        excerpt = Graph().parse(data=turtle_header().decode() + block, format="turtle")
        assert len(excerpt) > 0
        assert not set(excerpt) - set(graph), block
