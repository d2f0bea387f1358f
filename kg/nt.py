"""N-Triples terms as text: how the store's hot path writes RDF without making rdflib terms."""

from __future__ import annotations

import pyoxigraph as ox

from kg.vocab import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

# The characters N-Triples escapes in a string literal (ECHAR); others are written as they are.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    """An IRI term; the caller gives a valid IRI (kg.iri.clean_iri cleans those read)."""
    return f"<{value}>"


def literal(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    text = f'"{value.translate(_ESCAPES)}"'
    if lang:
        return f"{text}@{lang}"
    if datatype:
        return f"{text}^^<{datatype}>"
    return text


def turtle_header() -> bytes:
    """The @prefix lines of kg's Turtle files."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode()


def turtle_of(ntriples: str, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> str:
    """N-Triples (or the triples of N-Quads) as Turtle statements under kg's prefixes, without
    the @prefix lines: chunks that make one Turtle file when written one after another under
    turtle_header()."""
    parsed = ox.parse(ntriples, fmt)
    # N-Triples give default-graph quads, which Oxigraph writes as triples with no Python
    # loop; of N-Quads, Turtle holds the triples (one graph)
    quads = (q.triple for q in parsed) if fmt == ox.RdfFormat.N_QUADS else parsed
    data = (ox.serialize(quads, None, ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b"").decode()
    start = 0
    while data.startswith("@prefix ", start):  # Oxigraph names every prefix first
        start = data.index("\n", start) + 1
    return data[start:]
