"""`kg export`: write a kg graph in the formats other tools read.

RDF syntaxes (Turtle, N-Triples, N-Quads, TriG, RDF/XML) are written by Oxigraph's serializers
(pyoxigraph); JSON-LD (with a context), GraphML, GEXF and Neo4j import CSV are written here.
Every writer gets the graph's triples deduplicated and sorted, so the same graph always gives
the same bytes, whether it comes from a file (`export`) or from `kg build` (`write_exports`).

Provenance stays standard reification in every RDF format. The quad formats (N-Quads, TriG)
add a named-graph view of it and remove nothing: the default graph holds every triple of the
Turtle graph, and each article's named graph (named by the article's IRI) holds the facts read
from that article. The union of all graphs is therefore the Turtle graph.

GraphML, GEXF and Neo4j CSV are property graphs: entities are nodes (label, type, alternative
names, Wikidata ids) and facts are edges (predicate, English label, number of source articles,
assertions and outlets, first date, highest confidence).
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from kg import __version__
from kg.errors import ExportError, GraphError
from kg.io import atomic_write_bytes, require_graph_file
from kg.vocab import ENT, KG, PREFIXES, WIKIDATA


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str  # of the file written; "" for neo4j, which writes a folder
    what: str
    rdf: ox.RdfFormat | None = None  # written by pyoxigraph


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", ".ttl", "Turtle", ox.RdfFormat.TURTLE),
        Format("ntriples", ".nt", "N-Triples, one triple a line", ox.RdfFormat.N_TRIPLES),
        Format("nquads", ".nq", "N-Quads, a named graph per article", ox.RdfFormat.N_QUADS),
        Format("trig", ".trig", "TriG, a named graph per article", ox.RdfFormat.TRIG),
        Format("rdfxml", ".rdf", "RDF/XML (Protege, older tools)", ox.RdfFormat.RDF_XML),
        Format("jsonld", ".jsonld", "JSON-LD with a context of kg's prefixes"),
        Format("graphml", ".graphml", "GraphML: entities as nodes, facts as edges"),
        Format("gexf", ".gexf", "GEXF 1.3 for Gephi: entities as nodes, facts as edges"),
        Format("neo4j", "", "nodes.csv and relationships.csv for neo4j-admin import"),
    )
}


# Oxigraph parser by file extension; anything else is read as Turtle (as kg.query does).
_READERS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}

NEO4J_FILES = ("nodes.csv", "relationships.csv")
NEO4J_ARRAY_DELIMITER = ";"  # neo4j-admin import's default --array-delimiter


@dataclass(frozen=True)
class ExportOptions:
    out: Path
    fmt: str | None = None  # a key of FORMATS; None: from the suffix of `out`


@dataclass
class ExportReport:
    fmt: str = ""
    triples: int = 0
    entities: int = 0
    facts: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)


def format_for(out: Path, fmt: str | None) -> str:
    """The export format: `fmt` when given, else the one whose suffix `out` has."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
        return fmt
    suffix = out.suffix.lower()
    for f in FORMATS.values():
        if f.suffix and f.suffix == suffix:
            return f.name
    raise ExportError(
        f"{out}: cannot tell the format from the suffix {suffix or '(none)'}; give --format "
        f"({', '.join(FORMATS)})"
    )


def default_name(fmt: str) -> str:
    """The file (or, for neo4j, folder) name `kg build --format` writes: graph.<suffix>."""
    spec = FORMATS[fmt]
    return f"graph{spec.suffix}" if spec.suffix else "neo4j"


def export(graph_path: Path, options: ExportOptions) -> ExportReport:
    """Read a graph file (any RDF syntax kg reads) and write it in another format."""
    started = time.perf_counter()
    fmt = format_for(options.out, options.fmt)
    triples = read_triples(graph_path)
    report = ExportReport(fmt=fmt, triples=len(triples))
    if fmt in ("graphml", "gexf", "neo4j"):
        pg = property_graph(triples)
        report.entities, report.facts = len(pg.nodes), len(pg.edges)
    else:
        report.entities, report.facts = _count(triples)
    report.outputs = write_format(triples, fmt, options.out)
    report.seconds = time.perf_counter() - started
    return report


def write_exports(
    triples: Sequence[ox.Triple], formats: Sequence[str], out_dir: Path
) -> list[Path]:
    """Write sorted triples in each of `formats` as OUT/graph.<suffix> (neo4j: OUT/neo4j/)."""
    chosen = [f for f in dict.fromkeys(formats)]
    for fmt in chosen:
        format_for(out_dir, fmt)  # fails on an unknown name before anything is written
    if not chosen:
        return []
    outputs: list[Path] = []
    for fmt in chosen:
        outputs += write_format(triples, fmt, out_dir / default_name(fmt))
    return outputs


# ---------------------------------------------------------------- triples in


def _sort_key(t: ox.Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def read_triples(path: Path) -> list[ox.Triple]:
    """The triples of a graph file, deduplicated and sorted; quad formats give their union."""
    require_graph_file(path)
    rdf_format = _READERS.get(path.suffix.lower(), ox.RdfFormat.TURTLE)
    try:
        triples = {q.triple for q in ox.parse(path=str(path), format=rdf_format)}
    except SyntaxError as exc:
        where = f" at line {exc.lineno}" if exc.lineno else ""
        detail = " ".join(str(exc.msg).split())
        raise GraphError(
            f"{path}: not valid {rdf_format.name}{where}: {detail}; "
            "fix the file or rebuild the graph"
        ) from exc
    except OSError as exc:
        raise GraphError(f"{path}: cannot read ({exc}); check its permissions") from exc
    except ValueError as exc:  # e.g. not UTF-8
        raise GraphError(f"{path}: not a {rdf_format.name} graph file: {exc}") from exc
    return sorted(triples, key=_sort_key)


def triples_of(graph: Graph) -> list[ox.Triple]:
    """An rdflib graph's triples as Oxigraph terms, deduplicated and sorted."""
    iris: dict[str, ox.NamedNode] = {}

    def iri(value: str) -> ox.NamedNode:
        node = iris.get(value)
        if node is None:
            node = iris[value] = ox.NamedNode(value)
        return node

    def term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(node, URIRef):
            return iri(str(node))
        if isinstance(node, BNode):
            return ox.BlankNode(str(node))
        if isinstance(node, Literal):
            if node.language:
                return ox.Literal(str(node), language=node.language)
            if node.datatype is not None:
                return ox.Literal(str(node), datatype=iri(str(node.datatype)))
            return ox.Literal(str(node))
        raise ExportError(f"cannot export the RDF term {node!r}")

    out = set()
    for s, p, o in graph:
        subject, predicate = term(s), term(p)
        assert not isinstance(subject, ox.Literal) and isinstance(predicate, ox.NamedNode)
        out.add(ox.Triple(subject, predicate, term(o)))
    return sorted(out, key=_sort_key)


def _count(triples: Sequence[ox.Triple]) -> tuple[int, int]:
    """(entities, facts): entity IRIs mentioned, and triples between two entities."""
    ent = str(ENT)
    entities: set[str] = set()
    facts = 0
    for t in triples:
        s, o = t.subject, t.object
        s_ent = isinstance(s, ox.NamedNode) and s.value.startswith(ent)
        o_ent = isinstance(o, ox.NamedNode) and o.value.startswith(ent)
        if isinstance(s, ox.NamedNode) and s_ent:
            entities.add(s.value)
        if isinstance(o, ox.NamedNode) and o_ent:
            entities.add(o.value)
        facts += s_ent and o_ent
    return len(entities), facts


# ---------------------------------------------------------------- writing


def write_format(triples: Sequence[ox.Triple], fmt: str, out: Path) -> list[Path]:
    """Write sorted triples in `fmt` to `out` (neo4j: into the folder `out`); atomic per file."""
    spec = FORMATS[fmt]
    if fmt == "neo4j":
        if out.exists() and not out.is_dir():
            raise ExportError(f"{out}: is a file; neo4j export writes a folder, give -o FOLDER")
        nodes, relationships = neo4j_csv(property_graph(triples))
        paths = [out / NEO4J_FILES[0], out / NEO4J_FILES[1]]
        atomic_write_bytes(paths[0], nodes)
        atomic_write_bytes(paths[1], relationships)
        return paths
    if out.is_dir():
        raise ExportError(f"{out}: is a folder; give a file name for the {spec.what} output")
    if spec.rdf in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        data = ox.serialize(_quads(triples), format=spec.rdf, prefixes=PREFIXES) or b""
    elif spec.rdf is not None:
        data = ox.serialize(triples, format=spec.rdf, prefixes=PREFIXES) or b""
    elif fmt == "jsonld":
        data = jsonld(triples)
    elif fmt == "graphml":
        data = graphml(property_graph(triples))
    elif fmt == "gexf":
        data = gexf(property_graph(triples))
    else:  # pragma: no cover - FORMATS and this function are edited together
        raise ExportError(f"no writer for {fmt}")
    atomic_write_bytes(out, data)
    return [out]


def _quads(triples: Sequence[ox.Triple]) -> list[ox.Quad]:
    """Every triple in the default graph, and each asserted fact in its article's named graph."""
    default = ox.DefaultGraph()
    quads = [ox.Quad(t.subject, t.predicate, t.object, default) for t in triples]
    present = set(triples)
    records: dict[str, dict[str, object]] = defaultdict(dict)
    assertions: set[str] = set()
    wanted = {str(RDF.subject), str(RDF.predicate), str(RDF.object), str(KG.article)}
    for t in triples:
        name = t.predicate.value
        if name in wanted:
            records[str(t.subject)][name] = t.object
        elif name == str(RDF.type) and t.object == ox.NamedNode(str(KG.Assertion)):
            assertions.add(str(t.subject))
    named: set[ox.Quad] = set()
    for rec in assertions:
        r = records[rec]
        s, p, o = r.get(str(RDF.subject)), r.get(str(RDF.predicate)), r.get(str(RDF.object))
        article = r.get(str(KG.article))
        if (
            isinstance(s, ox.NamedNode | ox.BlankNode)
            and isinstance(p, ox.NamedNode)
            and isinstance(o, ox.NamedNode | ox.BlankNode | ox.Literal)
            and isinstance(article, ox.NamedNode)
            and ox.Triple(s, p, o) in present
        ):
            named.add(ox.Quad(s, p, o, article))
    quads += sorted(named, key=lambda q: (str(q.graph_name), *_sort_key(q.triple)))
    return quads


# ---------------------------------------------------------------- JSON-LD


def _compact(iri: str) -> str:
    """A compact IRI (prefix:local) when a prefix of PREFIXES fits, else the IRI itself."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local and not local.startswith("//"):
                return f"{prefix}:{local}"
    return iri


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def _node_id(node: ox.NamedNode | ox.BlankNode) -> str:
    return _compact(node.value) if isinstance(node, ox.NamedNode) else f"_:{node.value}"


def _jsonld_value(o: ox.NamedNode | ox.BlankNode | ox.Literal) -> object:
    if isinstance(o, ox.Literal):
        if o.language:
            return {"@value": o.value, "@language": o.language}
        if o.datatype.value == str(XSD.string):
            return o.value
        return {"@value": o.value, "@type": _compact(o.datatype.value)}
    return {"@id": _node_id(o)}


def jsonld(triples: Sequence[ox.Triple]) -> bytes:
    """JSON-LD 1.1: a context of kg's prefixes and one node object per subject, a line each.

    Literals keep their exact lexical form and datatype (typed values are value objects, never
    JSON numbers, which JSON-LD would read back as xsd:double), so the document reads back to
    the same triples.
    """
    lines = ["{", '"@context": ' + json.dumps(PREFIXES, sort_keys=True) + ",", '"@graph": [']
    rdf_type = str(RDF.type)
    nodes: list[str] = []
    subject: ox.NamedNode | ox.BlankNode | None = None
    current: dict[str, list[object]] = {}

    def flush() -> None:
        if subject is None:
            return
        node: dict[str, object] = {"@id": _node_id(subject)}
        if "@type" in current:
            node["@type"] = current.pop("@type")
        node.update(current)
        nodes.append(json.dumps(node, ensure_ascii=False, separators=(",", ":")))

    for t in triples:
        s = t.subject
        if not isinstance(s, ox.NamedNode | ox.BlankNode):
            raise ExportError(f"cannot write the subject {s} in JSON-LD")
        if s != subject:
            flush()
            subject, current = s, {}
        o = t.object
        if not isinstance(o, ox.NamedNode | ox.BlankNode | ox.Literal):
            raise ExportError(f"cannot write the object {o} in JSON-LD")
        if t.predicate.value == rdf_type and isinstance(o, ox.NamedNode):
            current.setdefault("@type", []).append(_compact(o.value))
        else:
            current.setdefault(_compact(t.predicate.value), []).append(_jsonld_value(o))
    flush()
    lines.append(",\n".join(nodes))
    lines += ["]", "}", ""]
    return "\n".join(lines).encode("utf-8")


# ---------------------------------------------------------------- property graph


@dataclass(frozen=True)
class PgNode:
    """An entity: its IRI, English label, type(s) (class local names), other names, Q-ids."""

    iri: str
    label: str
    types: tuple[str, ...]
    alt_labels: tuple[str, ...]
    wikidata: tuple[str, ...]

    @property
    def type(self) -> str:
        return self.types[0] if self.types else ""


@dataclass(frozen=True)
class PgEdge:
    """A fact: subject and object IRIs, predicate IRI and names, and what its provenance says."""

    source: str
    target: str
    predicate: str
    relation: str  # local name, e.g. "metWith"
    label: str  # English label of the predicate, e.g. "met with"
    sources: int  # distinct articles that state it
    assertions: int  # provenance records
    outlets: int  # distinct publishers of those articles
    first_date: str  # earliest article date (YYYY-MM-DD), "" when no article is dated
    confidence: float | None  # highest confidence of its records


@dataclass(frozen=True)
class PropertyGraph:
    nodes: tuple[PgNode, ...]
    edges: tuple[PgEdge, ...]


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1] or iri


def property_graph(triples: Iterable[ox.Triple]) -> PropertyGraph:
    """Entities (IRIs of the ent: namespace) and facts (triples between two of them)."""
    ent = str(ENT)
    rdf_type, label, alt, same = str(RDF.type), str(RDFS.label), str(SKOS.altLabel), str(OWL.sameAs)
    r_subject, r_predicate, r_object = str(RDF.subject), str(RDF.predicate), str(RDF.object)
    article_p, confidence_p = str(KG.article), str(KG.confidence)
    date_p, publisher_p, assertion = str(DCTERMS.date), str(DCTERMS.publisher), str(KG.Assertion)

    entities: set[str] = set()
    facts: set[tuple[str, str, str]] = set()
    types: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, list[tuple[str, str]]] = defaultdict(list)  # (lang, text)
    alts: dict[str, set[str]] = defaultdict(set)
    qids: dict[str, set[str]] = defaultdict(set)
    records: dict[str, dict[str, str]] = defaultdict(dict)
    asserted: set[str] = set()
    dates: dict[str, str] = {}
    publishers: dict[str, set[str]] = defaultdict(set)
    for t in triples:
        subject, o = t.subject, t.object
        if not isinstance(subject, ox.NamedNode):
            continue
        sv, p = subject.value, t.predicate.value
        if isinstance(o, ox.NamedNode):
            ov = o.value
            if sv.startswith(ent):
                entities.add(sv)
                if ov.startswith(ent):
                    entities.add(ov)
                    facts.add((sv, p, ov))
                elif p == rdf_type:
                    types[sv].add(ov)
                elif p == same:
                    qids[sv].add(ov.removeprefix(str(WIKIDATA)))
            elif p == rdf_type:
                types[sv].add(ov)
                if ov == assertion:
                    asserted.add(sv)
            elif p in (r_subject, r_predicate, r_object, article_p):
                records[sv][p] = ov
        elif isinstance(o, ox.Literal):
            if p == label:
                labels[sv].append((o.language or "", o.value))
            elif p == alt:
                alts[sv].add(" ".join(o.value.split()))
            elif p == confidence_p:
                records[sv][p] = o.value
            elif p == date_p:
                dates[sv] = o.value
            elif p == publisher_p:
                publishers[sv].add(o.value)

    def english(iri: str) -> str:
        found = sorted(text for lang, text in labels.get(iri, ()) if lang.startswith("en"))
        if not found:
            found = sorted(text for _, text in labels.get(iri, ()))
        return " ".join(found[0].split()) if found else _local(iri)

    evidence: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for rec in asserted:
        r = records.get(rec, {})
        key = (r.get(r_subject, ""), r.get(r_predicate, ""), r.get(r_object, ""))
        if key in facts:
            evidence[key].append(r)

    nodes = tuple(
        PgNode(
            iri=iri,
            label=english(iri),
            types=tuple(sorted(_local(c) for c in types.get(iri, ()))),
            alt_labels=tuple(sorted(alts.get(iri, set()) - {english(iri)})),
            wikidata=tuple(sorted(qids.get(iri, ()))),
        )
        for iri in sorted(entities)
    )
    edges = []
    for fact in sorted(facts):
        recs = evidence.get(fact, [])
        source, predicate, target = fact
        articles = {r[article_p] for r in recs if article_p in r}
        outlets = {name for a in articles for name in publishers.get(a, ())}
        known = sorted(dates[a] for a in articles if a in dates)
        scores = [_number(r[confidence_p]) for r in recs if confidence_p in r]
        valid = [x for x in scores if x is not None]
        edges.append(
            PgEdge(
                source=source,
                target=target,
                predicate=predicate,
                relation=_local(predicate),
                label=english(predicate),
                sources=len(articles),
                assertions=len(recs),
                outlets=len(outlets),
                first_date=known[0] if known else "",
                confidence=max(valid) if valid else None,
            )
        )
    return PropertyGraph(nodes=nodes, edges=tuple(edges))


def _number(text: str) -> float | None:
    try:
        return float(Decimal(text))
    except (InvalidOperation, ValueError):
        return None


# ---------------------------------------------------------------- GraphML and GEXF

# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return escape(_NOT_XML.sub(" ", value))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub(" ", value))


def _node_values(node: PgNode) -> list[tuple[str, str]]:
    return [
        ("label", node.label),
        ("type", node.type),
        ("types", " | ".join(node.types)),
        ("iri", node.iri),
        ("alt_labels", " | ".join(node.alt_labels)),
        ("wikidata", " | ".join(node.wikidata)),
    ]


def _edge_values(edge: PgEdge) -> list[tuple[str, str]]:
    return [
        ("predicate", edge.predicate),
        ("relation", edge.relation),
        ("label", edge.label),
        ("sources", str(edge.sources)),
        ("assertions", str(edge.assertions)),
        ("outlets", str(edge.outlets)),
        ("first_date", edge.first_date),
        ("confidence", "" if edge.confidence is None else repr(edge.confidence)),
    ]


_NODE_KEYS = (
    ("label", "string"),
    ("type", "string"),
    ("types", "string"),
    ("iri", "string"),
    ("alt_labels", "string"),
    ("wikidata", "string"),
)
_EDGE_KEYS = (
    ("predicate", "string"),
    ("relation", "string"),
    ("label", "string"),
    ("sources", "int"),
    ("assertions", "int"),
    ("outlets", "int"),
    ("first_date", "string"),
    ("confidence", "double"),
)


def graphml(pg: PropertyGraph) -> bytes:
    """GraphML: directed; node and edge attributes declared as <key>s; empty values left out."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
        ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    for name, kind in _NODE_KEYS:
        out.append(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}"/>')
    for name, kind in _EDGE_KEYS:
        out.append(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>')
    out.append('  <graph id="kg" edgedefault="directed">')
    for node in pg.nodes:
        out.append(f"    <node id={_attr(node.iri)}>")
        out += [f'      <data key="n_{k}">{_text(v)}</data>' for k, v in _node_values(node) if v]
        out.append("    </node>")
    for n, edge in enumerate(pg.edges):
        out.append(f'    <edge id="e{n}" source={_attr(edge.source)} target={_attr(edge.target)}>')
        out += [f'      <data key="e_{k}">{_text(v)}</data>' for k, v in _edge_values(edge) if v]
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out).encode("utf-8")


_GEXF_TYPES = {"string": "string", "int": "integer", "double": "double"}


def gexf(pg: PropertyGraph) -> bytes:
    """GEXF 1.3 (Gephi): node label, edge label and kind (the relation), weight = sources."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://gexf.net/1.3"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
        f"  <meta><creator>kg {_text(__version__)}</creator>"
        "<description>Entities and the facts between them</description></meta>",
        '  <graph mode="static" defaultedgetype="directed">',
        '    <attributes class="node">',
    ]
    for name, kind in _NODE_KEYS:
        if name != "label":
            out.append(f'      <attribute id="{name}" title="{name}" type="{_GEXF_TYPES[kind]}"/>')
    out += ["    </attributes>", '    <attributes class="edge">']
    for name, kind in _EDGE_KEYS:
        if name != "label":
            out.append(f'      <attribute id="{name}" title="{name}" type="{_GEXF_TYPES[kind]}"/>')
    out += ["    </attributes>", "    <nodes>"]
    for node in pg.nodes:
        values = [(k, v) for k, v in _node_values(node) if v and k != "label"]
        out.append(f"      <node id={_attr(node.iri)} label={_attr(node.label)}>")
        out.append("        <attvalues>")
        out += [f'          <attvalue for="{k}" value={_attr(v)}/>' for k, v in values]
        out.append("        </attvalues>")
        out.append("      </node>")
    out += ["    </nodes>", "    <edges>"]
    for n, edge in enumerate(pg.edges):
        values = [(k, v) for k, v in _edge_values(edge) if v and k != "label"]
        out.append(
            f'      <edge id="{n}" source={_attr(edge.source)} target={_attr(edge.target)}'
            f" label={_attr(edge.label)} kind={_attr(edge.relation)}"
            f' weight="{max(edge.sources, 1)}">'
        )
        out.append("        <attvalues>")
        out += [f'          <attvalue for="{k}" value={_attr(v)}/>' for k, v in values]
        out.append("        </attvalues>")
        out.append("      </edge>")
    out += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(out).encode("utf-8")


# ---------------------------------------------------------------- Neo4j


def neo4j_type(relation: str) -> str:
    """A relationship type in Neo4j's convention: metWith -> MET_WITH."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", relation)
    return re.sub(r"[^A-Za-z0-9_]", "_", snake).upper() or "RELATED_TO"


def _one_line(value: str) -> str:
    # neo4j-admin reads a field across lines only with --multiline-fields=true.
    return " ".join(value.split())


def _array(values: Iterable[str]) -> str:
    # neo4j-admin has no escape for the array delimiter inside an element.
    return NEO4J_ARRAY_DELIMITER.join(
        _one_line(v).replace(NEO4J_ARRAY_DELIMITER, ",") for v in values
    )


NEO4J_NODE_HEADER = ("id:ID", ":LABEL", "name", "altLabels:string[]", "wikidata:string[]")
NEO4J_RELATIONSHIP_HEADER = (
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "predicate",
    "label",
    "sources:int",
    "assertions:int",
    "outlets:int",
    "firstDate:date",
    "confidence:double",
)


def neo4j_csv(pg: PropertyGraph) -> tuple[bytes, bytes]:
    """nodes.csv and relationships.csv with neo4j-admin import's header conventions.

    Node ids are entity IRIs; labels are the entity's type and Entity (`;`-separated);
    relationship types are the relation in upper snake case (URGED, MET_WITH). Fields are
    comma-separated, quoted with '"' where needed (a quote inside is doubled), on one line each;
    an empty field is no property.
    """
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(NEO4J_NODE_HEADER)
    for node in pg.nodes:
        labels = [t for t in node.types if t != "Entity"] + ["Entity"]
        writer.writerow(
            [
                node.iri,
                _array(re.sub(r"[^A-Za-z0-9_]", "_", t) for t in labels),
                _one_line(node.label),
                _array(node.alt_labels),
                _array(node.wikidata),
            ]
        )
    relationships = io.StringIO()
    writer = csv.writer(relationships, lineterminator="\n")
    writer.writerow(NEO4J_RELATIONSHIP_HEADER)
    for edge in pg.edges:
        writer.writerow(
            [
                edge.source,
                edge.target,
                neo4j_type(edge.relation),
                edge.predicate,
                _one_line(edge.label),
                edge.sources,
                edge.assertions,
                edge.outlets,
                edge.first_date,
                "" if edge.confidence is None else repr(edge.confidence),
            ]
        )
    return nodes.getvalue().encode("utf-8"), relationships.getvalue().encode("utf-8")
