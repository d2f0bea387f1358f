"""`kg validate`: check a graph file against the SHACL shapes of the graph contract.

The shapes are ontology/shapes.ttl (or a file given in the options); pyshacl checks them, with
no inference, so the graph must say what it means itself (the contract wants it
self-describing), and with SHACL-AF enabled: the shipped shapes are SHACL Core plus SPARQL
constraints, which plain SHACL tools run too, and two SHACL-AF SPARQL targets that widen the
check for graphs kg did not write (see the comment at the top of shapes.ttl). A violation
makes the graph invalid; a warning (an article without date or publisher, which an input may
not give) is reported only.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.data import ontology_dir
from kg.errors import GraphError, ValidationSetupError
from kg.query import load_graph

SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


def shapes_path() -> Path:
    """ontology/shapes.ttl as installed with the package."""
    return ontology_dir() / "shapes.ttl"


@dataclass(frozen=True)
class ValidateOptions:
    shapes: Path | None = None  # None: the shapes shipped with kg (ontology/shapes.ttl)
    warnings: bool = True  # list warnings in the report as well as violations


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result, its terms written with the graph's prefixes."""

    severity: str  # "violation", "warning" or "info"
    focus: str  # the node the result is about
    path: str  # the property, "" for a node-level result
    value: str  # the value at fault, "" when there is none
    message: str
    shape: str  # the shape (or, for a property shape, its property) that gave it

    def line(self) -> str:
        where = " ".join(x for x in (self.focus, self.path) if x)
        value = f" [{self.value}]" if self.value and self.value != self.focus else ""
        return f"{self.severity.upper()} {where}{value}: {self.message}"


@dataclass
class ValidationReport:
    graph: Path
    shapes: Path
    triples: int = 0
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0
    show_warnings: bool = True  # list warnings in text(), not only count them

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def text(self) -> str:
        """The report: one line per finding (violations first), then a summary line."""
        shown = self.violations + (self.warnings if self.show_warnings else [])
        lines = [f.line() for f in shown]
        verdict = "conforms" if self.conforms else "does NOT conform"
        lines.append(
            f"{self.graph}: {verdict} to {self.shapes.name} ({self.triples} triples): "
            f"{len(self.violations)} violation(s), {len(self.warnings)} warning(s)"
        )
        return "\n".join(lines)


def validate(graph_path: Path, options: ValidateOptions) -> ValidationReport:
    """Check a graph file against the shapes; the report lists every violation and warning."""
    started = time.perf_counter()
    shapes_file = options.shapes or shapes_path()
    if not shapes_file.is_file():  # before the graph is read; no graph to build
        raise ValidationSetupError(
            f"{shapes_file}: no such shapes file; give --shapes a SHACL Turtle file, or leave "
            "it out to use kg's own"
        )
    graph = load_graph(graph_path)
    try:
        shapes = load_graph(shapes_file)
    except GraphError as exc:
        raise ValidationSetupError(f"the SHACL shapes cannot be read: {exc}") from exc
    report = ValidationReport(
        graph=graph_path,
        shapes=shapes_file,
        triples=len(graph),
        show_warnings=options.warnings,
    )
    report.findings = check_graph(graph, shapes)
    report.seconds = time.perf_counter() - started
    return report


def check_graph(graph: Graph, shapes: Graph) -> list[Finding]:
    """The SHACL results of `graph` against `shapes`, sorted (violations first)."""
    from pyshacl import validate as shacl_validate

    try:
        _conforms, results, _text = shacl_validate(
            graph,
            shacl_graph=shapes,
            advanced=True,  # SHACL-AF: the SPARQL targets of the shapes (Core targets run anyway)
            inference="none",
            allow_warnings=True,
        )
    except Exception as exc:  # pyshacl reports broken shapes with several exception types
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise ValidationSetupError(f"the SHACL shapes cannot be used: {detail}") from exc
    assert isinstance(results, Graph)
    namespaces = sorted(
        ((p, str(ns)) for p, ns in graph.namespaces() if p), key=lambda item: -len(item[1])
    )
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = SEVERITIES.get(results.value(result, SH.resultSeverity), "violation")  # type: ignore[call-overload]
        shape = results.value(result, SH.sourceShape)
        shape_name = _show(namespaces, shape) if isinstance(shape, URIRef) else ""
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        findings.append(
            Finding(
                severity=severity,
                focus=_show(namespaces, results.value(result, SH.focusNode)),
                path=_show(namespaces, results.value(result, SH.resultPath)),
                value=_show(namespaces, results.value(result, SH.value)),
                message=_shorten(namespaces, messages[0] if messages else "constraint failed"),
                shape=shape_name,
            )
        )
    order = {"violation": 0, "warning": 1, "info": 2}
    return sorted(
        set(findings), key=lambda f: (order[f.severity], f.focus, f.path, f.value, f.message)
    )


def _show(namespaces: list[tuple[str, str]], node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        iri = str(node)
        for prefix, namespace in namespaces:
            local = iri[len(namespace) :]
            # for reading only: a '/' in the local part is no valid prefixed name in SPARQL
            if iri.startswith(namespace) and local and not any(c in local for c in "#?"):
                return f"{prefix}:{local}"
        return f"<{iri}>"
    if isinstance(node, Literal):
        return node.n3()
    return f"_:{node}" if not isinstance(node, Graph) else str(node)


def _shorten(namespaces: list[tuple[str, str]], message: str) -> str:
    """Write the <IRI>s of a message with the graph's prefixes."""
    return re.sub(r"<([^<>\s]+)>", lambda m: _show(namespaces, URIRef(m.group(1))), message)
