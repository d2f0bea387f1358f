"""Render a kg graph as one self-contained, offline HTML page (pyvis / vis-network 9).

Nodes are the entities (typed kg:Person, kg:Organization, kg:Country, kg:Location, kg:Event),
edges the facts: plain triples whose predicate is a core relation of kg.ttl. Each edge carries
its kg:Assertion records as evidence in a tooltip. The page loads nothing from the network:
pyvis inlines vis-network, its remaining CDN tags are removed, and a Content-Security-Policy
forbids every fetch. All graph text reaches the page escaped: as JSON inside a script element
with `<`, `>` and `&` escaped, and tooltip HTML built only from `html.escape`d parts.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, cast

from pyvis.network import Network
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.io import atomic_write_text
from kg.vocab import KG, WIKIDATA

__all__ = ["ViewOptions", "ViewStats", "render_html"]


@dataclass(frozen=True)
class ViewOptions:
    title: str = "kg graph"
    height: str = "900px"  # CSS length of the drawing area, e.g. "900px", "85vh"
    max_evidence: int = 8  # evidence sentences listed per edge tooltip; the rest are counted
    stabilization_iterations: int = 150


@dataclass(frozen=True)
class ViewStats:
    nodes: int  # entities drawn
    edges: int  # distinct facts drawn
    evidence: int = 0  # kg:Assertion records attached to drawn edges


# (class, legend name, colour, vis shape, legend glyph); the first listed type wins.
_TYPES: tuple[tuple[URIRef, str, str, str, str], ...] = (
    (KG.Person, "Person", "#4e79a7", "dot", "\u25cf"),
    (KG.Organization, "Organization", "#f28e2b", "square", "\u25a0"),
    (KG.Country, "Country", "#59a14f", "diamond", "\u25c6"),
    (KG.Location, "Location", "#9c755f", "triangle", "\u25b2"),
    (KG.Event, "Event", "#b07aa1", "star", "\u2605"),
)

# Relation kinds: the CAMEO quad classes of the relations' kg:cameo codes, plus the
# structural (non-event) relations. Colours the edges and groups them in the legend.
_KINDS: tuple[tuple[str, str], ...] = (
    ("verbal cooperation", "#5b9bd5"),
    ("material cooperation", "#2ca02c"),
    ("verbal conflict", "#ff8c1a"),
    ("material conflict", "#d62728"),
    ("structural", "#7f7f7f"),
    ("other", "#9467bd"),
)
_KIND_OF: dict[URIRef, str] = {
    **dict.fromkeys(
        (
            KG.urged,
            KG.asked,
            KG.visited,
            KG.metWith,
            KG.invited,
            KG.thanked,
            KG.supported,
            KG.respondedTo,
        ),
        "verbal cooperation",
    ),
    **dict.fromkeys(
        (KG.cooperatedWith, KG.signedAgreementWith, KG.providedAidTo), "material cooperation"
    ),
    **dict.fromkeys(
        (KG.criticized, KG.rejected, KG.threatened, KG.provoked, KG.disputesWith), "verbal conflict"
    ),
    **dict.fromkeys((KG.sanctioned, KG.attacked), "material conflict"),
    **dict.fromkeys((KG.leads, KG.officialOf, KG.memberOf), "structural"),
}
_KIND_COLOUR = dict(_KINDS)

# KG terms that describe provenance, never a fact between entities.
_PROVENANCE = frozenset(
    {
        KG.article,
        KG.sentence,
        KG.inArticle,
        KG.speaker,
        KG.text,
        KG.position,
        KG.quote,
        KG.extractor,
        KG.confidence,
        KG.planned,
        KG.sourceFile,
        KG.language,
        KG.cameo,
        KG.cue,
    }
)

_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)
_CSS_LENGTH = re.compile(r"\d{1,5}(\.\d{1,3})?(px|vh|em|rem|%)")

# Tuned for a few thousand nodes: fast straight edges, no O(n^2) improvedLayout pass, a
# bounded stabilization, and physics switched off afterwards (in _PAGE_JS) so it stays still.
_VIS_OPTIONS: dict[str, Any] = {
    "nodes": {
        "borderWidth": 1,
        "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
    },
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
        "smooth": False,
        "font": {
            "size": 11,
            "face": "sans-serif",
            "align": "middle",
            "color": "#333333",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
        },
        "selectionWidth": 2,
    },
    "layout": {"improvedLayout": False, "randomSeed": 7},
    "physics": {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {
            "gravitationalConstant": -80,
            "centralGravity": 0.01,
            "springLength": 130,
            "springConstant": 0.06,
            "damping": 0.5,
            "avoidOverlap": 0.3,
        },
        "maxVelocity": 60,
        "minVelocity": 1,
        "timestep": 0.5,
        "stabilization": {"enabled": True, "iterations": 150, "updateInterval": 25, "fit": True},
    },
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
}

_PAGE_CSS = """
body { margin: 0; font-family: system-ui, sans-serif; color: #222; }
#mynetwork { box-sizing: border-box; }
#kg-header { padding: 8px 16px; border-bottom: 1px solid #ddd; }
#kg-header h1 { font-size: 20px; margin: 0; }
#kg-header p { margin: 2px 0 0; color: #555; font-size: 13px; }
#kg-legend { position: fixed; top: 70px; right: 16px; z-index: 5; max-width: 300px;
  max-height: 70vh; overflow: auto; background: rgba(255,255,255,0.94); border: 1px solid #ccc;
  border-radius: 6px; padding: 8px 12px; font-size: 13px; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
#kg-legend h2 { font-size: 13px; margin: 4px 0; text-transform: uppercase; color: #555; }
#kg-legend ul { list-style: none; margin: 0 0 6px; padding: 0; }
#kg-legend li { margin: 2px 0; }
#kg-legend .kg-glyph { display: inline-block; width: 1.3em; text-align: center; font-size: 15px; }
#kg-legend .kg-line { display: inline-block; width: 22px; height: 3px; margin: 0 6px 3px 0;
  vertical-align: middle; }
#kg-legend .kg-rels { color: #555; }
#mynetwork div.vis-tooltip { white-space: normal; max-width: 32em; z-index: 20; font-size: 13px;
  font-family: system-ui, sans-serif; line-height: 1.35; padding: 6px 8px; }
.kg-tip-head { font-size: 14px; margin-bottom: 3px; }
.kg-tip-type { color: #666; }
.kg-tip ol { margin: 4px 0 0; padding-left: 1.4em; }
.kg-tip li { margin-bottom: 4px; }
.kg-src { color: #666; font-size: 12px; }
.kg-more { color: #666; font-style: italic; }
"""

# Runs in <head>, before pyvis's drawGraph(): turns each item's tooltip HTML (pre-escaped in
# Python) into an element, because vis-network 9 shows a string title as plain text.
_PAGE_JS = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  window.kgData = {nodes: data.counts.nodes, edges: data.counts.edges, ready: false};
  window.kgTips = function (items, kind) {
    var tips = data.tips[kind];
    for (var i = 0; i < items.length; i++) {
      if (Object.prototype.hasOwnProperty.call(tips, items[i].id)) {
        var el = document.createElement("div");
        el.className = "kg-tip";
        el.innerHTML = tips[items[i].id];
        items[i].title = el;
      }
    }
    return items;
  };
  window.kgAfterDraw = function (network) {
    window.kgNetwork = network;
    var done = function () {
      network.setOptions({physics: false});
      window.kgData.ready = true;
    };
    // vis starts stabilizing on a timer, so this listener is in place before it ends.
    if (data.counts.nodes === 0) {
      done();
    } else {
      network.once("stabilizationIterationsDone", done);
    }
  };
})();
"""


@dataclass
class _Entity:
    iri: URIRef
    type_index: int
    label: str
    alt_labels: list[tuple[str, str]] = field(default_factory=list)  # (text, language)
    wikidata: list[str] = field(default_factory=list)
    degree: int = 0


@dataclass(frozen=True)
class _Evidence:
    sort_key: tuple[str, str, int, str]
    sentence: str
    article: str
    date: str
    speaker: str
    quote: str
    planned: bool


def render_html(graph: Graph, out: Path, options: ViewOptions | None = None) -> ViewStats:
    """Write an interactive HTML view of `graph` to `out` (atomically) and return what it drew.

    Same graph and options give byte-identical output. Raises ValueError on an unusable
    option (e.g. a height that is not a CSS length).
    """
    opts = options or ViewOptions()
    if not _CSS_LENGTH.fullmatch(opts.height):
        raise ValueError(f"height must be a CSS length like '900px' or '85vh', not {opts.height!r}")
    if opts.max_evidence < 0 or opts.stabilization_iterations < 1:
        raise ValueError("max_evidence must be >= 0 and stabilization_iterations >= 1")

    entities = _read_entities(graph)
    facts = _read_facts(graph, entities)
    evidence = _read_evidence(graph, facts, entities)
    for s, _p, o in facts:
        entities[s].degree += 1
        entities[o].degree += 1

    node_ids = {iri: f"n{i}" for i, iri in enumerate(sorted(entities))}
    rel_labels = {p: _label(graph, p, _camel_words(_local(p))) for p in {f[1] for f in facts}}

    net = cast(
        Any,
        Network(
            height=opts.height,
            width="100%",
            directed=True,
            cdn_resources="in_line",
            heading="",
        ),
    )
    node_tips: dict[str, str] = {}
    for iri in sorted(entities):
        ent = entities[iri]
        _cls, type_name, colour, shape, _glyph = _TYPES[ent.type_index]
        nid = node_ids[iri]
        net.add_node(
            nid,
            label=ent.label,
            shape=shape,
            color=colour,
            size=round(min(10 + 4 * math.sqrt(ent.degree), 45), 2),
        )
        node_tips[nid] = _node_tip(ent, type_name)

    edge_tips: dict[str, str] = {}
    for i, (s, p, o) in enumerate(facts):
        eid = f"e{i}"
        records = evidence.get((s, p, o), [])
        label = rel_labels[p] + (f" \u00d7{len(records)}" if len(records) > 1 else "")
        net.add_edge(
            node_ids[s],
            node_ids[o],
            id=eid,
            label=label,
            color=_KIND_COLOUR[_KIND_OF.get(p, "other")],
            width=round(1.5 + math.log2(max(len(records), 1)), 2),
        )
        edge_tips[eid] = _edge_tip(
            entities[s].label, rel_labels[p], entities[o].label, records, opts.max_evidence
        )

    vis_options = json.loads(json.dumps(_VIS_OPTIONS))  # deep copy
    vis_options["physics"]["stabilization"]["iterations"] = opts.stabilization_iterations
    # A dict is emitted with json.dumps; set_options(str) would strip spaces inside strings.
    net.options = vis_options

    payload = {
        "counts": {"nodes": len(entities), "edges": len(facts)},
        "tips": {"nodes": node_tips, "edges": edge_tips},
    }
    page = cast(str, net.generate_html())
    page = _patch_page(
        page,
        opts,
        _legend(entities, facts, rel_labels),
        _script_json(payload),
        _header(opts.title, len(entities), len(facts), evidence, facts),
    )
    _check_offline(page)
    atomic_write_text(out, page)
    return ViewStats(
        nodes=len(entities),
        edges=len(facts),
        evidence=sum(len(evidence.get(f, [])) for f in facts),
    )


# ---- reading the graph ----


def _local(iri: URIRef) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1] or text


def _camel_words(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


def _label(graph: Graph, iri: URIRef, fallback: str) -> str:
    """English rdfs:label, else one without language, else any (smallest, for determinism)."""
    labels = [o for o in graph.objects(iri, RDFS.label) if isinstance(o, Literal) and str(o)]
    for wanted in ("en", None):
        picked = sorted(str(o) for o in labels if o.language == wanted)
        if picked:
            return picked[0]
    return min((str(o) for o in labels), default=fallback)


def _read_entities(graph: Graph) -> dict[URIRef, _Entity]:
    entities: dict[URIRef, _Entity] = {}
    for index, (cls, *_style) in enumerate(_TYPES):
        for subject in graph.subjects(RDF.type, cls):
            if isinstance(subject, URIRef) and subject not in entities:
                entities[subject] = _Entity(
                    subject, index, _label(graph, subject, _local(subject).replace("_", " "))
                )
    wd = str(WIKIDATA)
    for iri, ent in entities.items():
        ent.alt_labels = sorted(
            {
                (str(o), o.language or "")
                for o in graph.objects(iri, SKOS.altLabel)
                if isinstance(o, Literal)
            },
            key=lambda item: (item[1], item[0]),
        )
        ent.wikidata = sorted(
            str(o)[len(wd) :] for o in graph.objects(iri, OWL.sameAs) if str(o).startswith(wd)
        )
    return entities


def _read_facts(
    graph: Graph, entities: dict[URIRef, _Entity]
) -> list[tuple[URIRef, URIRef, URIRef]]:
    facts: set[tuple[URIRef, URIRef, URIRef]] = set()
    for s, p, o in graph:
        if (
            isinstance(s, URIRef)
            and isinstance(p, URIRef)
            and isinstance(o, URIRef)
            and s in entities
            and o in entities
            and p in KG
            and p not in _PROVENANCE
        ):
            facts.add((s, p, o))
    return sorted(facts)


def _text(graph: Graph, subject: Any, predicate: URIRef) -> str:
    if subject is None:
        return ""
    values = sorted(str(v) for v in graph.objects(subject, predicate) if isinstance(v, Literal))
    return values[0] if values else ""


def _read_evidence(
    graph: Graph,
    facts: list[tuple[URIRef, URIRef, URIRef]],
    entities: dict[URIRef, _Entity],
) -> dict[tuple[URIRef, URIRef, URIRef], list[_Evidence]]:
    wanted = set(facts)
    found: defaultdict[tuple[URIRef, URIRef, URIRef], list[_Evidence]] = defaultdict(list)
    for record in graph.subjects(RDF.type, KG.Assertion):
        s, p, o = (
            graph.value(record, RDF.subject),
            graph.value(record, RDF.predicate),
            graph.value(record, RDF.object),
        )
        if not (isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, URIRef)):
            continue
        key = (s, p, o)
        if key not in wanted:
            continue
        sentence = graph.value(record, KG.sentence)
        article = graph.value(record, KG.article)
        if article is None and sentence is not None:
            article = graph.value(sentence, KG.inArticle)
        position = graph.value(sentence, KG.position) if sentence is not None else None
        pos = (
            int(position.toPython())
            if isinstance(position, Literal) and isinstance(position.toPython(), int)
            else -1
        )
        speaker_iri = graph.value(record, KG.speaker)
        speaker = ""
        if isinstance(speaker_iri, URIRef):
            speaker = (
                entities[speaker_iri].label
                if speaker_iri in entities
                else _label(graph, speaker_iri, _local(speaker_iri).replace("_", " "))
            )
        title = _text(graph, article, DCTERMS.title)
        date = _text(graph, article, DCTERMS.date)
        planned = graph.value(record, KG.planned)
        found[key].append(
            _Evidence(
                sort_key=(date, title, pos, str(record)),
                sentence=_text(graph, sentence, KG.text),
                article=title,
                date=date,
                speaker=speaker,
                quote=_text(graph, record, KG.quote),
                planned=isinstance(planned, Literal) and planned.toPython() is True,
            )
        )
    return {key: sorted(items, key=lambda e: e.sort_key) for key, items in found.items()}


# ---- HTML pieces (every graph-derived string passes through html.escape) ----


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _node_tip(ent: _Entity, type_name: str) -> str:
    parts = [
        f'<div class="kg-tip-head"><b>{_esc(ent.label)}</b> '
        f'<span class="kg-tip-type">{_esc(type_name)}</span></div>'
    ]
    if ent.alt_labels:
        shown = ", ".join(
            _esc(text) + (f" <i>({_esc(lang)})</i>" if lang else "")
            for text, lang in ent.alt_labels[:12]
        )
        more = f" \u2026 +{len(ent.alt_labels) - 12}" if len(ent.alt_labels) > 12 else ""
        parts.append(f"<div>Also: {shown}{more}</div>")
    if ent.wikidata:
        parts.append(f"<div>Wikidata: {_esc(', '.join(ent.wikidata))}</div>")
    parts.append(f"<div>{ent.degree} relation{'s' if ent.degree != 1 else ''}</div>")
    return "".join(parts)


def _edge_tip(subject: str, relation: str, obj: str, records: list[_Evidence], limit: int) -> str:
    head = (
        f'<div class="kg-tip-head"><b>{_esc(subject)}</b> {_esc(relation)} <b>{_esc(obj)}</b></div>'
    )
    if not records:
        return head + '<div class="kg-more">no evidence recorded</div>'
    items = []
    for ev in records[:limit]:
        text = ev.sentence or ev.quote
        body = f"<div>\u201c{_esc(text)}\u201d</div>" if text else ""
        source = [_esc(ev.article) if ev.article else "", _esc(ev.date) if ev.date else ""]
        if ev.speaker:
            source.append(f"said by {_esc(ev.speaker)}")
        if ev.planned:
            source.append("planned")
        src = " \u00b7 ".join(s for s in source if s)
        items.append(f"<li>{body}" + (f'<div class="kg-src">{src}</div>' if src else "") + "</li>")
    more = (
        f'<div class="kg-more">\u2026 and {len(records) - limit} more</div>'
        if len(records) > limit
        else ""
    )
    count = f"<div>{len(records)} evidence sentence{'s' if len(records) != 1 else ''}</div>"
    return head + count + "<ol>" + "".join(items) + "</ol>" + more


def _header(
    title: str,
    n_nodes: int,
    n_edges: int,
    evidence: dict[tuple[URIRef, URIRef, URIRef], list[_Evidence]],
    facts: list[tuple[URIRef, URIRef, URIRef]],
) -> str:
    n_ev = sum(len(evidence.get(f, [])) for f in facts)
    return (
        f'<header id="kg-header"><h1>{_esc(title)}</h1><p>{n_nodes} entities \u00b7 '
        f"{n_edges} facts \u00b7 {n_ev} evidence records. Hover a node or edge for "
        "details; drag to move, scroll to zoom.</p></header>"
    )


def _legend(
    entities: dict[URIRef, _Entity],
    facts: list[tuple[URIRef, URIRef, URIRef]],
    rel_labels: dict[URIRef, str],
) -> str:
    type_counts = Counter(e.type_index for e in entities.values())
    rows = []
    for index, (_cls, name, colour, _shape, glyph) in enumerate(_TYPES):
        if type_counts[index]:
            rows.append(
                f'<li><span class="kg-glyph" style="color:{colour}">{glyph}</span>'
                f"{name} ({type_counts[index]})</li>"
            )
    kinds: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for _s, p, _o in facts:
        kinds[_KIND_OF.get(p, "other")][rel_labels[p]] += 1
    rel_rows = []
    for kind, colour in _KINDS:
        if kind in kinds:
            rels = ", ".join(f"{_esc(label)} ({n})" for label, n in sorted(kinds[kind].items()))
            rel_rows.append(
                f'<li><span class="kg-line" style="background:{colour}"></span>'
                f'{kind}: <span class="kg-rels">{rels}</span></li>'
            )
    out = ['<aside id="kg-legend" aria-label="Legend">']
    if rows:
        out.append("<h2>Entities</h2><ul>" + "".join(rows) + "</ul>")
    if rel_rows:
        out.append("<h2>Relations</h2><ul>" + "".join(rel_rows) + "</ul>")
    if not rows and not rel_rows:
        out.append("<p>The graph has no entities.</p>")
    out.append("</aside>")
    return "".join(out)


def _script_json(value: object) -> str:
    """JSON safe inside <script>: no `<`, `>` or `&` can end the element or open a comment."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# ---- patching pyvis's page ----


def _sub(pattern: str, repl: str, text: str, expected: int | None, flags: int = 0) -> str:
    """re.sub that fails loudly when pyvis's template no longer has what we patch."""
    result, count = re.subn(pattern, lambda _m: repl, text, flags=flags)
    if expected is not None and count != expected:
        raise RuntimeError(f"unexpected pyvis page: {pattern!r} matched {count}x, not {expected}x")
    return result


def _patch_page(page: str, opts: ViewOptions, legend: str, data: str, header: str) -> str:
    head = (
        f'<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        f"<title>{_esc(opts.title)}</title>\n<style>{_PAGE_CSS}</style>\n"
        f'<script id="kg-data" type="application/json">{data}</script>\n'
        f"<script>{_PAGE_JS}</script>\n"
    )
    # Bootstrap is linked from a CDN in every cdn_resources mode; the page does not need it.
    page = _sub(r'<link\b[^>]*\bhref="https?://[^"]*"[^>]*>', "", page, None)
    page = _sub(r'<script\b[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>', "", page, None)
    page = _sub(r"<!--\s*<link[^>]*node_modules.*?-->", "", page, 1, re.S)
    page = _sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page, None)
    # CSP must precede every script, so it goes right after the charset.
    page = _sub(
        r'\A\s*<html>\s*<head>\s*<meta charset="utf-8">',
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n' + head,
        page,
        1,
    )
    page = _sub(r"<body>", "<body>\n" + header + legend, page, 1)

    # Give each item its tooltip element before vis-network first reads the data.
    def wrap(match: re.Match[str]) -> str:
        indent, kind, items = match.groups()
        return f'{indent}{kind} = new vis.DataSet(kgTips({items}, "{kind}"));'

    page, count = re.subn(
        r"^(\s*)(nodes|edges) = new vis\.DataSet\((\[.*\])\);$", wrap, page, flags=re.M
    )
    if count != 2:
        raise RuntimeError(f"unexpected pyvis page: {count} DataSets found, not 2")
    return _sub(
        r"network = new vis\.Network\(container, data, options\);",
        "network = new vis.Network(container, data, options);\n"
        "                  kgAfterDraw(network);",
        page,
        1,
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
    finder = _RemoteRefFinder()
    finder.feed(page)
    finder.close()
    if finder.refs:
        raise RuntimeError(f"page would load external resources: {finder.refs[:3]}")
