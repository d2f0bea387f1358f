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

import heapq
import sqlite3
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
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
    facts: list[Fact] = []
    # in the order of their IRIs (one prefix each): 551,000 facts at 100,000 articles sort in
    # seconds, comparing the long IRIs
    for s, p, o in db.execute("SELECT s, p, o FROM facts ORDER BY s, p, o"):
        fact = (ENTITY_BASE + s, kg + p, ENTITY_BASE + o)
        if fact[1] in relations and fact[0] in types and fact[2] in types:
            facts.append(fact)
    return make_model(types, labels, alt, same, facts, schema)


def read_ranked_facts(db: sqlite3.Connection) -> Iterator[Fact]:
    """The facts by their number of records (kg:Assertion), most first, ties in the order of
    their IRIs: what the view keeps of a large graph (ViewOptions.max_facts), before it reads
    any evidence. SQLite sorts them (one prefix each: the IRIs' order is the rows'), and only
    those taken are made IRIs: the first 20,000 of 551,000 at 100,000 articles."""
    kg = str(KG._NS)
    for s, p, o in db.execute(
        "SELECT s, p, o FROM facts ORDER BY records DESC, s, p, o"  # records: kept by kg.store
    ):
        yield (ENTITY_BASE + s, kg + p, ENTITY_BASE + o)


def read_evidence_rows(
    db: sqlite3.Connection, model: Model, kept: list[str], listed: int | None = None
) -> None:
    """The evidence of the facts between `kept` entities, and its articles, into `model`: of
    each fact the first `listed` records (all when None) and what the page counts of all
    (records, articles, dates).

    A large page draws facts told by hundreds of thousands of records (100,000 articles:
    727,000 for 20,000 facts) and lists 20 of each. So the counts come from the index
    evidence_fact alone (no row of the table read, nothing sorted by SQLite), and only the
    rows of the articles that may hold a fact's first records are read whole: its articles
    in (date, title) order until `listed` records, and any tied with the last."""
    kept_set = set(kept)
    kg = str(KG._NS)
    start, kg_start = len(ENTITY_BASE), len(kg)
    wanted = {  # as the rows name them (entity keys, the relation's local name): the fact
        (s[start:], p[kg_start:], o[start:]): (s, p, o)
        for s, p, o in model.facts
        if s in kept_set and o in kept_set
    }
    order = sorted(wanted)
    articles = _articles(db)
    places = {slug: (a.date, a.title) for slug, a in articles.items()}  # as SQLite ordered them
    limit = sys.maxsize if listed is None else listed
    counted, located = _count(db, order)
    fact_of: dict[int, int] = {}  # the rows to read whole: their number, their fact's
    for number, per in counted.items():
        first = _first(per, places, limit)
        if len(first) == len(per):
            fact_of.update((rowid, number) for _slug, rowid in located[number])
        elif first:
            chosen = set(first)
            fact_of.update((rowid, number) for slug, rowid in located[number] if slug in chosen)
    del located
    rows = _rows(db, fact_of, places)
    texts = _texts(db, {(v[0], v[2]) for values in rows.values() for v in values[:limit]})
    evidence: dict[Fact, Told] = {}
    shown: set[str] = set()
    for number, per in counted.items():
        shown.update(per)
        found = [
            evidence_of(
                model,
                ARTICLE_BASE + record,
                f"{ARTICLE_BASE}{slug}/s{position}",
                ARTICLE_BASE + slug,
                ENTITY_BASE + who if who else None,
                [
                    (quote, "", _STRING) if quote else None,
                    _TRUE if planned else None,
                    (confidence, "", _DECIMAL),
                ],
                [_text(texts.get((slug, position))), (str(position), "", _INTEGER)],
                articles.get(slug, _NO_INFO),
            )
            for slug, record, position, who, quote, planned, confidence in rows.get(number, [])[
                :limit
            ]
        ]
        names = frozenset(ARTICLE_BASE + slug for slug in per)
        dates = {places.get(slug, _NO_PLACE)[0] for slug in per} - {""}
        found.sort(key=lambda e: e.sort_key)
        records = sum(per.values())
        evidence[wanted[order[number]]] = Told(found, records, names, names, tuple(sorted(dates)))
    model.evidence = evidence
    model.articles = {ARTICLE_BASE + slug: articles.get(slug, _NO_INFO) for slug in shown}


_NO_INFO = article_of(NO_ARTICLE)  # an article without a row of article_info
_NO_PLACE = (_NO_INFO.date, _NO_INFO.title)  # its (date, title)


def _count(
    db: sqlite3.Connection, order: list[tuple[str, str, str]]
) -> tuple[dict[int, dict[str, int]], dict[int, list[tuple[str, int]]]]:
    """Of each fact (by its number in `order`) that has records: its articles and the number
    of records of each, and its rows' (article, number), from the covering index alone. A
    record of two facts alike in a sentence has two rows: it counts once."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS kg_wanted(s TEXT, p TEXT, o TEXT)")
    db.execute("DELETE FROM kg_wanted")
    db.executemany("INSERT INTO kg_wanted VALUES (?, ?, ?)", order)
    first = db.execute("SELECT MIN(rowid) FROM kg_wanted").fetchone()[0] or 0
    scan = db.execute(  # per fact in (slug, record) order: a record's rows are together
        "SELECT w.rowid, e.slug, e.record, e.rowid FROM kg_wanted w "
        "JOIN evidence e ON e.s = w.s AND e.p = w.p AND e.o = w.o"
    )
    counted: dict[int, dict[str, int]] = {}
    located: dict[int, list[tuple[str, int]]] = {}
    per: dict[str, int] = {}
    rows: list[tuple[str, int]] = []
    fact, slug, last = -1, "", ""
    for row, at, record, rowid in scan:
        if row != fact:
            fact, per, rows, slug, last = row, {}, [], "", ""
            counted[row - first], located[row - first] = per, rows
        if at != slug:
            slug, last = at, ""  # one string for the article's rows: 100,000s of them
        if record != last:
            last = record
            per[slug] = per.get(slug, 0) + 1
        rows.append((slug, rowid))
    db.execute("DELETE FROM kg_wanted")
    return counted, located


def _first(per: dict[str, int], places: dict[str, tuple[str, str]], limit: int) -> list[str]:
    """The articles of a fact that may hold its first `limit` records in the order the page
    lists them (date, title, sentence, record): by (date, title) until `limit` records, and
    those tied with the last one taken (their records interleave by sentence)."""
    if limit <= 0:
        return []
    if sum(per.values()) <= limit:
        return list(per)
    # each article has a record: the first `limit` articles hold the first `limit` records
    first = heapq.nsmallest(limit, ((places.get(slug, _NO_PLACE), slug) for slug in per))
    records, boundary = 0, first[-1][0]
    for place, slug in first:
        records += per[slug]
        if records >= limit:
            boundary = place
            break
    return [slug for slug in per if places.get(slug, _NO_PLACE) <= boundary]  # ties: all


def _rows(
    db: sqlite3.Connection, fact_of: dict[int, int], places: dict[str, tuple[str, str]]
) -> dict[int, list[list[Any]]]:
    """The rows `fact_of` names, by fact (its number), in the order the page lists them, a
    record once: [slug, record, position, speaker, quote, planned, confidence], each value of
    a record of two rows the smallest (`planned` the largest)."""
    columns = "slug, record, sentence, speaker, quote, planned, confidence"
    read: dict[int, list[tuple[Any, ...]]] = {}
    for rowid, *values in _by_rowid(db, "evidence", columns, fact_of):
        read.setdefault(fact_of[rowid], []).append(tuple(values))
    rows: dict[int, list[list[Any]]] = {}
    for number, found in read.items():
        found.sort(key=lambda v: (*places.get(v[0], _NO_PLACE), v[2], v[1]))
        listing: list[list[Any]] = []
        for slug, record, position, who, quote, planned, confidence in found:
            if listing and listing[-1][1] == record:  # the same record's second row
                values = listing[-1]
                values[3] = min(filter(None, (values[3], who)), default="")
                values[4] = min(filter(None, (values[4], quote)), default="")
                values[5] = max(values[5], planned)
                values[6] = min(values[6], confidence)
                continue
            listing.append([slug, record, position, who, quote, planned, confidence])
        rows[number] = listing
    return rows


def _text(text: str | None) -> Lit | None:
    return None if text is None else (text, "", _STRING)


def _texts(db: sqlite3.Connection, wanted: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """The text of each sentence (article slug, position) in `wanted`."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS kg_sentences(slug TEXT, position INTEGER)")
    db.execute("DELETE FROM kg_sentences")
    db.executemany("INSERT INTO kg_sentences VALUES (?, ?)", sorted(wanted))
    found = db.execute(  # the rows' numbers, from the key's index alone
        "SELECT t.rowid, t.slug, t.position FROM kg_sentences w "
        "JOIN sentences t ON t.slug = w.slug AND t.position = w.position"
    )
    keys = {rowid: (slug, position) for rowid, slug, position in found}
    db.execute("DELETE FROM kg_sentences")
    return {keys[rowid]: text for rowid, text in _by_rowid(db, "sentences", "text", keys)}


def _by_rowid(
    db: sqlite3.Connection, table: str, columns: str, rowids: Iterable[int]
) -> Iterator[tuple[Any, ...]]:
    """(rowid, *columns) of these rows of `table`, read in rowid order: a large manifest's
    rows fetched one by one through an index cost many times more, each a random read."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS kg_rowids(id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM kg_rowids")
    db.executemany("INSERT INTO kg_rowids VALUES (?)", ((r,) for r in sorted(rowids)))
    yield from db.execute(
        f"SELECT r.id, {columns} FROM kg_rowids r JOIN {table} t ON t.rowid = r.id"
    )
    db.execute("DELETE FROM kg_rowids")


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
