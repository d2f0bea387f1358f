"""kg.view: the HTML page is offline, escaped, deterministic, and draws what the graph holds."""

from __future__ import annotations

import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


def _article(
    g: Graph, slug: str, title: str, sentences: list[str], date: str = "2023-02-01"
) -> list[URIRef]:
    art = ART[slug]
    g.add((art, RDF.type, KG.Article))
    g.add((art, DCTERMS.title, Literal(title)))
    g.add((art, DCTERMS.date, Literal(date, datatype=XSD.date)))
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
    const inside = d.x > 0 && d.y > 0 && d.x < r.width && d.y < r.height
        && document.elementFromPoint(r.left + d.x, r.top + d.y)
           === document.querySelector('#kg-canvas canvas');
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


@contextmanager
def open_tab(
    browser: Browser, html_file: Path, width: int = 1400, height: int = 1000
) -> Iterator[Tab]:
    """A fresh page, laid out and ready, with every request but the page's own aborted."""
    url = html_file.resolve().as_uri()
    ctx = browser.new_context(viewport={"width": width, "height": height})
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
        _wait_until(pg, "() => !!window.kgView && window.kgView.ready === true", timeout=120)
        yield t
    finally:
        ctx.close()


@pytest.fixture
def tab(chromium: Browser, sample_page: tuple[Path, ViewStats]) -> Iterator[Tab]:
    with open_tab(chromium, sample_page[0]) as t:
        yield t


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
    """The one line drawn between two entities (it carries every fact between them)."""
    ids: list[int] = t.js(
        """([s, o]) => { const v = window.kgView, name = k => v.nodes.get(k).label;
            return v.edges.getIds({filter: e => (name(e.from) === s && name(e.to) === o)
                                               || (name(e.from) === o && name(e.to) === s)}); }""",
        [source, target],
    )
    assert len(ids) == 1, f"{len(ids)} lines between {source!r} and {target!r}"
    return ids[0]


def _fact_id(t: Tab, source: str, relation: str, target: str) -> int:
    """The page's number of one fact (as its details panel names it: edge:N)."""
    ids: list[int] = t.js(
        """([s, r, o]) => { const D = JSON.parse(document.getElementById('kg-data').textContent);
            return D.edges.map((e, k) => [e, k]).filter(([e]) => D.nodes[e.f].l === s
                && D.rels[e.r][0] === r && D.nodes[e.t].l === o).map(([, k]) => k); }""",
        [source, relation, target],
    )
    assert len(ids) == 1, f"{len(ids)} facts {source!r} {relation!r} {target!r}"
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
        const D = JSON.parse(document.getElementById('kg-data').textContent);
        const name = k => v.nodes.get(k).label;
        return {nodes: v.nodes.length, positions: ids.size,
                counts: v.counts, shown: v.shown,
                attached: v.edges.get().every(e => ids.has(e.from) && ids.has(e.to)),
                labels: v.nodes.get().map(n => n.label),
                lines: v.edges.get().map(e => ({
                    ends: [name(e.from), name(e.to)].sort(),
                    facts: e.facts.map(k => [D.nodes[D.edges[k].f].l, D.rels[D.edges[k].r][0],
                                             D.nodes[D.edges[k].t].l])})),
                summary: document.getElementById('kg-summary').textContent};
    }"""
    )
    assert drawn["nodes"] == drawn["positions"] == n_nodes == stats.nodes
    assert n_edges == stats.edges
    assert drawn["counts"] == drawn["shown"] == {"nodes": n_nodes, "edges": n_edges}
    assert drawn["attached"]
    assert Counter(drawn["labels"]) == Counter(_label(g, e) for e in _entities(g))
    # One line per two entities that share facts, carrying every fact between them.
    facts = _facts(g)
    assert Counter(tuple(f) for line in drawn["lines"] for f in line["facts"]) == Counter(
        (_label(g, s), _label(g, p), _label(g, o)) for s, p, o in facts
    )
    assert len(drawn["lines"]) == len({frozenset((s, o)) for s, _p, o in facts})
    for line in drawn["lines"]:
        assert all(sorted((s, o)) == line["ends"] for s, _r, o in line["facts"])
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
        if str(o).casefold() != "south korea"
    }
    assert "Korsel (id)" in aliases and set(panel["also"]) == aliases
    outs = sum(s == korea for s, _p, _o in facts)
    ins = sum(o == korea for _s, _p, o in facts)
    assert f"{_plural(outs + ins, 'fact')} in the graph" in panel["text"]
    assert f"What was done to it ({ins})" in panel["sections"]
    assert (f"What it did ({outs})" in panel["sections"]) == (outs > 0)
    # The view centres the selected entity in the part of the canvas the panel leaves free.
    x, y = _node_point(tab, _node_id(tab, "South Korea"))
    box = tab.page.locator("#kg-canvas").bounding_box()
    details = tab.page.locator("#kg-details").bounding_box()
    assert box is not None and details is not None
    assert abs(x - (box["x"] + details["x"]) / 2) < 3
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
    fact = _fact_id(tab, HOSTILE_NAME, _label(g, KG.urged), "South Korea")
    tab.page.mouse.click(*_edge_point(tab, edge))
    _wait_until(
        tab.page,
        "(k) => document.getElementById('kg-details').dataset.item === k",
        f"edge:{fact}",
        timeout=10,
    )
    _wait_until(tab.page, "() => window.kgView.settled")
    panel = tab.js(PANEL_JS)
    assert panel["heading"] == f"{HOSTILE_NAME} {_label(g, KG.urged)} South Korea"
    assert Counter(tuple(e) for e in panel["evidence"]) == expected
    assert any(SCRIPT in s and HOSTILE_IMG in s and HOSTILE_TITLE == t for s, _w, t in expected)
    assert tab.js("document.querySelectorAll('#kg-details a, #kg-details img').length") == 0

    # Pinned: hovering another entity shows its tooltip but leaves the panel alone.
    _hover(tab, _node_point(tab, _node_id(tab, "South Korea")), "South Korea")
    assert tab.js(PANEL_JS)["item"] == f"edge:{fact}"

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


# ---- a readable view at any size (issue 12) ----
#
# news_graph makes a news-like graph of any size with rdflib: stories of a few entities around
# one or two hubs, some entities in several stories, some pairs with several relations.

SYLLABLES = "ka ri to na me su lo ba di ne ra wi ja ko se ma tu pe".split()
RELATIONS = ((KG.urged, "urged"), (KG.visited, "visited"), (KG.criticized, "criticized"),
             (KG.metWith, "met with"), (KG.officialOf, "official of"))  # fmt: skip


def news_graph(n_entities: int, seed: int = 3) -> Graph:
    rng = random.Random(seed)
    g = Graph()
    for rel, name in RELATIONS:
        g.add((rel, RDF.type, OWL.ObjectProperty))
        g.add((rel, RDFS.label, Literal(name, lang="en")))
    people: list[URIRef] = []
    for i in range(n_entities):
        words = [
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
            for _ in range(rng.randint(1, 3))
        ]
        cls = rng.choice(ENTITY_CLASSES[:4])
        people.append(_entity(g, f"N{i}", cls, f"{' '.join(words)} {i}"))
    start = 0
    while start < n_entities:
        size = rng.randint(6, 16)
        story = people[start : start + size] + rng.sample(people[: start + 1], min(2, start + 1))
        start += size
        hubs = story[: rng.randint(1, 2)]
        for member in story:
            for hub in hubs:
                if member != hub:
                    g.add((hub, rng.choice(RELATIONS)[0], member))
            if rng.random() < 0.3:
                other = rng.choice(story)
                if other != member:
                    g.add((member, rng.choice(RELATIONS)[0], other))
    return g


def _degrees(g: Graph) -> Counter[str]:
    """Facts each entity takes part in, by label (the default node-size measure)."""
    found: Counter[str] = Counter()
    for s, _p, o in _facts(g):
        found[_label(g, s)] += 1
        found[_label(g, o)] += 1
    return found


@pytest.fixture(scope="module")
def news_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Path, Graph]]:
    """About 40 articles' worth (150 entities, laid out in the browser) and 2,000 (in Python)."""
    out = {}
    for n in (150, 2000):
        g = news_graph(n)
        path = tmp_path_factory.mktemp("news") / f"news{n}.html"
        stats = render_html(g, path)
        assert stats.layout == ("physics" if n < 300 else "precomputed")
        out[n] = (path, g)
    return out


CANVAS_JS = """() => {
    const r = document.querySelector('#kg-canvas canvas').getBoundingClientRect();
    return {x: r.left, y: r.top, width: r.width, height: r.height}; }"""
# Dark pixels (the labels' ink, #1f2328) in each box of canvas pixels: what was really drawn.
INK_JS = """(boxes) => { const c = document.querySelector('#kg-canvas canvas');
    const ctx = c.getContext('2d'), ratio = c.width / c.clientWidth;
    return boxes.map(b => { const d = ctx.getImageData(Math.round(b.x * ratio),
        Math.round(b.y * ratio), Math.max(1, Math.round(b.w * ratio)),
        Math.max(1, Math.round(b.h * ratio))).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (Math.max(d[i], d[i + 1], d[i + 2]) < 70) n++;
        return n; }); }"""


def _apart(boxes: list[dict[str, Any]], canvas: dict[str, float]) -> None:
    """No two boxes overlap, and each lies inside the canvas."""
    for b in boxes:
        assert b["x"] >= 0 and b["y"] >= 0, b
        assert b["x"] + b["w"] <= canvas["width"] and b["y"] + b["h"] <= canvas["height"], b
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
                       and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])  # fmt: skip
            assert not overlap, f"{a['text']!r} and {b['text']!r} overlap"


def _redrawn(t: Tab, script: str, arg: Any = None) -> None:
    """Run `script` (which moves the view) and wait until the page has drawn again."""
    before = t.js("window.kgView.frames")
    t.js(script, arg)
    _wait_until(t.page, "(n) => window.kgView.frames > n", before, timeout=10)


@pytest.mark.parametrize("size", [150, 2000])
def test_first_view_labels_the_most_connected_entities(
    chromium: Browser, news_pages: dict[int, tuple[Path, Graph]], size: int
) -> None:
    path, g = news_pages[size]
    degree = _degrees(g)
    tenth = sorted(degree.values(), reverse=True)[9]
    with open_tab(chromium, path, 1400, 900) as t:
        canvas = t.js(CANVAS_JS)
        labels: list[dict[str, Any]] = t.js("window.kgView.labels")
        named = {label["text"] for label in labels}
        # Every entity more connected than the tenth is named, and at least ten are.
        assert {name for name, d in degree.items() if d > tenth} <= named
        assert sum(degree[name] >= tenth for name in named) >= 10
        # In order of importance: the first label names the most connected entity.
        assert degree[labels[0]["text"]] == max(degree.values())
        _apart(labels, canvas)
        # Legible: at least 13 px, and the text is really on the canvas in each box.
        top = [label for label in labels if degree[label["text"]] >= tenth]
        assert all(label["px"] >= 13 for label in top)
        assert all(ink > 15 for ink in t.js(INK_JS, top))
        # Zoomed out, no edge label is drawn on a big graph.
        if size > 1000:
            assert t.js("window.kgView.edgeLabels") == []
        # Zooming in names entities that had no room before, still without overlaps.
        zoom_in = "() => { const n = window.kgView.network; n.moveTo({scale: 3 * n.getScale()}); }"
        _redrawn(t, zoom_in)
        closer: list[dict[str, Any]] = t.js("window.kgView.labels")
        assert {label["text"] for label in closer} - named
        _apart(closer, canvas)
        # Sized by PageRank, the labels follow PageRank.
        t.page.select_option("#kg-size-by", "p")
        _redrawn(t, "() => window.kgView.network.fit()")
        ranks = t.js("""() => {
            const D = JSON.parse(document.getElementById('kg-data').textContent);
            return Object.fromEntries(D.nodes.map(n => [n.l, n.p])); }""")
        first = t.js("window.kgView.labels[0].text")
        assert ranks[first] == max(ranks.values())
        t.assert_quiet()


PLACE_JS = """(k) => { const v = window.kgView, net = v.network;
    const c = document.querySelector('#kg-canvas canvas').getBoundingClientRect();
    const d = net.canvasToDOM(net.getPositions([k])[k]);
    const r = v.nodes.get(k).size * net.getScale();
    const box = id => { const e = document.getElementById(id), b = e.getBoundingClientRect();
        return {left: b.left, top: b.top, right: b.right, bottom: b.bottom, hidden: e.hidden}; };
    const status = document.getElementById('kg-status'), s = status.getBoundingClientRect();
    const seen = document.elementFromPoint((s.left + s.right) / 2, (s.top + s.bottom) / 2);
    return {node: {x: c.left + d.x, y: c.top + d.y, r: r}, panel: box('kg-details'),
            status: box('kg-status'), statusSeen: status.contains(seen),
            statusText: status.textContent, view: {width: innerWidth, height: innerHeight}}; }"""


def _check_in_sight(t: Tab, k: int) -> None:
    """The status line and the details panel lie in the viewport; the panel leaves node k."""
    place = t.js(PLACE_JS, k)
    view, panel, status, node = place["view"], place["panel"], place["status"], place["node"]
    for box in (panel, status):
        assert not box["hidden"]
        assert box["left"] >= 0 and box["top"] >= 0, box
        assert box["right"] <= view["width"] and box["bottom"] <= view["height"], box
    assert place["statusSeen"] and place["statusText"].startswith("Showing ")
    covered = (panel["left"] - node["r"] < node["x"] < panel["right"] + node["r"]
               and panel["top"] - node["r"] < node["y"] < panel["bottom"] + node["r"])  # fmt: skip
    assert not covered, f"the details panel covers the entity it describes: {place}"


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (1100, 640)])
def test_panels_stay_in_sight_and_off_the_focused_entity(
    chromium: Browser, news_pages: dict[int, tuple[Path, Graph]], width: int, height: int
) -> None:
    path, g = news_pages[150]
    with open_tab(chromium, path, width, height) as t:
        # The filters scroll inside the side panel; the status line stays below them.
        filters = t.js("""() => { const f = document.getElementById('kg-filters');
            return {overflow: getComputedStyle(f).overflowY, scroll: f.scrollHeight,
                    client: f.clientHeight}; }""")
        assert filters["overflow"] in ("auto", "scroll")
        if filters["scroll"] > filters["client"]:
            t.page.locator("#kg-reset").scroll_into_view_if_needed()
            assert t.page.locator("#kg-reset").is_visible()
        # Click, with the real mouse, the rightmost entity: where the panel opens.
        order = t.js("""() => { const net = window.kgView.network, pos = net.getPositions();
            return Object.keys(pos).map(Number).sort((a, b) => pos[b].x - pos[a].x); }""")
        k = next(k for k in order if t.js(POINT_JS, ["node", k, 0])[2])
        t.page.mouse.click(*_node_point(t, k))
        _wait_until(t.page, "(k) => window.kgView.focused === k", k)
        assert t.js(PANEL_JS)["item"] == f"node:{k}"
        _check_in_sight(t, k)
        # A filter keeps the panel open; the status line, in sight, says what it did.
        t.page.uncheck('#kg-types input[data-type="Location"]')
        _check_in_sight(t, k)
        # Searching the most connected entity selects it and shows it beside the panel.
        top = _degrees(g).most_common(1)[0][0]
        _search(t, top, top)
        _check_in_sight(t, _node_id(t, top))
        t.assert_quiet()


def test_facts_between_two_entities_share_one_line_with_their_list(
    tab: Tab, sample_graph: Graph
) -> None:
    g = sample_graph
    between: defaultdict[frozenset[Node], list[tuple[Node, Node, Node]]] = defaultdict(list)
    for f in _facts(g):
        between[frozenset((f[0], f[2]))].append(f)
    many = max(between.values(), key=lambda fs: (len(fs), sorted(map(str, fs))))
    assert len(many) >= 2, "the sample has two entities with several facts between them"
    s, o = _label(g, many[0][0]), _label(g, many[0][2])
    line = _edge_id(tab, s, o)
    expected = {f"{_label(g, a)} {_label(g, p)} {_label(g, b)}" for a, p, b in many}
    # Hovering the line lists every fact; clicking it pins them all with their evidence.
    tip = _hover(tab, _edge_point(tab, line), f"{len(many)} facts between")
    assert all(fact in tip["text"] for fact in expected)
    tab.page.mouse.click(*_edge_point(tab, line))
    _wait_until(
        tab.page,
        "(k) => document.getElementById('kg-details').dataset.item === k",
        f"pair:{line}",
        timeout=10,
    )
    heads = tab.js(
        "[...document.querySelectorAll('#kg-details h3.kg-fact')].map(h => h.textContent)"
    )
    assert set(heads) == expected
    panel = tab.js(PANEL_JS)
    assert Counter(tuple(e) for e in panel["evidence"]) == sum(
        (_evidence(g, f) for f in many), Counter()
    )
    # Zoomed in on it, the line carries one label: its first relation and how many more.
    _wait_until(tab.page, "() => window.kgView.settled")
    _redrawn(
        tab,
        """(k) => { const v = window.kgView, e = v.edges.get(k),
        p = v.network.getPositions([e.from, e.to]);
        v.network.moveTo({position: {x: (p[e.from].x + p[e.to].x) / 2,
                                     y: (p[e.from].y + p[e.to].y) / 2}, scale: 2.5}); }""",
        line,
    )
    edge_labels: list[dict[str, Any]] = tab.js("window.kgView.edgeLabels")
    (mine,) = [label for label in edge_labels if label["id"] == line]
    assert mine["text"].endswith(f" +{len(many) - 1} more")
    assert mine["text"].split(" ")[0] in {_label(g, p).split(" ")[0] for _a, p, _b in many}
    _apart(tab.js("window.kgView.labels") + edge_labels, tab.js(CANVAS_JS))
    tab.assert_quiet()


def test_colour_by_community_and_back_by_type(tab: Tab, sample_graph: Graph) -> None:
    def colours() -> dict[str, Any]:
        result: dict[str, Any] = tab.js("""() => { const v = window.kgView;
            const D = JSON.parse(document.getElementById('kg-data').textContent);
            return {fill: v.nodes.get().map(n => n.color.background),
                    comm: D.nodes.map(n => n.c), type: D.nodes.map(n => n.t),
                    sizes: D.comms.map(c => c[1]), typeColours: D.types.map(t => t[1]),
                    listed: [...document.querySelectorAll('#kg-comms li')]
                        .filter(li => li.offsetParent !== null).map(li => li.textContent)}; }""")
        return result

    by_type = colours()
    assert by_type["fill"] == [by_type["typeColours"][t] for t in by_type["type"]]
    assert by_type["listed"] == []
    tab.page.select_option("#kg-colour-by", "community")
    by_comm = colours()
    big = [c for c, size in enumerate(by_comm["sizes"]) if size >= 3]
    assert len(big) >= 2, "the sample has two communities of three or more"
    pairs = list(zip(by_comm["fill"], by_comm["comm"], strict=True))
    fill_of = {c: {f for f, cc in pairs if cc == c} for c in big}
    assert all(len(f) == 1 for f in fill_of.values())  # one colour per community ...
    assert len({f.pop() for f in fill_of.values()}) == len(big)  # ... each its own
    assert len(by_comm["listed"]) >= len(big)
    tab.page.select_option("#kg-colour-by", "type")
    assert colours()["fill"] == by_type["fill"]
    tab.assert_quiet()


def dated_graph() -> tuple[Graph, dict[str, set[tuple[URIRef, URIRef, URIRef]]]]:
    """Facts read in articles of four days over a week: what each day's articles state."""
    g = Graph()
    for rel, name in RELATIONS:
        g.add((rel, RDF.type, OWL.ObjectProperty))
        g.add((rel, RDFS.label, Literal(name, lang="en")))
    who = [_entity(g, f"P{i}", KG.Person, f"Person {i}") for i in range(8)]
    days = {
        "2023-03-01": [(who[0], KG.urged, who[1])],
        "2023-03-02": [(who[1], KG.visited, who[2]), (who[2], KG.metWith, who[3])],
        "2023-03-04": [(who[3], KG.criticized, who[4]), (who[0], KG.urged, who[1])],
        "2023-03-07": [(who[5], KG.metWith, who[6]), (who[6], KG.urged, who[7])],
    }
    for day, facts in days.items():
        for n, fact in enumerate(facts):
            sents = _article(g, f"a{day}-{n}", f"News of {day}", ["One.", "Two."], date=day)
            g.add(fact)
            _assert(g, f"{n}", fact, sents[1])
    return g, {day: set(facts) for day, facts in days.items()}


def test_articles_per_day_and_play_through_time(chromium: Browser, tmp_path: Path) -> None:
    g, days = dated_graph()
    path = tmp_path / "dated.html"
    render_html(g, path)
    with open_tab(chromium, path) as t:
        bars = t.js("[...document.querySelectorAll('#kg-hist .kg-bar')].map(b => b.title)")
        # One bar a day from the first to the last day, each with its number of articles.
        assert len(bars) == 7
        for day, facts in days.items():
            assert f"{day}: {_plural(len(facts), 'article')}" in bars
        assert "2023-03-03: 0 articles" in bars
        # Play steps through the days that have articles (a day of none changes nothing);
        # each step shows the facts read up to that day.
        t.page.click("#kg-play")
        _wait_until(t.page, "() => !window.kgView.timeline.playing", timeout=30)
        steps = t.js("window.kgView.timeline.steps")
        assert [s["to"] for s in steps] == sorted(days)
        for step in steps:
            read = set().union(*(f for day, f in days.items() if day <= step["to"]))
            assert step["edges"] == len(read), step
        assert steps[-1]["edges"] == len(_facts(g))
        assert "Up to 2023-03-07." in (t.page.text_content("#kg-status") or "")
        # A click on a day's bar shows that day's facts.
        t.page.locator("#kg-hist .kg-bar").nth(1).click()
        assert t.js("window.kgView.shown.edges") == len(days["2023-03-02"])
        assert t.page.input_value("#kg-date-from") == t.page.input_value("#kg-date-to")
        # ... and the legend counts each relation's facts of that day
        legend = """[...document.querySelectorAll('#kg-relations input[data-rel]')].map(
            b => [b.dataset.rel, b.parentNode.querySelector('.kg-n').textContent])"""
        that_day = {name: "0" for _rel, name in RELATIONS}
        for _s, rel, _o in days["2023-03-02"]:
            name = next(n for r, n in RELATIONS if r == rel)
            that_day[name] = str(int(that_day[name]) + 1)
        counted = dict(t.js(legend))
        assert counted == {name: that_day[name] for name in counted}
        assert counted["met with"] == "1" and counted["urged"] == "0"
        t.assert_quiet()


def test_dates_say_the_undated_facts_they_hide(chromium: Browser, tmp_path: Path) -> None:
    """Facts of articles with no date have no day: a date filter or Play hides them, and the
    status line says how many; the summary says how many articles are dated."""
    g, days = dated_graph()
    who = [_entity(g, f"Q{i}", KG.Person, f"Undated {i}") for i in range(2)]
    sents = _article(g, "undated", "News of no day", ["One.", "Two."])
    g.remove((ART["undated"], DCTERMS.date, None))
    fact = (who[0], KG.urged, who[1])
    g.add(fact)
    _assert(g, "u", fact, sents[1])
    path = tmp_path / "undated.html"
    render_html(g, path)
    articles = sum(len(f) for f in days.values())
    assert f"from {articles + 1} articles, {articles} of them dated " in path.read_text("utf-8")
    with open_tab(chromium, path) as t:
        assert t.js("window.kgView.undated") == 0
        t.page.locator("#kg-hist .kg-bar").nth(1).click()
        assert t.js("window.kgView.undated") == 1
        status = t.page.text_content("#kg-status") or ""
        assert "1 fact of articles with no date is hidden while dates are chosen." in status
        t.page.click("#kg-reset")
        assert "no date" not in (t.page.text_content("#kg-status") or "")
        t.assert_quiet()


def test_a_long_fact_list_keeps_the_most_told_and_shows_all_on_demand(
    chromium: Browser, tmp_path: Path
) -> None:
    """An entity with more facts than the panel lists: its list keeps those told by the most
    articles (not the first by relation and name), a button shows all, and Esc closes it."""
    g = Graph()
    g.add((KG.urged, RDF.type, OWL.ObjectProperty))
    g.add((KG.urged, RDFS.label, Literal("urged", lang="en")))
    hub = _entity(g, "Hub", KG.Person, "Hub Person")
    many = 230
    for i in range(many):
        other = _entity(g, f"P{i:03}", KG.Person, f"Person {i:03}")
        g.add((hub, KG.urged, other))
        for n in range(3 if i == many - 1 else 1):  # the last by name is told most
            sents = _article(g, f"a{i}-{n}", f"News {i} {n}", ["One."])
            _assert(g, "1", (hub, KG.urged, other), sents[0])
    path = tmp_path / "hub.html"
    render_html(g, path)
    with open_tab(chromium, path) as t:
        t.page.fill("#kg-search", "Hub Person")
        t.page.keyboard.press("Enter")
        _wait_until(t.page, "() => !document.getElementById('kg-details').hidden")
        items = "() => [...document.querySelectorAll('#kg-details li')].map(li => li.textContent)"
        listed = t.js(items)
        assert len(listed) == 200
        assert any(f"Person {many - 1:03}" in item for item in listed)
        t.page.click("#kg-details .kg-more")
        assert len(t.js(items)) == many
        t.page.keyboard.press("Escape")
        assert t.js("document.getElementById('kg-details').hidden")
        t.assert_quiet()


def test_a_phone_screen_gives_the_graph_the_width(chromium: Browser, tmp_path: Path) -> None:
    path = tmp_path / "phone.html"
    render_html(build_graph(), path)
    with open_tab(chromium, path, width=390, height=844) as t:
        box = """s => { const r = document.querySelector(s).getBoundingClientRect();
                        return [r.left, r.top, r.width, r.height]; }"""
        main, side, search = (t.js(box, s) for s in ("#kg-main", "#kg-side", "#kg-search"))
        assert main[2] == 390 and main[3] > 300  # the graph: the whole width, most of the height
        assert side[1] >= main[1] + main[3] - 1  # the filters below it
        assert search[2] > 300
        t.assert_quiet()


def test_a_name_too_long_for_the_canvas_is_drawn_cut_short(
    chromium: Browser, tmp_path: Path
) -> None:
    """A name wider than its room is drawn cut with "…" (whole, it found no room and the
    entity went unnamed even when selected); the panel gives it whole."""
    g = build_graph()
    long_name = "North Atlantic " + "Treaty Organization of the Allied States " * 4
    long_one = _entity(g, "Long_Name", KG.Organization, long_name.strip())
    jens = ENT["Jens_Stoltenberg"]
    sents = _article(g, "long", "Long", ["One."])
    g.add((jens, KG.urged, long_one))
    _assert(g, "1", (jens, KG.urged, long_one), sents[0])
    path = tmp_path / "long.html"
    render_html(g, path)
    with open_tab(chromium, path, width=700, height=700) as t:
        t.page.fill("#kg-search", "North Atlantic Treaty")
        t.page.keyboard.press("Enter")
        _wait_until(t.page, "() => window.kgView.settled")
        labels = t.js("window.kgView.labels.map(l => l.text)")
        cut = [text for text in labels if text.startswith("North Atlantic")]
        assert cut and cut[0].endswith("\u2026") and len(cut[0]) < len(long_name.strip())
        assert long_name.strip() in (t.page.text_content("#kg-details h2") or "")
        t.assert_quiet()


def test_a_page_drawn_around_one_entity_opens_with_it_selected(
    chromium: Browser, tmp_path: Path
) -> None:
    path = tmp_path / "focus.html"
    render_html(build_graph(), path, ViewOptions(focus="Korsel"))
    with open_tab(chromium, path) as t:
        _wait_until(t.page, "() => !document.getElementById('kg-details').hidden")
        assert t.page.text_content("#kg-details h2") == "South Korea"
        (selected,) = t.js("window.kgView.network.getSelectedNodes()")
        assert t.js(f"window.kgView.labels.find(l => l.id === {selected}).text") == "South Korea"
        t.assert_quiet()
