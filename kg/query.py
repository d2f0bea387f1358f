"""Load a graph file and answer SPARQL queries as text for people (table) or machines.

kg only reads, and never goes to the network: SPARQL updates and SERVICE clauses are refused
(`check_query`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
from pyparsing import ParseBaseException, ParseException, ParseResults
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import GraphError, QueryError
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


# ---------------------------------------------------------------- what kg query refuses

SERVICE_REFUSED = (
    "SERVICE clauses are not supported: kg query never goes to the network; "
    "query that endpoint itself, or save its data in a graph file and query the file"
)
UPDATE_REFUSED = (
    "SPARQL updates are not supported: kg query only reads (SELECT, ASK, CONSTRUCT, DESCRIBE); "
    "to change the graph, change its articles and build it again"
)
# The first word of each SPARQL 1.1 update operation.
_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "WITH", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD"}
)


def check_query(sparql: str) -> None:
    """Raise QueryError for what kg never runs: a SPARQL update, or a query with a SERVICE clause
    (either engine would send an HTTP request for it).

    Decided on rdflib's parse of the query (so case, spacing, comments and \\u escapes do not
    matter, and the word "service" in a string is no SERVICE clause). Any other query that
    rdflib cannot parse passes: kg query never runs one (both engines have rdflib parse it
    first, and report its error with line and column); a caller that would run such a query
    with another parser must refuse it itself.
    """
    try:
        parsed = parseQuery(sparql)
    except ParseBaseException as exc:
        if _is_update(sparql, exc.loc):
            raise QueryError(UPDATE_REFUSED) from None
        return
    except Exception:  # rdflib's parse actions raise other types; the engine reports them
        return
    if _has_service(parsed):
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
    try:
        with warnings.catch_warnings():
            # rdflib's own quad and JSON-LD parsers call its deprecated API; nothing to act on.
            warnings.simplefilter("ignore", DeprecationWarning)
            if parser in _QUAD_FORMATS:
                dataset = Dataset()
                dataset.parse(path, format=parser)
            else:
                graph = Graph()
                graph.parse(path, format=parser)
                return graph
        graph = Graph()
        for prefix, namespace in dataset.namespaces():
            graph.bind(prefix, namespace, override=True, replace=True)
        for s, p, o, _ctx in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
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


def query(graph_path: Path, sparql: str, options: QueryOptions) -> str:
    """Answer a SPARQL query over a graph file with rdflib or, for large files, Oxigraph.

    Both engines give the same answers in the same output (see `query_graph`): Oxigraph's
    terms are turned into rdflib's (its xsd:string literals into plain ones), and in both
    xsd:decimal values are written in canonical form ("0.9", not "0.900") and language tags in
    lower case. Rows come in the same order where the query's ORDER BY fixes it.
    """
    _check_format(options.fmt)
    if options.engine not in ENGINES:
        raise QueryError(
            f"unknown query engine {options.engine!r}; use one of {', '.join(ENGINES)}"
        )
    if _use_oxigraph(graph_path, options.engine):
        return query_store(load_store(graph_path), sparql, options.fmt)
    return query_graph(load_graph(graph_path), sparql, options.fmt)


def _use_oxigraph(path: Path, engine: str) -> bool:
    if engine != "auto":
        return engine == "oxigraph"
    try:
        return path.stat().st_size >= OXIGRAPH_FROM_BYTES
    except OSError:
        return False  # load_graph names the problem


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

    `prefixes` is an empty rdflib graph that only carries those prefix bindings; quad files
    are queried as the union of their graphs, as `load_graph` reads them.
    """

    store: ox.Store
    prefixes: Graph


def load_store(path: Path) -> OxStore:
    """Load a graph file (any syntax `load_graph` reads) into Oxigraph."""
    parser_name, name = _PARSERS.get(path.suffix.lower(), ("turtle", "Turtle"))
    require_graph_file(path)
    store = ox.Store()
    default = ox.DefaultGraph()
    try:
        parser = ox.parse(path=str(path), format=_OX_FORMATS[parser_name])
        # Every triple into the default graph, once: the union of a quad file's graphs as a
        # set, as load_graph reads it (Oxigraph's union default graph would keep duplicates).
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in parser)
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
    _check_format(fmt)
    check_query(sparql)
    namespaces = loaded.prefixes
    try:
        # rdflib parses first, so a bad query gets the same message from either engine.
        prepareQuery(sparql, initNs=dict(namespaces.namespaces()))
    except Exception as exc:
        raise _query_error(namespaces, exc) from exc
    try:
        result = loaded.store.query(
            sparql,
            prefixes={p: str(ns) for p, ns in namespaces.namespaces() if p},
        )
    except SyntaxError as exc:
        detail = " ".join(str(exc).split())[:300]
        raise QueryError(f"SPARQL syntax error (Oxigraph): {detail}; check the query") from exc
    except Exception as exc:  # evaluation errors of the store
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise QueryError(f"SPARQL query failed: {detail}; check the query") from exc
    if isinstance(result, ox.QueryBoolean):
        return _ask(bool(result), fmt)
    if isinstance(result, ox.QueryTriples):
        triples = [
            (_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in result
        ]
        return _turtle_of(namespaces, triples)  # type: ignore[arg-type]
    names = [v.value for v in result.variables]
    rows = [tuple(_from_ox(solution[name]) for name in names) for solution in result]
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


def query_graph(graph: Graph, sparql: str, fmt: str = "table") -> str:
    """Answer a SPARQL query over `graph`, with the graph's prefixes predeclared.

    SELECT: an aligned table with IRIs shortened by the graph's prefixes (fmt "table"), or the
    SPARQL 1.1 CSV, TSV or JSON results formats. ASK: "true"/"false" (JSON: {"head":{},
    "boolean":...}). CONSTRUCT/DESCRIBE: Turtle in every format. No trailing newline.
    """
    _check_format(fmt)
    check_query(sparql)
    try:
        result = graph.query(sparql)
    except Exception as exc:  # rdflib's evaluator raises many unrelated types
        raise _query_error(graph, exc) from exc
    if result.type == "ASK":
        return _ask(bool(result.askAnswer), fmt)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return _turtle(graph, result)
    names = [str(v) for v in result.vars or ()]
    rows: list[tuple[Node | None, ...]] = [tuple(row) for row in result]  # type: ignore[arg-type]
    return _select(graph, names, rows, fmt)


def _query_error(graph: Graph, exc: Exception) -> QueryError:
    """The message for a query rdflib cannot parse or run; `graph` gives the prefixes."""
    if isinstance(exc, ParseException):
        return QueryError(
            f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}; "
            "check braces, the dots between triple patterns and the spelling of keywords "
            f"(prefixes predeclared from the graph: {_prefix_list(graph)})"
        )
    detail = " ".join(str(exc).split()) or type(exc).__name__
    hint = "check the query"
    unknown = re.search(r"Unknown namespace prefix\s*:\s*(\S+)", detail)
    if unknown:
        hint = (
            f"declare it with PREFIX {unknown.group(1)}: <iri> "
            f"(predeclared from the graph: {_prefix_list(graph)})"
        )
    return QueryError(f"SPARQL query failed: {detail}; {hint}")


def _ask(answer: bool, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer}, separators=(",", ":"))
    return "true" if answer else "false"


def _select(graph: Graph, names: list[str], rows: list[tuple[Node | None, ...]], fmt: str) -> str:
    rows = [tuple(_canonical(node) for node in row) for row in rows]
    if fmt == "csv":
        return _csv(names, rows)
    if fmt == "tsv":
        return _tsv(names, rows)
    if fmt == "json":
        return _json(names, rows)
    return _table(graph, names, rows)


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


def _prefix_list(graph: Graph) -> str:
    defaults = set(Graph().namespaces())
    return ", ".join(
        sorted(
            f"{p}:"
            for p, ns in graph.namespaces()
            if p and (p in _HINT_PREFIXES or (p, ns) not in defaults)
        )
    )


def _turtle(graph: Graph, result: Result) -> str:
    return _turtle_of(graph, result.graph if result.graph is not None else ())


def _turtle_of(graph: Graph, triples: Iterable[tuple[Node, Node, Node]]) -> str:
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    for s, p, o in triples:
        out.add((s, p, _canonical_term(o)))
    return out.serialize(format="turtle").rstrip("\n")


def _short(namespaces: Sequence[tuple[str, str]], node: Node | None) -> str:
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


def _table(graph: Graph, names: list[str], rows: list[tuple[Node | None, ...]]) -> str:
    namespaces = sorted(
        ((p, str(ns)) for p, ns in graph.namespaces()), key=lambda item: -len(item[1])
    )
    cells = [[_short(namespaces, node) for node in row] for row in rows]
    widths = [max([len(n), *(len(r[i]) for r in cells)]) for i, n in enumerate(names)]
    lines = [
        "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def _csv(names: list[str], rows: list[tuple[Node | None, ...]]) -> str:
    # SPARQL 1.1 CSV: full IRIs, lexical forms of literals, _:label for blank nodes.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(
            ["" if n is None else f"_:{n}" if isinstance(n, BNode) else str(n) for n in row]
        )
    return buffer.getvalue().rstrip("\r\n")


def _tsv(names: list[str], rows: list[tuple[Node | None, ...]]) -> str:
    # SPARQL 1.1 TSV: ?var header, terms in Turtle syntax.
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
