"""Render a kg graph as one self-contained, offline HTML page (vis-network 9 from pyvis).

Nodes are the entities (typed kg:Person, kg:Organization, kg:Country, kg:Location, kg:Event),
facts the plain triples whose predicate is a kg relation; the page draws one line per two
entities that share facts, labelled with the first relation and how many more, and lists them
all in its tooltip and details panel. Each fact carries its kg:Assertion records (sentence,
speaker, article) for the details panel. The page has a legend that is also the filter (entity
types, relations, article dates with articles per day and a play button), a search over names
and aliases, hover tooltips and a details panel pinned by a click that never hides what it
describes. It draws the names itself, by importance and without overlaps (static/view.js).

Layout: communities (igraph Leiden, modularity) are found here and placed together: each
connected part is laid out by Fruchterman-Reingold with links inside a community pulling harder,
and the parts packed in rows; all seeded, so the same graph gives the same page. Up to
`layout_threshold` entities the browser then relaxes that layout with physics; above it the
page only draws. `ViewOptions.focus`/`depth` keep the neighbourhood of one actor, `max_nodes`
the most connected entities.

Two sources give the same page, byte for byte: an rdflib Graph (render_html, render_page) and
a pyoxigraph Store (render_html_store, render_page_store), read as the union of its default
graph and named graphs, as the build keeps its graph (kg.store). One reader makes the model of
the plain values either gives; of the evidence, it reads only that of the facts drawn.

Offline and safe: vis-network's JS (from the pyvis wheel, MIT) and kg's own JS and CSS are
inlined; a Content-Security-Policy allows only those two scripts (by hash) and no fetch at
all. The page holds no entity IRI (nodes are numbered) and no literal web address. Graph text
travels as JSON in a non-executed script element with `<`, `>`, `&` and `/` escaped, and the
page script puts it in the document only as text (textContent) or canvas text, never as markup.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import html
import importlib.util
import json
import math
import random
import re
import sqlite3
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import ViewOptionError
from kg.io import atomic_write_text
from kg.iris import ENTITY_BASE
from kg.proc import collector_paused
from kg.view_model import (
    KINDS,
    TYPES,
    Entity,
    Evidence,
    Fact,
    GraphTriples,
    Model,
    StoreTriples,
    Told,
    Triples,
    local_name,
    read_evidence,
    read_model,
)

if TYPE_CHECKING:
    from pyoxigraph import Store
    from rdflib import Graph

__all__ = [
    "ViewOptions",
    "ViewStats",
    "render_html",
    "render_html_rows",
    "render_html_store",
    "render_page",
    "render_page_rows",
    "render_page_store",
    "Prepared",
    "prepare_rows",
    "write_prepared",
    "view",
]


@dataclass(frozen=True)
class ViewOptions:
    title: str = "kg graph"
    height: str = "100vh"  # CSS height of the whole view, e.g. "100vh", "900px"
    max_evidence: int = 20  # evidence sentences put in the page per fact; the rest are counted
    stabilization_iterations: int = 150  # physics relaxing the layout (small graphs) in the browser
    max_nodes: int | None = None  # keep only the N most connected entities
    # draw at most this many facts, those told by the most records (0: all): a page a browser
    # can open, made in a time and memory that do not grow with the archive
    max_facts: int = 20_000
    focus: str | None = None  # keep one entity (label, alias, key or Wikidata id) ...
    depth: int = 1  # ... and what lies within this many facts of it
    layout_threshold: int = 300  # above this many entities the browser only draws (no physics)


@dataclass(frozen=True)
class ViewStats:
    nodes: int  # entities drawn
    edges: int  # distinct facts drawn
    evidence: int = 0  # kg:Assertion records of the drawn facts
    total_nodes: int = 0  # entities in the graph
    total_edges: int = 0  # facts in the graph
    layout: str = "physics"  # "physics" (in the browser) or "precomputed" (igraph)
    focus: tuple[str, ...] = ()  # labels of the entities --focus matched
    focus_nodes: int = 0  # entities within `depth` of them
    depth: int = 0
    cut: int = 0  # entities left out by max_nodes
    cut_top: tuple[tuple[str, int], ...] = ()  # the most connected of those: (label, facts)
    facts_cut: int = 0  # facts between drawn entities left out by max_facts

    def notes(self) -> list[str]:
        """What the view leaves out and why, one sentence a line (empty when it shows all)."""
        lines = []
        if self.focus:
            steps = f"{self.depth} step{'s' if self.depth != 1 else ''}"
            lines.append(
                f"Focus on {', '.join(self.focus)} and what lies within {steps}: "
                f"{self.focus_nodes:,} of {self.total_nodes:,} entities."
            )
        if self.cut:
            top = ", ".join(
                f"{label} ({n} fact{'s' if n != 1 else ''})" for label, n in self.cut_top
            )
            lines.append(
                f"Kept the {self.nodes:,} most connected entities; left out {self.cut:,}"
                + (f", the most connected of them: {top}." if top else ".")
            )
        if self.facts_cut:
            lines.append(
                f"Kept the {self.edges:,} facts told by the most records; left out "
                f"{self.facts_cut:,} told by fewer (--max-facts)."
            )
        if self.nodes < self.total_nodes or self.edges < self.total_edges:
            lines.append(
                f"Not shown: {self.total_nodes - self.nodes:,} of {self.total_nodes:,} entities "
                f"and {self.total_edges - self.edges:,} of {self.total_edges:,} facts."
            )
        return lines


_CSS_LENGTH = re.compile(r"\d{1,5}(\.\d{1,3})?(px|vh|em|rem|%)")
_LAYOUT_SEED = 7
_EDGE_LENGTH = 150.0  # median edge length of a precomputed layout, in vis canvas pixels
_BETWEEN_WEIGHT = 0.05  # pull of a link between two communities (one inside pulls 1)
_CENTRE_WEIGHT = 1.5  # pull of a community's invisible centre on each of its members
_MIN_SPACING = 36.0  # least median distance from an entity to its nearest neighbour
# Fruchterman-Reingold steps: 250 lays out the same picture as igraph's default 500 (the same
# median link length, nearest-neighbour spacing and community spread on the bench's 566- and
# 635-entity pages and a sparse 900-entity one) in half the time, most of a page's layout
_LAYOUT_STEPS = 250


# ---- the entry points ----


def view(graph_path: Path, out: Path, options: ViewOptions | None = None) -> ViewStats:
    """`kg view`: read any graph file kg wrote (Turtle, N-Triples, JSON-LD, ...) and render it;
    or a build's output folder, from its store's manifest, as the build draws graph.html (an
    archive's graph.ttl takes minutes and gigabytes to parse; its rows, seconds).

    Raises GraphError when the file cannot be read, ViewOptionError on an unusable option.
    """
    from kg.query import load_graph

    opts = options or ViewOptions()
    _check_options(opts)  # before a long parse
    if graph_path.is_dir():
        from kg.store import extractor_version, read_manifest
        from kg.store_layout import MANIFEST, has_store, store_dir

        if has_store(graph_path) and read_manifest(graph_path).version == extractor_version():
            return render_html_manifest(store_dir(graph_path) / MANIFEST, out, opts)
        if (graph_path / "graph.ttl").is_file():  # a store of another kg: its graph file
            graph_path = graph_path / "graph.ttl"
    return render_html(load_graph(graph_path), out, opts)


def render_html(graph: Graph, out: Path, options: ViewOptions | None = None) -> ViewStats:
    """Write the interactive HTML view of `graph` to `out` (atomically); return what it drew.

    Same graph and options give byte-identical output. Raises ViewOptionError on an unusable
    option (a height that is not a CSS length, --focus naming no entity, ...); then nothing
    is written.
    """
    page, stats = render_page(graph, options)
    atomic_write_text(out, page)
    return stats


def render_page(graph: Graph, options: ViewOptions | None = None) -> tuple[str, ViewStats]:
    """The HTML view of `graph` as a string, and what it draws."""
    return _triples_render(GraphTriples(graph), options or ViewOptions())


def render_html_store(store: Store, out: Path, options: ViewOptions | None = None) -> ViewStats:
    """render_html of the graph a pyoxigraph Store holds: the union of its default graph and
    all its named graphs (the build's store, kg.store). The same triples give the same page as
    render_html of an rdflib Graph of them, byte for byte."""
    page, stats = render_page_store(store, options)
    atomic_write_text(out, page)
    return stats


def render_page_store(store: Store, options: ViewOptions | None = None) -> tuple[str, ViewStats]:
    """The HTML view of what `store` holds (all its graphs) as a string, and what it draws."""
    return _triples_render(StoreTriples(store), options or ViewOptions())


def render_html_rows(
    db: sqlite3.Connection, out: Path, options: ViewOptions | None = None
) -> ViewStats:
    """render_html of the graph a build's store holds, read from its manifest's rows
    (kg.view_rows), not from its triples: the same page as render_html_store, quicker."""
    return write_prepared(prepare_rows(db, options), out)


def render_html_manifest(
    manifest: Path, out: Path, options: ViewOptions | None = None
) -> ViewStats:
    """render_html_rows of the manifest file of a build's store (kg.store_layout.MANIFEST),
    opened read-only and read as one snapshot, whatever a build writes meanwhile."""
    from kg.store_layout import read_only

    db = read_only(manifest)
    try:
        db.execute("BEGIN")
        return render_html_rows(db, out, options)
    finally:
        db.close()


def render_page_rows(
    db: sqlite3.Connection, options: ViewOptions | None = None
) -> tuple[str, ViewStats]:
    """The HTML view of a build's store from its manifest (`db`), and what it draws."""
    return _page_of(prepare_rows(db, options))


@dataclass
class Prepared:
    """What a page draws, read and chosen (prepare_rows); laying it out and writing the page
    (write_prepared) need no source any more, so they may run in another process."""

    model: Model
    kept: list[str]
    options: ViewOptions
    focus: _Focus


def prepare_rows(db: sqlite3.Connection, options: ViewOptions | None = None) -> Prepared:
    """Read from a build's manifest (`db`) what its page draws. Raises ViewOptionError on an
    unusable option (--focus naming no entity ...)."""
    from kg.view_rows import read_evidence_rows, read_model_rows, read_ranked_facts

    opts = options or ViewOptions()

    def evidence(model: Model, kept: list[str]) -> None:
        read_evidence_rows(db, model, kept, opts.max_evidence)

    return _prepare(lambda: read_model_rows(db), evidence, opts, lambda: read_ranked_facts(db))


def write_prepared(prepared: Prepared, out: Path) -> ViewStats:
    """Lay out what `prepared` draws and write its page to `out` (atomically)."""
    page, stats = _page_of(prepared)
    atomic_write_text(out, page)
    return stats


def _triples_render(triples: Triples, opts: ViewOptions) -> tuple[str, ViewStats]:
    def evidence(model: Model, kept: list[str]) -> None:
        read_evidence(triples, model, kept)

    return _page_of(_prepare(lambda: read_model(triples), evidence, opts))


@collector_paused()  # the page's JSON: a dict for each of 100,000s of records
def _page_of(prepared: Prepared) -> tuple[str, ViewStats]:
    return _page(prepared.model, prepared.kept, prepared.options, prepared.focus)


@collector_paused()  # millions of strings and tuples read, no cycle among them
def _prepare(
    read: Callable[[], Model],
    evidence: Callable[[Model, list[str]], None],
    opts: ViewOptions,
    ranked: Callable[[], Iterable[Fact]] | None = None,
) -> Prepared:
    """Read and choose what the page draws. `ranked` gives the facts by their records, most
    first, without reading the evidence (a build's rows): the facts are cut first and only the
    evidence of those kept is read; without it (triples) the evidence is read, then the facts
    ranked by it and cut."""
    _check_options(opts)  # before reading
    model = read()
    kept, focus = _select(model, opts)
    if ranked is not None:
        kept, focus = _cut_facts(model, kept, ranked, opts, focus)
        evidence(model, kept)  # most of a graph: read only that of what is drawn
    else:
        evidence(model, kept)

        def by_records() -> list[Fact]:
            told = {fact: told.records for fact, told in model.evidence.items()}
            return sorted(told, key=lambda f: (-told[f], f))

        kept, focus = _cut_facts(model, kept, by_records, opts, focus)
    if focus.facts_cut:
        kept = _with_something_shown(model, kept, focus)
    return Prepared(model, kept, opts, focus)


def _with_something_shown(model: Model, kept: list[str], focus: _Focus) -> list[str]:
    """After a cut of the facts, the entities the page still has something of: a drawn fact, a
    listed record they speak, or the focus. One that only spoke a fact cut would be a dot with
    nothing behind it."""
    kept_set = set(kept)
    shown = {x for s, _p, o in model.facts if s in kept_set and o in kept_set for x in (s, o)}
    shown.update(e.speaker for told in model.evidence.values() for e in told.listed if e.speaker)
    shown.update(focus.roots)
    return [e for e in kept if e in shown]


def _cut_facts(
    model: Model,
    kept: list[str],
    ranked: Callable[[], Iterable[Fact]],
    opts: ViewOptions,
    focus: _Focus,
) -> tuple[list[str], _Focus]:
    """Keep the opts.max_facts facts between `kept` entities told by the most records: the
    first of them in `ranked` (by records, most first, ties in IRI order; asked only when some
    must go), then any it leaves out in IRI order; with --focus, those of the focused entities
    first. The others leave the model (its facts and their evidence), and so do the entities
    they leave without a fact (a cloud of dots is no picture), the focused ones excepted."""
    kept_set = set(kept)
    drawn = {f for f in model.facts if f[0] in kept_set and f[2] in kept_set}
    if not opts.max_facts or len(drawn) <= opts.max_facts:
        return kept, focus
    roots = set(focus.roots)
    first: list[Fact] = []  # of the focused entities, by records
    rest: list[Fact] = []
    for fact in ranked():
        if fact in drawn:
            (first if fact[0] in roots or fact[2] in roots else rest).append(fact)
            if len(first) == opts.max_facts:
                break
    keep = set(first + rest[: max(0, opts.max_facts - len(first))])
    if len(keep) < opts.max_facts:  # facts told by no record
        keep.update(sorted(drawn - keep)[: opts.max_facts - len(keep)])
    out = drawn - keep
    model.facts = [f for f in model.facts if f not in out]
    model.evidence = {f: found for f, found in model.evidence.items() if f not in out}
    ends = {s for s, _p, _o in keep} | {o for _s, _p, o in keep} | roots
    lonely = {x for f in out for x in (f[0], f[2])} - ends
    return [e for e in kept if e not in lonely], replace(focus, facts_cut=len(out))


def _check_options(opts: ViewOptions) -> None:
    if not _CSS_LENGTH.fullmatch(opts.height):
        raise ViewOptionError(
            "height", f"{opts.height!r} is not a CSS length; give one like '900px' or '100vh'"
        )
    if opts.max_nodes is not None and opts.max_nodes < 1:
        raise ViewOptionError("max-nodes", f"{opts.max_nodes} is too small; give 1 or more")
    if opts.depth < 0:
        raise ViewOptionError("depth", f"{opts.depth} is negative; give 0 or more")
    if opts.focus is not None and not _fold(opts.focus):
        raise ViewOptionError("focus", "the name is empty; give an entity's name or alias")
    if opts.max_facts < 0:
        raise ViewOptionError("max-facts", f"{opts.max_facts} is negative; give 0 (all) or more")
    if opts.max_evidence < 0:
        raise ViewOptionError("max-evidence", f"{opts.max_evidence} is negative; give 0 or more")
    if opts.stabilization_iterations < 1:
        raise ViewOptionError(
            "stabilization-iterations", f"{opts.stabilization_iterations} is too small; give 1+"
        )
    if opts.layout_threshold < 0:
        raise ViewOptionError("layout-threshold", f"{opts.layout_threshold} is negative")


# ---- choosing what to draw ----


def _fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name, as the page's search folds it."""
    decomposed = unicodedata.normalize("NFKD", text)
    # the same steps as fold() in static/view.js: marks (\p{M}) dropped, lower() not casefold()
    stripped = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return " ".join(stripped.lower().split())


@dataclass(frozen=True)
class _Focus:
    labels: tuple[str, ...] = ()
    roots: tuple[str, ...] = ()  # the entities --focus named (IRIs)
    nodes: int = 0
    cut: int = 0
    cut_top: tuple[tuple[str, int], ...] = ()
    facts_cut: int = 0


def _names(ent: Entity) -> Iterable[tuple[int, str]]:
    """(rank, name): the label first, then aliases, key and Wikidata ids."""
    yield 0, ent.label
    for text, _lang in ent.alt_labels:
        yield 1, text
    yield 1, local_name(ent.iri).replace("_", " ")
    for qid in ent.wikidata:
        yield 1, qid


def _match_focus(entities: dict[str, Entity], name: str) -> list[str]:
    # an entity's IRI, whole or as kg query prints it (ent:NATO)
    given = name.strip()
    iri = ENTITY_BASE + given.removeprefix("ent:") if given.startswith("ent:") else given
    if iri in entities:
        return [iri]
    wanted = _fold(name)
    best: dict[int, list[str]] = defaultdict(list)
    for iri, ent in entities.items():
        ranks = [rank for rank, text in _names(ent) if _fold(text) == wanted]
        if ranks:
            best[min(ranks)].append(iri)
    if best:
        return sorted(best[min(best)])
    known: dict[str, str] = {}
    for ent in sorted(entities.values(), key=lambda e: (-e.degree, e.label)):
        for _rank, text in _names(ent):
            known.setdefault(
                _fold(text), repr(text) + (f" ({ent.label})" if text != ent.label else "")
            )
    # names that hold the name given as a word ("Kim": Kim Jong Un), then names spelt alike
    words = [known[k] for k in sorted(known) if wanted in k.split()][:3]
    close = words or [
        known[k] for k in difflib.get_close_matches(wanted, sorted(known), n=3, cutoff=0.6)
    ]
    hint = f" Did you mean {' or '.join(close)}?" if close else ""
    raise ViewOptionError(
        "focus",
        f"no entity in the graph is named {name!r} (labels, aliases and Wikidata ids were "
        f"searched).{hint} Give the name of an entity in the graph.",
    )


def _select(model: Model, opts: ViewOptions) -> tuple[list[str], _Focus]:
    """The entities to draw, in IRI order, and what focus and max_nodes did."""
    entities = model.entities
    keep = set(entities)
    roots: list[str] = []
    distance: dict[str, int] = {}  # from the focused entities
    if opts.focus is not None:
        roots = _match_focus(entities, opts.focus)
        neighbours: defaultdict[str, set[str]] = defaultdict(set)
        for s, _p, o in model.facts:
            neighbours[s].add(o)
            neighbours[o].add(s)
        distance = dict.fromkeys(roots, 0)
        queue = deque(roots)
        while queue:
            here = queue.popleft()
            if distance[here] == opts.depth:
                continue
            for there in sorted(neighbours[here]):
                if there not in distance:
                    distance[there] = distance[here] + 1
                    queue.append(there)
        keep = set(distance)
    in_focus = len(keep)
    cut: list[str] = []
    if opts.max_nodes is not None and len(keep) > opts.max_nodes:
        root_set = set(roots)
        ranked = sorted(  # with --focus, the nearest first
            keep,
            key=lambda i: (
                i not in root_set,
                distance.get(i, 0),
                -entities[i].degree,
                entities[i].label,
                str(i),
            ),
        )
        keep = set(ranked[: opts.max_nodes])
        cut = ranked[opts.max_nodes :]
    focus = _Focus(
        labels=tuple(entities[r].label for r in roots),
        roots=tuple(roots),
        nodes=in_focus if roots else 0,
        cut=len(cut),
        cut_top=tuple((entities[i].label, entities[i].degree) for i in cut[:5]),
    )
    return sorted(keep), focus


# ---- communities, layout and ranking (igraph) ----


@contextmanager
def _seeded() -> Iterator[None]:
    """igraph's random numbers from a seeded generator: the same graph gives the same page."""
    import igraph

    igraph.set_random_number_generator(random.Random(_LAYOUT_SEED))
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)


def _links(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The distinct undirected links between two different entities, sorted."""
    return sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b})


def _communities(n: int, links: list[tuple[int, int]]) -> list[int]:
    """Leiden communities (modularity), seeded; numbered by size, largest first."""
    if not links:
        return list(range(n))
    import igraph

    with _seeded():
        found = igraph.Graph(n=n, edges=links).community_leiden(
            objective_function="modularity", n_iterations=-1
        )
    membership: list[int] = list(found.membership)
    size = Counter(membership)
    first: dict[int, int] = {}
    for k, c in enumerate(membership):
        first.setdefault(c, k)
    order = sorted(size, key=lambda c: (-size[c], first[c]))
    number = {c: i for i, c in enumerate(order)}
    return [number[c] for c in membership]


def _layout(n: int, links: list[tuple[int, int]], community: list[int]) -> list[tuple[int, int]]:
    """Positions that keep communities together: each connected part laid out on its own by
    Fruchterman-Reingold, with links inside a community pulling harder than links between
    communities and an invisible centre per community that its members are tied to; the parts
    packed in rows, biggest first; a typical link _EDGE_LENGTH long. Seeded."""
    if not n:
        return []
    import igraph

    parts = igraph.Graph(n=n, edges=links).connected_components().membership
    members: defaultdict[int, list[int]] = defaultdict(list)
    for k, part in enumerate(parts):
        members[part].append(k)
    part_links: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b in links:
        part_links[parts[a]].append((a, b))
    boxes = []
    for part in sorted(members, key=lambda c: (-len(members[c]), members[c][0])):
        boxes.append(_part_layout(members[part], part_links[part], community))
    return _pack(boxes, n)


def _part_layout(
    nodes: list[int], links: list[tuple[int, int]], community: list[int]
) -> list[tuple[int, float, float]]:
    """(entity, x, y) for one connected part, centred on 0, 0 and scaled to _EDGE_LENGTH."""
    if len(nodes) == 1:
        return [(nodes[0], 0.0, 0.0)]
    import igraph

    local = {k: i for i, k in enumerate(nodes)}
    groups = sorted({community[k] for k in nodes})
    centre = {c: len(nodes) + i for i, c in enumerate(groups)}
    edges = [(local[a], local[b]) for a, b in links]
    weights = [1.0 if community[a] == community[b] else _BETWEEN_WEIGHT for a, b in links]
    if len(groups) > 1:
        edges += [(local[k], centre[community[k]]) for k in nodes]
        weights += [_CENTRE_WEIGHT] * len(nodes)
    graph = igraph.Graph(n=len(nodes) + (len(groups) if len(groups) > 1 else 0), edges=edges)
    with _seeded():
        coords = graph.layout_fruchterman_reingold(
            weights=weights, niter=_LAYOUT_STEPS, grid="auto"
        ).coords
    lengths = sorted(math.dist(coords[local[a]], coords[local[b]]) for a, b in links)
    median = lengths[len(lengths) // 2] if lengths else 0.0
    scale = _EDGE_LENGTH / median if median > 0 else 1.0
    spacing = _nearest_median([coords[i] for i in range(len(nodes))]) * scale
    if 0 < spacing < _MIN_SPACING:  # dense hub-and-spoke parts: spread until nodes have room
        scale *= _MIN_SPACING / spacing
    cx = sum(coords[i][0] for i in range(len(nodes))) / len(nodes)
    cy = sum(coords[i][1] for i in range(len(nodes))) / len(nodes)
    return [(k, (coords[i][0] - cx) * scale, (coords[i][1] - cy) * scale) for k, i in local.items()]


def _nearest_median(points: list[tuple[float, float]]) -> float:
    """The median distance from a point to its nearest neighbour (a grid finds it)."""
    if len(points) < 2:
        return 0.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    cell = max(max(xs) - min(xs), max(ys) - min(ys)) / math.sqrt(len(points)) or 1.0
    grid: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (x, y) in enumerate(points):
        grid[(int(x // cell), int(y // cell))].append(i)
    nearest = []
    for i, (x, y) in enumerate(points):
        gx, gy, best, ring = int(x // cell), int(y // cell), math.inf, 0
        while best > ring * cell:  # a point farther than ring * cell may hide in the next ring
            ring += 1
            for cx in range(gx - ring, gx + ring + 1):
                for cy in range(gy - ring, gy + ring + 1):
                    for j in grid.get((cx, cy), ()):
                        if j != i:
                            best = min(best, math.dist(points[i], points[j]))
        nearest.append(best)
    nearest.sort()
    return nearest[len(nearest) // 2]


def _pack(boxes: list[list[tuple[int, float, float]]], n: int) -> list[tuple[int, int]]:
    """Place laid-out parts in rows (about as wide as a screen is wide), centred on 0, 0."""
    sized = []
    for box in boxes:
        xs, ys = [x for _k, x, _y in box], [y for _k, _x, y in box]
        sized.append((box, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    gap = _EDGE_LENGTH
    area = sum((w + gap) * (h + gap) for _b, _x, _y, w, h in sized)
    row_width = max(max(w for _b, _x, _y, w, _h in sized), math.sqrt(area * 1.6))
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * n
    x = y = row_height = 0.0
    for box, left, top, w, h in sized:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for k, bx, by in box:
            positions[k] = (x + bx - left, y + by - top)
        x += w + gap
        row_height = max(row_height, h)
    cx = (min(p[0] for p in positions) + max(p[0] for p in positions)) / 2
    cy = (min(p[1] for p in positions) + max(p[1] for p in positions)) / 2
    return [(round(px - cx), round(py - cy)) for px, py in positions]


def _pagerank(n: int, pairs: list[tuple[int, int]]) -> list[float]:
    if not n:
        return []
    import igraph

    graph = igraph.Graph(n=n, edges=pairs, directed=True)
    return [float(v) for v in graph.pagerank(directed=True)]


# ---- the page ----


def _page(model: Model, kept: list[str], opts: ViewOptions, focus: _Focus) -> tuple[str, ViewStats]:
    index = {iri: i for i, iri in enumerate(kept)}
    facts = [f for f in model.facts if f[0] in index and f[2] in index]
    pairs = [(index[s], index[o]) for s, _p, o in facts]
    precomputed = len(kept) > opts.layout_threshold
    links = _links(pairs)
    community = _communities(len(kept), links)
    positions = _layout(len(kept), links, community)
    ranks = _pagerank(len(kept), pairs)
    top_rank = max(ranks, default=0.0) or 1.0

    nodes = []
    for i, iri in enumerate(kept):
        ent = model.entities[iri]
        node: dict[str, object] = {
            "l": ent.label,
            "t": ent.type_index,
            "d": ent.degree,
            "s": round(min(10 + 4 * math.sqrt(ent.degree), 48), 1),
            "p": round(10 + 34 * math.sqrt(ranks[i] / top_rank), 1),
            "a": [[text, lang] for text, lang in ent.alt_labels],
            "q": ent.wikidata,
            "c": community[i],
            "x": positions[i][0],
            "y": positions[i][1],
        }
        nodes.append(node)

    rel_order = sorted({f[1] for f in facts}, key=lambda p: (model.relations[p][0], str(p)))
    rel_index = {p: i for i, p in enumerate(rel_order)}
    sentences: dict[object, int] = {}
    articles: dict[str, int] = {}
    evidence_out: list[dict[str, object]] = []
    edges = []
    all_dates: set[str] = set()
    n_records = 0
    shown_articles: set[object] = set()
    for s, p, o in facts:
        told = model.evidence.get((s, p, o), _NOT_TOLD)
        n_records += told.records
        shown_articles |= told.articles
        all_dates.update(told.dates)
        listed = []
        for r in told.listed[: opts.max_evidence]:
            listed.append(len(evidence_out))
            evidence_out.append(_evidence_json(r, sentences, articles, index))
        edges.append(
            {
                "f": index[s],
                "t": index[o],
                "r": rel_index[p],
                "n": len(told.sources),
                "c": told.records,
                "v": listed,
                "d": list(told.dates),
            }
        )

    art_rows: list[dict[str, str]] = [{}] * len(articles)
    for art_iri, i in articles.items():
        a = model.articles[art_iri]
        row = {"t": a.title, "d": a.date, "p": a.publisher, "u": a.url, "f": a.source_file}
        art_rows[i] = {k: v for k, v in row.items() if v}
    date_range = [min(all_dates), max(all_dates)] if all_dates else []
    per_day = Counter(model.articles[a].date for a in shown_articles if a in model.articles)
    data = {
        "meta": {
            "layout": "fixed" if precomputed else "physics",
            "iterations": opts.stabilization_iterations,
            "dates": date_range,
            "days": [[day, per_day[day]] for day in sorted(per_day) if day],
            "focus": [index[r] for r in focus.roots if r in index],  # selected once drawn
        },
        "comms": _community_names(model, kept, community),
        "types": [list(t[1:]) for t in TYPES],
        "kinds": [list(k) for k in KINDS],
        "rels": [
            [model.relations[p][0], model.relations[p][1], int(model.relations[p][2])]
            for p in rel_order
        ],
        "nodes": nodes,
        "edges": edges,
        "ev": evidence_out,
        "sents": [t for t, _i in sorted(sentences.items(), key=lambda item: item[1])],
        "arts": art_rows,
    }
    stats = ViewStats(
        nodes=len(kept),
        edges=len(facts),
        evidence=n_records,
        total_nodes=len(model.entities),
        total_edges=len(model.facts) + focus.facts_cut,
        layout="precomputed" if precomputed else "physics",
        focus=focus.labels,
        focus_nodes=focus.nodes,
        depth=opts.depth if focus.labels else 0,
        cut=focus.cut,
        cut_top=focus.cut_top,
        facts_cut=focus.facts_cut,
    )
    summary = (
        f"{len(kept):,} entit{'y' if len(kept) == 1 else 'ies'} \u00b7 "
        f"{len(facts):,} fact{'' if len(facts) == 1 else 's'} \u00b7 "
        f"{n_records:,} evidence sentence{'' if n_records == 1 else 's'} from "
        f"{len(shown_articles):,} article{'' if len(shown_articles) == 1 else 's'}"
    )
    if date_range:
        dated = sum(1 for a in shown_articles if a in model.articles and model.articles[a].date)
        summary += (
            " dated " if dated == len(shown_articles) else f", {dated:,} of them dated "
        ) + (date_range[0] if date_range[0] == date_range[1] else " to ".join(date_range))
    data_json = _script_json(data)  # escapes every `<` and `/`: no markup, no web address
    _check_offline(_assemble(opts, summary, stats.notes(), ""))  # the rest of the page
    return _assemble(opts, summary, stats.notes(), data_json), stats


_NOT_TOLD = Told([], 0, frozenset(), frozenset(), ())


def _community_names(model: Model, kept: list[str], community: list[int]) -> list[list[object]]:
    """[name, size] of each community: its most connected entity names it."""
    best: dict[int, tuple[int, str]] = {}
    size: Counter[int] = Counter(community)
    for iri, c in zip(kept, community, strict=True):
        ent = model.entities[iri]
        if c not in best or (-ent.degree, ent.label) < (-best[c][0], best[c][1]):
            best[c] = (ent.degree, ent.label)
    return [[best[c][1], size[c]] for c in range(len(size))]


def _evidence_json(
    record: Evidence,
    sentences: dict[object, int],
    articles: dict[str, int],
    index: dict[str, int],
) -> dict[str, object]:
    out: dict[str, object] = {"s": -1, "a": -1}
    if record.sentence_text:
        out["s"] = sentences.setdefault(record.sentence_text, len(sentences))
    if record.article is not None:
        out["a"] = articles.setdefault(record.article, len(articles))
    if record.speaker_label:
        out["p"] = record.speaker_label
        out["pn"] = index.get(record.speaker, -1) if record.speaker is not None else -1
    if record.quote:
        out["q"] = record.quote
    if record.planned:
        out["pl"] = 1
    if record.confidence:
        out["c"] = record.confidence
    return out


def _script_json(value: object) -> str:
    """JSON safe inside <script>: no `<`, `>`, `&` or `/` (so no `</script>`, no web address)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("/", "\\/"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def warm_up() -> None:
    """Load what drawing a page needs (igraph, the page's scripts and styles), so a process
    that waits to draw one (the build's graph.html process, kg.child.standby_child) has it
    ready when its rows are."""
    import igraph  # noqa: F401

    import kg.view_rows  # noqa: F401

    _vis_script()
    _static("view.js")
    _static("view.css")


@cache
def _static(name: str) -> str:
    return (resources.files("kg") / "static" / name).read_text(encoding="utf-8")


# vis-network 9.1.2 as the pyvis wheel ships it (pyvis is kg's dependency for this file).
_VIS_NETWORK = ("pyvis", "lib/vis-9.1.2/vis-network.min.js")


@cache
def _vis_script() -> str:
    """vis-network with its MIT notice; `http://` written `http:\\/\\/` (same string in JS)."""
    package, path = _VIS_NETWORK
    notice = _static("LICENSE-vis-network.txt").replace("*/", "* /")
    # the file is found without importing the package (pyvis imports networkx: 0.7 s)
    spec = importlib.util.find_spec(package.split(".")[0])
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{package} is not installed; reinstall kg")
    root = Path(next(iter(spec.submodule_search_locations)))
    inner = package.split(".")[1:]
    source = root.joinpath(*inner, path).read_text(encoding="utf-8")
    vis = re.sub(r"(?i)\b(https?:)//", r"\1\\/\\/", source)
    return f"/*\n{notice}*/\n{vis}"


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _assemble(opts: ViewOptions, summary: str, notes: list[str], data: str) -> str:
    vis, app = _vis_script(), _static("view.js")
    for script in (vis, app, data):
        if re.search(r"(?i)</script|<!--", script):
            raise RuntimeError("a script of the page would end its element early")
    csp = (
        f"default-src 'none'; script-src {_csp_hash(vis)} {_csp_hash(app)}; "
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    notes_html = (
        '<ul id="kg-notes">' + "".join(f"<li>{_esc(n)}</li>" for n in notes) + "</ul>"
        if notes
        else ""
    )
    css = _static("view.css") + f":root {{ --kg-height: {opts.height}; }}\n"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(opts.title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        '<div id="kg-app">\n<header id="kg-header"><div class="kg-titles">'
        f'<h1>{_esc(opts.title)}</h1><p id="kg-summary">{_esc(summary)}</p>{notes_html}</div>\n'
        '<div id="kg-search-box" role="search"><input id="kg-search" type="search" '
        'placeholder="Search a name or alias  ( / )" autocomplete="off" spellcheck="false" '
        'aria-label="Search entities by name or alias" aria-controls="kg-suggest">'
        '<ul id="kg-suggest" role="listbox" hidden></ul></div>\n</header>\n'
        '<nav id="kg-side" aria-label="Legend and filters"><div id="kg-filters"></div>'
        '<p id="kg-status" role="status"></p></nav>\n'
        '<main id="kg-main"><div id="kg-canvas"></div><div id="kg-loading">Loading\u2026</div>'
        '<aside id="kg-details" aria-label="Details" hidden></aside></main>\n</div>\n'
        '<div id="kg-tip" role="tooltip" hidden></div>\n'
        "<noscript><p>This view needs JavaScript, which runs only inside this file.</p>"
        "</noscript>\n"
        f'<script id="kg-data" type="application/json">{data}</script>\n'
        f"<script>{vis}</script>\n<script>{app}</script>\n</body>\n</html>\n"
    )


class _RemoteRefFinder(HTMLParser):
    """Collects src/href attributes of real tags (script and style bodies are not parsed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value is not None:
                self.refs.append(f"<{tag} {name}={value!r}>")


def _check_offline(page: str) -> None:
    literal = re.search(r"(?i)\bhttps?://.{0,40}", page)
    if literal:
        raise RuntimeError(f"page holds a web address: {literal.group(0)!r}")
    finder = _RemoteRefFinder()
    finder.feed(page)
    finder.close()
    if finder.refs:
        raise RuntimeError(f"page would load resources: {finder.refs[:3]}")
