"""Benchmark of the HTML view: build time, page size and time-to-stable in Chromium.

    python benchmarks/bench_view.py                 # 1k, 5k and 20k entities
    python benchmarks/bench_view.py 1000 5000       # other sizes
    python benchmarks/bench_view.py --physics 1000  # force the in-browser physics layout
    python benchmarks/bench_view.py --keep DIR 5000 # keep DIR/graph5000.html (for screenshots)

For each size it makes a synthetic news graph with kg's own graph writer (kg.graph.GraphBuilder,
so the graph follows GRAPH_MODEL.md: typed entities with aliases and Wikidata ids, facts with
kg:Assertion records, sentences, dated articles, speakers), about two facts per entity with a
few hub entities as in real news, writes it as Turtle, then prints:

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

Figures are printed, never asserted: they depend on the machine. Needs Python playwright and
Debian's chromium (no browser download).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.graph import GraphBuilder, write_turtle
from kg.lexicon import load_ontology
from kg.model import Article, EntityRef, Extraction, Fact, Sentence
from kg.view import ViewOptions, render_html

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


def synthetic_graph(n_entities: int, seed: int = 1) -> Graph:
    """About 2 facts per entity; preferential attachment gives a few hubs, as news does."""
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
    onto = load_ontology()
    builder = GraphBuilder(onto)
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
            sentences.append(Sentence(index=k, text=text, paragraph=k))
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
        forms = tuple(
            (refs[e].key, refs[e].label.split()[0], "id", "name") for e in sorted(used) if e % 3
        )
        article = Article(
            source=f"synthetic_{a:06d}.txt",
            text="\n\n".join(s.text for s in sentences),
            title=f"Synthetic article {a}",
            date=date,
            publisher="bench.example",
            language="id",
        )
        builder.add(
            Extraction(
                article=article,
                sentences=tuple(sentences),
                entities=tuple(refs[e] for e in sorted(used)),
                surface_forms=forms,
                facts=tuple(our_facts),
            )
        )
    return builder.graph


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
        return {"stable": stable, "frame": frame / 1000, "filter": filtered, "search": searched,
                **first_view}
    finally:
        page.close()


def main(argv: list[str]) -> None:
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
                write_turtle(synthetic_graph(n), ttl)
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
