"""Answer SPARQL queries over a graph file or a build's store, as text for people (table) or
machines.

kg only reads, and never goes to the network: SPARQL updates and SERVICE clauses are refused
(`check_query`), and a FROM or FROM NAMED graph that the file lacks is empty (rdflib would
fetch it from the web). Quad files (.nq, .trig) keep their named graphs for GRAPH and FROM
NAMED, and their default graph is the union of all their graphs (kg's TriG and N-Quads exports
hold the whole graph there already). An output folder of `kg build` is answered from its store
(kg.store) with Oxigraph, nothing parsed again: its default graph is the union of its graphs
too, and each article's own triples are in a graph named by the article. `answer` evaluates a
query in a child process, so a time limit, Ctrl-C or SIGTERM stops it on either engine.

Answers are printed from Oxigraph's terms (rdflib's are turned into them), so both engines
print one output; a query Oxigraph answers is parsed by Oxigraph alone unless it fails or
mentions SERVICE (see `_oxigraph_answer`).
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import pyoxigraph as ox

from kg.child import ChildDiedError, ChildTimeoutError, call_in_child
from kg.errors import GraphError, QueryError
from kg.io import require_graph_file
from kg.iris import PREFIXES
from kg.query_check import check_query as check_query  # kg.query's refusals, as before
from kg.query_check import expanded, mentions_service, names_dataset, screen, star_columns
from kg.query_output import FORMATS as FORMATS  # re-exported: the CLI's --format choices
from kg.query_output import GRAPH_FORMATS as GRAPH_FORMATS
from kg.query_output import SOLUTION_FORMATS as SOLUTION_FORMATS
from kg.query_output import (
    UNPRINTABLE,
    XSD_STRING,
    Answer,
    ask,
    cell,
    check_format,
    graph_text,
    select,
)
from kg.store_layout import has_store, oxigraph_path

if TYPE_CHECKING:
    from rdflib import Dataset, Graph
    from rdflib.term import Node

# rdflib is imported where it is used, never at the top: `kg query OUT` answers from a store
# with Oxigraph alone, and rdflib's import costs more than many of its answers. What kg
# refuses to run is decided in kg.query_check; answers are printed by kg.query_output.

ENGINES = ("auto", "rdflib", "oxigraph")
# From this file size on, "auto" answers with Oxigraph: on a 1M-triple Turtle file
# (benchmarks/bench_export.py) rdflib needs ~23 s to read it and up to ~14 s per ready query,
# Oxigraph ~4.4 s and about a second.
OXIGRAPH_FROM_BYTES = 1_000_000


@dataclass(frozen=True)
class QueryOptions:
    fmt: str = "table"  # one of FORMATS: the answer's kind must have it (query_output.check_kind)
    engine: str = "auto"  # one of ENGINES; auto = Oxigraph for files of OXIGRAPH_FROM_BYTES+
    timeout: float = 0.0  # seconds `answer` allows (reading the graph included); 0: no limit


# rdflib parser name and a human name, by file extension; anything else is read as Turtle.
_PARSERS = {
    ".ttl": ("turtle", "Turtle"),
    ".turtle": ("turtle", "Turtle"),
    ".nt": ("nt", "N-Triples"),
    ".nq": ("nquads", "N-Quads"),
    ".trig": ("trig", "TriG"),
    ".jsonld": ("json-ld", "JSON-LD"),
    ".json": ("json-ld", "JSON-LD"),
    ".rdf": ("xml", "RDF/XML"),
    ".owl": ("xml", "RDF/XML"),
    ".xml": ("xml", "RDF/XML"),
}
_QUAD_FORMATS = frozenset({"nquads", "trig"})


def load_graph(path: Path) -> Graph:
    """The triples of a graph file; quad formats (.nq, .trig) give the union of their graphs."""
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    parser, name = _PARSERS.get(path.suffix.lower(), ("turtle", "Turtle"))
    require_graph_file(path)
    if parser not in _QUAD_FORMATS:
        graph = Graph()
        with _reading(path, name):
            graph.parse(path, format=parser)
        return graph
    dataset = load_dataset(path)
    graph = Graph()
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace, override=True, replace=True)
    for triple in dataset.graph(DATASET_DEFAULT_GRAPH_ID):  # the union of the file's graphs
        graph.add(triple)
    return graph


def load_dataset(path: Path) -> Dataset:
    """A graph file as an rdflib Dataset, as `load_store` reads it for Oxigraph.

    The default graph holds every triple of the file: for quad formats (.nq, .trig) the union
    of their graphs, which also keep their named graphs (for GRAPH and FROM NAMED).
    """
    from rdflib import Dataset
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    parser, name = _PARSERS.get(path.suffix.lower(), ("turtle", "Turtle"))
    require_graph_file(path)
    dataset = Dataset()
    default = dataset.graph(DATASET_DEFAULT_GRAPH_ID)
    with _reading(path, name):
        if parser in _QUAD_FORMATS:
            dataset.parse(path, format=parser)
            named = [(s, p, o) for s, p, o, g in dataset.quads((None, None, None, None)) if g]
            for triple in named:
                default.add(triple)
        else:
            default.parse(path, format=parser)
    return dataset


@contextlib.contextmanager
def _reading(path: Path, name: str) -> Iterator[None]:
    """Turn the errors of rdflib's parsers for `path` (a `name` file) into GraphError."""
    from rdflib.plugins.parsers.notation3 import BadSyntax

    try:
        with warnings.catch_warnings():
            # rdflib's own quad and JSON-LD parsers call its deprecated API; nothing to act on.
            warnings.simplefilter("ignore", DeprecationWarning)
            yield
    except BadSyntax as exc:
        why = re.search(r"Bad syntax \((.*?)\) at \^", str(exc))
        detail = why.group(1) if why else " ".join(str(exc).split())
        raise GraphError(
            f"{path}: not valid {name} at line {exc.lines + 1}{_line_text(path, exc.lines)}: "
            f"{detail}; fix the file or rebuild the graph"
        ) from exc
    except OSError as exc:
        raise GraphError(f"{path}: cannot read ({exc.strerror}); check its permissions") from exc
    except UnicodeDecodeError as exc:
        raise GraphError(
            f"{path}: not a text file ({exc.reason} at byte {exc.start}); "
            f"give a {name} graph file written in UTF-8"
        ) from exc
    except Exception as exc:  # rdflib's parsers raise many unrelated types
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise GraphError(
            f"{path}: not valid {name}: {detail}; fix the file or rebuild the graph"
        ) from exc


def _line_text(path: Path, index: int) -> str:
    """' (text of the line)' for an error message, or '' when it cannot be read."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    text = " ".join(lines[index].split()) if 0 <= index < len(lines) else ""
    return f" ({text[:80]})" if text else ""


def run_query(graph_path: Path, sparql: str, fmt: str = "table") -> str:
    """Answer a SPARQL query over a graph file or output folder; see `query_graph` for the
    output."""
    return query(graph_path, sparql, QueryOptions(fmt=fmt))


def query(path: Path, sparql: str, options: QueryOptions) -> str:
    """Answer a SPARQL query over a graph file, with rdflib or, for large files, Oxigraph; or
    over an output folder of `kg build`, from its store with Oxigraph (`open_store`).

    Runs in this process, without a time limit (see `answer`). Both engines give the same
    answers in the same output (see `query_graph`): xsd:string literals are written as plain
    ones, xsd:decimal values in canonical form ("0.9", not "0.900") and language tags in lower
    case. Rows come in the same order where the query's ORDER BY fixes it.
    """
    _check_options(options)
    _check_source(path, options.engine)
    return _evaluate(path, sparql, options).text


def answer(path: Path, sparql: str, options: QueryOptions) -> str:
    """What `kg query` prints: `query`'s answer and the line end after it (CRLF after CSV
    results, as SPARQL 1.1 CSV ends every line; LF otherwise).

    The graph is read (or the store opened) and the query answered in a child process, which
    is killed when `options.timeout` seconds (if more than 0) have passed (QueryError), or on
    Ctrl-C or SIGTERM (StoppedError): Oxigraph's evaluator cannot be interrupted otherwise.
    """
    _check_options(options)
    _check_source(path, options.engine)
    screen(sparql)  # at once, without starting a child
    try:
        return call_in_child("query", options.timeout, _printed, path, sparql, options)
    except ChildTimeoutError:
        seconds = f"{options.timeout:g}"
        raise QueryError(
            f"query stopped after {seconds} s (--timeout {seconds}); narrow it (a LIMIT, "
            "patterns that share variables) or give it more time with a larger --timeout "
            "(0: no limit)"
        ) from None
    except ChildDiedError as exc:
        other = "" if path.is_dir() else " or use --engine oxigraph"
        raise QueryError(
            f"the query stopped without an answer ({exc.reason()}); if it ran out of memory, "
            f"narrow it (a LIMIT, patterns that share variables){other}"
        ) from None


def _printed(path: Path, sparql: str, options: QueryOptions) -> str:
    done = _evaluate(path, sparql, options)
    return done.text + done.end


def _evaluate(path: Path, sparql: str, options: QueryOptions) -> Answer:
    if path.is_dir():
        store = open_store(path)
        # the union of the store's graphs, unless the query names its own (FROM, FROM NAMED):
        # Oxigraph's union default graph would stand in for those
        union = not names_dataset(sparql)
        return _oxigraph_answer(store, sparql, options.fmt, _store_prefixes(), union=union)
    if _use_oxigraph(path, options.engine):
        return _store_answer(load_store(path), sparql, options.fmt)
    return _graph_answer(load_dataset(path), sparql, options.fmt)


def _check_options(options: QueryOptions) -> None:
    check_format(options.fmt)
    if options.engine not in ENGINES:
        raise QueryError(
            f"unknown query engine {options.engine!r}; use one of {', '.join(ENGINES)}"
        )
    if not options.timeout >= 0:
        raise QueryError(f"--timeout {options.timeout:g}: give 0 (no limit) or more seconds")


def _check_source(path: Path, engine: str) -> None:
    """A folder must hold a store, and is answered by Oxigraph: refused at once otherwise."""
    if not path.is_dir():
        return  # a graph file: its reader names any problem
    _require_store(path)
    if engine == "rdflib":
        raise QueryError(
            f"--engine rdflib: {path} is an output folder, answered from its store by "
            f"Oxigraph; leave --engine out, or give a graph file ({_graph_file_of(path)}) "
            "to query it with rdflib"
        )


def _require_store(out: Path) -> None:
    if has_store(out):
        return
    if not (out / "graph.ttl").is_file():  # no output folder at all (articles, say)
        raise GraphError(
            f"{out}: is a folder without a store, not an output folder of kg build; give "
            "the folder kg build wrote (kg build INPUT -o OUT makes OUT), or a graph file "
            "such as OUT/graph.ttl"
        )
    raise GraphError(
        f"{out}: is a folder without a store (kg build writes it in {out / 'store'}); "
        f"build it with kg build INPUT -o {out}, or give a graph file "
        f"({_graph_file_of(out)})"
    )


def _graph_file_of(out: Path) -> str:
    graph = out / "graph.ttl"
    return f"such as {graph}" if graph.is_file() else "such as OUT/graph.ttl"


def open_store(out: Path) -> ox.Store:
    """The store of the output folder `out`, opened read-only: a build never writes into the
    published store (kg.store), so it may be read while a build runs."""
    _require_store(out)
    try:
        return ox.Store.read_only(str(oxigraph_path(out)))
    except OSError as exc:
        raise GraphError(
            f"{out}: cannot open its store ({' '.join(str(exc).split())}); "
            f"build it again with kg build INPUT -o {out}"
        ) from exc


def _use_oxigraph(path: Path, engine: str) -> bool:
    if engine != "auto":
        return engine == "oxigraph"
    try:
        return path.stat().st_size >= OXIGRAPH_FROM_BYTES
    except OSError:
        return False  # load_graph names the problem


def _predeclared(graph: Graph) -> dict[str, str]:
    """The prefixes a query may use: kg's (those its exports write), then the graph's own
    (rdflib's and those the file declares), which win."""
    found = dict(PREFIXES)
    found.update((prefix, str(namespace)) for prefix, namespace in graph.namespaces() if prefix)
    return found


# The prefixes rdflib binds in every new graph (rdflib 7: `Graph().namespaces()`, its "rdflib"
# set), written out so that a query of a store does not import rdflib for them; a test checks
# that they are still rdflib's.
RDFLIB_PREFIXES: Mapping[str, str] = {
    "brick": "https://brickschema.org/schema/Brick#",
    "csvw": "http://www.w3.org/ns/csvw#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcam": "http://purl.org/dc/dcam/",
    "doap": "http://usefulinc.com/ns/doap#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "odrl": "http://www.w3.org/ns/odrl/2/",
    "org": "http://www.w3.org/ns/org#",
    "prof": "http://www.w3.org/ns/dx/prof/",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sosa": "http://www.w3.org/ns/sosa/",
    "ssn": "http://www.w3.org/ns/ssn/",
    "time": "http://www.w3.org/2006/time#",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "wgs": "https://www.w3.org/2003/01/geo/wgs84_pos#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "xml": "http://www.w3.org/XML/1998/namespace",
}


@functools.cache
def _store_prefixes() -> dict[str, str]:
    """The prefixes a query of a store may use: those of its graph.ttl, which declares kg's,
    and rdflib's (what `_predeclared` gives for a graph that declares nothing)."""
    return {**PREFIXES, **RDFLIB_PREFIXES}


# ---------------------------------------------------------------- Oxigraph

_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class OxStore:
    """A graph file loaded into an in-memory Oxigraph store, with the prefixes rdflib would bind.

    `prefixes` is an empty rdflib graph that only carries those prefix bindings. The store's
    default graph holds every triple of the file (for quad files, the union of their graphs,
    as `load_graph` reads them); quad files keep their named graphs too.
    """

    store: ox.Store
    prefixes: Graph


def load_store(path: Path) -> OxStore:
    """Load a graph file (any syntax `load_graph` reads) into Oxigraph."""
    parser_name, name = _PARSERS.get(path.suffix.lower(), ("turtle", "Turtle"))
    require_graph_file(path)
    store = ox.Store()
    try:
        parser = ox.parse(path=str(path), format=_OX_FORMATS[parser_name])
        store.bulk_extend(_with_union(parser))
    except SyntaxError as exc:
        line = exc.lineno or 0
        where = f" at line {line}{_line_text(path, line - 1)}" if line else ""
        detail = " ".join(str(exc.msg).split())
        raise GraphError(
            f"{path}: not valid {name}{where}: {detail}; fix the file or rebuild the graph"
        ) from exc
    except OSError as exc:
        raise GraphError(f"{path}: cannot read ({exc}); check its permissions") from exc
    except ValueError as exc:
        raise GraphError(
            f"{path}: not a {name} graph file written in UTF-8 ({exc}); give a graph file"
        ) from exc
    from rdflib import Graph

    declared = parser.prefixes if parser_name != "xml" else _xml_prefixes(path)
    prefixes = Graph()
    for prefix, namespace in sorted(declared.items()):
        if prefix:
            prefixes.bind(prefix, namespace)
    return OxStore(store=store, prefixes=prefixes)


def _with_union(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Each quad, and a named graph's triples also in the default graph: the union of a quad
    file's graphs, as a set (Oxigraph's union default graph would keep duplicates)."""
    default = ox.DefaultGraph()
    for quad in quads:
        yield quad
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            yield ox.Quad(quad.subject, quad.predicate, quad.object, default)


def _xml_prefixes(path: Path) -> dict[str, str]:
    """The xmlns prefixes declared on an RDF/XML file's root element (Oxigraph reports none)."""
    found: dict[str, str] = {}
    try:
        for event, item in ElementTree.iterparse(path, events=("start-ns", "start")):
            if event == "start":
                break
            prefix, namespace = item
            found[str(prefix)] = str(namespace)
    except (ElementTree.ParseError, OSError):
        pass  # the store has read the file; an unreadable header only costs the prefixes
    return found


def query_store(loaded: OxStore, sparql: str, fmt: str = "table") -> str:
    """Answer a SPARQL query with Oxigraph, in the output `query_graph` gives for rdflib."""
    return _store_answer(loaded, sparql, fmt).text


def _store_answer(loaded: OxStore, sparql: str, fmt: str) -> Answer:
    return _oxigraph_answer(loaded.store, sparql, fmt, _predeclared(loaded.prefixes), union=False)


def _oxigraph_answer(
    store: ox.Store, sparql: str, fmt: str, namespaces: dict[str, str], *, union: bool
) -> Answer:
    """Answer with Oxigraph (`union`: the default graph is the union of the store's graphs).

    Oxigraph's parser alone decides a query, which costs next to nothing; rdflib's parse, which
    costs more than many answers, is asked only for what it decides better. A text that names
    SERVICE anywhere is decided by check_query and must parse with rdflib too, as in the rdflib
    engine (only its parse tells a SERVICE clause from the word, and a query it cannot parse
    might hide one). A query Oxigraph cannot parse gets check_query's refusal if it is an
    update (Oxigraph's query parser refuses updates), else rdflib's message with line and
    column, as from the rdflib engine; Oxigraph's own if rdflib parses it.
    """
    check_format(fmt)
    if mentions_service(expanded(sparql)):
        check_query(sparql)
        _rdflib_parse(sparql, namespaces)
    try:
        result = store.query(sparql, prefixes=namespaces, use_default_graph_as_union=union)
        if isinstance(result, ox.QueryBoolean):
            return ask(bool(result), fmt)
        if isinstance(result, ox.QueryTriples):
            triples = [
                (_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in result
            ]
            return graph_text(namespaces, triples, fmt)  # type: ignore[arg-type]
        # Oxigraph writes the solutions (in Rust, no Python object per term) as SPARQL JSON
        # results, which every output format is written from.
        document = json.loads(result.serialize(format=ox.QueryResultsFormat.JSON) or b"")
        names = star_columns(sparql, document["head"]["vars"])
        rows = document["results"]["bindings"]
    except SyntaxError as exc:
        check_query(sparql)
        _rdflib_parse(sparql, namespaces)
        detail = " ".join(str(exc).split())[:300]
        raise QueryError(f"SPARQL syntax error (Oxigraph): {detail}; check the query") from exc
    except QueryError:
        raise
    except Exception as exc:  # evaluation errors of the store
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise QueryError(f"SPARQL query failed: {detail}; check the query") from exc
    return select(namespaces, names, rows, fmt)


def _rdflib_parse(sparql: str, namespaces: Mapping[str, str]) -> None:
    """Raise the QueryError the rdflib engine gives for a query it cannot parse."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepareQuery(sparql, initNs=namespaces)
    except Exception as exc:
        raise _query_error(namespaces, exc) from exc


def _from_ox(term: object) -> Node | None:
    """An Oxigraph term as rdflib's; xsd:string literals become plain literals, as rdflib has."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise QueryError(UNPRINTABLE.format(term=term))


# ---------------------------------------------------------------- rdflib


def query_graph(graph: Graph, sparql: str, fmt: str = "table") -> str:
    """Answer a SPARQL query over `graph` (a Dataset for GRAPH and FROM NAMED), with kg's
    prefixes and the graph's predeclared.

    SELECT: an aligned table with IRIs shortened by those prefixes (fmt "table"), or the
    SPARQL 1.1 CSV, TSV or JSON results formats. ASK: "true"/"false" (JSON: {"head":{},
    "boolean":...}). CONSTRUCT/DESCRIBE: Turtle in every format. No line end after the last
    line.
    """
    return _graph_answer(graph, sparql, fmt).text


def _graph_answer(graph: Graph, sparql: str, fmt: str) -> Answer:
    check_format(fmt)
    check_query(sparql)
    namespaces = _predeclared(graph)
    try:
        with _offline(), warnings.catch_warnings():
            # rdflib's evaluator calls its own deprecated Dataset API; nothing to act on.
            warnings.simplefilter("ignore", DeprecationWarning)
            result = graph.query(sparql, initNs=namespaces)
            if result.type == "ASK":
                return ask(bool(result.askAnswer), fmt)
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                return graph_text(namespaces, result.graph or (), fmt)
            names = [str(v) for v in result.vars or ()]
            answers: list[tuple[Node | None, ...]] = [tuple(row) for row in result]  # type: ignore[arg-type]
    except QueryError:  # kg's own refusal (a format of the other kind of answer)
        raise
    except Exception as exc:  # rdflib's evaluator raises many unrelated types
        raise _query_error(namespaces, exc) from exc
    rows = [
        {name: cell(node) for name, node in zip(names, row, strict=True) if node is not None}
        for row in answers
    ]
    return select(namespaces, star_columns(sparql, names), rows, fmt)


@contextlib.contextmanager
def _offline() -> Iterator[None]:
    """rdflib fetches a FROM or FROM NAMED graph its dataset lacks from the web; kg does not
    (the graph is then empty, as in Oxigraph)."""
    import rdflib.plugins.sparql

    previous = rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    try:
        yield
    finally:
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = previous


_HINT_PREFIXES = frozenset({"rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "schema"})


def _prefix_list(namespaces: Mapping[str, str]) -> str:
    defaults = set(RDFLIB_PREFIXES.items())
    return ", ".join(
        sorted(
            f"{p}:"
            for p, ns in namespaces.items()
            if p in _HINT_PREFIXES or p in PREFIXES or (p, ns) not in defaults
        )
    )


def _query_error(namespaces: Mapping[str, str], exc: Exception) -> QueryError:
    """The message for a query rdflib cannot parse or run, naming the predeclared prefixes."""
    from pyparsing import ParseException

    if isinstance(exc, ParseException):
        return QueryError(
            f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}; "
            "check braces, the dots between triple patterns and the spelling of keywords "
            f"(prefixes predeclared from the graph: {_prefix_list(namespaces)})"
        )
    detail = " ".join(str(exc).split()) or type(exc).__name__
    hint = "check the query"
    unknown = re.search(r"Unknown namespace prefix\s*:\s*(\S+)", detail)
    if unknown:
        hint = (
            f"declare it with PREFIX {unknown.group(1)}: <iri> "
            f"(predeclared from the graph: {_prefix_list(namespaces)})"
        )
    return QueryError(f"SPARQL query failed: {detail}; {hint}")
