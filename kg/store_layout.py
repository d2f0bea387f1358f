"""Where a build keeps its store in an output folder (OUT/store/), for readers: what
`kg query OUT` needs to find and check a store without importing the build's side (kg.store,
which imports the extraction's modules and rdflib). kg.store lays the store out so."""

from __future__ import annotations

import sqlite3
from pathlib import Path

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


def read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to the SQLite file at `path` (the manifest), whatever characters
    its path holds (`?` and `#` end a plain `file:` URI's path)."""
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
