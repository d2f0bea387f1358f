/* kg graph view: legend and filters, search, hover tooltips and a pinned details panel over
 * vis-network. Every string from the graph reaches the page through textContent or as canvas
 * text, never as markup. The data comes from the JSON script element #kg-data. */
(function () {
  "use strict";

  var D = JSON.parse(document.getElementById("kg-data").textContent);
  var N = D.nodes;
  var E = D.edges;
  var fixed = D.meta.layout === "fixed";
  var view = (window.kgView = {
    ready: false,
    readyMs: null,
    focused: null,
    network: null,
    nodes: null,
    edges: null,
    counts: { nodes: N.length, edges: E.length }
  });

  // ---- small helpers ----

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === "") continue;
      parent.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return parent;
  }
  function fold(s) {
    // as kg/view.py's _fold: NFKD, marks dropped, lower case, spaces squeezed
    return String(s).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }
  function plural(n, one, many) {
    return n.toLocaleString("en") + " " + (n === 1 ? one : many || one + "s");
  }
  function clip(s, n) {
    return s.length > n ? s.slice(0, n - 1) + "\u2026" : s;
  }
  function byId(id) {
    return document.getElementById(id);
  }
  function glyph(t) {
    var g = el("span", "kg-glyph", D.types[t][4]);
    g.style.color = D.types[t][1];
    return g;
  }
  function relLabel(e) {
    return D.rels[E[e].r][0];
  }

  // ---- adjacency ----

  var outE = [], inE = [], saidE = [];
  for (var i = 0; i < N.length; i++) { outE.push([]); inE.push([]); saidE.push([]); }
  E.forEach(function (e, k) {
    outE[e.f].push(k);
    inE[e.t].push(k);
    var seen = {};
    e.v.forEach(function (v) {
      var who = D.ev[v].pn;
      if (who !== undefined && who >= 0 && !seen[who]) { seen[who] = true; saidE[who].push(k); }
    });
  });

  // ---- the network ----

  var sizeKey = "s";
  function nodeItem(n, k) {
    var ty = D.types[n.t];
    var item = {
      id: k, label: n.l, shape: ty[3], size: n[sizeKey],
      color: {
        background: ty[1], border: ty[2],
        highlight: { background: ty[1], border: "#1f2328" },
        hover: { background: ty[1], border: "#1f2328" }
      }
    };
    if (fixed) { item.x = n.x; item.y = n.y; }
    return item;
  }
  function edgeItem(e, k) {
    var rel = D.rels[e.r];
    var colour = D.kinds[rel[1]][1];
    var item = {
      id: k, from: e.f, to: e.t,
      label: rel[0] + (e.n > 1 ? " \u00d7" + e.n : ""),
      color: { color: colour, highlight: colour, hover: colour, opacity: fixed ? 0.55 : 0.9 },
      width: Math.round((1 + 1.5 * Math.log2(Math.max(e.n, 1))) * 100) / 100
    };
    if (rel[2]) item.arrows = { to: { enabled: false } };
    return item;
  }
  var nodes = (view.nodes = new vis.DataSet(N.map(nodeItem)));
  var edges = (view.edges = new vis.DataSet(E.map(edgeItem)));

  var font = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif";
  var options = {
    autoResize: true,
    nodes: {
      borderWidth: 1, borderWidthSelected: 3,
      font: { size: 14, face: font, color: "#1f2328", strokeWidth: 3, strokeColor: "#ffffff" },
      // big (fixed-layout) graphs: labels only once zoomed in, or every frame draws thousands
      scaling: { label: { drawThreshold: fixed ? 10 : 7 } }
    },
    edges: {
      smooth: false,
      arrows: { to: { enabled: true, scaleFactor: 0.55 } },
      font: { size: 11, face: font, align: "middle", color: "#424a53", strokeWidth: 3,
              strokeColor: "#ffffff" },
      scaling: { label: { drawThreshold: fixed ? 16 : 7 } },
      selectionWidth: 2, hoverWidth: 0.6
    },
    layout: { improvedLayout: !fixed && N.length <= 150, randomSeed: 7 },
    physics: fixed ? false : {
      enabled: true,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -90, centralGravity: 0.012, springLength: 140,
                          springConstant: 0.06, damping: 0.5, avoidOverlap: 0.4 },
      maxVelocity: 60, minVelocity: 1, timestep: 0.5,
      stabilization: { enabled: true, iterations: D.meta.iterations, updateInterval: 25,
                       fit: true }
    },
    interaction: { hover: true, hideEdgesOnDrag: fixed, hideEdgesOnZoom: fixed,
                   keyboard: false, multiselect: false, tooltipDelay: 200 }
  };
  var network = (view.network = new vis.Network(byId("kg-canvas"), { nodes: nodes, edges: edges },
                                                 options));

  var loading = byId("kg-loading");
  function markReady() {
    if (view.ready) return;
    view.ready = true;
    view.readyMs = Math.round(performance.now());
    loading.textContent = "";
  }
  if (!fixed && N.length > 0) {
    loading.textContent = "Laying out " + plural(N.length, "entity", "entities") + "\u2026";
    network.on("stabilizationProgress", function (p) {
      loading.textContent = "Laying out\u2026 " + Math.round((100 * p.iterations) / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      network.fit();
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.fit();
    network.once("afterDrawing", markReady);
    network.redraw();
  }

  // ---- tooltip on hover ----

  var tip = byId("kg-tip");
  function placeTip(pointer) {
    var r = byId("kg-canvas").getBoundingClientRect();
    var x = r.left + pointer.x + 14, y = r.top + pointer.y + 14;
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 4) x = Math.max(4, r.left + pointer.x - w - 14);
    if (y + h > window.innerHeight - 4) y = Math.max(4, r.top + pointer.y - h - 14);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function showTip(content, pointer) {
    tip.replaceChildren(content);
    placeTip(pointer);
  }
  function hideTip() {
    tip.hidden = true;
    tip.replaceChildren();
  }
  function nodeTip(k) {
    var n = N[k], box = el("div");
    add(box, add(el("div", "kg-tip-head"), glyph(n.t), el("b", null, n.l), " ",
                 el("span", "kg-muted", D.types[n.t][0])));
    if (n.a.length) {
      var names = n.a.slice(0, 6).map(function (a) { return a[0]; }).join(", ");
      add(box, el("div", null, "Also: " + names + (n.a.length > 6 ? ", \u2026" : "")));
    }
    if (n.q.length) add(box, el("div", null, "Wikidata: " + n.q.join(", ")));
    add(box, el("div", "kg-muted", plural(n.d, "fact") + " \u00b7 click to pin details"));
    return box;
  }
  function edgeTip(k) {
    var e = E[k], box = el("div");
    add(box, add(el("div", "kg-tip-head"), el("b", null, N[e.f].l), " " + relLabel(k) + " ",
                 el("b", null, N[e.t].l)));
    add(box, el("div", "kg-muted", sourcesText(e)));
    if (e.v.length) {
      var ev = D.ev[e.v[0]];
      if (ev.s >= 0) add(box, el("blockquote", null, "\u201c" + clip(D.sents[ev.s], 260) + "\u201d"));
      if (ev.p) add(box, el("div", "kg-muted", "said by " + ev.p));
    }
    add(box, el("div", "kg-muted", "click to pin details"));
    return box;
  }
  function sourcesText(e) {
    if (!e.c) return "no evidence recorded";
    return "read in " + plural(e.n, "article") + " (" + plural(e.c, "sentence") + ")";
  }
  network.on("hoverNode", function (p) { showTip(nodeTip(p.node), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTip(edgeTip(p.edge), p.pointer.DOM); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  byId("kg-canvas").addEventListener("mouseleave", hideTip);

  // ---- details panel, pinned by a click ----

  var panel = byId("kg-details");
  function nodeLink(k) {
    var b = el("button", "kg-link", N[k].l);
    b.type = "button";
    b.title = "Show " + N[k].l;
    b.addEventListener("click", function () { selectNode(k, true); });
    return b;
  }
  function edgeLink(k, text) {
    var b = el("button", "kg-link", text);
    b.type = "button";
    b.addEventListener("click", function () { selectEdge(k); });
    return b;
  }
  function openPanel(heading) {
    hideTip();
    panel.replaceChildren();
    var close = el("button", "kg-close", "\u00d7");
    close.type = "button";
    close.title = "Close";
    close.setAttribute("aria-label", "Close details");
    close.addEventListener("click", function () { panel.hidden = true; panel.dataset.item = ""; });
    add(panel, close, heading);
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  var LIST_LIMIT = 200;
  function factList(title, list, line) {
    if (!list.length) return;
    add(panel, el("h3", null, title + " (" + list.length + ")"));
    var ul = el("ul");
    list.slice(0, LIST_LIMIT).forEach(function (k) { ul.appendChild(line(k)); });
    add(panel, ul);
    if (list.length > LIST_LIMIT) {
      add(panel, el("div", "kg-muted", "\u2026 and " + (list.length - LIST_LIMIT) + " more"));
    }
  }
  function badge(e) {
    return e.n > 1 ? el("span", "kg-badge", "\u00d7" + e.n + " articles") : null;
  }
  function byRelThen(other) {
    return function (a, b) {
      var ra = relLabel(a), rb = relLabel(b);
      if (ra !== rb) return ra < rb ? -1 : 1;
      var la = N[other(a)].l, lb = N[other(b)].l;
      return la < lb ? -1 : la > lb ? 1 : a - b;
    };
  }
  function showNode(k) {
    var n = N[k];
    openPanel(el("h2", null, n.l));
    panel.dataset.item = "node:" + k;
    add(panel, add(el("div"), glyph(n.t), D.types[n.t][0],
                   n.q.length ? el("span", "kg-muted", " \u00b7 Wikidata " + n.q.join(", ")) : null));
    var shown = outE[k].length + inE[k].length;
    add(panel, el("div", "kg-muted", plural(n.d, "fact") + " in the graph" +
                  (shown !== n.d ? ", " + shown + " in this view" : "")));
    if (n.a.length) {
      add(panel, el("h3", null, "Also written"));
      var ul = el("ul");
      n.a.forEach(function (a) {
        add(ul, add(el("li"), a[0], a[1] ? el("span", "kg-muted", " (" + a[1] + ")") : null));
      });
      add(panel, ul);
    }
    var outs = outE[k].slice().sort(byRelThen(function (e) { return E[e].t; }));
    factList("What it did", outs, function (e) {
      return add(el("li"), edgeLink(e, relLabel(e)), " ", nodeLink(E[e].t), badge(E[e]));
    });
    var ins = inE[k].slice().sort(byRelThen(function (e) { return E[e].f; }));
    factList("What was done to it", ins, function (e) {
      return add(el("li"), nodeLink(E[e].f), " ", edgeLink(e, relLabel(e)), " it", badge(E[e]));
    });
    factList("Said by it", saidE[k], function (e) {
      return add(el("li"), nodeLink(E[e].f), " ", edgeLink(e, relLabel(e)), " ",
                 nodeLink(E[e].t));
    });
  }
  function showEdge(k) {
    var e = E[k], rel = D.rels[e.r];
    openPanel(add(el("h2"), nodeLink(e.f), " " + rel[0] + " ", nodeLink(e.t)));
    panel.dataset.item = "edge:" + k;
    var kind = D.kinds[rel[1]];
    var sw = el("span", "kg-line");
    sw.style.background = kind[1];
    add(panel, add(el("div", "kg-muted"), sw, " " + kind[0] + (rel[2] ? " \u00b7 symmetric" : "") +
                   " \u00b7 " + sourcesText(e)));
    if (!e.v.length) return;
    add(panel, el("h3", null, "Evidence"));
    var ol = el("ol");
    e.v.forEach(function (v) {
      var ev = D.ev[v], li = el("li");
      if (ev.s >= 0) add(li, el("p", "kg-sentence", "\u201c" + D.sents[ev.s] + "\u201d"));
      if (ev.q && (ev.s < 0 || D.sents[ev.s].indexOf(ev.q) < 0)) {
        add(li, el("p", "kg-sentence", "Quote: \u201c" + ev.q + "\u201d"));
      }
      if (ev.p) {
        add(li, add(el("div"), "said by ", ev.pn >= 0 ? nodeLink(ev.pn) : el("span", null, ev.p)));
      }
      var src = el("div", "kg-src");
      if (ev.a >= 0) {
        var a = D.arts[ev.a];
        var title = a.t || a.f || "untitled article";
        if (a.u && /^https?:\/\//i.test(a.u)) {
          var link = el("a", null, title);
          link.href = a.u;
          link.target = "_blank";
          link.rel = "noopener noreferrer";
          add(src, link);
        } else {
          add(src, el("span", "kg-art", title));
        }
        [a.p, a.d, a.f && a.f !== title ? a.f : ""].forEach(function (part) {
          if (part) add(src, " \u00b7 " + part);
        });
      }
      if (ev.pl) add(src, el("span", "kg-badge kg-planned", "planned"));
      if (ev.c) add(src, el("span", "kg-badge", "confidence " + ev.c));
      add(li, src);
      ol.appendChild(li);
    });
    add(panel, ol);
    if (e.c > e.v.length) {
      add(panel, el("div", "kg-muted", "\u2026 and " + (e.c - e.v.length) +
                    " more sentences (in the graph file; not included in this page)"));
    }
  }
  network.on("click", function (p) {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
  });

  function selectNode(k, animate) {
    if (hiddenNode[k]) resetFilters("Filters were reset to show " + N[k].l + ".");
    network.selectNodes([k]);
    showNode(k);
    view.focused = null;
    // vis fires animationFinished only after an animation: wait for it only then.
    if (animate) network.once("animationFinished", function () { view.focused = k; });
    var scale = Math.max(network.getScale(), 1.2);
    network.focus(k, { scale: scale, animation: animate ? { duration: 450,
                                                            easingFunction: "easeInOutQuad" }
                                                        : false });
    if (!animate) view.focused = k;
  }
  function selectEdge(k) {
    if (hiddenEdge[k]) resetFilters("Filters were reset to show this fact.");
    network.selectEdges([k]);
    showEdge(k);
  }
  view.selectNode = selectNode;

  // ---- legend and filters ----

  var typeOn = D.types.map(function () { return true; });
  var relOn = D.rels.map(function () { return true; });
  var dates = D.meta.dates;
  var hiddenNode = N.map(function () { return false; });
  var hiddenEdge = E.map(function () { return false; });
  var side = byId("kg-side");
  var status = byId("kg-status");
  var note = "";

  function checkbox(checked, onChange) {
    var c = el("input");
    c.type = "checkbox";
    c.checked = checked;
    c.addEventListener("change", onChange);
    return c;
  }
  function count(n) {
    return el("span", "kg-n", n.toLocaleString("en"));
  }

  var typeCount = D.types.map(function () { return 0; });
  N.forEach(function (n) { typeCount[n.t]++; });
  var relCount = D.rels.map(function () { return 0; });
  E.forEach(function (e) { relCount[e.r]++; });

  var typeBoxes = [];
  add(side, el("h2", null, "Entities"));
  var typeList = el("ul");
  typeList.id = "kg-types";
  D.types.forEach(function (ty, t) {
    if (!typeCount[t]) return;
    var box = checkbox(true, function () { typeOn[t] = box.checked; apply(); });
    box.dataset.type = ty[0];
    typeBoxes.push(box);
    add(typeList, add(el("li"), add(el("label"), box, glyph(t), ty[0], count(typeCount[t]))));
  });
  if (!N.length) add(typeList, el("li", "kg-muted", "The graph has no entities."));
  add(side, typeList);

  var relBoxes = [], kindBoxes = [];
  if (E.length) {
    add(side, el("h2", null, "Relations"));
    var kindList = el("ul");
    kindList.id = "kg-relations";
    D.kinds.forEach(function (kind, ki) {
      var rels = [];
      D.rels.forEach(function (rel, r) { if (rel[1] === ki && relCount[r]) rels.push(r); });
      if (!rels.length) return;
      var sw = el("span", "kg-line");
      sw.style.background = kind[1];
      var kbox = checkbox(true, function () {
        rels.forEach(function (r) { relOn[r] = kbox.checked; relBoxes[r].checked = kbox.checked; });
        apply();
      });
      kbox.dataset.kind = kind[0];
      kindBoxes.push([kbox, rels]);
      var sub = el("ul", "kg-rels");
      rels.forEach(function (r) {
        var rbox = checkbox(true, function () { relOn[r] = rbox.checked; apply(); });
        rbox.dataset.rel = D.rels[r][0];
        relBoxes[r] = rbox;
        add(sub, add(el("li"), add(el("label"), rbox, D.rels[r][0], count(relCount[r]))));
      });
      add(kindList, add(el("li", "kg-kind"), add(el("label"), kbox, sw, kind[0]), sub));
    });
    add(side, kindList);
  }

  var fromInput = null, toInput = null;
  if (dates.length === 2) {
    add(side, el("h2", null, "Article dates"));
    var grid = el("div");
    grid.id = "kg-dates";
    fromInput = el("input");
    toInput = el("input");
    [fromInput, toInput].forEach(function (inp, j) {
      inp.type = "date";
      inp.min = dates[0];
      inp.max = dates[1];
      inp.value = dates[j];
      inp.id = j ? "kg-date-to" : "kg-date-from";
      inp.addEventListener("change", apply);
      var lab = el("label", null, j ? "to" : "from");
      lab.htmlFor = inp.id;
      add(grid, lab, inp);
    });
    add(side, grid);
  }

  add(side, el("h2", null, "Node size"));
  var sizeSel = el("select");
  sizeSel.id = "kg-size-by";
  [["s", "by number of facts"], ["p", "by PageRank"]].forEach(function (o) {
    var opt = el("option", null, o[1]);
    opt.value = o[0];
    sizeSel.appendChild(opt);
  });
  sizeSel.addEventListener("change", function () {
    sizeKey = sizeSel.value;
    nodes.update(N.map(function (n, k) { return { id: k, size: n[sizeKey] }; }));
  });
  add(side, sizeSel);

  var reset = el("button", null, "Show all");
  reset.type = "button";
  reset.id = "kg-reset";
  reset.addEventListener("click", function () { resetFilters(""); });
  add(side, add(el("div", "kg-actions"), reset));
  side.appendChild(status);

  function resetFilters(why) {
    typeOn = typeOn.map(function () { return true; });
    relOn = relOn.map(function () { return true; });
    typeBoxes.forEach(function (b) { b.checked = true; });
    relBoxes.forEach(function (b) { if (b) b.checked = true; });
    if (fromInput) { fromInput.value = dates[0]; toInput.value = dates[1]; }
    note = why;
    apply();
  }

  function apply() {
    var from = fromInput && fromInput.value ? fromInput.value : "";
    var to = toInput && toInput.value ? toInput.value : "";
    var dated = !!fromInput && (from > dates[0] || (to !== "" && to < dates[1]));
    var live = N.map(function () { return 0; });
    var edgeChanges = [], nodeChanges = [], shownEdges = 0, shownNodes = 0;
    E.forEach(function (e, k) {
      var on = relOn[e.r] && typeOn[N[e.f].t] && typeOn[N[e.t].t];
      if (on && dated) {
        on = e.d.some(function (d) { return (!from || d >= from) && (!to || d <= to); });
      }
      if (on) { live[e.f]++; live[e.t]++; shownEdges++; }
      if (hiddenEdge[k] === on) { hiddenEdge[k] = !on; edgeChanges.push({ id: k, hidden: !on }); }
    });
    N.forEach(function (n, k) {
      var on = typeOn[n.t] && (live[k] > 0 || outE[k].length + inE[k].length === 0);
      if (on) shownNodes++;
      if (hiddenNode[k] === on) { hiddenNode[k] = !on; nodeChanges.push({ id: k, hidden: !on }); }
    });
    kindBoxes.forEach(function (kb) {
      var on = kb[1].filter(function (r) { return relOn[r]; }).length;
      kb[0].checked = on > 0;
      kb[0].indeterminate = on > 0 && on < kb[1].length;
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    var sel = network.getSelectedNodes().filter(function (k) { return hiddenNode[k]; });
    if (sel.length) network.unselectAll();
    status.textContent = "Showing " + shownNodes.toLocaleString("en") + " of " +
      plural(N.length, "entity", "entities") + " and " + shownEdges.toLocaleString("en") +
      " of " + plural(E.length, "fact") + "." + (note ? " " + note : "");
    note = "";
    view.shown = { nodes: shownNodes, edges: shownEdges };
  }
  apply();

  // ---- search by name or alias ----

  var names = [];
  N.forEach(function (n, k) {
    names.push([fold(n.l), k, 0, ""]);
    n.a.forEach(function (a) { names.push([fold(a[0]), k, 1, a[0]]); });
    n.q.forEach(function (q) { names.push([fold(q), k, 1, q]); });
  });
  function search(query) {
    var q = fold(query);
    if (!q) return [];
    var best = {};
    names.forEach(function (nm) {
      var key = nm[0], score;
      if (key === q) score = nm[2];
      else if (key.lastIndexOf(q, 0) === 0) score = 2 + nm[2];
      else if (key.indexOf(" " + q) >= 0) score = 4 + nm[2];
      else if (key.indexOf(q) >= 0) score = 6 + nm[2];
      else return;
      var b = best[nm[1]];
      if (!b || score < b[0]) best[nm[1]] = [score, nm[3]];
    });
    return Object.keys(best).map(function (k) {
      return { node: +k, score: best[k][0], via: best[k][1] };
    }).sort(function (a, b) {
      return a.score - b.score || N[b.node].d - N[a.node].d ||
        (N[a.node].l < N[b.node].l ? -1 : N[a.node].l > N[b.node].l ? 1 : a.node - b.node);
    }).slice(0, 12);
  }
  view.search = search;

  var input = byId("kg-search"), list = byId("kg-suggest"), hits = [], active = 0;
  function renderHits() {
    list.replaceChildren();
    if (!input.value.trim()) { list.hidden = true; return; }
    if (!hits.length) {
      add(list, el("li", "kg-none", "No entity has this name"));
    }
    hits.forEach(function (h, j) {
      var n = N[h.node];
      var li = add(el("li", j === active ? "kg-active" : ""), glyph(n.t), el("span", null, n.l),
                   el("span", "kg-why", h.via ? "also \u201c" + h.via + "\u201d" : D.types[n.t][0]));
      li.setAttribute("role", "option");
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(j); });
      list.appendChild(li);
    });
    list.hidden = false;
  }
  function pick(j) {
    var h = hits[j];
    if (!h) return;
    input.value = N[h.node].l;
    list.hidden = true;
    selectNode(h.node, true);
  }
  input.addEventListener("input", function () { hits = search(input.value); active = 0; renderHits(); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (hits.length) {
        active = (active + (ev.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
        renderHits();
      }
      ev.preventDefault();
    } else if (ev.key === "Enter") {
      if (!hits.length) hits = search(input.value);
      pick(Math.min(active, hits.length - 1));
      ev.preventDefault();
    } else if (ev.key === "Escape") {
      list.hidden = true;
    }
  });
  input.addEventListener("blur", function () { list.hidden = true; });
  input.addEventListener("focus", function () { if (input.value.trim()) renderHits(); });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "/" && document.activeElement !== input &&
        !(document.activeElement instanceof HTMLInputElement)) {
      input.focus();
      input.select();
      ev.preventDefault();
    }
  });
})();
