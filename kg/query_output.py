"""The answers of `kg query` as text: a table for people; CSV, TSV and JSON (SPARQL 1.1
results) of SELECT and ASK; Turtle and N-Triples of CONSTRUCT and DESCRIBE. Both engines'
answers come here as SPARQL JSON results' rows (Oxigraph's written in Rust, rdflib's terms
turned into them), so they print alike."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from kg.errors import QueryError

if TYPE_CHECKING:
    from rdflib.term import Node

SOLUTION_FORMATS = ("table", "csv", "tsv", "json")  # SELECT and ASK answers
GRAPH_FORMATS = ("turtle", "ntriples")  # CONSTRUCT and DESCRIBE answers ("table" gives Turtle too)
FORMATS = SOLUTION_FORMATS + GRAPH_FORMATS


@dataclass(frozen=True)
class Answer:
    text: str  # no line end after the last line
    end: str = "\n"  # what ends the last line when printed: CRLF for SPARQL CSV results


_XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = f"{_XSD}string"
_XSD_DECIMAL = f"{_XSD}decimal"
UNPRINTABLE = "the answer holds a term kg cannot print ({term!r}); query for its parts"

# A SELECT answer as SPARQL 1.1 JSON results have it, which Oxigraph writes and rdflib's terms
# are turned into: a row maps each bound variable to a cell, a cell has "type" ("uri", "bnode"
# or "literal"), "value", and "xml:lang" or "datatype" for literals that have one (not
# xsd:string). Every output format is written from these.
Cell = dict[str, str]
Row = dict[str, Cell]


def cell(node: Node) -> Cell:
    """An rdflib term as a cell: language tags in lower case, xsd:string literals plain, as
    Oxigraph has them."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    if isinstance(node, BNode):
        return {"type": "bnode", "value": str(node)}
    if isinstance(node, Literal):
        cell = {"type": "literal", "value": str(node)}
        if node.language:
            cell["xml:lang"] = node.language.lower()
        elif node.datatype is not None and str(node.datatype) != XSD_STRING:
            cell["datatype"] = str(node.datatype)
        return cell
    raise QueryError(UNPRINTABLE.format(term=node))


def ask(yes: bool, fmt: str) -> Answer:
    check_kind(fmt, "an ASK")
    if fmt == "json":
        return Answer(json.dumps({"head": {}, "boolean": yes}, separators=(",", ":")))
    return Answer("true" if yes else "false")


def select(namespaces: Mapping[str, str], names: list[str], rows: list[Row], fmt: str) -> Answer:
    check_kind(fmt, "a SELECT")
    _canonical(rows)
    if fmt == "csv":
        return Answer(_csv(names, rows), end=_CRLF)
    if fmt == "tsv":
        return Answer(_tsv(names, rows))
    if fmt == "json":
        return Answer(_json(names, rows))
    return Answer(_table(namespaces, names, rows))


_KINDS = frozenset({"uri", "bnode", "literal"})


def _canonical(rows: list[Row]) -> None:
    """One spelling per value where engines differ: decimals in canonical form ("0.9", not
    "0.900"), in place. Refuses a cell no format can print (an RDF 1.2 triple term)."""
    for row in rows:
        for cell in row.values():
            if cell["type"] not in _KINDS:
                raise QueryError(UNPRINTABLE.format(term=cell))
            if cell.get("datatype") == _XSD_DECIMAL:
                try:
                    cell["value"] = format(Decimal(cell["value"]).normalize(), "f")
                except InvalidOperation:
                    pass  # not a decimal after all: printed as it is


def _canonical_term(node: Node) -> Node:
    """`_canonical` and `cell` for the terms of a CONSTRUCT answer (written by rdflib)."""
    from rdflib import Literal

    if not isinstance(node, Literal):
        return node
    if node.language and node.language != node.language.lower():
        return Literal(str(node), lang=node.language.lower())
    datatype = None if node.datatype is None else str(node.datatype)
    if datatype == _XSD_DECIMAL:
        try:
            value = Decimal(str(node)).normalize()
        except InvalidOperation:
            return node
        text = format(value, "f")
        return node if text == str(node) else Literal(text, datatype=node.datatype)
    if datatype == XSD_STRING:
        return Literal(str(node))
    return node


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise QueryError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS)}")


# rdflib binds some thirty vocabularies to every graph; a hint names only these of them.
_GRAPH_KIND = "a CONSTRUCT or DESCRIBE"
# a graph answer's formats ("table", the default, gives Turtle)
_GRAPH_KIND_FORMATS = ("table", *GRAPH_FORMATS)


def check_kind(fmt: str, kind: str) -> None:
    """Refuse a format the answer's kind has not: --format csv asked of a CONSTRUCT (a graph)
    is an error, not Turtle that a script then reads as CSV."""
    if kind == _GRAPH_KIND and fmt not in _GRAPH_KIND_FORMATS:
        raise QueryError(
            f"--format {fmt} is for SELECT and ASK answers; {kind} answer is a graph: "
            "leave --format out (Turtle) or give --format ntriples, or SELECT the columns wanted"
        )
    if kind != _GRAPH_KIND and fmt not in SOLUTION_FORMATS:
        raise QueryError(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE answers (graphs); {kind} answer is "
            "given as table (the default), csv, tsv or json"
        )


def graph_text(
    namespaces: Mapping[str, str], triples: Iterable[tuple[Node, Node, Node]], fmt: str
) -> Answer:
    """A CONSTRUCT or DESCRIBE answer: Turtle with the prefixes (table, turtle), or N-Triples
    lines in sorted order (ntriples), so the same answer prints the same text."""
    from rdflib import Graph

    check_kind(fmt, _GRAPH_KIND)
    out = Graph()
    for prefix, namespace in namespaces.items():
        out.bind(prefix, namespace, override=True, replace=True)
    for s, p, o in triples:
        out.add((s, p, _canonical_term(o)))
    if fmt == "ntriples":
        return Answer("\n".join(sorted(out.serialize(format="nt").splitlines())).strip("\n"))
    return Answer(out.serialize(format="turtle").rstrip("\n"))


_LOCAL_ENDS = "/#?"  # a prefixed name's local part holds none of these (as kg writes it)


def _shortener(namespaces: Mapping[str, str]) -> Callable[[str], str]:
    """prefix:local for an IRI in the longest namespace that leaves a local part without
    /, # or ?; else the IRI. Remembers each IRI: answers name the same ones over and over."""
    # A namespace that ends in /, # or ? can only be the IRI up to its last such character;
    # any other namespace is tried in turn, longest first.
    by_cut: dict[str, str] = {}
    others: list[tuple[str, str]] = []
    for prefix, namespace in namespaces.items():  # of two equal namespaces, the first wins
        if namespace[-1:] and namespace[-1] in _LOCAL_ENDS:
            by_cut.setdefault(namespace, prefix)
        else:
            others.append((prefix, namespace))
    others.sort(key=lambda item: -len(item[1]))
    done: dict[str, str] = {}

    def short(iri: str) -> str:
        found = done.get(iri)
        if found is not None:
            return found
        cut = max(iri.rfind(c) for c in _LOCAL_ENDS) + 1
        found = iri
        for prefix, namespace in others:
            if len(namespace) >= cut and len(iri) > len(namespace) and iri.startswith(namespace):
                found = f"{prefix}:{iri[len(namespace) :]}"
                break
        else:
            prefix_name = by_cut.get(iri[:cut]) if cut < len(iri) else None
            if prefix_name is not None:
                found = f"{prefix_name}:{iri[cut:]}"
        done[iri] = found
        return found

    return short


def _table(namespaces: Mapping[str, str], names: list[str], rows: list[Row]) -> str:
    """The human table: prefixed IRIs, the lexical text of literals (one line each)."""
    short = _shortener(namespaces)
    one_line: dict[str, str] = {}  # answers repeat their literals (labels) over and over
    empty: Cell = {"type": "", "value": ""}
    cells = []
    for row in rows:
        line = []
        for name in names:
            cell = row.get(name, empty)
            kind, value = cell["type"], cell["value"]
            if kind == "literal":
                text = one_line.get(value)
                if text is None:
                    text = one_line[value] = " ".join(value.split())
                line.append(text)
            elif kind == "uri":
                line.append(short(value))
            else:
                line.append(f"_:{value}" if kind else "")
        cells.append(line)
    widths = [max([len(n), *(len(r[i]) for r in cells)]) for i, n in enumerate(names)]
    padded = "  ".join(f"{{:<{w}}}" for w in widths).format  # str.ljust of each cell
    lines = [padded(*names).rstrip(), "  ".join("-" * w for w in widths)]
    lines += [padded(*r).rstrip() for r in cells]
    return "\n".join(lines)


_CRLF = "\r\n"


def _csv(names: list[str], rows: list[Row]) -> str:
    # SPARQL 1.1 CSV: CRLF line ends, full IRIs, lexical forms of literals, _:label for blank
    # nodes. No line end after the last row (the caller prints one).
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=_CRLF)
    writer.writerow(names)
    writer.writerows([_csv_text(row.get(name)) for name in names] for row in rows)
    return buffer.getvalue().removesuffix(_CRLF)


def _csv_text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    return f"_:{cell['value']}" if cell["type"] == "bnode" else cell["value"]


def _tsv(names: list[str], rows: list[Row]) -> str:
    # SPARQL 1.1 TSV: ?var header, terms in Turtle syntax, LF line ends.
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join(_turtle_text(row.get(name)) for name in names) for row in rows]
    return "\n".join(lines)


# Escapes of a quoted literal as N-Triples writes them: no tab or line end stays in a TSV cell.
_ESCAPES = str.maketrans(
    {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
)


def _turtle_text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    kind, value = cell["type"], cell["value"]
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    text = f'"{value.translate(_ESCAPES)}"'
    if "xml:lang" in cell:
        return f"{text}@{cell['xml:lang']}"
    if "datatype" in cell:
        return f"{text}^^<{cell['datatype']}>"
    return text


def _json(names: list[str], rows: list[Row]) -> str:
    document = {"head": {"vars": names}, "results": {"bindings": rows}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
