"""The build's store: an Oxigraph database kept in the output folder (OUT/store/).

Layout (README, "The store"):

- `OUT/store/oxigraph/`: a pyoxigraph `Store`. Each article's own triples (the article, its
  sentences, assertions) are in a named graph named by the article's IRI; what several articles
  share (fact triples, entities, names, the vocabulary's declarations) is in the default graph.
  The graph kg wrote (graph.ttl) is the union of all of them: query with
  `use_default_graph_as_union=True`.
- `OUT/store/articles.sqlite`: what the store holds, by article (content digest, extractor
  version), so a rebuild extracts only new or changed articles.

A build never writes into the published store: it writes a copy (a RocksDB checkpoint: hard
links) in its staging folder and moves it into place with the other outputs, so readers may
open the published store read-only while a build runs.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import gc
import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.merge import (
    OWL_SAME_AS,
    RDFS_LABEL,
    SKOS_ALT_LABEL,
    Claim,
    NameUse,
    chosen_claim,
    declaration_lines,
    declared_terms,
    entity_lines,
    fact_line,
    name_lines,
)
from kg.nt import RDF_TYPE
from kg.triples import ArticleRecord
from kg.vocab import ARTICLE_BASE, ENTITY_BASE, KG

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

STORE_DIR = "store"
OXIGRAPH_DIR = "oxigraph"
MANIFEST = "articles.sqlite"


def store_dir(out: Path) -> Path:
    """kg's store folder in the output folder `out`."""
    return out / STORE_DIR


def oxigraph_path(out: Path) -> Path:
    """The pyoxigraph Store folder in the output folder `out`."""
    return out / STORE_DIR / OXIGRAPH_DIR


def has_store(out: Path) -> bool:
    """Whether `out` is an output folder with a store a build wrote."""
    return (oxigraph_path(out) / "CURRENT").is_file() and (store_dir(out) / MANIFEST).is_file()


# ---------------------------------------------------------------- the build's side

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles(
    slug TEXT PRIMARY KEY, identity TEXT NOT NULL, digest TEXT NOT NULL, source TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entities(
    slug TEXT NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL, type TEXT NOT NULL,
    wikidata TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entities_key ON entities(key);
CREATE INDEX IF NOT EXISTS entities_slug ON entities(slug);
CREATE TABLE IF NOT EXISTS names(
    slug TEXT NOT NULL, key TEXT NOT NULL, surface TEXT NOT NULL, lang TEXT NOT NULL,
    rule TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS names_key ON names(key);
CREATE INDEX IF NOT EXISTS names_slug ON names(slug);
CREATE TABLE IF NOT EXISTS facts(
    slug TEXT NOT NULL, s TEXT NOT NULL, p TEXT NOT NULL, o TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS facts_spo ON facts(s, p, o);
CREATE INDEX IF NOT EXISTS facts_slug ON facts(slug);
"""

# Articles gathered before one call of the bulk loader (which writes new files each call).
_BATCH_ARTICLES = 200


@dataclass(frozen=True)
class Manifest:
    """What a published store holds: read before any work, to plan the build."""

    version: str = ""
    digests: dict[str, str] = field(default_factory=dict)  # article slug -> content digest
    outputs: str = ""  # fingerprint of the outputs written from it (kind, options)


@dataclass
class Touched:
    """What added or removed articles changed: the shared triples to derive again."""

    keys: set[str] = field(default_factory=set)
    facts: set[tuple[str, str, str]] = field(default_factory=set)
    articles: int = 0  # added or removed

    def __bool__(self) -> bool:
        return bool(self.articles)


@dataclass
class Staged:
    """A writable copy of the store in the staging folder."""

    root: Path | None  # STAGING/store; None in memory
    store: ox.Store
    db: sqlite3.Connection
    fresh: bool  # started empty: nothing to remove before adding
    pending: list[str] = field(default_factory=list)  # N-Quads lines not yet loaded
    pending_default: list[str] = field(default_factory=list)  # N-Triples for the default graph


@functools.cache
def extractor_version() -> str:
    """kg's version, code and ontology data: a store made by another is rebuilt in full."""
    from kg import __version__
    from kg.data import ontology_dir

    digest = hashlib.sha1(__version__.encode())
    package = Path(__file__).parent
    for root in (package, ontology_dir()):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".tsv", ".ttl", ".txt"):
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return f"{__version__}-{digest.hexdigest()[:16]}"


def read_manifest(out: Path) -> Manifest:
    """The published store's manifest; an empty one when there is none or it is unreadable."""
    if not has_store(out):
        return Manifest()
    try:
        db = sqlite3.connect(f"file:{store_dir(out) / MANIFEST}?mode=ro", uri=True)
        try:
            meta = dict(db.execute("SELECT name, value FROM meta"))
            digests = dict(db.execute("SELECT slug, digest FROM articles"))
        finally:
            db.close()
    except sqlite3.Error:
        return Manifest()
    return Manifest(meta.get("version", ""), digests, meta.get("outputs", ""))


def _link_or_copy(src: str, dst: str) -> None:
    # RocksDB never rewrites a table file (.sst), so the copy may share them; the rest is copied
    if src.endswith(".sst"):
        try:
            os.link(src, dst)
            return
        except OSError:
            pass
    shutil.copy2(src, dst)


def stage_store(out: Path, staging: Path, fresh: bool) -> Staged:
    """A writable copy of OUT's store in `staging` (empty when `fresh` or there is none)."""
    root = staging / STORE_DIR
    fresh = fresh or not has_store(out)
    if fresh:
        root.mkdir()
    else:
        shutil.copytree(
            oxigraph_path(out),
            root / OXIGRAPH_DIR,
            copy_function=_link_or_copy,
            ignore=shutil.ignore_patterns("LOG", "LOG.old.*", "LOCK"),  # RocksDB's own log
        )
        shutil.copy2(store_dir(out) / MANIFEST, root / MANIFEST)
    return _open(root, ox.Store(str(root / OXIGRAPH_DIR)), str(root / MANIFEST), fresh)


def memory_store() -> Staged:
    """An empty store in memory: the same mechanism for small graphs (kg.graph.build_graph)."""
    return _open(None, ox.Store(), ":memory:", True)


def _open(root: Path | None, store: ox.Store, manifest: str, fresh: bool) -> Staged:
    db = sqlite3.connect(manifest, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")  # the staged copy is thrown away on failure
    db.execute("PRAGMA synchronous=OFF")
    db.executescript(SCHEMA_SQL)
    db.execute("BEGIN")
    return Staged(root, store, db, fresh)


def remove_articles(st: Staged, slugs: Iterable[str], touched: Touched) -> None:
    """Take articles out: their own graphs and rows; what they shared is derived again."""
    db = st.db
    for slug in slugs:
        rows = db.execute("SELECT key FROM entities WHERE slug=?", (slug,))
        touched.keys.update(k for (k,) in rows)
        touched.facts.update(db.execute("SELECT s, p, o FROM facts WHERE slug=?", (slug,)))
        for table in ("articles", "entities", "names", "facts"):
            db.execute(f"DELETE FROM {table} WHERE slug=?", (slug,))  # noqa: S608 - fixed names
        st.store.remove_graph(ox.NamedNode(ARTICLE_BASE + slug))
        touched.articles += 1


def add_article(st: Staged, record: ArticleRecord, touched: Touched) -> None:
    """Put one article's record in: its own triples (loaded in batches) and its rows."""
    db = st.db
    slug = record.slug
    db.execute(
        "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?)",
        (slug, record.identity, record.digest, record.source),
    )
    db.executemany(
        "INSERT INTO entities VALUES (?, ?, ?, ?, ?)", [(slug, *e) for e in record.entities]
    )
    db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?)", [(slug, *n) for n in record.names])
    db.executemany("INSERT INTO facts VALUES (?, ?, ?, ?)", [(slug, *f) for f in record.facts])
    touched.keys.update(e[0] for e in record.entities)
    touched.facts.update(record.facts)
    touched.articles += 1
    st.pending.append(record.quads)
    if len(st.pending) >= _BATCH_ARTICLES:
        _load_pending(st)


def _load_pending(st: Staged) -> None:
    if st.pending:
        data = "".join(st.pending).encode()
        st.pending.clear()
        st.store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
    if st.pending_default:
        data = "".join(st.pending_default).encode()
        st.pending_default.clear()
        st.store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)


def _remove_subject(st: Staged, subject: ox.NamedNode, predicate: ox.NamedNode | None) -> None:
    default = ox.DefaultGraph()
    for quad in list(st.store.quads_for_pattern(subject, predicate, None, default)):
        st.store.remove(quad)


def derive(st: Staged, touched: Touched) -> None:
    """Derive again the shared triples (kg.merge) of every touched key and fact."""
    db, store = st.db, st.store
    _load_pending(st)
    default = ox.DefaultGraph()
    out = st.pending_default
    # facts: present while any article still reads them
    for s, p, o in sorted(touched.facts):
        held = db.execute(
            "SELECT 1 FROM facts WHERE s=? AND p=? AND o=? LIMIT 1", (s, p, o)
        ).fetchone()
        if held:
            out.append(fact_line(s, p, o))
        elif not st.fresh:
            store.remove(
                ox.Quad(_ent(s), ox.NamedNode(str(KG._NS) + p), _ent(o), default)
            )
    # entities: type, label and names, from every article's rows for the key
    keys = sorted(touched.keys)
    claims: dict[str, list[tuple[Claim, int]]] = collections.defaultdict(list)
    uses: dict[str, list[NameUse]] = collections.defaultdict(list)
    for chunk in _chunks(keys, 500):
        marks = ",".join("?" * len(chunk))
        for key, label, cls, wd, n in db.execute(
            "SELECT key, label, type, wikidata, COUNT(*) FROM entities "  # noqa: S608
            f"WHERE key IN ({marks}) GROUP BY key, label, type, wikidata",
            chunk,
        ):
            claims[key].append(((label, cls, wd), n))
        for key, slug, surface, lang, rule in db.execute(
            f"SELECT key, slug, surface, lang, rule FROM names WHERE key IN ({marks})",  # noqa: S608
            chunk,
        ):
            uses[key].append((slug, surface, lang, rule))
    rdf_subject = ox.NamedNode(_RDF + "subject")
    for key in keys:
        if not st.fresh:
            ent = _ent(key)
            for pred in (RDF_TYPE, RDFS_LABEL, OWL_SAME_AS, SKOS_ALT_LABEL):
                _remove_subject(st, ent, ox.NamedNode(pred[1:-1]))
            for quad in list(store.quads_for_pattern(None, rdf_subject, ent, default)):
                record = quad.subject
                if isinstance(record, ox.NamedNode) and record.value.startswith(ARTICLE_BASE):
                    _remove_subject(st, record, None)  # a kg:NameRecord
        if claims.get(key):
            out.append(entity_lines(key, chosen_claim(claims[key])))
            out.append(name_lines(key, uses.get(key, ())))
    # declarations of the vocabulary terms in use
    used = {t for (t,) in db.execute("SELECT DISTINCT type FROM entities")}
    used |= {p for (p,) in db.execute("SELECT DISTINCT p FROM facts")}
    terms = declared_terms(used)
    before = set(json.loads(_meta(db, "declared") or "[]"))
    for term in sorted(before - terms):
        _remove_subject(st, ox.NamedNode(str(KG._NS) + term), None)
    out.append(declaration_lines(terms - before))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('declared', ?)", (json.dumps(sorted(terms)),))
    _load_pending(st)


def _ent(key: str) -> ox.NamedNode:
    return ox.NamedNode(ENTITY_BASE + key)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _meta(db: sqlite3.Connection, name: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE name=?", (name,)).fetchone()
    return str(row[0]) if row else None


def set_meta(st: Staged, name: str, value: str) -> None:
    st.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))


def counts(st: Staged) -> tuple[int, int, int]:
    """Articles, entities (ends and speakers of facts) and distinct facts in the store."""
    db = st.db
    articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    entities = db.execute("SELECT COUNT(DISTINCT key) FROM entities").fetchone()[0]
    facts = db.execute("SELECT COUNT(*) FROM (SELECT DISTINCT s, p, o FROM facts)").fetchone()[0]
    return int(articles), int(entities), int(facts)


def all_triples(store: ox.Store) -> Iterator[ox.Triple]:
    """The graph: every triple of every graph of the store, each once (the graphs share no
    subject), in the store's index order: a function of the content alone."""
    return (q.triple for q in store.quads_for_pattern(None, None, None, None))


def sorted_triples(store: ox.Store) -> list[ox.Triple]:
    """The graph's triples in kg.export's order (for the exports, which sort)."""
    from kg.export import sort_key

    return sorted(all_triples(store), key=sort_key)


def write_turtle(st: Staged, path: Path) -> None:
    from kg.export import PREFIXES

    with path.open("wb") as handle:
        ox.serialize(all_triples(st.store), handle, ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def close(st: Staged) -> None:
    """Commit the manifest and close both, so the folder can be moved into place."""
    _load_pending(st)
    st.db.execute("COMMIT")
    st.db.close()
    st.store.flush()
    st.store = None  # type: ignore[assignment]  # drops the last reference: RocksDB closes
    gc.collect()


def discard_store(st: Staged) -> None:
    with contextlib.suppress(sqlite3.Error):
        st.db.close()
    st.store = None  # type: ignore[assignment]
    gc.collect()
