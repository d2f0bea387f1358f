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
