"""Load a graph file and answer SPARQL queries as text for people (table) or machines."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from collections.abc import Sequence
from pathlib import Path

from pyparsing import ParseException
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import GraphError, QueryError

FORMATS = ("table", "csv", "tsv", "json")

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
    if not path.is_file():
        what = "is a folder, not a graph file" if path.is_dir() else "does not exist"
        raise GraphError(f"{path}: {what}; check the path or build the graph first")
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
    _check_format(fmt)
    return query_graph(load_graph(graph_path), sparql, fmt)


def query_graph(graph: Graph, sparql: str, fmt: str = "table") -> str:
    """Answer a SPARQL query over `graph`, with the graph's prefixes predeclared.

    SELECT: an aligned table with IRIs shortened by the graph's prefixes (fmt "table"), or the
    SPARQL 1.1 CSV, TSV or JSON results formats. ASK: "true"/"false" (JSON: {"head":{},
    "boolean":...}). CONSTRUCT/DESCRIBE: Turtle in every format. No trailing newline.
    """
    _check_format(fmt)
    try:
        result = graph.query(sparql)
    except ParseException as exc:
        raise QueryError(
            f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}; "
            "check braces, the dots between triple patterns and the spelling of keywords "
            f"(prefixes predeclared from the graph: {_prefix_list(graph)})"
        ) from exc
    except Exception as exc:  # rdflib's evaluator raises many unrelated types
        detail = " ".join(str(exc).split()) or type(exc).__name__
        hint = "check the query"
        unknown = re.search(r"Unknown namespace prefix\s*:\s*(\S+)", detail)
        if unknown:
            hint = (
                f"declare it with PREFIX {unknown.group(1)}: <iri> "
                f"(predeclared from the graph: {_prefix_list(graph)})"
            )
        raise QueryError(f"SPARQL query failed: {detail}; {hint}") from exc
    if result.type == "ASK":
        answer = bool(result.askAnswer)
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": answer}, separators=(",", ":"))
        return "true" if answer else "false"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return _turtle(graph, result)
    names = [str(v) for v in result.vars or ()]
    rows: list[tuple[Node | None, ...]] = [tuple(row) for row in result]  # type: ignore[arg-type]
    if fmt == "csv":
        return _csv(names, rows)
    if fmt == "tsv":
        return _tsv(names, rows)
    if fmt == "json":
        return _json(names, rows)
    return _table(graph, names, rows)


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
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    if result.graph is not None:
        for triple in result.graph:
            out.add(triple)
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
