"""kg.view: the HTML page is offline, escaped, deterministic, and draws what the graph holds."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.errors import ViewOptionError
from kg.view import ViewOptions, ViewStats, render_html
from kg.vocab import ART, ENT, KG, WIKIDATA

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page, Route

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


def _entities(g: Graph) -> set[Node]:
    return {s for c in ENTITY_CLASSES for s in g.subjects(RDF.type, c)}


def _facts(g: Graph) -> set[tuple[Node, Node, Node]]:
    """Plain triples between entities, counted independently of kg.view."""
    ents = _entities(g)
    # Per GRAPH_MODEL.md every relation used in a fact is declared an owl:ObjectProperty.
    return {
        (s, p, o)
        for s, p, o in g
        if s in ents and o in ents and (p, RDF.type, OWL.ObjectProperty) in g
    }


def expected_counts(g: Graph) -> tuple[int, int]:
    """Entities and distinct facts, counted independently of kg.view."""
    return len(_entities(g)), len(_facts(g))


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
    with pytest.raises(ViewOptionError, match="not a CSS length") as raised:
        render_html(Graph(), tmp_path / "x.html", ViewOptions(height="1px;}body{x:y"))
    assert raised.value.option == "height"
    assert not (tmp_path / "x.html").exists()


# ---- the page in headless Chromium ----
#
# kg's own build of the sample articles (input/) plus a hostile article, and a hostile entity
# added with rdflib, rendered by kg.view and driven with the real mouse and keyboard. Every
# expectation is derived from that rdflib graph.

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INPUT = Path(__file__).resolve().parent.parent / "input"
HOSTILE_IMG = "<img src=x onerror=alert(2)>"
HOSTILE_NAME = "Evil \"Name' </script>"
HOSTILE_TITLE = f"Breaking {SCRIPT} news {HOSTILE_IMG}"
HOSTILE_ARTICLE = (
    f"{HOSTILE_TITLE}\n\n1 February 2023, 9:00\n\n"
    f"Jakarta - Presiden Joko Widodo mendesak Korea Selatan {HOSTILE_IMG} untuk membantu "
    f"Ukraina {SCRIPT}.\n"
)
# The page as one JS function: a node's or edge's page coordinates, and whether a click there
# would hit it (vis picks nodes first, then edges), so the real mouse targets the right item.
POINT_JS = """([kind, id, f]) => {
    const v = window.kgView, net = v.network;
    let c;
    if (kind === 'node') {
        c = net.getPositions([id])[id];
    } else {
        const e = v.edges.get(id), p = net.getPositions([e.from, e.to]);
        c = {x: p[e.from].x + f * (p[e.to].x - p[e.from].x),
             y: p[e.from].y + f * (p[e.to].y - p[e.from].y)};
    }
    const d = net.canvasToDOM(c);
    const r = document.querySelector('#kg-canvas canvas').getBoundingClientRect();
    const inside = d.x > 0 && d.y > 0 && d.x < r.width && d.y < r.height;
    const hit = kind === 'node' ? net.getNodeAt(d) === id
                                : net.getNodeAt(d) === undefined && net.getEdgeAt(d) === id;
    return [r.left + d.x, r.top + d.y, inside && hit];
}"""
TIP_JS = """() => {
    const t = document.getElementById('kg-tip');
    return {text: t.textContent, bold: [...t.querySelectorAll('b')].map(b => b.textContent),
            active: t.querySelectorAll('script, img, iframe, object, [onerror]').length};
}"""
PANEL_JS = """() => {
    const p = document.getElementById('kg-details');
    const h3 = [...p.querySelectorAll('h3')];
    const also = h3.find(h => h.textContent === 'Also written');
    return {hidden: p.hidden, item: p.dataset.item || '', text: p.textContent,
            heading: p.querySelector('h2') ? p.querySelector('h2').textContent : '',
            sections: h3.map(h => h.textContent),
            also: also ? [...also.nextElementSibling.children].map(li => li.textContent) : [],
            evidence: [...p.querySelectorAll('ol > li')].map(li => {
                const said = [...li.children].find(c => c.tagName === 'DIV'
                                                        && c.textContent.startsWith('said by '));
                const src = li.querySelector('.kg-src');
                return [li.querySelector('p.kg-sentence').textContent,
                        said ? said.textContent.slice('said by '.length) : '',
                        src && src.firstElementChild ? src.firstElementChild.textContent : ''];
            })};
}"""


def _label(g: Graph, iri: Node) -> str:
    """The English rdfs:label, else the smallest label."""
    labels = sorted(g.objects(iri, RDFS.label), key=lambda o: (o.language != "en", str(o)))
    return str(labels[0])


def _named(g: Graph, label: str) -> URIRef:
    found = [s for s in g.subjects(RDFS.label, Literal(label, lang="en")) if isinstance(s, URIRef)]
    assert len(found) == 1, f"{label!r} names {found}"
    return found[0]


def _type_names(g: Graph) -> dict[Node, str]:
    """Entity to its legend name: the first of ENTITY_CLASSES it has (as the page colours it)."""
    out: dict[Node, str] = {}
    for cls in ENTITY_CLASSES:
        for s in g.subjects(RDF.type, cls):
            out.setdefault(s, str(cls).rsplit("#", 1)[-1])
    return out


def _evidence(g: Graph, fact: tuple[Node, Node, Node]) -> Counter[tuple[str, str, str]]:
    """(sentence, speaker, article title) of each kg:Assertion of `fact`."""
    found: Counter[tuple[str, str, str]] = Counter()
    for rec in g.subjects(RDF.type, KG.Assertion):
        if tuple(g.value(rec, p) for p in (RDF.subject, RDF.predicate, RDF.object)) != fact:
            continue
        who = g.value(rec, KG.speaker)
        text = g.value(g.value(rec, KG.sentence), KG.text)
        title = g.value(g.value(rec, KG.article), DCTERMS.title)
        found[(f"\u201c{text}\u201d", _label(g, who) if who else "", str(title))] += 1
    return found


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@pytest.fixture(scope="module")
def sample_graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """kg's build of input/ and a hostile article, plus a hostile speaker added with rdflib."""
    from kg.build import BuildOptions, build

    extra = tmp_path_factory.mktemp("hostile-input")
    (extra / "hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-build")
    build([INPUT, extra], BuildOptions(out_dir=out, html=False))
    g = Graph().parse(out / "graph.ttl")
    korea = _named(g, "South Korea")
    assert (korea, SKOS.altLabel, Literal("Korsel", lang="id")) in g
    # The reader keeps markup-like text as text; the extractor never makes such a name.
    sentence = next(s for s, t in g.subject_objects(KG.text) if SCRIPT in str(t))
    assert HOSTILE_IMG in str(g.value(sentence, KG.text))
    evil = _entity(g, "Evil_Name", KG.Person, HOSTILE_NAME)
    g.add((evil, SKOS.altLabel, Literal(HOSTILE_IMG, lang="en")))
    g.add((evil, KG.urged, korea))
    _assert(g, "evil", (evil, KG.urged, korea), sentence, speaker=evil)
    return g


@pytest.fixture(scope="module")
def sample_page(
    sample_graph: Graph, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, ViewStats]:
    out = tmp_path_factory.mktemp("sample-view") / "graph.html"
    return out, render_html(sample_graph, out, ViewOptions(title=HOSTILE_TITLE))


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for the module; each test opens its own context in it."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (CI installs it)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="python playwright is not installed (CI installs it)"
    )
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Tab:
    page: Page
    url: str
    blocked: list[str] = field(default_factory=list)  # requests other than the page itself
    problems: list[str] = field(default_factory=list)  # dialogs, page errors, console errors

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def assert_quiet(self) -> None:
        """Nothing ran, broke, was refused by the CSP or fetched beyond the page itself."""
        assert self.problems == []
        assert self.js("window.__csp") == []
        assert self.blocked == []
        assert self.js("performance.getEntriesByType('resource').map(e => e.name)") == []
        assert self.js("document.images.length") == 0
        assert self.js("document.scripts.length") == 3  # the JSON data, vis-network, view.js
        handlers = self.js(
            "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes])"
            ".map(a => a.name).filter(n => n.startsWith('on'))"
        )
        assert handlers == []


@pytest.fixture
def tab(chromium: Browser, sample_page: tuple[Path, ViewStats]) -> Iterator[Tab]:
    """A fresh page, laid out and ready, with every request but the page's own aborted."""
    url = sample_page[0].resolve().as_uri()
    ctx = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        pg = ctx.new_page()
        t = Tab(pg, url)

        def route(r: Route) -> None:
            if r.request.url == url:
                r.continue_()
            else:
                t.blocked.append(r.request.url)
                r.abort()

        def on_dialog(dialog: Dialog) -> None:
            t.problems.append(f"dialog: {dialog.message}")
            dialog.dismiss()

        ctx.route("**/*", route)
        ctx.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation',"
            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
        )
        # A second witness beside the route, for any request routing does not see.
        pg.on("request", lambda r: None if r.url == url else t.blocked.append(r.url))
        pg.on("dialog", on_dialog)
        pg.on("pageerror", lambda e: t.problems.append(f"pageerror: {e}"))
        pg.on(
            "console",
            lambda m: t.problems.append(f"console: {m.text}") if m.type == "error" else None,
        )
        pg.goto(url)
        _wait_until(pg, "() => !!window.kgView && window.kgView.ready === true")
        yield t
    finally:
        ctx.close()


def _wait_until(page: Page, js: str, arg: Any = None, timeout: float = 30.0) -> None:
    """Poll `js` with page.evaluate: page.wait_for_function evals code, which the CSP forbids."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(js, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for: {js}")
        page.wait_for_timeout(50)


def _node_id(t: Tab, label: str) -> int:
    ids: list[int] = t.js("(l) => window.kgView.nodes.getIds({filter: n => n.label === l})", label)
    assert len(ids) == 1, f"{label!r} is drawn {len(ids)} times"
    return ids[0]


def _edge_id(t: Tab, source: str, target: str) -> int:
    ids: list[int] = t.js(
        """([s, o]) => { const v = window.kgView;
            return v.edges.getIds({filter: e => v.nodes.get(e.from).label === s
                                               && v.nodes.get(e.to).label === o}); }""",
        [source, target],
    )
    assert len(ids) == 1, f"{len(ids)} edges from {source!r} to {target!r}"
    return ids[0]


def _node_point(t: Tab, node: int) -> tuple[float, float]:
    x, y, hit = t.js(POINT_JS, ["node", node, 0])
    assert hit, f"node {node} is covered or off the canvas"
    return x, y


def _edge_point(t: Tab, edge: int) -> tuple[float, float]:
    """A point on the edge that no node or other edge covers (edges may cross)."""
    for f in (0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55, 0.35, 0.65, 0.25, 0.75):
        x, y, hit = t.js(POINT_JS, ["edge", edge, f])
        if hit:
            return x, y
    raise AssertionError(f"no clickable point on edge {edge}")


def _hover(t: Tab, point: tuple[float, float], must_contain: str) -> dict[str, Any]:
    """Move the real mouse onto `point` and return the tooltip it shows."""
    t.page.mouse.move(2, 2)  # the header: leaving the canvas hides any tooltip
    t.page.mouse.move(*point, steps=4)
    _wait_until(
        t.page,
        """(s) => { const t = document.getElementById('kg-tip');
                    return !t.hidden && t.textContent.includes(s); }""",
        must_contain,
        timeout=10,
    )
    tip: dict[str, Any] = t.js(TIP_JS)
    return tip


def _search(t: Tab, query: str, expect: str) -> None:
    """Type `query` into the search box, check the first suggestion, press Enter."""
    t.page.click("#kg-search")
    t.page.keyboard.type(query)
    first = t.page.locator("#kg-suggest li").first
    first.wait_for(state="visible", timeout=5000)
    assert first.locator("span:not(.kg-glyph):not(.kg-why)").text_content() == expect
    t.page.keyboard.press("Enter")
    _wait_until(t.page, "() => window.kgView.focused !== null")


def test_browser_draws_every_entity_and_fact(
    tab: Tab, sample_graph: Graph, sample_page: tuple[Path, ViewStats]
) -> None:
    g, stats = sample_graph, sample_page[1]
    n_nodes, n_edges = expected_counts(g)
    drawn = tab.js(
        """() => {
        const v = window.kgView, ids = new Set(Object.keys(v.network.getPositions()).map(Number));
        return {nodes: v.nodes.length, edges: v.edges.length, positions: ids.size,
                counts: v.counts, shown: v.shown,
                attached: v.edges.get().every(e => ids.has(e.from) && ids.has(e.to)),
                labels: v.nodes.get().map(n => n.label),
                pairs: v.edges.get().map(e => [v.nodes.get(e.from).label,
                                               v.nodes.get(e.to).label]),
                summary: document.getElementById('kg-summary').textContent};
    }"""
    )
    assert drawn["nodes"] == drawn["positions"] == n_nodes == stats.nodes
    assert drawn["edges"] == n_edges == stats.edges
    assert drawn["counts"] == drawn["shown"] == {"nodes": n_nodes, "edges": n_edges}
    assert drawn["attached"]
    assert Counter(drawn["labels"]) == Counter(_label(g, e) for e in _entities(g))
    assert Counter(tuple(p) for p in drawn["pairs"]) == Counter(
        (_label(g, s), _label(g, o)) for s, _p, o in _facts(g)
    )
    assert drawn["summary"].startswith(f"{n_nodes:,} entities \u00b7 {n_edges:,} facts")
    tab.assert_quiet()


def test_hovering_a_node_shows_an_html_tooltip(tab: Tab, sample_graph: Graph) -> None:
    korea = _named(sample_graph, "South Korea")
    degree = sum(korea in (s, o) for s, _p, o in _facts(sample_graph))
    tip = _hover(tab, _node_point(tab, _node_id(tab, "South Korea")), "South Korea")
    assert tip["bold"] == ["South Korea"]  # a real <b>, not markup shown as text
    assert "Country" in tip["text"] and "Korsel" in tip["text"]
    assert _plural(degree, "fact") in tip["text"]
    # Leaving the canvas hides it again.
    tab.page.mouse.move(2, 2)
    _wait_until(tab.page, "() => document.getElementById('kg-tip').hidden")
    tab.assert_quiet()


def test_search_by_alias_selects_and_shows_the_entity(tab: Tab, sample_graph: Graph) -> None:
    g = sample_graph
    korea = _named(g, "South Korea")
    facts = _facts(g)
    _search(tab, "Korsel", "South Korea")
    selected = tab.js(
        "() => window.kgView.network.getSelectedNodes().map(k => window.kgView.nodes.get(k).label)"
    )
    assert selected == ["South Korea"]
    assert tab.page.input_value("#kg-search") == "South Korea"
    panel = tab.js(PANEL_JS)
    assert not panel["hidden"]
    assert panel["heading"] == "South Korea"
    assert panel["item"] == f"node:{_node_id(tab, 'South Korea')}"
    aliases = {
        f"{o} ({o.language})" if o.language else str(o)
        for o in g.objects(korea, SKOS.altLabel)
        if str(o) != "South Korea"
    }
    assert "Korsel (id)" in aliases and set(panel["also"]) == aliases
    outs = sum(s == korea for s, _p, _o in facts)
    ins = sum(o == korea for _s, _p, o in facts)
    assert f"{_plural(outs + ins, 'fact')} in the graph" in panel["text"]
    assert f"What was done to it ({ins})" in panel["sections"]
    assert (f"What it did ({outs})" in panel["sections"]) == (outs > 0)
    # The view centres the selected entity.
    x, y = _node_point(tab, _node_id(tab, "South Korea"))
    box = tab.page.locator("#kg-canvas").bounding_box()
    assert box is not None
    assert abs(x - (box["x"] + box["width"] / 2)) < 3
    assert abs(y - (box["y"] + box["height"] / 2)) < 3
    tab.assert_quiet()


def test_hostile_article_is_shown_as_text_and_runs_nothing(tab: Tab, sample_graph: Graph) -> None:
    assert tab.page.locator("h1").text_content() == HOSTILE_TITLE
    tip = _hover(tab, _node_point(tab, _node_id(tab, HOSTILE_NAME)), HOSTILE_NAME)
    assert tip["bold"] == [HOSTILE_NAME] and tip["active"] == 0
    assert f"Also: {HOSTILE_IMG}" in tip["text"]

    edge = _edge_id(tab, HOSTILE_NAME, "South Korea")
    tip = _hover(tab, _edge_point(tab, edge), f"said by {HOSTILE_NAME}")
    assert tip["bold"] == [HOSTILE_NAME, "South Korea"] and tip["active"] == 0
    assert SCRIPT in tip["text"] and HOSTILE_IMG in tip["text"]

    _search(tab, 'evil "name', HOSTILE_NAME)
    panel = tab.js(PANEL_JS)
    assert panel["heading"] == HOSTILE_NAME
    assert panel["also"] == [f"{HOSTILE_IMG} (en)"]
    assert "Said by it (1)" in panel["sections"]
    tab.assert_quiet()


def test_clicking_an_edge_pins_its_evidence(tab: Tab, sample_graph: Graph) -> None:
    g = sample_graph
    evil, korea = _named(g, HOSTILE_NAME), _named(g, "South Korea")
    expected = _evidence(g, (evil, KG.urged, korea))
    assert [(s, who) for s, who, _t in expected] == [(s, HOSTILE_NAME) for s, _w, _t in expected]
    edge = _edge_id(tab, HOSTILE_NAME, "South Korea")
    tab.page.mouse.click(*_edge_point(tab, edge))
    _wait_until(
        tab.page,
        "(k) => document.getElementById('kg-details').dataset.item === k",
        f"edge:{edge}",
        timeout=10,
    )
    panel = tab.js(PANEL_JS)
    assert panel["heading"] == f"{HOSTILE_NAME} {_label(g, KG.urged)} South Korea"
    assert Counter(tuple(e) for e in panel["evidence"]) == expected
    assert any(SCRIPT in s and HOSTILE_IMG in s and HOSTILE_TITLE == t for s, _w, t in expected)
    assert tab.js("document.querySelectorAll('#kg-details a, #kg-details img').length") == 0

    # Pinned: hovering another entity shows its tooltip but leaves the panel alone.
    _hover(tab, _node_point(tab, _node_id(tab, "South Korea")), "South Korea")
    assert tab.js(PANEL_JS)["item"] == f"edge:{edge}"

    # A fact read in several sentences, opened from its link in the speaker's panel.
    facts = sorted(_facts(g), key=lambda f: (-sum(_evidence(g, f).values()), sorted(map(str, f))))
    s, p, o = facts[0]
    many = _evidence(g, (s, p, o))
    assert 1 < sum(many.values()) <= ViewOptions().max_evidence
    tab.js("(k) => window.kgView.selectNode(k, false)", _node_id(tab, _label(g, s)))
    did = tab.page.locator("#kg-details h3", has_text="What it did").locator(
        "xpath=following-sibling::ul[1]/li"
    )
    line = did.filter(has=tab.page.get_by_role("button", name=_label(g, o), exact=True))
    line.get_by_role("button", name=_label(g, p), exact=True).click()
    panel = tab.js(PANEL_JS)
    assert panel["heading"] == f"{_label(g, s)} {_label(g, p)} {_label(g, o)}"
    assert Counter(tuple(e) for e in panel["evidence"]) == many
    tab.assert_quiet()


def test_unticking_a_filter_hides_what_it_names(tab: Tab, sample_graph: Graph) -> None:
    g = sample_graph
    types, facts = _type_names(g), _facts(g)

    def expect(
        edge_on: Callable[[tuple[Node, Node, Node]], bool], type_off: str = ""
    ) -> dict[str, Any]:
        on = [f for f in facts if edge_on(f)]
        linked = {e for f in facts for e in (f[0], f[2])}
        live = {e for s, _p, o in on for e in (s, o)}
        nodes = [e for e, t in types.items() if t != type_off and (e in live or e not in linked)]
        return {
            "nodes": len(nodes),
            "edges": len(on),
            "hidden": sorted(_label(g, e) for e in set(types) - set(nodes)),
        }

    def shown() -> dict[str, Any]:
        result: dict[str, Any] = tab.js("""() => ({...window.kgView.shown,
            hidden: window.kgView.nodes.get({filter: n => n.hidden}).map(n => n.label).sort()})""")
        return result

    everything = {"nodes": len(types), "edges": len(facts), "hidden": []}
    assert shown() == everything
    tab.page.uncheck('#kg-types input[data-type="Person"]')
    assert shown() == expect(
        lambda f: types[f[0]] != "Person" and types[f[2]] != "Person", type_off="Person"
    )
    assert any(t == "Person" for t in types.values())
    status = tab.page.locator("#kg-status").text_content() or ""
    assert status.startswith(f"Showing {shown()['nodes']:,} of ")
    tab.page.check('#kg-types input[data-type="Person"]')
    assert shown() == everything

    urged = _label(g, KG.urged)
    tab.page.uncheck(f'#kg-relations input[data-rel="{urged}"]')
    assert shown() == expect(lambda f: f[1] != KG.urged)
    tab.page.click("#kg-reset")
    assert shown() == everything
    tab.assert_quiet()


def test_page_requests_nothing_beyond_itself(tab: Tab) -> None:
    # Exercise what could fetch (tooltips, panel, search) before looking at what was requested.
    _hover(tab, _node_point(tab, _node_id(tab, HOSTILE_NAME)), HOSTILE_NAME)
    _search(tab, "Korsel", "South Korea")
    assert tab.js("window.kgView.ready") is True
    tab.assert_quiet()
