"""The view's model read from a build's manifest (kg.store's tables), not from its store.

The manifest keeps, beside the triples, each article's rows: the entities' chosen label, type
and Wikidata id and their other names (derived per entity key, kg.merge), the facts, and what
the view shows of each kg:Assertion (sentence, speaker, quote, confidence) and of each article.
SQLite gives those as plain values, where the on-disk Oxigraph store decodes every term from
RocksDB (about 40 µs a row): this is what makes graph.html of a large build quick. The
relations' labels, kinds and symmetry come from the vocabulary's declarations that the graph
holds (kg.merge), read from a small in-memory store by the same reader as a graph.

The rows fill the same tables kg.view_model reads from triples, so the page is the one
kg.view makes from the store, byte for byte (tests/test_view_rows.py).
"""

from __future__ import annotations

import sqlite3
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.store import declarations
from kg.view_model import (
    NO_ARTICLE,
    TYPES,
    Article,
    Fact,
    Lit,
    Model,
    StoreTriples,
    Told,
    article_of,
    evidence_of,
    make_model,
    relation_predicates,
    schema_labels,
)
from kg.vocab import ARTICLE_BASE, ENTITY_BASE, KG

_XSD = "http://www.w3.org/2001/XMLSchema#"
_STRING, _INTEGER, _BOOLEAN, _DECIMAL = (
    _XSD + t for t in ("string", "integer", "boolean", "decimal")
)
_TRUE: Lit = ("true", "", _BOOLEAN)
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_DATE = _XSD + "date"
_TYPE_INDEX = {cls: i for i, (cls, *_style) in reversed(list(enumerate(TYPES)))}


def _schema(db: sqlite3.Connection) -> StoreTriples:
    """The vocabulary's declarations the graph holds (kg.store.declarations), to read."""
    store = ox.Store()
    store.bulk_load(input=declarations(db), format=ox.RdfFormat.N_TRIPLES)
    return StoreTriples(store)


def read_model_rows(db: sqlite3.Connection) -> Model:
    """The model of the graph the manifest's store holds, without evidence."""
    schema = _schema(db)
    labels = schema_labels(schema)
    types: dict[str, int] = {}
    same: defaultdict[str, set[str]] = defaultdict(set)
    for key, label, cls, wikidata in db.execute("SELECT key, label, type, wikidata FROM chosen"):
        iri = ENTITY_BASE + key
        if label.strip():
            labels[iri] = label  # a speaker of no type drawn is named by it too
        index = _TYPE_INDEX.get(str(KG._NS) + cls)
        if index is None:
            continue
        types[iri] = index
        if wikidata:
            same[iri].add(wikidata)
    alt: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
    for key, text, lang in db.execute("SELECT key, text, lang FROM alt_labels"):
        alt[ENTITY_BASE + key].add((text, lang.lower()))  # tags ignore case, as Oxigraph's
    relations = set(relation_predicates(schema))
    kg = str(KG._NS)
    facts: set[Fact] = set()
    for s, p, o in db.execute("SELECT s, p, o FROM facts"):
        fact = (ENTITY_BASE + s, kg + p, ENTITY_BASE + o)
        if fact[1] in relations and fact[0] in types and fact[2] in types:
            facts.add(fact)
    return make_model(types, labels, alt, same, facts, schema)


def read_fact_counts(db: sqlite3.Connection) -> dict[Fact, int]:
    """The number of records (kg:Assertion) of each fact, by its IRIs: what the view ranks
    facts by (ViewOptions.max_facts) before it reads their evidence."""
    kg = str(KG._NS)
    return {
        (ENTITY_BASE + s, kg + p, ENTITY_BASE + o): n
        for s, p, o, n in db.execute(
            "SELECT s, p, o, records FROM facts"  # kept by kg.store as articles come and go
        )
    }


def read_evidence_rows(
    db: sqlite3.Connection, model: Model, kept: list[str], listed: int | None = None
) -> None:
    """The evidence of the facts between `kept` entities, and its articles, into `model`: of
    each fact the first `listed` records (all when None) and what the page counts of all
    (records, articles, dates). SQLite orders the rows: a large page draws facts told by
    hundreds of thousands of records (100,000 articles: 727,000 for 20,000 facts) and lists
    20 of each, so only those become Evidence."""
    kept_set = set(kept)
    kg = str(KG._NS)
    start, kg_start = len(ENTITY_BASE), len(kg)
    wanted = {  # as the rows name them (entity keys, the relation's local name): the fact
        (s[start:], p[kg_start:], o[start:]): (s, p, o)
        for s, p, o in model.facts
        if s in kept_set and o in kept_set
    }
    # the facts wanted and every article's sort values (Evidence.sort_key: date, title), in
    # tables of this connection (TEMP: a read-only one may make them); a row names its fact
    # by the number of the table's row
    order = sorted(wanted)
    facts = [wanted[key] for key in order]
    articles = _articles(db)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS kg_wanted(s TEXT, p TEXT, o TEXT)")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS kg_articles(slug TEXT PRIMARY KEY, d, t)")
    db.execute("DELETE FROM kg_wanted")
    db.execute("DELETE FROM kg_articles")
    db.executemany("INSERT INTO kg_wanted VALUES (?, ?, ?)", order)
    db.executemany(
        "INSERT INTO kg_articles VALUES (?, ?, ?)",
        [(slug, a.date, a.title) for slug, a in articles.items()],
    )
    first = db.execute("SELECT MIN(rowid) FROM kg_wanted").fetchone()[0] or 0
    scan = db.execute(
        "SELECT w.rowid, e.slug, e.record, e.sentence, e.speaker, e.quote, e.planned, "
        "e.confidence FROM kg_wanted w "
        "JOIN evidence e ON e.s = w.s AND e.p = w.p AND e.o = w.o "
        "LEFT JOIN kg_articles a ON a.slug = e.slug "
        "ORDER BY w.rowid, COALESCE(a.d, ''), COALESCE(a.t, ''), e.sentence, e.record"
    )
    limit = sys.maxsize if listed is None else listed
    told: dict[int, _Reading] = {}
    # the rows come fact by fact, a record's rows together: one pass, one fact at a time
    fact, reading, last = -1, _Reading(), ""
    for row, slug, record, position, who, quote, planned, confidence in scan:
        if row != fact:
            fact, reading, last = row, _Reading(), ""
            told[row] = reading
        reading.slugs.add(slug)
        if record == last:  # one record of two facts alike in a sentence: two rows,
            if reading.records <= limit:  # each value the smallest, as read
                values = reading.listing[-1]
                values[3] = min(filter(None, (values[3], who)), default="")
                values[4] = min(filter(None, (values[4], quote)), default="")
                values[5] = max(values[5], planned)
                values[6] = min(values[6], confidence)
            continue
        last = record
        reading.records += 1
        if reading.records <= limit:
            reading.listing.append([slug, record, position, who, quote, planned, confidence])
    texts = _texts(db, {(v[0], v[2]) for r in told.values() for v in r.listing})
    db.execute("DELETE FROM kg_wanted")
    db.execute("DELETE FROM kg_articles")
    evidence: dict[Fact, Told] = {}
    shown: set[str] = set()
    for row, reading in told.items():
        shown |= reading.slugs
        found = []
        for slug, record, position, who, quote, planned, confidence in reading.listing:
            article = ARTICLE_BASE + slug
            found.append(
                evidence_of(
                    model,
                    ARTICLE_BASE + record,
                    f"{article}/s{position}",
                    article,
                    ENTITY_BASE + who if who else None,
                    [
                        (quote, "", _STRING) if quote else None,
                        _TRUE if planned else None,
                        (confidence, "", _DECIMAL),
                    ],
                    [_text(texts.get((slug, position))), (str(position), "", _INTEGER)],
                    articles.get(slug, _NO_INFO),
                )
            )
        names = frozenset(ARTICLE_BASE + slug for slug in reading.slugs)
        dates = {articles.get(slug, _NO_INFO).date for slug in reading.slugs} - {""}
        found.sort(key=lambda e: e.sort_key)
        evidence[facts[row - first]] = Told(
            found, reading.records, names, names, tuple(sorted(dates))
        )
    model.evidence = evidence
    model.articles = {ARTICLE_BASE + slug: articles.get(slug, _NO_INFO) for slug in shown}


_NO_INFO = article_of(NO_ARTICLE)  # an article without a row of article_info


@dataclass(slots=True)
class _Reading:
    """One fact's rows as read: its articles, its records, and the first records' values
    (slug, record, position, speaker, quote, planned, confidence)."""

    slugs: set[str] = field(default_factory=set)
    records: int = 0
    listing: list[list[Any]] = field(default_factory=list)


def _text(text: str | None) -> Lit | None:
    return None if text is None else (text, "", _STRING)


def _texts(db: sqlite3.Connection, wanted: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """The text of each sentence (article slug, position) in `wanted`."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS kg_sentences(slug TEXT, position INTEGER)")
    db.execute("DELETE FROM kg_sentences")
    db.executemany("INSERT INTO kg_sentences VALUES (?, ?)", sorted(wanted))
    rows = db.execute(
        "SELECT t.slug, t.position, t.text FROM kg_sentences w "
        "JOIN sentences t ON t.slug = w.slug AND t.position = w.position"
    )
    texts = {(slug, position): text for slug, position, text in rows}
    db.execute("DELETE FROM kg_sentences")
    return texts


def _articles(db: sqlite3.Connection) -> dict[str, Article]:
    """Every article of the manifest, as kg.view_model makes them of their triples."""
    rows: dict[str, Article] = {}
    info = db.execute("SELECT slug, title, date, publisher, url, source FROM article_info")
    for slug, title, date, publisher, url, source in info:
        rows[slug] = article_of(
            (
                [url or None],
                [
                    (title, "", _LANG_STRING) if title else None,
                    (date, "", _DATE) if date else None,
                    (publisher, "", _STRING) if publisher else None,
                    (source, "", _STRING),
                    None,
                ],
            )
        )
    return rows
