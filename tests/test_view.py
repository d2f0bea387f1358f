"""kg.view: the HTML page is offline, escaped, deterministic, and draws what the graph holds."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kg.view import ViewOptions, ViewStats, render_html
from kg.vocab import ART, ENT, KG, WIKIDATA

CHROMIUM = Path("/usr/bin/chromium")
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
EVIL_NAME = f'Dr. "Evil" O\'Hara {IMG}'
EVIL_TITLE = f"Breaking {SCRIPT} news"
EVIL_SENTENCE = f'He said {IMG} and "it\'s" fine </script><script>alert(2)</script>'
ENTITY_CLASSES = (KG.Person, KG.Organization, KG.Country, KG.Location, KG.Event)


def _entity(g: Graph, key: str, cls: URIRef, label: str, qid: str | None = None) -> URIRef:
    iri = ENT[key]
    g.add((iri, RDF.type, cls))
    g.add((iri, RDFS.label, Literal(label, lang="en")))
    if qid:
        g.add((iri, OWL.sameAs, WIKIDATA[qid]))
    return iri


def _article(g: Graph, slug: str, title: str, sentences: list[str]) -> list[URIRef]:
    art = ART[slug]
    g.add((art, RDF.type, KG.Article))
    g.add((art, DCTERMS.title, Literal(title)))
    g.add((art, DCTERMS.date, Literal("2023-02-01", datatype=XSD.date)))
    out = []
    for n, text in enumerate(sentences):
        sent = ART[f"{slug}/s{n}"]
        g.add((sent, RDF.type, KG.Sentence))
        g.add((sent, KG.text, Literal(text)))
        g.add((sent, KG.position, Literal(n)))
        g.add((sent, KG.inArticle, art))
        out.append(sent)
    return out


def _assert(
    g: Graph,
    tag: str,
    fact: tuple[URIRef, URIRef, URIRef],
    sentence: URIRef,
    speaker: URIRef | None = None,
) -> None:
    slug = str(sentence).rsplit("/", 2)[-2]
    rec = ART[f"{slug}/f{tag}"]
    g.add((rec, RDF.type, KG.Assertion))
    g.add((rec, RDF.type, RDF.Statement))
    g.add((rec, RDF.subject, fact[0]))
    g.add((rec, RDF.predicate, fact[1]))
    g.add((rec, RDF.object, fact[2]))
    g.add((rec, KG.article, ART[slug]))
    g.add((rec, KG.sentence, sentence))
    g.add((rec, KG.extractor, Literal("id.verb")))
    g.add((rec, KG.confidence, Literal(0.8)))
    if speaker is not None:
        g.add((rec, KG.speaker, speaker))


def build_graph() -> Graph:
    g = Graph()
    jens = _entity(g, "Jens_Stoltenberg", KG.Person, "Jens Stoltenberg", "Q57555")
    korea = _entity(g, "South_Korea", KG.Country, "South Korea", "Q884")
    g.add((korea, SKOS.altLabel, Literal("Korsel", lang="id")))
    g.add((korea, SKOS.altLabel, Literal("Korea Selatan", lang="id")))
    nato = _entity(g, "NATO", KG.Organization, "NATO", "Q7184")
    seoul = _entity(g, "Seoul", KG.Location, "Seoul")
    _entity(g, "NATO_Summit", KG.Event, "NATO Summit")  # no facts: an isolated node
    evil = _entity(g, "Evil", KG.Person, EVIL_NAME)
    g.add((evil, SKOS.altLabel, Literal(SCRIPT, lang="en")))

    for rel, label in (
        (KG.urged, "urged"),
        (KG.visited, "visited"),
        (KG.criticized, "criticized"),
        (KG.officialOf, "official of"),
    ):
        g.add((rel, RDF.type, OWL.ObjectProperty))
        g.add((rel, RDFS.label, Literal(label, lang="en")))

    urged = (jens, KG.urged, korea)
    visited = (jens, KG.visited, seoul)
    criticized = (evil, KG.criticized, nato)
    official = (jens, KG.officialOf, nato)
    for fact in (urged, visited, criticized, official):
        g.add(fact)

    s_ok = _article(
        g,
        "nato-korea",
        "NATO chief visits Seoul",
        [
            "NATO chief in Seoul",
            "Stoltenberg urged South Korea to help.",
            "He again urged Seoul to send arms.",
        ],
    )
    s_evil = _article(g, "evil", EVIL_TITLE, ["Intro.", EVIL_SENTENCE])
    _assert(g, "1", urged, s_ok[1], speaker=jens)
    _assert(g, "2", urged, s_ok[2])
    _assert(g, "3", visited, s_ok[0])
    _assert(g, "4", criticized, s_evil[1], speaker=evil)
    # Not edges: a provenance link, a non-kg predicate, an Assertion without its plain fact.
    g.add((jens, RDFS.seeAlso, korea))
    _assert(g, "5", (korea, KG.attacked, nato), s_evil[0])
    return g


def expected_counts(g: Graph) -> tuple[int, int]:
    """Entities and distinct facts, counted independently of kg.view."""
    ents = {s for c in ENTITY_CLASSES for s in g.subjects(RDF.type, c)}
    # Per GRAPH_MODEL.md every relation used in a fact is declared an owl:ObjectProperty.
    facts = {
        (s, p, o)
        for s, p, o in g
        if s in ents and o in ents and (p, RDF.type, OWL.ObjectProperty) in g
    }
    return len(ents), len(facts)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ViewStats]:
    out = tmp_path_factory.mktemp("view") / "sub" / "graph.html"
    stats = render_html(build_graph(), out, ViewOptions(title=f"Test {SCRIPT} graph"))
    return out, stats


def test_stats_match_graph(page: tuple[Path, ViewStats]) -> None:
    _, stats = page
    assert (stats.nodes, stats.edges) == expected_counts(build_graph()) == (6, 4)
    assert stats.evidence == 4


def test_page_is_offline_and_escaped(page: tuple[Path, ViewStats]) -> None:
    text = page[0].read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", text, re.I)
    assert not re.search(r"<link\b[^>]*\bhref\s*=", text, re.I)
    assert 'http-equiv="Content-Security-Policy"' in text
    assert "default-src 'none'" in text
    # Hostile strings never appear raw: not in the data, not in the title or heading.
    assert SCRIPT not in text
    assert IMG not in text
    assert "</script><script>alert(2)" not in text
    assert "<title>Test &lt;script&gt;alert(1)&lt;/script&gt; graph</title>" in text


def test_output_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    render_html(build_graph(), a)
    render_html(build_graph(), b)
    assert a.read_bytes() == b.read_bytes()


def test_empty_graph_and_bad_height(tmp_path: Path) -> None:
    stats = render_html(Graph(), tmp_path / "empty.html")
    assert (stats.nodes, stats.edges) == (0, 0)
    with pytest.raises(ValueError, match="height"):
        render_html(Graph(), tmp_path / "x.html", ViewOptions(height="1px;}body{x:y"))
    assert not (tmp_path / "x.html").exists()


def _dom_point(page: Any, canvas_xy_js: str, arg: Any) -> tuple[float, float]:
    """Page coordinates of a canvas point computed by `canvas_xy_js` (a function of arg)."""
    x, y = page.evaluate(
        f"""(arg) => {{
            const n = window.kgNetwork;
            const p = n.canvasToDOM(({canvas_xy_js})(n, arg));
            const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }}""",
        arg,
    )
    return float(x), float(y)


def _wait_until(page: Any, js: str, arg: Any = None, timeout: float = 30.0) -> None:
    """Poll `js` with page.evaluate: page.wait_for_function evals code, which the CSP forbids."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(js, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for: {js}")
        page.wait_for_timeout(50)


def _hover_tooltip(page: Any, x: float, y: float, must_contain: str) -> dict[str, Any]:
    page.mouse.move(2, 2)
    page.mouse.move(x, y, steps=4)
    _wait_until(
        page,
        """(text) => {
            const t = document.querySelector('#mynetwork div.vis-tooltip');
            return !!t && t.style.visibility === 'visible' && t.textContent.includes(text);
        }""",
        must_contain,
        timeout=10,
    )
    result: dict[str, Any] = page.evaluate(
        """() => {
            const t = document.querySelector('#mynetwork div.vis-tooltip');
            return {text: t.textContent, html: t.innerHTML,
                    bold: t.querySelectorAll('b').length, divs: t.querySelectorAll('div').length,
                    active: t.querySelectorAll('script, img, iframe, [onerror]').length};
        }"""
    )
    return result


def test_page_in_headless_chromium(page: tuple[Path, ViewStats]) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (CI installs it)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="python playwright is not installed (CI installs it)"
    )
    out, stats = page
    url = out.resolve().as_uri()
    blocked: list[str] = []
    problems: list[str] = []

    def route(r: Any) -> None:
        if r.request.url == url:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            ctx.route("**/*", route)
            ctx.add_init_script(
                "window.__csp = []; document.addEventListener('securitypolicyviolation',"
                " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
            )
            pg = ctx.new_page()
            pg.on("request", lambda r: None if r.url == url else blocked.append(r.url))

            def on_dialog(dialog: Any) -> None:
                problems.append(f"dialog: {dialog.message}")
                dialog.dismiss()

            pg.on("dialog", on_dialog)
            pg.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
            pg.on(
                "console",
                lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None,
            )
            pg.goto(url)
            _wait_until(pg, "() => !!window.kgData && window.kgData.ready === true")

            drawn = pg.evaluate("""() => {
                const n = window.kgNetwork;
                return {nodes: n.body.data.nodes.length, edges: n.body.data.edges.length,
                        positions: Object.keys(n.getPositions()).length,
                        data: window.kgData,
                        labels: n.body.data.edges.get().map(e => e.label).sort()};
            }""")
            n_nodes, n_edges = expected_counts(build_graph())
            assert drawn["nodes"] == drawn["positions"] == drawn["data"]["nodes"] == n_nodes
            assert drawn["edges"] == drawn["data"]["edges"] == n_edges == stats.edges
            assert drawn["labels"] == ["criticized", "official of", "urged \u00d72", "visited"]
            assert pg.locator("#kg-legend").is_visible()
            assert pg.locator("#kg-legend").inner_text().count("Person (2)") == 1

            # Node tooltip: real elements, hostile name and altLabel shown as text.
            evil_id = pg.evaluate("""() => window.kgNetwork.body.data.nodes.get()
                .find(n => n.label.includes('Evil')).id""")
            x, y = _dom_point(pg, "(n, id) => n.getPositions([id])[id]", evil_id)
            tip = _hover_tooltip(pg, x, y, EVIL_NAME)
            assert tip["bold"] >= 1 and tip["divs"] >= 1 and tip["active"] == 0
            assert SCRIPT in tip["text"] and EVIL_NAME in tip["text"]
            assert "&lt;b&gt;" not in tip["html"]

            # Edge tooltip: evidence sentence, hostile article title and speaker as text.
            edge_mid = """(n, id) => {
                const e = n.body.data.edges.get(id);
                const p = n.getPositions([e.from, e.to]);
                return {x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2};
            }"""
            edge_id = pg.evaluate("""() => window.kgNetwork.body.data.edges.get()
                .find(e => e.label === 'criticized').id""")
            x, y = _dom_point(pg, edge_mid, edge_id)
            tip = _hover_tooltip(pg, x, y, EVIL_SENTENCE)
            assert tip["active"] == 0 and tip["bold"] >= 1
            assert EVIL_TITLE in tip["text"] and f"said by {EVIL_NAME}" in tip["text"]

            assert pg.evaluate("window.__csp") == []
            assert pg.evaluate("document.querySelectorAll('body img').length") == 0
        finally:
            browser.close()
    assert problems == []
    assert blocked == []
