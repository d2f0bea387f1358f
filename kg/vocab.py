"""RDF vocabulary of kg: terms of ontology/kg.ttl as Python names, so no IRI is typed twice."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ENTITY_BASE = "https://w3id.org/kg-news/id/"
ARTICLE_BASE = "https://w3id.org/kg-news/article/"
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
SCHEMA = Namespace("https://schema.org/")
ENT = Namespace(ENTITY_BASE)
ART = Namespace(ARTICLE_BASE)


class KG(DefinedNamespace):
    """Terms declared in ontology/kg.ttl; an unknown name fails at import time of its user."""

    _fail = True
    _NS = Namespace("https://w3id.org/kg-news/ontology#")

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


# The prefixes of every file kg writes (Turtle, TriG, RDF/XML, the JSON-LD context) and that
# every query may use.
PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "ent": ENTITY_BASE,
    "art": ARTICLE_BASE,
    "wd": str(WIKIDATA),
    "schema": str(SCHEMA),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
}
