"""kg.query against a small hand-built graph in the shape GRAPH_MODEL.md describes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from kg.errors import GraphError, QueryError
from kg.query import FORMATS, QueryOptions, load_graph, query, query_graph, run_query

KG = Namespace("https://w3id.org/kg-news/ontology#")
ENT = Namespace("https://w3id.org/kg-news/id/")
ART = Namespace("https://w3id.org/kg-news/article/")
WD = Namespace("http://www.wikidata.org/entity/")
SCHEMA = Namespace("https://schema.org/")

URGED = """SELECT ?who ?whom WHERE { ?who kg:urged ?whom } ORDER BY ?whom"""


def build_graph() -> Graph:
    g = Graph()
    for prefix, ns in (("kg", KG), ("ent", ENT), ("art", ART), ("wd", WD), ("schema", SCHEMA)):
        g.bind(prefix, ns)
    people = (("Jens_Stoltenberg", "Jens Stoltenberg", KG.Person, "Q57462"),)
    countries = (
        ("South_Korea", "South Korea", KG.Country, "Q884"),
        ("Japan", "Japan", KG.Country, "Q17"),
    )
    for key, label, cls, qid in people + countries:
        g.add((ENT[key], RDF.type, cls))
        g.add((ENT[key], RDFS.label, Literal(label, lang="en")))
        g.add((ENT[key], OWL.sameAs, WD[qid]))
    g.add((ENT.South_Korea, SKOS.altLabel, Literal("Korsel", lang="id")))
    g.add((ENT.NATO, RDF.type, KG.Organization))
    g.add((ENT.NATO, RDFS.label, Literal("NATO", lang="en")))
    g.add((ENT.Jens_Stoltenberg, KG.officialOf, ENT.NATO))
    for whom in ("South_Korea", "Japan"):
        g.add((ENT.Jens_Stoltenberg, KG.urged, ENT[whom]))
    g.add((KG.urged, RDF.type, OWL.ObjectProperty))
    g.add((KG.urged, RDFS.label, Literal("urged", lang="en")))

    article = ART["nato-asia"]
    g.add((article, RDF.type, KG.Article))
    g.add((article, DCTERMS.title, Literal("Dekati Asia, NATO Mendesak Korea Selatan")))
    g.add((article, DCTERMS.publisher, Literal("koran-jakarta.com")))
    g.add((article, DCTERMS.date, Literal("2023-02-01", datatype=XSD.date)))
    g.add((article, SCHEMA.url, URIRef("https://koran-jakarta.com/dekati-asia")))
    g.add((article, KG.sourceFile, Literal("001_d521220fccabea1c.txt")))
    g.add((article, KG.language, Literal("id")))
    sentence = ART["nato-asia/s1"]
    g.add((sentence, RDF.type, KG.Sentence))
    g.add((sentence, KG.text, Literal('NATO mendesak Korea Selatan, kata "Stoltenberg".')))
    g.add((sentence, KG.position, Literal(1)))
    g.add((sentence, KG.inArticle, article))
    record = ART["nato-asia/f1a2b"]
    g.add((record, RDF.type, KG.Assertion))
    g.add((record, RDF.type, RDF.Statement))
    g.add((record, RDF.subject, ENT.Jens_Stoltenberg))
    g.add((record, RDF.predicate, KG.urged))
    g.add((record, RDF.object, ENT.South_Korea))
    g.add((record, KG.article, article))
    g.add((record, KG.sentence, sentence))
    g.add((record, KG.extractor, Literal("id.verb")))
    g.add((record, KG.confidence, Literal(0.8)))
    return g


@pytest.fixture()
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    build_graph().serialize(path, format="turtle")
    return path


def test_table_shortens_iris_and_aligns_columns(graph_file: Path) -> None:
    out = run_query(graph_file, URGED)
    lines = out.split("\n")
    assert lines[0].split() == ["who", "whom"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert [line.split() for line in lines[2:]] == [
        ["ent:Jens_Stoltenberg", "ent:Japan"],
        ["ent:Jens_Stoltenberg", "ent:South_Korea"],
    ]
    # the second column starts at the same position in every line
    column = lines[0].index("whom")
    assert all(line[column:].split()[0].startswith(("whom", "-", "ent:")) for line in lines)
    assert not out.endswith("\n")


def test_table_shows_literals_as_lexical_text(graph_file: Path) -> None:
    out = run_query(
        graph_file,
        "SELECT ?title ?date WHERE { ?a a kg:Article ; dcterms:title ?title ; dcterms:date ?date }",
    )
    row = out.split("\n")[2]
    assert row.startswith("Dekati Asia, NATO Mendesak Korea Selatan")
    assert row.endswith("2023-02-01")
    assert "^^" not in out and "@" not in out


def test_table_leaves_unbound_cells_empty(graph_file: Path) -> None:
    out = run_query(
        graph_file,
        "SELECT ?e ?alt WHERE { ?e a kg:Country OPTIONAL { ?e skos:altLabel ?alt } } ORDER BY ?e",
    )
    assert out.split("\n")[2:] == ["ent:Japan", "ent:South_Korea  Korsel"]


def test_csv_follows_sparql_results_csv(graph_file: Path) -> None:
    out = run_query(graph_file, URGED, "csv")
    assert out.split("\r\n")[0] == "who,whom"
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(r["who"], r["whom"]) for r in rows} == {
        (str(ENT.Jens_Stoltenberg), str(ENT.South_Korea)),
        (str(ENT.Jens_Stoltenberg), str(ENT.Japan)),
    }


def test_csv_quotes_text_with_commas_and_quotes(graph_file: Path) -> None:
    out = run_query(graph_file, "SELECT ?t WHERE { ?s kg:text ?t }", "csv")
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["t"] == 'NATO mendesak Korea Selatan, kata "Stoltenberg".'


def test_tsv_writes_terms_in_turtle_syntax(graph_file: Path) -> None:
    out = run_query(
        graph_file, "SELECT ?e ?label WHERE { ?e a kg:Country ; rdfs:label ?label }", "tsv"
    )
    header, *rows = out.split("\n")
    assert header == "?e\t?label"
    assert {tuple(r.split("\t")) for r in rows} == {
        (f"<{ENT.South_Korea}>", '"South Korea"@en'),
        (f"<{ENT.Japan}>", '"Japan"@en'),
    }


def test_json_follows_sparql_results_json(graph_file: Path) -> None:
    out = run_query(
        graph_file,
        "SELECT ?e ?label ?date WHERE { ?e rdfs:label ?label . "
        "OPTIONAL { ?a dcterms:date ?date FILTER(?e = ent:Japan) } } ",
        "json",
    )
    doc = json.loads(out)
    assert doc["head"]["vars"] == ["e", "label", "date"]
    bindings = doc["results"]["bindings"]
    labels = {(b["e"]["value"], b["label"]["value"], b["label"]["xml:lang"]) for b in bindings}
    assert labels == {
        (str(ENT.Jens_Stoltenberg), "Jens Stoltenberg", "en"),
        (str(ENT.South_Korea), "South Korea", "en"),
        (str(ENT.Japan), "Japan", "en"),
        (str(ENT.NATO), "NATO", "en"),
        (str(KG.urged), "urged", "en"),
    }
    assert all(b["e"]["type"] == "uri" for b in bindings)
    [japan] = [b for b in bindings if b["e"]["value"] == str(ENT.Japan)]
    assert japan["date"] == {"type": "literal", "value": "2023-02-01", "datatype": str(XSD.date)}
    # unbound variables are left out of a binding
    assert all("date" not in b for b in bindings if b is not japan)


def test_select_keeps_the_order_the_query_asks_for(graph_file: Path) -> None:
    desc = URGED.replace("ORDER BY ?whom", "ORDER BY DESC(?whom)")
    rows = [json.loads(run_query(graph_file, q, "json")) for q in (URGED, desc)]
    order = [[b["whom"]["value"] for b in r["results"]["bindings"]] for r in rows]
    assert order[0] == [str(ENT.Japan), str(ENT.South_Korea)]
    assert order[1] == list(reversed(order[0]))


@pytest.mark.parametrize(
    ("fmt", "yes", "no"),
    [
        ("table", "true", "false"),
        ("csv", "true", "false"),
        ("tsv", "true", "false"),
        ("json", '{"head":{},"boolean":true}', '{"head":{},"boolean":false}'),
    ],
)
def test_ask(graph_file: Path, fmt: str, yes: str, no: str) -> None:
    assert run_query(graph_file, "ASK { ent:Jens_Stoltenberg kg:urged ent:Japan }", fmt) == yes
    assert run_query(graph_file, "ASK { ent:Japan kg:urged ent:Jens_Stoltenberg }", fmt) == no


@pytest.mark.parametrize("fmt", ["table", "turtle"])
def test_construct_prints_turtle(graph_file: Path, fmt: str) -> None:
    out = run_query(
        graph_file,
        "CONSTRUCT { ?whom kg:urgedBy ?who } WHERE { ?who kg:urged ?whom }",
        fmt,
    )
    assert "ent:Jens_Stoltenberg" in out  # the graph's prefixes are kept
    got = Graph().parse(data=out, format="turtle")
    assert set(got) == {
        (ENT.South_Korea, KG.urgedBy, ENT.Jens_Stoltenberg),
        (ENT.Japan, KG.urgedBy, ENT.Jens_Stoltenberg),
    }


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_construct_prints_sorted_ntriples(graph_file: Path, engine: str) -> None:
    sparql = "CONSTRUCT { ?whom kg:urgedBy ?who } WHERE { ?who kg:urged ?whom }"
    out = query(graph_file, sparql, QueryOptions(fmt="ntriples", engine=engine))
    lines = out.split("\n")
    assert lines == sorted(lines)
    assert set(Graph().parse(data=out, format="nt")) == {
        (ENT.South_Korea, KG.urgedBy, ENT.Jens_Stoltenberg),
        (ENT.Japan, KG.urgedBy, ENT.Jens_Stoltenberg),
    }


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize(
    ("sparql", "fmt", "advice"),
    [
        ("CONSTRUCT WHERE { ?a kg:urged ?b }", "csv", "--format ntriples"),
        ("DESCRIBE ent:Japan", "json", "--format ntriples"),
        (URGED, "turtle", "table (the default), csv, tsv or json"),
        ("ASK { ?a kg:urged ?b }", "ntriples", "table (the default), csv, tsv or json"),
    ],
)
def test_a_format_of_the_other_kind_of_answer_is_refused(
    graph_file: Path, sparql: str, fmt: str, advice: str, engine: str
) -> None:
    # CSV asked of a graph is an error, not Turtle that a script then reads as CSV
    with pytest.raises(QueryError, match=f"^--format {fmt} is for") as caught:
        query(graph_file, sparql, QueryOptions(fmt=fmt, engine=engine))
    assert advice in str(caught.value)


def test_describe_prints_turtle(graph_file: Path) -> None:
    out = run_query(graph_file, "DESCRIBE ent:South_Korea")
    got = Graph().parse(data=out, format="turtle")
    assert (ENT.South_Korea, RDFS.label, Literal("South Korea", lang="en")) in got
    assert (ENT.South_Korea, OWL.sameAs, WD.Q884) in got


def test_bad_query_raises_query_error_with_position(graph_file: Path) -> None:
    with pytest.raises(QueryError) as caught:
        run_query(graph_file, "SELECT ?s WHERE { ?s kg:urged ")
    message = str(caught.value)
    assert "syntax error at line 1" in message
    assert "ent:" in message  # the hint lists the predeclared prefixes


def test_unknown_prefix_raises_query_error(graph_file: Path) -> None:
    with pytest.raises(QueryError, match="PREFIX nope: <iri>"):
        run_query(graph_file, "SELECT ?s WHERE { ?s nope:urged ?o }")


def test_unknown_format_raises_query_error(graph_file: Path) -> None:
    with pytest.raises(QueryError, match="table, csv, tsv, json"):
        run_query(graph_file, URGED, "xml")


def test_query_graph_works_in_memory() -> None:
    assert query_graph(build_graph(), "ASK { ?s kg:urged ent:Japan }") == "true"


def test_load_graph_reads_each_format_to_the_same_triples(tmp_path: Path) -> None:
    source = build_graph()
    for name, fmt in (("g.ttl", "turtle"), ("g.nt", "nt"), ("g.jsonld", "json-ld")):
        source.serialize(tmp_path / name, format=fmt, encoding="utf-8")
        assert set(load_graph(tmp_path / name)) == set(source), name


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's TriG/N-Quads serializers
def test_load_graph_unions_named_graphs(tmp_path: Path) -> None:
    source = build_graph()
    dataset = Dataset()
    triples = sorted(source)
    half = len(triples) // 2
    for triple in triples[:half]:
        dataset.graph(URIRef("urn:g:one")).add(triple)
    for triple in triples[half:]:
        dataset.graph(URIRef("urn:g:two")).add(triple)
    dataset.bind("ent", ENT)
    dataset.bind("kg", KG)
    for name, fmt in (("g.trig", "trig"), ("g.nq", "nquads")):
        dataset.serialize(tmp_path / name, format=fmt)
        graph = load_graph(tmp_path / name)
        assert set(graph) == set(source), name
    assert query_graph(load_graph(tmp_path / "g.trig"), "ASK { ?s kg:urged ent:Japan }") == "true"


def test_missing_graph_file(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.ttl"
    with pytest.raises(GraphError, match="nothing.ttl: does not exist"):
        load_graph(missing)
    with pytest.raises(GraphError, match="folder"):
        load_graph(tmp_path)


def test_turtle_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix ent: <https://w3id.org/kg-news/id/> .\nent:A ent:b ent:C .\nent:A ent:b .\n",
        encoding="utf-8",
    )
    with pytest.raises(GraphError) as caught:
        load_graph(bad)
    message = str(caught.value)
    assert "bad.ttl" in message and "line 3" in message and "ent:A ent:b ." in message


def test_broken_jsonld_is_a_graph_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonld"
    bad.write_text('{"@id": ', encoding="utf-8")
    with pytest.raises(GraphError, match="not valid JSON-LD"):
        load_graph(bad)


def test_pyoxigraph_reads_the_same_number_of_triples(graph_file: Path) -> None:
    with graph_file.open("rb") as handle:
        triples = list(pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(load_graph(graph_file)) == len(build_graph())


# ---------------------------------------------------------------- rdflib and Oxigraph agree

_REPO_QUERIES = sorted((Path(__file__).resolve().parent.parent / "queries").glob("*.rq"))
_MORE_QUERIES = (
    "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s STR(?label) LANG(?label)",
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p",
    "SELECT ?r ?c WHERE { ?r kg:confidence ?c } ORDER BY ?r",  # a typed (decimal/double) literal
    "ASK { ent:Jens_Stoltenberg kg:urged ent:South_Korea }",
    "CONSTRUCT { ?s kg:urged ?o } WHERE { ?s kg:urged ?o }",
)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "sparql",
    [q.read_text(encoding="utf-8") for q in _REPO_QUERIES] + list(_MORE_QUERIES),
    ids=[q.stem for q in _REPO_QUERIES] + [f"q{i}" for i in range(len(_MORE_QUERIES))],
)
def test_rdflib_and_oxigraph_print_the_same_answer(sample_ttl: Path, sparql: str, fmt: str) -> None:
    answers = []
    for engine in ("rdflib", "oxigraph"):
        try:
            answers.append(query(sample_ttl, sparql, QueryOptions(fmt=fmt, engine=engine)))
        except QueryError as exc:  # a format of the other kind of answer: the same refusal
            answers.append(f"refused: {exc}")
    by_rdflib, by_oxigraph = answers
    if sparql.lstrip().upper().startswith("CONSTRUCT") and fmt in ("table", "turtle"):
        # Turtle text may order statements differently; the graphs must be the same.
        assert set(Graph().parse(data=by_rdflib, format="turtle")) == set(
            Graph().parse(data=by_oxigraph, format="turtle")
        )
    else:
        assert by_rdflib == by_oxigraph
    assert by_rdflib.strip()


def test_table_uses_the_longest_namespace_that_leaves_a_plain_local_name(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    path.write_text(
        "@prefix ex: <http://example.org/> .\n@prefix thing: <http://example.org/thing_> .\n"
        "<http://example.org/thing_a> ex:p ex:b , <http://example.org/x/y> , <urn:z> .\n",
        encoding="utf-8",
    )
    sparql = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    for engine in ("rdflib", "oxigraph"):
        out = query(path, sparql, QueryOptions(engine=engine))
        assert [line.split() for line in out.split("\n")[2:]] == [
            ["thing:a", "ex:p", "ex:b"],
            ["thing:a", "ex:p", "http://example.org/x/y"],
            ["thing:a", "ex:p", "urn:z"],
        ], engine


def test_tsv_and_csv_keep_one_row_a_line_for_literals_with_tabs_and_line_ends(
    tmp_path: Path,
) -> None:
    path = tmp_path / "g.ttl"
    path.write_text(
        '<urn:a> <urn:text> "one\\ttwo\\nthree \\"four\\" \\\\ five" .\n', encoding="utf-8"
    )
    sparql = "SELECT ?s ?t WHERE { ?s <urn:text> ?t }"
    by_engine = {
        engine: {fmt: query(path, sparql, QueryOptions(fmt, engine)) for fmt in ("tsv", "csv")}
        for engine in ("rdflib", "oxigraph")
    }
    assert by_engine["rdflib"] == by_engine["oxigraph"]
    tsv = by_engine["rdflib"]["tsv"].split("\n")
    assert tsv == ["?s\t?t", '<urn:a>\t"one\\ttwo\\nthree \\"four\\" \\\\ five"']
    [row] = list(csv.DictReader(io.StringIO(by_engine["rdflib"]["csv"])))
    assert row["t"] == 'one\ttwo\nthree "four" \\ five'
