"""RDF vocabulary of kg: terms of ontology/kg.ttl as Python names, so no IRI is typed twice.

The namespaces and PREFIXES are defined as plain strings in kg.iris (which needs no rdflib) and
re-exported here."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.iris import ARTICLE_BASE, ENTITY_BASE, KG_NS, PREFIXES, SCHEMA_NS, WIKIDATA_NS

__all__ = [
    "ARTICLE_BASE",
    "ART",
    "ENT",
    "ENTITY_BASE",
    "KG",
    "ONTOLOGY_IRI",
    "PREFIXES",
    "SCHEMA",
    "WIKIDATA",
]

WIKIDATA = Namespace(WIKIDATA_NS)
SCHEMA = Namespace(SCHEMA_NS)
ENT = Namespace(ENTITY_BASE)
ART = Namespace(ARTICLE_BASE)


class KG(DefinedNamespace):
    """Terms declared in ontology/kg.ttl; an unknown name fails at import time of its user."""

    _fail = True
    _NS = Namespace(KG_NS)

    # classes
    Entity: URIRef
    Agent: URIRef
    Person: URIRef
    Organization: URIRef
    Country: URIRef
    Location: URIRef
    Event: URIRef
    Article: URIRef
    Sentence: URIRef
    Assertion: URIRef
    NameRecord: URIRef
    rule: URIRef
    # provenance
    article: URIRef
    sentence: URIRef
    inArticle: URIRef  # noqa: N815 (RDF term)
    speaker: URIRef
    text: URIRef
    position: URIRef
    quote: URIRef
    extractor: URIRef
    confidence: URIRef
    planned: URIRef
    sourceFile: URIRef  # noqa: N815
    language: URIRef
    cameo: URIRef
    cue: URIRef
    relatedTo: URIRef  # noqa: N815
    # core relations
    urged: URIRef
    asked: URIRef
    visited: URIRef
    metWith: URIRef  # noqa: N815
    invited: URIRef
    thanked: URIRef
    supported: URIRef
    cooperatedWith: URIRef  # noqa: N815
    signedAgreementWith: URIRef  # noqa: N815
    providedAidTo: URIRef  # noqa: N815
    criticized: URIRef
    rejected: URIRef
    threatened: URIRef
    provoked: URIRef
    disputesWith: URIRef  # noqa: N815
    sanctioned: URIRef
    attacked: URIRef
    respondedTo: URIRef  # noqa: N815
    leads: URIRef
    officialOf: URIRef  # noqa: N815
    memberOf: URIRef  # noqa: N815


ONTOLOGY_IRI = URIRef("https://w3id.org/kg-news/ontology")
