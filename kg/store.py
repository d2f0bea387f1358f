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
import io
import os
import shutil
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

from kg.merge import (
    Claim,
    NameGroup,
    NameUse,
    alt_label_lines,
    alt_labels,
    chosen_claim,
    declaration_lines,
    declared_terms,
    entity_lines,
    fact_line,
    name_groups,
    name_record_lines,
    name_records,
)
from kg.model import Unchanged
from kg.nt import turtle_header, turtle_of
from kg.proc import release_memory
from kg.store_layout import (  # one layout for the build and for readers (kg query)
    MANIFEST,
    OXIGRAPH_DIR,
    STORE_DIR,
    has_store,
    oxigraph_path,
    read_only,
    store_dir,
)
from kg.triples import ArticleRecord
from kg.vocab import ARTICLE_BASE, ENTITY_BASE

# ---------------------------------------------------------------- the build's side

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles(
    slug TEXT PRIMARY KEY, identity TEXT NOT NULL, digest TEXT NOT NULL, source TEXT NOT NULL,
    turtle TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files(
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, slug TEXT NOT NULL,
    identity TEXT NOT NULL, digest TEXT NOT NULL, source TEXT NOT NULL, length INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS files_slug ON files(slug);
CREATE TABLE IF NOT EXISTS shared(
    key TEXT PRIMARY KEY, ntriples TEXT NOT NULL, turtle TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entities(
    slug TEXT NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL, type TEXT NOT NULL,
    wikidata TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entities_key ON entities(key);
CREATE INDEX IF NOT EXISTS entities_slug ON entities(slug);
CREATE TABLE IF NOT EXISTS names(
    slug TEXT NOT NULL, key TEXT NOT NULL, surface TEXT NOT NULL, lang TEXT NOT NULL,
    rule TEXT NOT NULL);
-- covering: derive_names and derive read every name of a touched entity (a hub: 100,000s)
CREATE INDEX IF NOT EXISTS names_of_key ON names(key, slug, surface, lang, rule);
CREATE INDEX IF NOT EXISTS names_slug ON names(slug);
CREATE TABLE IF NOT EXISTS article_info(
    slug TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT NOT NULL, publisher TEXT NOT NULL,
    url TEXT NOT NULL, source TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sentences(
    slug TEXT NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY(slug, position));
CREATE TABLE IF NOT EXISTS evidence(
    slug TEXT NOT NULL, s TEXT NOT NULL, p TEXT NOT NULL, o TEXT NOT NULL, record TEXT NOT NULL,
    sentence INTEGER NOT NULL, speaker TEXT NOT NULL, quote TEXT NOT NULL,
    planned INTEGER NOT NULL, confidence TEXT NOT NULL);
-- covering for the page (kg.view_rows): each fact's articles and records, read in order
CREATE INDEX IF NOT EXISTS evidence_fact ON evidence(s, p, o, slug, record);
DROP INDEX IF EXISTS evidence_spo;
CREATE INDEX IF NOT EXISTS evidence_slug ON evidence(slug);
CREATE TABLE IF NOT EXISTS facts(
    s TEXT NOT NULL, p TEXT NOT NULL, o TEXT NOT NULL, records INTEGER NOT NULL,
    PRIMARY KEY(s, p, o)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chosen(
    key TEXT PRIMARY KEY, label TEXT NOT NULL, type TEXT NOT NULL, wikidata TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS alt_labels(key TEXT NOT NULL, text TEXT NOT NULL, lang TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS alt_labels_key ON alt_labels(key);
"""

# Characters of N-Quads gathered before one call of the bulk loader: it writes new files each
# call, which RocksDB then compacts in background threads (fewer calls cost less CPU), and
# holds its whole batch in memory (16M characters: about 40 MB more for a moment, the peak of
# the build's process). 8M: memory flat in N (bench_build) at no measurable cost in time.
_BATCH_CHARS = 8_000_000
# ... but each load's files overlap all earlier ones (Oxigraph's keys are hashes), so RocksDB
# merges them again: with a fixed batch that work grows as N squared (10,000 articles: 84 s of
# CPU in its compaction threads against 2 s for 1,000). So the batch grows with what this run
# has loaded (an eighth of it: from 64M characters loaded, about 1,300 articles), up to
# _BATCH_MAX: fewer loads for a large build, memory bounded (the loader's peak grows with its
# batch: a quarter made 1,000 articles' peak 115 -> 147 MB).
_BATCH_MAX = 64_000_000
# Loads leave RocksDB's files overlapping (the last loads' files are not merged yet when the
# store closes), and a query must read them all: the 10,000-article store answered
# who_urged_whom in 1.18 s as built, 0.64 s after a full compaction (5.7 s). So a build
# compacts the store (beside writing graph.ttl) once this much has been loaded since the last
# compaction, by it or by the builds before it (daily --add runs); a small one does not pay for
# rewriting the whole store.
_COMPACT_FROM = 256_000_000


@dataclass(frozen=True)
class Manifest:
    """What a published store holds: read before any work, to plan the build."""

    version: str = ""
    digests: dict[str, str] = field(default_factory=dict)  # article slug -> content digest
    outputs: str = ""  # fingerprint of the outputs written from it (kind, options)
    # file holding one article (absolute path) -> (size, mtime_ns, its article as stored)
    files: dict[str, tuple[int, int, Unchanged]] = field(default_factory=dict)
    written: str = ""  # the outputs as the run that wrote them left them (kg.build._written)
    read: str = ""  # how its articles were read (kg.build._reading): the size limit


@dataclass
class Touched:
    """What added or removed articles changed: the shared triples to derive again."""

    keys: set[str] = field(default_factory=set)  # entity keys
    articles: set[str] = field(default_factory=set)  # slugs of the articles added or removed
    removed: dict[str, set[str]] = field(default_factory=dict)  # key -> removed slugs naming it
    renamed: set[str] = field(default_factory=set)  # keys whose kept name forms changed


@dataclass
class Staged:
    """A writable copy of the store in the staging folder."""

    store: ox.Store
    db: sqlite3.Connection
    # N-Quads not yet loaded (articles' graphs; derived lines of the default graph, which are
    # N-Triples): in a file beside the store (a staged store), so a batch does not sit in
    # memory while it grows and the loader reads it as a stream; in memory for memory_store
    pending: TextIO = field(default_factory=io.StringIO)
    pending_path: Path | None = None
    pending_chars: int = 0
    loaded_chars: int = 0  # loaded by this run: sets the next batch's size (_batch_full)
    manifest: str = ":memory:"  # the manifest's path, for readers in other processes (share)
    shared: bool = False  # the manifest is in WAL mode (share)


# kg's modules that only read a store or write from it (the page, queries, the server,
# exports, the evaluation): a kg that differs from another only in these keeps the other's
# store, and writes its outputs again (code_version is in kg.build's fingerprint of them). A
# module not named here counts as one that reads, extracts or stores: a new one costs a
# rebuild, never a stale store.
OUTPUT_ONLY = (
    "child.py",
    "cluster.py",
    "evaluate.py",
    "export.py",
    "query.py",
    "query_check.py",
    "query_output.py",
    "serve.py",
    "serve_child.py",
    "static/",
    "validate.py",
    "view.py",
    "view_model.py",
    "view_rows.py",
)
# The ontology's files that no extraction reads: the SHACL shapes (kg validate's).
ONTOLOGY_OUTPUT_ONLY = ("shapes.ttl",)
_SOURCES = (".py", ".tsv", ".ttl", ".txt", ".js", ".css")


@functools.cache
def extractor_version() -> str:
    """kg's version, the code that reads articles, extracts and stores them, and the ontology
    data: a store made by another is extracted again in full."""
    from kg.data import ontology_dir

    return package_version(Path(__file__).parent, ontology_dir(), outputs=False)


@functools.cache
def code_version() -> str:
    """kg's version, all its code (scripts and styles of the page too) and the ontology data:
    outputs written by another are written again from the store."""
    from kg.data import ontology_dir

    return package_version(Path(__file__).parent, ontology_dir(), outputs=True)


def package_version(package: Path, ontology: Path, *, outputs: bool) -> str:
    """A digest of kg's version and the files of `package` (kg's folder; without OUTPUT_ONLY
    unless `outputs`) and `ontology`."""
    from kg import __version__

    digest = hashlib.sha1(__version__.encode())
    for root in (package, ontology):
        for path in sorted(root.rglob("*")):
            name = path.relative_to(root).as_posix()
            if not path.is_file() or path.suffix not in _SOURCES or "__pycache__" in name:
                continue
            if not outputs and name.startswith(
                OUTPUT_ONLY if root == package else ONTOLOGY_OUTPUT_ONLY
            ):
                continue
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return f"{__version__}-{digest.hexdigest()[:16]}"


def read_manifest(out: Path) -> Manifest:
    """The published store's manifest; an empty one when there is none or it is unreadable."""
    if not has_store(out):
        return Manifest()
    try:
        db = read_only(store_dir(out) / MANIFEST)
        try:
            meta = dict(db.execute("SELECT name, value FROM meta"))
            digests = dict(db.execute("SELECT slug, digest FROM articles"))
            files = _files(db)
        finally:
            db.close()
    except sqlite3.Error:
        return Manifest()
    return Manifest(
        meta.get("version", ""),
        digests,
        meta.get("outputs", ""),
        files,
        meta.get("written", ""),
        meta.get("read", ""),
    )


def stored_sources(out: Path, slugs: Iterable[str]) -> dict[str, str]:
    """The source (file name, URL) each of `slugs` was read from, of those the store holds."""
    wanted = sorted(set(slugs))
    if not wanted or not has_store(out):
        return {}
    db = read_only(store_dir(out) / MANIFEST)
    try:
        found: dict[str, str] = {}
        for part in _chunks(wanted, 500):
            marks = ",".join("?" * len(part))
            found.update(
                db.execute(
                    f"SELECT slug, source FROM articles WHERE slug IN ({marks})",  # noqa: S608
                    part,
                )
            )
        return found
    finally:
        db.close()


def _files(db: sqlite3.Connection) -> dict[str, tuple[int, int, Unchanged]]:
    try:
        rows = db.execute(
            "SELECT path, size, mtime_ns, slug, identity, digest, source, length FROM files"
        ).fetchall()
    except sqlite3.OperationalError:  # a store of an older kg: its files are read again
        return {}
    return {
        path: (size, mtime, Unchanged(source, slug, identity, digest, length))
        for path, size, mtime, slug, identity, digest, source, length in rows
    }


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
    st = _open(ox.Store(str(root / OXIGRAPH_DIR)), str(root / MANIFEST))
    st.pending_path = staging / _PENDING
    st.pending = st.pending_path.open("w+", encoding="utf-8")
    return st


# Beside the staged store, not in it: never published.
_PENDING = "pending.nq"


def memory_store() -> Staged:
    """An empty store in memory: the same mechanism for small graphs (kg.graph.build_graph)."""
    return _open(ox.Store(), ":memory:")


def _open(store: ox.Store, manifest: str) -> Staged:
    db = sqlite3.connect(manifest, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")  # the staged copy is thrown away on failure
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-4096")  # 4 MB of pages: bounded memory, few reads
    db.executescript(SCHEMA_SQL)
    db.execute("BEGIN")
    return Staged(store, db, manifest=manifest)


def share(st: Staged) -> Path:
    """Commit the manifest's rows so far and let other processes read them while this one
    goes on writing (SQLite's WAL: a reader keeps the snapshot it began with, the writer is
    not blocked); the manifest's path. close() turns WAL off again: the published manifest is
    one file, readable read-only."""
    st.db.execute("COMMIT")
    st.db.execute("PRAGMA journal_mode=WAL")
    st.shared = True
    st.db.execute("BEGIN")
    return Path(st.manifest)


# The tables that hold rows of each article, by its slug.
_PER_ARTICLE = (
    "articles",
    "entities",
    "names",
    "files",
    "article_info",
    "sentences",
    "evidence",
)


def remove_articles(st: Staged, slugs: Iterable[str], touched: Touched) -> None:
    """Take articles out: their own graphs and rows; what they shared is derived again."""
    db = st.db
    for slug in slugs:
        rows = db.execute("SELECT key FROM entities WHERE slug=?", (slug,))
        touched.keys.update(k for (k,) in rows)
        touched.articles.add(slug)
        for (key,) in db.execute("SELECT DISTINCT key FROM names WHERE slug=?", (slug,)):
            touched.removed.setdefault(key, set()).add(slug)
        told = db.execute(
            "SELECT s, p, o, COUNT(DISTINCT record) FROM evidence WHERE slug=? GROUP BY s, p, o",
            (slug,),
        ).fetchall()
        db.executemany(
            "UPDATE facts SET records = records - ? WHERE s=? AND p=? AND o=?",
            [(n, s, p, o) for s, p, o, n in told],
        )
        for table in _PER_ARTICLE:
            db.execute(f"DELETE FROM {table} WHERE slug=?", (slug,))  # noqa: S608 - fixed names
        st.store.remove_graph(ox.NamedNode(ARTICLE_BASE + slug))
    db.execute("DELETE FROM facts WHERE records <= 0")  # told by no article left


def add_article(st: Staged, record: ArticleRecord, touched: Touched) -> None:
    """Put one article's record in: its own triples (loaded in batches) and its rows."""
    db = st.db
    slug = record.slug
    db.execute(
        "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)",
        (slug, record.identity, record.digest, record.source, record.turtle),
    )
    db.executemany(
        "INSERT INTO entities VALUES (?, ?, ?, ?, ?)", [(slug, *e) for e in record.entities]
    )
    db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?)", [(slug, *n) for n in record.names])
    db.execute(
        "INSERT OR REPLACE INTO article_info VALUES (?, ?, ?, ?, ?, ?)",
        (slug, *record.info, record.source),
    )
    db.executemany("INSERT INTO sentences VALUES (?, ?, ?)", [(slug, *s) for s in record.sentences])
    db.executemany(
        "INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(slug, *e) for e in record.evidence],
    )
    told = collections.Counter((s, p, o) for s, p, o, _rec in {e[:4] for e in record.evidence})
    db.executemany(
        "INSERT INTO facts VALUES (?, ?, ?, ?) "
        "ON CONFLICT(s, p, o) DO UPDATE SET records = records + excluded.records",
        [(*fact, n) for fact, n in sorted(told.items())],
    )
    touched.keys.update(e[0] for e in record.entities)
    touched.articles.add(slug)
    _add_pending(st, record.nquads)
    if _batch_full(st):
        _load_pending(st)


def _batch_full(st: Staged) -> bool:
    return st.pending_chars >= min(_BATCH_MAX, max(_BATCH_CHARS, st.loaded_chars // 8))


def _add_pending(st: Staged, nquads: str) -> None:
    st.pending.write(nquads)
    st.pending_chars += len(nquads)


def record_files(st: Staged, rows: Iterable[tuple[str, int, int, Unchanged]]) -> None:
    """Remember files that hold one article each, by path, size and modification time, so an
    unchanged one is not read again (ReadOptions.unchanged). Only files whose article is in
    the store: one that failed to extract is read again next time."""
    st.db.executemany(
        "INSERT OR REPLACE INTO files SELECT ?, ?, ?, ?, ?, ?, ?, ? "
        "WHERE EXISTS (SELECT 1 FROM articles WHERE slug = ? AND digest = ?)",
        [
            (path, size, mtime, u.slug, u.identity, u.digest, u.source, u.length, u.slug, u.digest)
            for path, size, mtime, u in rows
        ],
    )


def _load_pending(st: Staged) -> None:
    # lenient: the parser skips checking each IRI (a fifth of the loader's CPU, spent in the
    # build's process while the workers extract). The text is kg's own N-Quads, of IRIs kg
    # made or checked before they were written (kg.iri: URLs; kg.lexicon: the gazetteer's).
    if st.pending_chars:
        if st.pending_path is not None:
            st.pending.flush()
            st.store.bulk_load(path=str(st.pending_path), format=ox.RdfFormat.N_QUADS, lenient=True)
        else:
            st.pending.seek(0)
            st.store.bulk_load(input=st.pending.read(), format=ox.RdfFormat.N_QUADS, lenient=True)
        st.pending.seek(0)
        st.pending.truncate()
        st.loaded_chars += st.pending_chars
        st.pending_chars = 0
        release_memory()  # the loader's batch, freed but kept by malloc: flat memory in N


# The key of the shared chunk holding the vocabulary's declarations (entity keys are not empty).
_DECLARATIONS = ""


def derive_names(st: Staged, touched: Touched) -> None:
    """Choose again the label, type and Wikidata id (kg.merge.chosen_claim) and the other
    names of every touched entity key: the rows the view reads (kg.view_rows) and derive
    writes as triples. Manifest rows only; the store is not touched."""
    db = st.db
    for keys in _chunks(sorted(touched.keys), 64):
        claims: dict[str, list[tuple[Claim, int]]] = collections.defaultdict(list)
        marks = ",".join("?" * len(keys))
        for key, label, cls, wd, n in db.execute(
            "SELECT key, label, type, wikidata, COUNT(*) FROM entities "  # noqa: S608
            f"WHERE key IN ({marks}) GROUP BY key, label, type, wikidata",
            keys,
        ):
            claims[key].append(((label, cls, wd), n))
        uses = _name_uses(db, keys)
        alt = {key: alt_labels(name_groups(uses.get(key, ()))) for key in claims}
        for key, text, lang in db.execute(
            f"SELECT key, text, lang FROM alt_labels WHERE key IN ({marks})",  # noqa: S608
            keys,
        ):
            if (text, lang) not in alt.get(key, ()):  # a kept form changed or went
                touched.renamed.add(key)
        db.execute(f"DELETE FROM chosen WHERE key IN ({marks})", keys)  # noqa: S608
        db.execute(f"DELETE FROM alt_labels WHERE key IN ({marks})", keys)  # noqa: S608
        db.executemany(
            "INSERT INTO chosen VALUES (?, ?, ?, ?)",
            [(key, *chosen_claim(found)) for key, found in claims.items()],
        )
        db.executemany(
            "INSERT INTO alt_labels VALUES (?, ?, ?)",
            [(key, *name) for key, names in alt.items() for name in names],
        )


def _name_uses(db: sqlite3.Connection, keys: list[str]) -> dict[str, list[NameUse]]:
    uses: dict[str, list[NameUse]] = collections.defaultdict(list)
    marks = ",".join("?" * len(keys))
    for key, slug, surface, lang, rule in db.execute(
        f"SELECT key, slug, surface, lang, rule FROM names WHERE key IN ({marks})",  # noqa: S608
        keys,
    ):
        uses[key].append((slug, surface, lang, rule))
    return uses


def derive(st: Staged, touched: Touched) -> None:
    """Derive again the shared triples (kg.merge) of every touched entity key, from the rows
    derive_names chose (run it first).

    The default graph is kept as chunks, one for each entity (its type, label, names, name
    records and the facts it is the subject of) and one for the declarations: they share no
    triple, so a chunk is replaced by removing the lines it lost and adding those it gained.
    Each chunk's Turtle is kept beside it, for graph.ttl.
    """
    db = st.db
    _load_pending(st)
    for chunk in _chunks(sorted(touched.keys), 64):  # memory bounded by a chunk, not by N
        _derive_keys(st, chunk, touched)
        if _batch_full(st):
            _load_pending(st)
    _replace_chunk(st, _DECLARATIONS, declarations(db))
    _load_pending(st)


def declarations(db: sqlite3.Connection) -> str:
    """N-Triples of kg.ttl's declarations of the vocabulary terms the articles use (none for
    an empty store): the graph's, and what the view reads of its relations (kg.view_rows)."""
    if db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None:
        return ""
    used = {t for (t,) in db.execute("SELECT DISTINCT type FROM entities")}
    used |= {p for (p,) in db.execute("SELECT DISTINCT p FROM facts")}
    return declaration_lines(declared_terms(used))


def _derive_keys(st: Staged, keys: list[str], touched: Touched) -> None:
    db = st.db
    marks = ",".join("?" * len(keys))
    chosen: dict[str, Claim] = {
        key: (label, cls, wd)
        for key, label, cls, wd in db.execute(
            f"SELECT key, label, type, wikidata FROM chosen WHERE key IN ({marks})",  # noqa: S608
            keys,
        )
    }
    uses = _name_uses(db, keys)
    facts: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for key, p, o in db.execute(
        f"SELECT s, p, o FROM facts WHERE s IN ({marks})",  # noqa: S608
        keys,
    ):
        facts[key].append((p, o))
    for key in keys:
        text = ""
        if key in chosen:
            groups = name_groups(uses.get(key, ()))  # once: a hub's are 100,000s of uses
            slugs = {use[0] for _kept, _lang, group in groups for use in group}
            parts = _parts(len(slugs))
            text = entity_lines(key, chosen[key]) + alt_label_lines(key, groups)
            text += "".join(fact_line(key, p, o) for p, o in sorted(facts.get(key, ())))
            if parts == 1:
                text += name_record_lines(key, groups)
            _replace_parts(st, key, groups, slugs, parts, touched)
        else:
            _replace_parts(st, key, [], set(), 1, touched)
        _replace_chunk(st, key, text)


# A hub entity is named by a large share of all articles, each adding a kg:NameRecord: its
# records are kept in parts, by a hash of the article's slug, so an --add rewrites the parts of
# the articles it adds, not every record (United_States at 100,000 articles: 269,000 lines).
# The parts double as the articles naming the entity pass _PART_ARTICLES per part.
_PART_ARTICLES = 64


def _parts(articles: int) -> int:
    parts = 1
    while articles > _PART_ARTICLES * parts:
        parts *= 2
    return parts


def _part_key(key: str, parts: int, part: int) -> str:
    """The chunk of a part: after the entity's own chunk in graph.ttl (a tab sorts before any
    character of a key)."""
    return f"{key}\t{parts:06d}.{part:06d}"


def _part_of(slug: str, parts: int) -> int:
    return zlib.crc32(slug.encode()) & (parts - 1)


def _replace_parts(
    st: Staged,
    key: str,
    groups: list[NameGroup],
    slugs: set[str],
    parts: int,
    touched: Touched,
) -> None:
    """Write again the parts of `key`'s name records that the touched articles changed: all
    when the number of parts or a kept name form changed (derive_names), none when `parts`
    is 1 (the records are in the entity's own chunk)."""
    found = {
        k
        for (k,) in st.db.execute(
            "SELECT key FROM shared WHERE key > ? AND key < ?", (key + "\t", key + "\n")
        )
    }
    wanted = {_part_key(key, parts, b) for b in range(parts)} if parts > 1 else set()
    for gone in sorted(found - wanted):
        _replace_chunk(st, gone, "")
    if parts == 1:
        return
    part_of = {slug: _part_of(slug, parts) for slug in slugs}
    if key in touched.renamed or not found or not found <= wanted:
        redo = set(range(parts))
    else:
        redo = {part for slug, part in part_of.items() if slug in touched.articles}
        redo |= {_part_of(slug, parts) for slug in touched.removed.get(key, set())}
    texts: dict[int, list[str]] = {part: [] for part in redo}
    # only the records of the parts written again are made (a hub: 100,000s of records)
    for slug, text in name_records(key, groups, lambda slug: part_of[slug] in texts):
        texts[part_of[slug]].append(text)
    for part, lines in sorted(texts.items()):
        _replace_chunk(st, _part_key(key, parts, part), "".join(lines))


def _replace_chunk(st: Staged, key: str, text: str) -> None:
    row = st.db.execute("SELECT ntriples FROM shared WHERE key=?", (key,)).fetchone()
    old = str(row[0]) if row else ""
    if old == text:
        return
    # each text split once: a hub entity's chunk holds a line per article naming it (its
    # kg:NameRecords: 269,000 lines for United_States at 100,000 articles)
    before, after = set(old.splitlines(keepends=True)), set(text.splitlines(keepends=True))
    lost = before - after
    if lost:
        for quad in ox.parse("".join(lost), ox.RdfFormat.N_TRIPLES):
            st.store.remove(quad)
    if text:
        _add_pending(st, "".join(sorted(after - before)))
        st.db.execute(
            "INSERT OR REPLACE INTO shared VALUES (?, ?, ?)", (key, text, turtle_of(text))
        )
    else:
        st.db.execute("DELETE FROM shared WHERE key=?", (key,))


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
    facts = db.execute("SELECT COUNT(*) FROM facts").fetchone()[0]
    return int(articles), int(entities), int(facts)


def all_triples(store: ox.Store) -> Iterator[ox.Triple]:
    """The graph: every triple of every graph of the store, each once (the graphs share no
    subject), in the store's index order: a function of the content alone."""
    return (q.triple for q in store.quads_for_pattern(None, None, None, None))


def write_turtle(st: Staged, path: Path) -> None:
    """graph.ttl from the kept Turtle chunks: the declarations and each entity (by key), then
    each article's own triples (by IRI); the same articles give the same bytes, however the
    store came to hold them."""
    with path.open("wb") as handle:
        handle.write(turtle_header())
        for table, key in (("shared", "key"), ("articles", "slug")):
            rows = st.db.execute(f"SELECT turtle FROM {table} ORDER BY {key}")  # noqa: S608
            for (text,) in rows:
                handle.write(b"\n")
                handle.write(text.encode())


@dataclass
class Compaction:
    seconds: float | None = None  # how long it took; None: not run


@contextlib.contextmanager
def compacting(st: Staged) -> Iterator[Compaction]:
    """Compact the store (Oxigraph's optimize) in a thread while the body runs, when enough
    was loaded since its last compaction to leave it fragmented; the body must not write the
    store."""
    done = Compaction()
    loaded = int(_meta(st.db, "loaded_since_compaction") or 0) + st.loaded_chars
    set_meta(st, "loaded_since_compaction", str(loaded if loaded < _COMPACT_FROM else 0))
    if loaded < _COMPACT_FROM:
        yield done
        return
    failed: list[BaseException] = []

    def work() -> None:
        started = time.perf_counter()
        try:
            st.store.optimize()  # RocksDB's work, without Python's lock
        except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread below
            failed.append(exc)
        done.seconds = time.perf_counter() - started

    thread = threading.Thread(target=work, name="kg-compact")
    thread.start()
    try:
        yield done
    finally:
        thread.join()
    if failed:
        raise failed[0]


def _drop_pending(st: Staged) -> None:
    st.pending.close()
    if st.pending_path is not None:
        st.pending_path.unlink(missing_ok=True)


def close(st: Staged) -> None:
    """Commit the manifest and close both, so the folder can be moved into place."""
    _load_pending(st)
    _drop_pending(st)
    st.db.execute("COMMIT")
    if st.shared:  # its readers have ended: the WAL goes back into the file
        st.db.execute("PRAGMA journal_mode=DELETE")
    st.db.close()
    st.store.flush()
    st.store = None  # type: ignore[assignment]  # drops the last reference: RocksDB closes
    gc.collect()


def discard_store(st: Staged) -> None:
    with contextlib.suppress(OSError):
        _drop_pending(st)
    with contextlib.suppress(sqlite3.Error):
        st.db.close()
    st.store = None  # type: ignore[assignment]
    gc.collect()
