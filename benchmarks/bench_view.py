"""Benchmark of the HTML view: build time, page size and time-to-stable in Chromium.

    python benchmarks/bench_view.py                 # 1k, 5k and 20k entities
    python benchmarks/bench_view.py 1000 5000       # other sizes
    python benchmarks/bench_view.py --physics 1000  # force the in-browser physics layout
    python benchmarks/bench_view.py --keep DIR 5000 # keep DIR/graph5000.html (for screenshots)
    python benchmarks/bench_view.py --store 2000 20000           # rdflib Graph vs Oxigraph store
    python benchmarks/bench_view.py --store --copies 120 OUT/graph.ttl  # a build, 120 times over

For each size it makes a synthetic news archive as extractions (kg.model.Extraction: typed
entities with aliases and Wikidata ids, facts with speakers and quotes, sentences, dated
articles), about two facts per entity with a few hub entities as in real news, and puts them
through kg's own mechanism, as `kg build` does after extraction (kg.triples.article_record,
kg.store in memory: add_article, derive_names, derive), so the graph is exactly one kg makes
(GRAPH_MODEL.md: kg:Assertion records, name records, declarations); it writes graph.ttl as the
build does (kg.store.write_turtle), then prints:

- ttl: size of graph.ttl; parse: reading it with rdflib (the first half of `kg view`);
- render: kg.view.render_html on the parsed graph (selection, layout, pagerank, page);
- html: size of the page;
- stable: from navigation start until the page says it is laid out and drawn
  (window.kgView.readyMs), in headless Chromium (/usr/bin/chromium, --disable-gpu,
  every network request aborted);
- frame: time to draw one frame of the whole graph afterwards (beforeDrawing..afterDrawing);
- filter: time to apply one filter click (untick the Person type) and draw it;
- search: from typing a name and Enter until the node is selected and the zoom has ended;
- labels: names the page drew in its first view (by importance, none overlapping), and
  whether they include the ten most connected entities.

`--store` compares the two sources of the page instead (no browser): the same graph read from
an rdflib Graph (render_page) and from an on-disk Oxigraph store laid out as the build's
(kg.store: each article's own triples in its named graph; render_page_store). The graph is the
synthetic one of each size, or `--copies K GRAPH.ttl`: K copies of a graph kg built, each with
its own articles and two thirds of the entities renamed into one of ten groups. Each figure
comes from a fresh process (peak memory is that process's maximum resident size):

- triples: in the graph; load: bulk-loading the store (once, as a build would have written it);
- parse: reading graph.ttl with rdflib (what `kg view` does first; a build has the graph);
- page: render_page / render_page_store with default options (reading, layout, page): wall
  and CPU seconds, and the peak memory of the process (for rdflib: the parsed graph too);
- top: the same with max_nodes=200 (the store reads only the evidence of what is drawn);
- same: whether the two sources gave byte-identical pages.

Figures are printed, never asserted: they depend on the machine. The browser figures need
Python playwright and Debian's chromium (no browser download).
"""

from __future__ import annotations

import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from kg.model import Article, EntityRef, Extraction, Fact, Sentence
from kg.store import (
    Staged,
    Touched,
    add_article,
    derive,
    derive_names,
    discard_store,
    memory_store,
    write_turtle,
)
from kg.triples import article_record
from kg.view import ViewOptions, render_html, render_page, render_page_store
from kg.vocab import ARTICLE_BASE, ENTITY_BASE

CHROMIUM = "/usr/bin/chromium"
TYPES = ("Person", "Person", "Person", "Organization", "Country", "Location", "Event")
RELATIONS = (
    "urged", "asked", "visited", "metWith", "invited", "thanked", "supported", "cooperatedWith",
    "signedAgreementWith", "providedAidTo", "criticized", "rejected", "threatened", "provoked",
    "disputesWith", "sanctioned", "attacked", "respondedTo", "leads", "officialOf", "memberOf",
)  # fmt: skip
SYLLABLES = "ka ri to na me su lo ba di ne ra wi ja ko se ma tu pe gi ha yo".split()


def _name(rng: random.Random, n: int) -> str:
    words = [
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
        for _ in range(rng.randint(1, 3))
    ]
    return " ".join(words) + f" {n}"


def synthetic_extractions(
    n_entities: int, seed: int = 1, outlets: Sequence[str] = ("bench.example",)
) -> Iterator[Extraction]:
    """The extractions of a synthetic news archive, 8 facts an article: about 2 facts per
    entity, preferential attachment giving a few hubs as news does, and a fact reported again
    by a later article now and then. Each article's publisher is one of `outlets` (by a hash
    of its file name)."""
    rng = random.Random(seed)
    refs = []
    for i in range(n_entities):
        label = _name(rng, i)
        refs.append(
            EntityRef(
                key=label.replace(" ", "_"),
                label=label,
                type=rng.choice(TYPES),
                wikidata=f"Q{1000 + i}" if rng.random() < 0.3 else None,
            )
        )
    targets = list(range(min(10, n_entities)))
    facts: list[tuple[int, str, int]] = []
    for i in range(n_entities):
        for _ in range(2 if i else 0):
            j = rng.choice(targets) if rng.random() < 0.7 else rng.randrange(n_entities)
            if j != i:
                facts.append((i, rng.choice(RELATIONS), j))
                targets.extend((i, j))
    # A fact reported again by another article now and then: edges with counts.
    facts += [rng.choice(facts) for _ in range(len(facts) // 5)]
    per_article = 8
    for a, start in enumerate(range(0, len(facts), per_article)):
        chunk = facts[start : start + per_article]
        day = 1 + a % 365
        date = f"2023-{1 + (day - 1) // 31 % 12:02d}-{1 + (day - 1) % 28:02d}"
        sentences, our_facts, used = [], [], set()
        for k, (s, p, o) in enumerate(chunk, 1):
            text = (
                f"{refs[s].label} {p} {refs[o].label} on {date}, the agency reported "
                f"after a long meeting in the capital (sentence {k} of article {a})."
            )
            sentences.append(Sentence(index=k, text=text, paragraph=k, language="id"))
            speaker = refs[s].key if rng.random() < 0.3 else None
            our_facts.append(
                Fact(
                    subject=refs[s].key,
                    predicate=p,
                    object=refs[o].key,
                    sentence=k,
                    confidence=round(0.5 + rng.random() / 2, 3),
                    extractor="id.verb",
                    speaker=speaker,
                    quote=text[:60] if speaker else None,
                    planned=rng.random() < 0.05,
                )
            )
            used |= {s, o}
        # an alias (the first word of the name) for two entities in three
        forms = tuple(
            (refs[e].key, refs[e].label.split()[0], "id", "gazetteer short (ontology/gazetteer)")
            for e in sorted(used)
            if e % 3
        )
        source = f"synthetic_{a:06d}.txt"
        article = Article(
            source=source,
            text="\n\n".join(s.text for s in sentences),
            title=f"Synthetic article {a}",
            date=date,
            publisher=outlets[zlib.crc32(source.encode()) % len(outlets)],
            language="id",
        )
        yield Extraction(
            article=article,
            sentences=tuple(sentences),
            entities=tuple(refs[e] for e in sorted(used)),
            surface_forms=forms,
            facts=tuple(our_facts),
        )


def synthetic_store(
    n_entities: int,
    st: Staged | None = None,
    seed: int = 1,
    outlets: Sequence[str] = ("bench.example",),
) -> Staged:
    """The synthetic archive (synthetic_extractions) put in a store by kg's own mechanism, as
    `kg build` puts its extractions: kg.triples.article_record of each, kg.store.add_article,
    derive_names, derive. In `st` (e.g. kg.store.stage_store's), else in memory."""
    st = st if st is not None else memory_store()
    touched = Touched()
    for extraction in synthetic_extractions(n_entities, seed, outlets):
        add_article(st, article_record(extraction), touched)
    derive_names(st, touched)
    derive(st, touched)
    return st


def write_synthetic(n_entities: int, path: Path) -> None:
    """graph.ttl of the synthetic archive, as `kg build` writes it (kg.store.write_turtle)."""
    st = synthetic_store(n_entities)
    try:
        write_turtle(st, path)
    finally:
        discard_store(st)


def _wait(page: Any, js: str, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while not page.evaluate(js):
        if time.monotonic() > deadline:
            raise TimeoutError(js)
        page.wait_for_timeout(25)


def browser_figures(browser: Any, html: Path, search: str) -> dict[str, float]:
    url = html.resolve().as_uri()
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url, timeout=600_000)
        _wait(page, "() => !!window.kgView && window.kgView.ready")
        stable = page.evaluate("() => window.kgView.readyMs") / 1000
        first_view = page.evaluate("""() => {
            const v = window.kgView, D = JSON.parse(document.getElementById('kg-data').textContent);
            const top = D.nodes.map((n, k) => k).sort((a, b) => D.nodes[b].d - D.nodes[a].d)
                .slice(0, 10);
            const named = new Set((v.labels || []).map(l => l.id));
            return {labels: named.size, top10: top.filter(k => named.has(k)).length}; }""")
        frame = page.evaluate("""() => new Promise(done => {
            const n = window.kgView.network; let t0 = 0;
            n.once('beforeDrawing', () => { t0 = performance.now(); });
            n.once('afterDrawing', () => done(performance.now() - t0));
            n.redraw();
        })""")
        started = time.perf_counter()
        page.evaluate("""() => new Promise(done => {
            const box = document.querySelector('#kg-types input[data-type="Person"]');
            window.kgView.network.once('afterDrawing', () => done());
            box.click();
        })""")
        filtered = time.perf_counter() - started
        page.fill("#kg-search", "")
        started = time.perf_counter()
        page.fill("#kg-search", search)
        page.press("#kg-search", "Enter")
        _wait(page, "() => window.kgView.focused !== null")
        searched = time.perf_counter() - started
        if errors:
            raise RuntimeError(f"page errors: {errors}")
        return {
            "stable": stable,
            "frame": frame / 1000,
            "filter": filtered,
            "search": searched,
            **first_view,
        }
    finally:
        page.close()


def _home(subject: ox.NamedNode | ox.BlankNode | ox.Triple) -> ox.NamedNode | ox.DefaultGraph:
    """The graph the build's store keeps a triple in: its article's, or the default graph."""
    if isinstance(subject, ox.NamedNode) and subject.value.startswith(ARTICLE_BASE):
        return ox.NamedNode(ARTICLE_BASE + subject.value[len(ARTICLE_BASE) :].split("/")[0])
    return ox.DefaultGraph()


def _renamed(term: Any, k: int, groups: int) -> Any:
    if isinstance(term, ox.NamedNode):
        text = term.value
        if text.startswith(ARTICLE_BASE):
            return ox.NamedNode(f"{ARTICLE_BASE}c{k}-{text[len(ARTICLE_BASE) :]}")
        if text.startswith(ENTITY_BASE) and zlib.crc32(text.encode()) % 3:
            return ox.NamedNode(f"{text}_g{k % groups}")
    return term


def make_store(
    triples: list[ox.Triple], copies: int, folder: Path
) -> tuple[Path, Path, int, float]:
    """An on-disk store laid out as the build's, graph.nt (the union, for rdflib), the number
    of triples and the seconds bulk-loading the store took."""
    groups = 10
    started = time.perf_counter()
    store = ox.Store(str(folder / "oxigraph"))
    store.bulk_extend(
        ox.Quad(s, t.predicate, o, _home(s))
        for k in range(copies)
        for t in triples
        for s, o in [(_renamed(t.subject, k, groups), _renamed(t.object, k, groups))]
    )
    store.flush()
    loaded = time.perf_counter() - started
    nt = folder / "graph.nt"
    union = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    found = store.query(union, use_default_graph_as_union=True)
    assert isinstance(found, ox.QueryTriples)
    nt.write_bytes(found.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")
    n = len(store)  # no triple is in two graphs here
    del store  # closed before the measuring processes open it
    return folder / "oxigraph", nt, n, loaded


def _peak_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM, not ru_maxrss: that one also counts
    the parent's memory the process had between fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(source: str, path: Path, what: str) -> None:
    """One measurement in this fresh process; prints its figures as JSON."""
    options = ViewOptions(max_nodes=200) if what == "top" else ViewOptions()
    figures: dict[str, Any] = {}
    started = time.perf_counter()
    if source == "rdflib":
        graph = Graph().parse(path, format="nt")
        figures["parse"] = time.perf_counter() - started
        started = time.perf_counter()
    cpu = time.process_time()
    if source == "rdflib":
        page, _stats = render_page(graph, options)
    else:
        page, _stats = render_page_store(ox.Store.read_only(str(path)), options)
    figures["seconds"] = time.perf_counter() - started
    figures["cpu"] = time.process_time() - cpu
    figures["peak"] = _peak_mb()
    figures["sha"] = hashlib.sha256(page.encode()).hexdigest()
    print(json.dumps(figures))


WHAT = ("page", "top")


def _measure(source: str, path: Path, what: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", source, str(path), what],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def store_main(argv: list[str]) -> None:
    """The page from an rdflib Graph and from an Oxigraph store of the same triples."""
    runs: list[tuple[str, list[ox.Triple], int]] = []
    if "--copies" in argv:
        at = argv.index("--copies")
        copies, ttl = int(argv[at + 1]), Path(argv[at + 2])
        runs.append((f"{ttl} x{copies}", list(ox.parse(path=str(ttl))), copies))
    else:
        for n in [int(a) for a in argv if not a.startswith("--")] or [2000, 20000]:
            with tempfile.TemporaryDirectory() as tmp:
                ttl = Path(tmp) / "graph.ttl"
                write_synthetic(n, ttl)
                runs.append((f"synthetic {n}", list(ox.parse(path=str(ttl))), 1))
    print(
        f"{'graph':>24} {'triples':>9} {'load s':>6} {'source':>6} {'parse s':>7} "
        f"{'page s':>6} {'cpu s':>6} {'MB':>5} {'top s':>6} {'cpu s':>6} {'MB':>5} {'same':>4}"
    )
    for name, triples, copies in runs:
        with tempfile.TemporaryDirectory() as tmp:
            store, nt, n, loaded = make_store(triples, copies, Path(tmp))
            figures = {
                (source, what): _measure(source, store if source == "store" else nt, what)
                for source in ("rdflib", "store")
                for what in WHAT
            }
        same = all(figures[("rdflib", w)]["sha"] == figures[("store", w)]["sha"] for w in WHAT)
        for source in ("rdflib", "store"):
            page, top = figures[(source, "page")], figures[(source, "top")]
            parse = f"{page['parse']:>7.1f}" if "parse" in page else f"{'':>7}"
            print(
                f"{name[-24:]:>24} {n:>9,} {loaded:>6.1f} {source:>6} {parse} "
                f"{page['seconds']:>6.1f} {page['cpu']:>6.1f} {page['peak']:>5.0f} "
                f"{top['seconds']:>6.1f} {top['cpu']:>6.1f} {top['peak']:>5.0f} "
                f"{'yes' if same else 'NO':>4}",
                flush=True,
            )


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        return child(argv[1], Path(argv[2]), argv[3])
    if "--store" in argv:
        return store_main([a for a in argv if a != "--store"])
    from playwright.sync_api import sync_playwright

    physics = "--physics" in argv
    keep = Path(argv[argv.index("--keep") + 1]) if "--keep" in argv else None
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        argv = [a for a in argv if a != str(keep)]
    sizes = [int(a) for a in argv if not a.startswith("--")] or [1000, 5000, 20000]
    options = ViewOptions(layout_threshold=10**9) if physics else ViewOptions()
    header = (
        f"{'entities':>8} {'facts':>7} {'triples':>8} {'ttl MB':>7} {'parse s':>8} "
        f"{'render s':>8} {'layout':>11} {'html MB':>8} {'stable s':>8} {'frame s':>8} "
        f"{'filter s':>8} {'search s':>8} {'labels':>6} {'top10':>5}"
    )
    print(header)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            for n in sizes:
                ttl = Path(tmp) / f"graph{n}.ttl"
                write_synthetic(n, ttl)
                started = time.perf_counter()
                graph = Graph()
                graph.parse(ttl, format="turtle")
                parsed = time.perf_counter() - started
                html = (keep or Path(tmp)) / f"graph{n}.html"
                started = time.perf_counter()
                stats = render_html(graph, html, options)
                rendered = time.perf_counter() - started
                # Search a hub by its alias (its first name word), as a user would.
                figures = browser_figures(browser, html, "Ka")
                print(
                    f"{stats.nodes:>8} {stats.edges:>7} {len(graph):>8} "
                    f"{ttl.stat().st_size / 1e6:>7.1f} {parsed:>8.2f} {rendered:>8.2f} "
                    f"{stats.layout:>11} {html.stat().st_size / 1e6:>8.1f} "
                    f"{figures['stable']:>8.2f} {figures['frame']:>8.3f} "
                    f"{figures['filter']:>8.2f} {figures['search']:>8.2f} "
                    f"{figures['labels']:>6.0f} {figures['top10']:>5.0f}",
                    flush=True,
                )
        finally:
            browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
