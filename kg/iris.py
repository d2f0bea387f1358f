"""kg's namespaces and prefixes as plain strings, without rdflib: what reading a store needs
(`kg query OUT` starts without importing rdflib). kg.vocab holds the same as rdflib terms and
re-exports these; import them from either."""

from __future__ import annotations

KG_NS = "https://w3id.org/kg-news/ontology#"
ENTITY_BASE = "https://w3id.org/kg-news/id/"
ARTICLE_BASE = "https://w3id.org/kg-news/article/"
WIKIDATA_NS = "http://www.wikidata.org/entity/"
SCHEMA_NS = "https://schema.org/"

# The prefixes of every file kg writes (Turtle, TriG, RDF/XML, the JSON-LD context) and that
# every query may use.
PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "ent": ENTITY_BASE,
    "art": ARTICLE_BASE,
    "wd": WIKIDATA_NS,
    "schema": SCHEMA_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
}
