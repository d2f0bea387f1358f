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
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from kg.store import declarations
from kg.view_model import (
    TYPES,
    Fact,
    Lit,
    Model,
    StoreTriples,
    Table,
    attach_evidence,
    keep_smallest,
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


def read_evidence_rows(db: sqlite3.Connection, model: Model, kept: list[str]) -> None:
    """The evidence of the facts between `kept` entities, and its articles, into `model`."""
    kept_set = set(kept)
    kg = str(KG._NS)
    start, kg_start = len(ENTITY_BASE), len(kg)
    wanted = {  # as the rows name them (entity keys, the relation's local name): the fact
        (s[start:], p[kg_start:], o[start:]): (s, p, o)
        for s, p, o in model.facts
        if s in kept_set and o in kept_set
    }
    records: Table = {}
    sentences: Table = {}
    article_of: dict[str, str] = {}  # slug -> IRI, one string for all its records
    sentence_of = "JOIN sentences t ON t.slug = e.slug AND t.position = e.sentence"
    columns = "e.slug, e.record, e.sentence, e.speaker, e.quote, e.planned, e.confidence, t.text"
    rows: Iterable[tuple[Fact | None, list[Any]]]
    every = db.execute("SELECT COUNT(*) FROM facts").fetchone()[0]  # the model may be cut
    if len(wanted) == every:  # the page draws every fact: every row, in one scan
        scan = db.execute(f"SELECT e.s, e.p, e.o, {columns} FROM evidence e {sentence_of}")
        rows = ((wanted.get((s, p, o)), rest) for s, p, o, *rest in scan)
    else:
        # the facts wanted, in a table of this connection (TEMP: a read-only one may make
        # it), so that only their rows are read, through the evidence_spo index; a row names
        # its fact by the number of the table's row
        order = sorted(wanted)
        db.execute("CREATE TEMP TABLE IF NOT EXISTS kg_wanted(s TEXT, p TEXT, o TEXT)")
        db.execute("DELETE FROM kg_wanted")
        db.executemany("INSERT INTO kg_wanted VALUES (?, ?, ?)", order)
        facts = [wanted[key] for key in order]
        first = db.execute("SELECT MIN(rowid) FROM kg_wanted").fetchone()[0] or 0
        scan = db.execute(
            f"SELECT w.rowid, {columns} FROM kg_wanted w "
            f"JOIN evidence e ON e.s = w.s AND e.p = w.p AND e.o = w.o {sentence_of}"
        )
        rows = ((facts[row - first], rest) for row, *rest in scan)
    confidences: dict[str, Lit] = {}
    for fact, (slug, record, position, speaker, quote, planned, confidence, text) in rows:
        if fact is None:
            continue  # (none: every row of the evidence table is of a fact of the model)
        article = article_of.get(slug) or article_of.setdefault(slug, ARTICLE_BASE + slug)
        sentence = f"{article}/s{position}"
        links: list[str | None] = [
            *fact,
            sentence,
            article,
            ENTITY_BASE + speaker if speaker else None,
        ]
        literals: list[Lit | None] = [
            (quote, "", _STRING) if quote else None,
            _TRUE if planned else None,
            confidences.get(confidence) or confidences.setdefault(
                confidence, (confidence, "", _DECIMAL)
            ),
        ]
        name = ARTICLE_BASE + record
        current = records.get(name)
        if current is None:
            records[name] = (links, literals)
        else:  # one record of two facts alike in a sentence: each value the smallest, as read
            keep_smallest(current[0], links)
            keep_smallest(current[1], literals)
        if sentence not in sentences:
            sentences[sentence] = ([article], [(text, "", _STRING), (str(position), "", _INTEGER)])
    if len(wanted) != every:
        db.execute("DELETE FROM kg_wanted")  # the rows were read to the end
    articles: Table = {}
    info = db.execute("SELECT slug, title, date, publisher, url, source FROM article_info")
    for slug, title, date, publisher, url, source in info:
        if slug in article_of:
            articles[article_of[slug]] = (
                [url or None],
                [
                    (title, "", _LANG_STRING) if title else None,
                    (date, "", _DATE) if date else None,
                    (publisher, "", _STRING) if publisher else None,
                    (source, "", _STRING),
                    None,
                ],
            )
    attach_evidence(model, records, sentences, articles)
