"""The graph contract's names: article identity and IRIs, the vocabulary's prefixes, and the
graph of a few extractions as an rdflib Graph.

Entities get stable IRIs (ent:<Key>), facts are plain triples, and each reading of a fact is
an rdf:Statement (kg:Assertion) naming its article, sentence, extractor, confidence and speaker:
standard reification, so every RDF tool reads the provenance without named graphs. The triples
themselves are written by kg.triples (each article's) and kg.merge (what articles share).
"""

from __future__ import annotations

import hashlib
import urllib.parse
from collections.abc import Iterable

from rdflib import OWL, SKOS, XSD, Graph
from rdflib.namespace import DCTERMS

from kg.data import ontology_dir
from kg.lexicon import Ontology, key_for
from kg.model import Article, Extraction
from kg.vocab import ART, ENT, KG, SCHEMA, WIKIDATA

EXTRACTOR_VERSION = "kg-0.1"


def ontology_graph() -> Graph:
    graph = Graph()
    graph.parse(ontology_dir() / "kg.ttl", format="turtle")
    return graph


def new_graph() -> Graph:
    graph = Graph()
    for prefix, ns in (
        ("kg", KG._NS),
        ("ent", ENT),
        ("art", ART),
        ("wd", WIKIDATA),
        ("schema", SCHEMA),
        ("skos", SKOS),
        ("owl", OWL),
        ("dcterms", DCTERMS),
        ("xsd", XSD),
    ):
        graph.bind(prefix, ns, override=True)
    return graph


# Readable part of an article's IRI: at most this many characters of its name.
_SLUG_NAME_CHARS = 40


def article_identity(article: Article) -> str:
    """What makes an article itself: its URL when it has one, otherwise its title and text as
    read. The same article given twice, under any name or folder, has one identity; two
    articles whose files share a name do not."""
    if article.url:
        return hashlib.sha1(f"url {article.url}".encode()).hexdigest()
    return hashlib.sha1(f"text {article.title}\n{article.text}".encode()).hexdigest()


def article_slug(article: Article) -> str:
    """The article's IRI local name (see README, "Article identity"): a readable part taken from
    what its identity is made of (the URL's last path segment, else the title), then a digest
    of that identity, so it is unique and stable however the file is named or moved."""
    if article.url:
        path = urllib.parse.urlsplit(article.url).path.rstrip("/")
        readable = urllib.parse.unquote(path.rsplit("/", 1)[-1]).rsplit(".", 1)[0]
    else:
        readable = article.title
    name = key_for(readable.replace(".", " "))[:_SLUG_NAME_CHARS].strip("_-")
    digest = article_identity(article)[:12]
    return f"{name}-{digest}" if name else f"article-{digest}"


def build_graph(extractions: Iterable[Extraction], onto: Ontology | None = None) -> Graph:
    """The graph of a few extractions as an rdflib Graph (tests, kg eval): made by the build's
    own mechanism (kg.store, in memory), then parsed. The same article given twice is one."""
    import pyoxigraph as ox

    from kg.store import Touched, add_article, all_triples, derive, memory_store
    from kg.triples import article_record

    st = memory_store()
    touched = Touched()
    seen: set[str] = set()
    for ex in extractions:
        record = article_record(ex)
        if record.slug not in seen:
            seen.add(record.slug)
            add_article(st, record, touched)
    derive(st, touched)
    data = ox.serialize(all_triples(st.store), None, ox.RdfFormat.N_TRIPLES) or b""
    st.db.close()
    graph = new_graph()
    graph.parse(data=data, format="nt")
    return graph
