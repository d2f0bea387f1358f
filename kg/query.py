"""Load a graph file and answer SPARQL queries as text for people (table) or machines.

kg only reads, and never goes to the network: SPARQL updates and SERVICE clauses are refused
(`check_query`), and a FROM or FROM NAMED graph that the file lacks is empty (rdflib would
fetch it from the web). Quad files (.nq, .trig) keep their named graphs for GRAPH and FROM
NAMED, and their default graph is the union of all their graphs (kg's TriG and N-Quads exports
hold the whole graph there already). `answer` evaluates a query in a child process, so a time
limit, Ctrl-C or SIGTERM stops it on either engine.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import rdflib.plugins.sparql
from pyparsing import ParseBaseException, ParseException, ParseResults
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from kg.child import ChildDiedError, ChildTimeoutError, call_in_child
from kg.errors import GraphError, QueryError
from kg.export import PREFIXES
from kg.io import require_graph_file

FORMATS = ("table", "csv", "tsv", "json")
ENGINES = ("auto", "rdflib", "oxigraph")
# From this file size on, "auto" answers with Oxigraph: on a 1M-triple Turtle file
# (benchmarks/bench_export.py) rdflib needs ~23 s to read it and up to ~14 s per ready query,
# Oxigraph ~4.4 s and about a second.
OXIGRAPH_FROM_BYTES = 1_000_000


@dataclass(frozen=True)
class QueryOptions:
    fmt: str = "table"  # one of FORMATS
    engine: str = "auto"  # one of ENGINES; auto = Oxigraph for files of OXIGRAPH_FROM_BYTES+
    timeout: float = 0.0  # seconds `answer` allows (reading the graph included); 0: no limit


# ---------------------------------------------------------------- what kg query refuses

SERVICE_REFUSED = (
    "SERVICE clauses are not supported: kg never sends queries to other servers; "
    "query that endpoint itself, or save its data in a graph file and query the file"
)
UPDATE_REFUSED = (
    "SPARQL updates are not supported: kg only reads (SELECT, ASK, CONSTRUCT, DESCRIBE); "
    "to change the graph, change its articles and build it again"
)
# The first word of each SPARQL 1.1 update operation.
_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "WITH", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD"}
)


def check_query(sparql: str, *, unparsed_service: bool = False) -> None:
    """Raise QueryError for what kg never runs: a SPARQL update, or a query with a SERVICE clause
    (either engine would send an HTTP request for it). kg query and kg serve both ask this.

    Decided on rdflib's parse of the query (so case, spacing, comments and \\u escapes do not
    matter, and the word "service" in a string is no SERVICE clause). A query that rdflib
    cannot parse passes unless `unparsed_service` is set and the word "service" stands in it:
    kg query never runs such a query (both engines have rdflib parse it first, and report its
    error with line and column), but kg serve gives it to Oxigraph, which parses more (deeper
    nesting, SPARQL 1.2), so it must refuse it itself.
    """
    try:
        parsed = parseQuery(sparql)
    except ParseBaseException as exc:
        if _is_update(sparql, exc.loc):
            raise QueryError(UPDATE_REFUSED) from None
        _check_unparsed(sparql, unparsed_service)
        return
    except Exception:  # rdflib's parse actions raise other types (RecursionError among them)
        _check_unparsed(sparql, unparsed_service)
        return
    if _has_service(parsed):
        raise QueryError(SERVICE_REFUSED)


def _check_unparsed(sparql: str, refuse_service: bool) -> None:
    if not refuse_service:
        return
    try:
        text = expandUnicodeEscapes(sparql)
    except ValueError:
        text = sparql
    if "service" in text.lower():
        raise QueryError(SERVICE_REFUSED)


def _is_update(sparql: str, failed_at: int) -> bool:
    """Whether `sparql`, which is no query, is an update: it parses as one, or the query
    grammar failed (at `failed_at` of the text with \\u escapes expanded) where an update
    operation's first word stands."""
    with contextlib.suppress(ValueError):  # an invalid escape: the parse names it
        word = re.match(r"[A-Za-z]+", expandUnicodeEscapes(sparql)[failed_at:])
        if word and word.group(0).upper() in _UPDATE_WORDS:
            return True
    try:
        update = parseUpdate(sparql)
    except Exception:
        return False
    return "request" in update  # an empty text or a lone prologue parses as an empty update


def _has_service(tree: object) -> bool:
    """Whether a parse tree of rdflib's holds a SERVICE clause (walked without recursion, so no
    nesting is too deep for it)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(dict.values(node))
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)
    return False


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
    """Answer a SPARQL query over a graph file; see `query_graph` for the output."""
    return query(graph_path, sparql, QueryOptions(fmt=fmt))


@dataclass(frozen=True)
class _Answer:
    text: str  # no line end after the last line
    end: str = "\n"  # what ends the last line when printed: CRLF for SPARQL CSV results


def query(graph_path: Path, sparql: str, options: QueryOptions) -> str:
    """Answer a SPARQL query over a graph file with rdflib or, for large files, Oxigraph.

    Runs in this process, without a time limit (see `answer`). Both engines give the same
    answers in the same output (see `query_graph`): Oxigraph's terms are turned into rdflib's
    (its xsd:string literals into plain ones), and in both xsd:decimal values are written in
    canonical form ("0.9", not "0.900") and language tags in lower case. Rows come in the same
    order where the query's ORDER BY fixes it.
    """
    _check_options(options)
    return _evaluate(graph_path, sparql, options).text


def answer(graph_path: Path, sparql: str, options: QueryOptions) -> str:
    """What `kg query` prints: `query`'s answer and the line end after it (CRLF after CSV
    results, as SPARQL 1.1 CSV ends every line; LF otherwise).

    The graph is read and the query answered in a child process, which is killed when
    `options.timeout` seconds (if more than 0) have passed (QueryError), or on Ctrl-C or
    SIGTERM (StoppedError): Oxigraph's evaluator cannot be interrupted otherwise.
    """
    _check_options(options)
    check_query(sparql)  # at once, without starting a child
    try:
        return call_in_child("query", options.timeout, _printed, graph_path, sparql, options)
    except ChildTimeoutError:
        seconds = f"{options.timeout:g}"
        raise QueryError(
            f"query stopped after {seconds} s (--timeout {seconds}); narrow it (a LIMIT, "
            "patterns that share variables) or give it more time with a larger --timeout "
            "(0: no limit)"
        ) from None
    except ChildDiedError as exc:
        raise QueryError(
            f"the query stopped without an answer ({exc.reason()}); if it ran out of memory, "
            "narrow it (a LIMIT, patterns that share variables) or use --engine oxigraph"
        ) from None


def _printed(graph_path: Path, sparql: str, options: QueryOptions) -> str:
    done = _evaluate(graph_path, sparql, options)
    return done.text + done.end


def _evaluate(graph_path: Path, sparql: str, options: QueryOptions) -> _Answer:
    if _use_oxigraph(graph_path, options.engine):
        return _store_answer(load_store(graph_path), sparql, options.fmt)
    return _graph_answer(load_dataset(graph_path), sparql, options.fmt)


def _check_options(options: QueryOptions) -> None:
    _check_format(options.fmt)
    if options.engine not in ENGINES:
        raise QueryError(
            f"unknown query engine {options.engine!r}; use one of {', '.join(ENGINES)}"
        )
    if not options.timeout >= 0:
        raise QueryError(f"--timeout {options.timeout:g}: give 0 (no limit) or more seconds")


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


def _store_answer(loaded: OxStore, sparql: str, fmt: str) -> _Answer:
    _check_format(fmt)
    check_query(sparql)
    namespaces = _predeclared(loaded.prefixes)
    try:
        # rdflib parses first, so a bad query gets the same message from either engine.
        prepareQuery(sparql, initNs=namespaces)
    except Exception as exc:
        raise _query_error(namespaces, exc) from exc
    try:
        result = loaded.store.query(sparql, prefixes=namespaces)
        if isinstance(result, ox.QueryBoolean):
            return _ask(bool(result), fmt)
        if isinstance(result, ox.QueryTriples):
            triples = [
                (_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in result
            ]
            return _Answer(_turtle_of(namespaces, triples))  # type: ignore[arg-type]
        names = [v.value for v in result.variables]
        rows = [tuple(_from_ox(solution[name]) for name in names) for solution in result]
    except SyntaxError as exc:
        detail = " ".join(str(exc).split())[:300]
        raise QueryError(f"SPARQL syntax error (Oxigraph): {detail}; check the query") from exc
    except QueryError:
        raise
    except Exception as exc:  # evaluation errors of the store
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise QueryError(f"SPARQL query failed: {detail}; check the query") from exc
    return _select(namespaces, names, rows, fmt)


_XSD_STRING = str(XSD.string)


def _from_ox(term: object) -> Node | None:
    """An Oxigraph term as rdflib's; xsd:string literals become plain literals, as rdflib has."""
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
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise QueryError(f"the answer holds a term kg cannot print ({term!r}); query for its parts")


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


def _graph_answer(graph: Graph, sparql: str, fmt: str) -> _Answer:
    _check_format(fmt)
    check_query(sparql)
    namespaces = _predeclared(graph)
    try:
        with _offline(), warnings.catch_warnings():
            # rdflib's evaluator calls its own deprecated Dataset API; nothing to act on.
            warnings.simplefilter("ignore", DeprecationWarning)
            result = graph.query(sparql, initNs=namespaces)
            if result.type == "ASK":
                return _ask(bool(result.askAnswer), fmt)
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                return _Answer(_turtle_of(namespaces, result.graph or ()))
            names = [str(v) for v in result.vars or ()]
            rows: list[tuple[Node | None, ...]] = [tuple(row) for row in result]  # type: ignore[arg-type]
    except Exception as exc:  # rdflib's evaluator raises many unrelated types
        raise _query_error(namespaces, exc) from exc
    return _select(namespaces, names, rows, fmt)


@contextlib.contextmanager
def _offline() -> Iterator[None]:
    """rdflib fetches a FROM or FROM NAMED graph its dataset lacks from the web; kg does not
    (the graph is then empty, as in Oxigraph)."""
    previous = rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    try:
        yield
    finally:
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = previous


def _query_error(namespaces: Mapping[str, str], exc: Exception) -> QueryError:
    """The message for a query rdflib cannot parse or run, naming the predeclared prefixes."""
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


# ---------------------------------------------------------------- output


def _ask(yes: bool, fmt: str) -> _Answer:
    if fmt == "json":
        return _Answer(json.dumps({"head": {}, "boolean": yes}, separators=(",", ":")))
    return _Answer("true" if yes else "false")


def _select(
    namespaces: Mapping[str, str], names: list[str], rows: list[tuple[Node | None, ...]], fmt: str
) -> _Answer:
    rows = [tuple(_canonical(node) for node in row) for row in rows]
    if fmt == "csv":
        return _Answer(_csv(names, rows), end=_CRLF)
    if fmt == "tsv":
        return _Answer(_tsv(names, rows))
    if fmt == "json":
        return _Answer(_json(names, rows))
    return _Answer(_table(namespaces, names, rows))


_XSD_DECIMAL = XSD.decimal


def _canonical(node: Node | None) -> Node | None:
    return None if node is None else _canonical_term(node)


def _canonical_term(node: Node) -> Node:
    """One spelling per value where engines differ: decimals canonical, language tags lower
    case, xsd:string literals plain."""
    if not isinstance(node, Literal):
        return node
    if node.language and node.language != node.language.lower():
        return Literal(str(node), lang=node.language.lower())
    if node.datatype == _XSD_DECIMAL:
        try:
            value = Decimal(str(node)).normalize()
        except InvalidOperation:
            return node
        text = format(value, "f")
        return node if text == str(node) else Literal(text, datatype=_XSD_DECIMAL)
    if node.datatype == XSD.string:
        return Literal(str(node))
    return node


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise QueryError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS)}")


# rdflib binds some thirty vocabularies to every graph; a hint names only these of them.
_HINT_PREFIXES = frozenset({"rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "schema"})


def _prefix_list(namespaces: Mapping[str, str]) -> str:
    defaults = {(p, str(ns)) for p, ns in Graph().namespaces()}
    return ", ".join(
        sorted(
            f"{p}:"
            for p, ns in namespaces.items()
            if p in _HINT_PREFIXES or p in PREFIXES or (p, ns) not in defaults
        )
    )


def _turtle_of(namespaces: Mapping[str, str], triples: Iterable[tuple[Node, Node, Node]]) -> str:
    out = Graph()
    for prefix, namespace in namespaces.items():
        out.bind(prefix, namespace, override=True, replace=True)
    for s, p, o in triples:
        out.add((s, p, _canonical_term(o)))
    return out.serialize(format="turtle").rstrip("\n")


def _short(namespaces: list[tuple[str, str]], node: Node | None) -> str:
    """A cell of the human table: prefixed IRIs, the lexical text of literals."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        iri = str(node)
        for prefix, namespace in namespaces:  # longest namespace first
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and not any(c in local for c in "/#?"):
                return f"{prefix}:{local}"
        return iri
    if isinstance(node, BNode):
        return f"_:{node}"
    return " ".join(str(node).split())


def _table(
    namespaces: Mapping[str, str], names: list[str], rows: list[tuple[Node | None, ...]]
) -> str:
    by_length = sorted(namespaces.items(), key=lambda item: -len(item[1]))
    cells = [[_short(by_length, node) for node in row] for row in rows]
    widths = [max([len(n), *(len(r[i]) for r in cells)]) for i, n in enumerate(names)]
    lines = [
        "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


_CRLF = "\r\n"


def _csv(names: list[str], rows: list[tuple[Node | None, ...]]) -> str:
    # SPARQL 1.1 CSV: CRLF line ends, full IRIs, lexical forms of literals, _:label for blank
    # nodes. No line end after the last row (the caller prints one).
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=_CRLF)
    writer.writerow(names)
    for row in rows:
        writer.writerow(
            ["" if n is None else f"_:{n}" if isinstance(n, BNode) else str(n) for n in row]
        )
    return buffer.getvalue().removesuffix(_CRLF)


def _tsv(names: list[str], rows: list[tuple[Node | None, ...]]) -> str:
    # SPARQL 1.1 TSV: ?var header, terms in Turtle syntax, LF line ends.
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join("" if n is None else n.n3() for n in row) for row in rows]
    return "\n".join(lines)


def _json_term(node: Node) -> dict[str, str]:
    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    if isinstance(node, BNode):
        return {"type": "bnode", "value": str(node)}
    if isinstance(node, Literal):
        term = {"type": "literal", "value": str(node)}
        if node.language:
            term["xml:lang"] = node.language
        elif node.datatype:
            term["datatype"] = str(node.datatype)
        return term
    return {"type": "literal", "value": str(node)}


def _json(names: list[str], rows: list[tuple[Node | None, ...]]) -> str:
    bindings = [
        {name: _json_term(node) for name, node in zip(names, row, strict=True) if node is not None}
        for row in rows
    ]
    document = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
