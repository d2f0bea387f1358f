"""`kg query OUT`: answers from the store of a build's output folder (kg.store), nothing parsed
again, and the same answers as from OUT/graph.ttl in every output format."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from kg.cli import main
from kg.errors import GraphError, QueryError
from kg.query import (
    FORMATS,
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    QueryOptions,
    answer,
    query,
)
from kg.query_check import SERVICE_REFUSED, UPDATE_REFUSED
from kg.store_layout import MANIFEST, has_store, oxigraph_path, store_dir

KG = Path(sys.executable).parent / "kg"
ENGINES = ("rdflib", "oxigraph")
_REPO_QUERIES = sorted((Path(__file__).resolve().parent.parent / "queries").glob("*.rq"))
# kg's prefixes (ent:, art:, rdfs:, dcterms: ...) are used undeclared: they are predeclared.
_MORE_QUERIES = (
    "SELECT ?a ?title ?date WHERE { ?a a kg:Article ; dcterms:title ?title ; dcterms:date ?date "
    "FILTER(STRSTARTS(STR(?a), STR(art:))) } ORDER BY ?a",
    "SELECT ?r ?who ?c WHERE { ?r rdf:subject ?who ; kg:confidence ?c } ORDER BY ?r",  # decimals
    "SELECT ?e ?label ?alt WHERE { ?e rdfs:label ?label OPTIONAL { ?e skos:altLabel ?alt } "
    'FILTER(lang(?label) = "en") } ORDER BY ?e ?label ?alt',  # unbound cells
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p",
    "SELECT ?s ?t WHERE { ?s kg:text ?t } ORDER BY ?s",  # sentences: commas, quotes
    "ASK { ent:Jens_Stoltenberg kg:urged ?whom }",
    "ASK { ent:Jens_Stoltenberg kg:urged ent:Jens_Stoltenberg }",
    "CONSTRUCT { ?whom kg:urgedBy ?who } WHERE { ?who kg:urged ?whom }",
)
QUERIES = [q.read_text(encoding="utf-8") for q in _REPO_QUERIES] + list(_MORE_QUERIES)
QUERY_IDS = [q.stem for q in _REPO_QUERIES] + [f"q{i}" for i in range(len(_MORE_QUERIES))]


def kg(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_fails(result: Result, *parts: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for part in parts:
        assert part in result.output, result.output


def make_store(out: Path, quads: list[ox.Quad]) -> Path:
    """An output folder holding a store of `quads`, laid out as kg.store has it."""
    oxigraph_path(out).mkdir(parents=True)
    store = ox.Store(str(oxigraph_path(out)))
    store.extend(quads)
    del store  # closed
    (store_dir(out) / MANIFEST).touch()
    assert has_store(out)
    return out


# ---------------------------------------------------------------- the same answers


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sparql", QUERIES, ids=QUERY_IDS)
def test_the_store_answers_as_the_graph_file(built_store: Path, sparql: str, fmt: str) -> None:
    graph_answer = sparql.startswith("CONSTRUCT")
    kinds_format = GRAPH_FORMATS + ("table",) if graph_answer else SOLUTION_FORMATS
    if fmt not in kinds_format:
        # a format of the other kind of answer: refused by every engine alike
        with pytest.raises(QueryError, match=f"--format {fmt} is for"):
            query(built_store, sparql, QueryOptions(fmt=fmt))
        for engine in ENGINES:
            with pytest.raises(QueryError, match=f"--format {fmt} is for"):
                query(built_store / "graph.ttl", sparql, QueryOptions(fmt=fmt, engine=engine))
        return
    from_store = query(built_store, sparql, QueryOptions(fmt=fmt))
    assert from_store.strip()
    for engine in ENGINES:
        from_file = query(built_store / "graph.ttl", sparql, QueryOptions(fmt=fmt, engine=engine))
        if graph_answer and fmt == "ntriples":  # sorted lines: the same text
            assert from_store == from_file, engine
            assert set(Graph().parse(data=from_store, format="nt")), engine
        elif graph_answer:
            # Turtle text may order statements differently; the graphs must be the same.
            got = set(Graph().parse(data=from_store, format="turtle"))
            assert got and got == set(Graph().parse(data=from_file, format="turtle")), engine
        else:
            assert from_store == from_file, engine


def test_kg_query_on_the_folder_prints_what_it_prints_on_the_graph_file(
    built_store: Path,
) -> None:
    sparql = _REPO_QUERIES[0].read_text(encoding="utf-8")
    for fmt in SOLUTION_FORMATS:
        on_folder = kg("query", built_store, sparql, "--format", fmt)
        on_file = kg("query", built_store / "graph.ttl", sparql, "--format", fmt)
        assert on_folder.exit_code == 0, on_folder.output
        assert on_folder.stdout_bytes == on_file.stdout_bytes, fmt
    with_timeout = kg("query", built_store, "ASK { ?a a kg:Article }", "--timeout", "30")
    assert with_timeout.stdout == "true\n"


_ENT = "https://w3id.org/kg-news/id/"
_ARTICLE = ox.NamedNode("https://w3id.org/kg-news/article/a1")


def _fact_and_article_store(out: Path) -> Path:
    """A store as a build lays it out: a fact in the default graph, and an article's own triple
    in the graph named by the article."""
    kg_ = "https://w3id.org/kg-news/ontology#"
    return make_store(
        out,
        [
            ox.Quad(
                ox.NamedNode(_ENT + "A"), ox.NamedNode(kg_ + "urged"), ox.NamedNode(_ENT + "B")
            ),
            ox.Quad(_ARTICLE, ox.NamedNode(kg_ + "language"), ox.Literal("id"), _ARTICLE),
        ],
    )


def test_the_store_is_the_union_of_its_graphs(tmp_path: Path) -> None:
    # The build keeps each article's own triples in a graph named by the article: a query
    # sees them outside GRAPH too, and GRAPH ?g names the article.
    out = _fact_and_article_store(tmp_path)
    ent, article = _ENT, _ARTICLE
    everything = query(out, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s", QueryOptions("csv"))
    assert [row[0] for row in csv.reader(io.StringIO(everything))][1:] == [
        article.value,
        ent + "A",
    ]
    graphs = query(out, "SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } }", QueryOptions("json"))
    bindings = json.loads(graphs)["results"]["bindings"]
    assert [(b["g"]["value"], b["s"]["value"]) for b in bindings] == [(article.value,) * 2]


def test_a_query_that_names_its_graphs_sees_those(tmp_path: Path) -> None:
    """FROM and FROM NAMED make the query's dataset, as on a quad file: the union of the
    store's graphs is the default graph only of a query that names none."""
    out = _fact_and_article_store(tmp_path)
    article = _ARTICLE

    def count(sparql: str) -> int:
        found = json.loads(query(out, sparql, QueryOptions("json")))
        return int(found["results"]["bindings"][0]["n"]["value"])

    everything = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
    assert count(everything.format("")) == 2
    assert count(everything.format(f"FROM {article}")) == 1
    assert count(everything.format("FROM <http://example.org/none>")) == 0
    assert count(everything.format(f"FROM NAMED {article}")) == 0  # an empty default graph
    named = f"SELECT (COUNT(*) AS ?n) FROM NAMED {article} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert count(named) == 1
    # the word in a variable, a string or a comment names no graph
    assert count('SELECT (COUNT(?from) AS ?n) WHERE { ?from ?p ?o FILTER(?o != "FROM") }') == 2
    assert count("# FROM <http://example.org/none>\n" + everything.format("")) == 2


@pytest.mark.parametrize("target", ["store", "rdflib", "oxigraph"])
def test_select_star_gives_its_columns_in_the_querys_order(built_store: Path, target: str) -> None:
    """Each engine orders SELECT *'s columns its own way (rdflib's changes from query to
    query): kg gives them in the order the variables first stand in the query."""
    path = built_store if target == "store" else built_store / "graph.ttl"
    options = QueryOptions("csv", engine="auto" if target == "store" else target)

    def table(sparql: str) -> list[list[str]]:
        return list(csv.reader(io.StringIO(query(path, sparql, options))))

    listed = table("SELECT ?s ?o WHERE { ?s kg:urged ?o } ORDER BY ?s ?o")
    assert table("SELECT * WHERE { ?s kg:urged ?o } ORDER BY ?s ?o") == listed
    assert table("SELECT DISTINCT * { ?s kg:urged ?o } ORDER BY ?s ?o LIMIT 2") == listed[:3]
    swapped = table("SELECT * WHERE { ?o ^kg:urged ?s } ORDER BY ?s ?o")
    assert swapped == [[o, s] for s, o in listed]
    # a listed projection keeps its order, whatever the variables' order below
    assert table("SELECT ?o ?s WHERE { ?s kg:urged ?o } ORDER BY ?s ?o") == swapped


def test_querying_leaves_the_store_as_it_was(built_store: Path) -> None:
    def files() -> dict[str, tuple[int, int]]:
        return {
            str(p.relative_to(built_store)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in store_dir(built_store).rglob("*")
        }

    before = files()
    result = kg("query", built_store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert result.exit_code == 0, result.output
    assert files() == before


# ---------------------------------------------------------------- what is refused


def test_a_folder_without_a_store_names_the_folder_and_the_fix(
    sample_build: Path, tmp_path: Path
) -> None:
    # a folder holding a graph file only (an older kg's output, a copy)
    folder = tmp_path / "graphs"
    folder.mkdir()
    shutil.copy(sample_build / "graph.ttl", folder / "graph.ttl")
    sample_build = folder
    assert not has_store(sample_build)
    with pytest.raises(GraphError) as caught:
        query(sample_build, "ASK {}", QueryOptions())
    message = str(caught.value)
    assert message.startswith(f"{sample_build}: is a folder without a store")
    assert f"kg build INPUT -o {sample_build}" in message
    assert str(sample_build / "graph.ttl") in message  # the graph file it may give instead
    assert_fails(kg("query", sample_build, "ASK {}"), f"Error: {message}")
    # a folder of articles: no output folder, and none is made of it
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("Judul\n\nTeks berita.", encoding="utf-8")
    result = kg("query", articles, "ASK {}")
    assert_fails(result, f"{articles}: is a folder without a store, not an output folder")
    assert f"-o {articles}" not in result.output


def test_the_rdflib_engine_is_for_graph_files(built_store: Path) -> None:
    result = kg("query", built_store, "ASK {}", "--engine", "rdflib")
    assert_fails(result, "--engine rdflib", str(built_store / "graph.ttl"))
    assert kg("query", built_store, "ASK {}", "--engine", "oxigraph").stdout == "true\n"


def test_the_store_refuses_service_and_updates(built_store: Path) -> None:
    for sparql in (
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "select * { \\u0053ERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "ASK { ?s ?p ?o FILTER EXISTS { SERVICE SILENT <http://127.0.0.1:1/> { ?s ?p ?o } } }",
    ):
        assert_fails(kg("query", built_store, sparql), SERVICE_REFUSED)
    for update in (
        "INSERT DATA { ent:X kg:urged ent:Y }",
        "PREFIX ex: <http://example.org/>\n# a comment\ndelete where { ?s ex:b ?o }",
        "CLEAR ALL",
    ):
        assert_fails(kg("query", built_store, update), UPDATE_REFUSED)
    # The word in a string or a name is no SERVICE clause.
    harmless = 'SELECT ?service WHERE { ?service kg:text "a service" } LIMIT 1'
    assert kg("query", built_store, harmless).exit_code == 0


def test_the_store_reports_a_bad_query_as_the_graph_file_does(built_store: Path) -> None:
    for bad in ("SELECT ?s WHERE { ?s kg:urged ", "SELECT ?s WHERE { ?s nope:urged ?o }"):
        with pytest.raises(QueryError) as from_store:
            query(built_store, bad, QueryOptions())
        with pytest.raises(QueryError) as from_file:
            query(built_store / "graph.ttl", bad, QueryOptions(engine="rdflib"))
        assert str(from_store.value) == str(from_file.value)
    assert_fails(kg("query", built_store, "SELECT ?s WHERE { ?s ?p "), "syntax error at line 1")


def test_a_runaway_query_on_a_store_stops_at_its_timeout(tmp_path: Path) -> None:
    p = ox.NamedNode("urn:kg:p")
    out = make_store(
        tmp_path, [ox.Quad(ox.NamedNode(f"urn:kg:s{i}"), p, ox.Literal(str(i))) for i in range(300)]
    )
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"
    done = subprocess.run(
        [str(KG), "query", str(out), runaway, "--timeout", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Error: query stopped after 1 s (--timeout 1)" in done.stderr
    assert done.stdout == ""


# ---------------------------------------------------------------- what a store's answer loads

_LOADED = """
import sys
from pathlib import Path
from kg.cli import main
sys.argv = ["kg", *sys.argv[1:]]
try:
    main()
finally:
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("rdflib", "kg"))
    print("LOADED", " ".join(loaded), file=sys.stderr)
"""


_WITHOUT_RDFLIB = [("who_urged_whom.rq", fmt) for fmt in SOLUTION_FORMATS] + [
    ("actors_by_degree.rq", "table"),  # "with" in a comment is no update's keyword
    ("facts_about_actor.rq", "table"),
]


@pytest.mark.parametrize(("name", "fmt"), _WITHOUT_RDFLIB)
def test_a_store_is_answered_without_rdflib_or_the_build(
    built_store: Path, name: str, fmt: str
) -> None:
    # rdflib and the build's modules cost more to import than many answers of a store take.
    sparql = next(q for q in _REPO_QUERIES if q.name == name).read_text(encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _LOADED, "query", str(built_store), sparql, "--format", fmt],
        capture_output=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == answer(built_store, sparql, QueryOptions(fmt=fmt))
    loaded = done.stderr.decode().split("LOADED ", 1)[1].split()
    assert not [m for m in loaded if m.split(".")[0] == "rdflib"], loaded
    assert not {"kg.store", "kg.vocab", "kg.build", "kg.extract", "kg.view"} & set(loaded)


def test_a_store_query_may_use_rdflibs_prefixes_and_kgs() -> None:
    # Written out in kg.query so a store's answer does not import rdflib: still rdflib's own.
    from kg.query import RDFLIB_PREFIXES, _predeclared, _store_prefixes

    assert dict(RDFLIB_PREFIXES) == {p: str(ns) for p, ns in Graph().namespaces()}
    assert _store_prefixes() == _predeclared(Graph())
