"""The graph contract's names: article identity and IRIs, the vocabulary's prefixes, and the
graph of a few extractions as an rdflib Graph.

Entities get stable IRIs (ent:<Key>), facts are plain triples, and each reading of a fact is
an rdf:Statement (kg:Assertion) naming its article, sentence, extractor, confidence and speaker:
standard reification, so every RDF tool reads the provenance without named graphs. The triples
themselves are written by kg.triples (each article's) and kg.merge (what articles share).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph

from kg.lexicon import Ontology
from kg.model import Extraction
from kg.vocab import PREFIXES


def new_graph() -> Graph:
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph


def build_graph(extractions: Iterable[Extraction], onto: Ontology | None = None) -> Graph:
    """The graph of a few extractions as an rdflib Graph (tests, kg eval): made by the build's
    own mechanism (kg.store, in memory), then parsed. The same article given twice is one."""
    import pyoxigraph as ox

    from kg.store import Touched, add_article, all_triples, derive, derive_names, memory_store
    from kg.triples import article_record

    st = memory_store()
    touched = Touched()
    seen: set[str] = set()
    for ex in extractions:
        record = article_record(ex)
        if record.slug not in seen:
            seen.add(record.slug)
            add_article(st, record, touched)
    derive_names(st, touched)
    derive(st, touched)
    data = ox.serialize(all_triples(st.store), None, ox.RdfFormat.N_TRIPLES) or b""
    st.db.close()
    graph = new_graph()
    graph.parse(data=data, format="nt")
    return graph
