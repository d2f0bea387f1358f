/* kg graph view: legend and filters, search, hover tooltips and a pinned details panel over
 * vis-network. Every string from the graph reaches the page through textContent or as canvas
 * text, never as markup. The data comes from the JSON script element #kg-data.
 *
 * Labels are drawn here, not by vis: in the order of importance (the node-size measure), each
 * at a fixed screen size, and only where it overlaps no label already drawn; so the most
 * connected entities are named in any view and more names appear as the user zooms in. Facts
 * between the same two entities share one line (a "pair"), whose label and tooltip list them. */
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
    labels: [],
    edgeLabels: [],
    colourBy: "type",
    settled: true,  // false while the view pans to what the details panel describes
    counts: { nodes: N.length, edges: E.length },
    undated: 0  // facts of undated articles the date filter hides
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
  function button(text, cls, title) {
    var b = el("button", cls, text);
    b.type = "button";
    if (title) b.title = title;
    return b;
  }

  // ---- adjacency, and the facts between each two entities (pairs) ----

  var outE = [], inE = [], saidE = [], nearby = [];
  for (var i = 0; i < N.length; i++) { outE.push([]); inE.push([]); saidE.push([]); nearby.push([]); }
  E.forEach(function (e, k) {
    outE[e.f].push(k);
    inE[e.t].push(k);
    var seen = {};
    e.v.forEach(function (v) {
      var who = D.ev[v].pn;
      if (who !== undefined && who >= 0 && !seen[who]) { seen[who] = true; saidE[who].push(k); }
    });
  });

  var P = [], pairOf = [], pairAt = {};
  E.forEach(function (e, k) {
    var key = Math.min(e.f, e.t) + " " + Math.max(e.f, e.t);
    var p = pairAt[key];
    if (p === undefined) {
      p = pairAt[key] = P.length;
      P.push({ a: e.f, b: e.t, facts: [] });
      nearby[e.f].push(e.t);
      if (e.t !== e.f) nearby[e.t].push(e.f);
    }
    P[p].facts.push(k);
    pairOf[k] = p;
  });
  P.forEach(function (p) {
    // the facts stated by most articles first
    p.facts.sort(function (x, y) { return E[y].n - E[x].n || E[y].c - E[x].c || x - y; });
  });
  view.pairs = P;

  // ---- colours and importance ----

  var PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
                 "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#1f77b4"];
  var OTHER = "#c3c9d1";
  var comms = D.comms;
  function commColour(c) {
    return c < PALETTE.length && comms[c][1] >= 3 ? PALETTE[c] : OTHER;
  }
  function darker(hex) {
    var v = parseInt(hex.slice(1), 16), out = "#";
    [16, 8, 0].forEach(function (shift) {
      out += ("0" + Math.round(((v >> shift) & 255) * 0.62).toString(16)).slice(-2);
    });
    return out;
  }
  function nodeColour(n) {
    var ty = D.types[n.t];
    var fill = view.colourBy === "community" ? commColour(n.c) : ty[1];
    var border = view.colourBy === "community" ? darker(fill) : ty[2];
    return {
      background: fill, border: border,
      highlight: { background: fill, border: "#1f2328" },
      hover: { background: fill, border: "#1f2328" }
    };
  }

  var sizeKey = "s";
  function ranking(first, second) {
    return N.map(function (n, k) { return k; }).sort(function (a, b) {
      return N[b][first] - N[a][first] || N[b][second] - N[a][second] ||
        (N[a].l < N[b].l ? -1 : N[a].l > N[b].l ? 1 : a - b);
    });
  }
  // importance: by number of facts (the "s" size) or by PageRank (the "p" size)
  var ORDERS = { s: ranking("d", "p"), p: ranking("p", "d") };
  var rankOf = {};
  Object.keys(ORDERS).forEach(function (key) {
    var r = new Int32Array(N.length);
    ORDERS[key].forEach(function (k, i) { r[k] = i; });
    rankOf[key] = r;
  });

  // ---- the network ----

  function nodeItem(n, k) {
    return { id: k, label: n.l, shape: D.types[n.t][3], size: n[sizeKey], x: n.x, y: n.y,
             color: nodeColour(n) };
  }
  function pairText(on) {
    var top = E[on[0]];
    return relLabel(on[0]) + (top.n > 1 ? " \u00d7" + top.n : "") +
      (on.length > 1 ? " +" + (on.length - 1) + " more" : "");
  }
  var pairLabel = [];
  function pairItem(pi, on) {
    var p = P[pi], top = E[on[0]], colour = D.kinds[D.rels[top.r][1]][1];
    var forward = false, back = false, articles = 0;
    on.forEach(function (k) {
      var e = E[k];
      articles += Math.max(e.n, 1);
      if (D.rels[e.r][2]) return;  // symmetric: no arrow
      if (e.f === p.a) forward = true; else back = true;
    });
    pairLabel[pi] = pairText(on);
    return {
      id: pi, from: p.a, to: p.b, facts: on.slice(), hidden: false,
      color: { color: colour, highlight: colour, hover: colour, opacity: fixed ? 0.55 : 0.85 },
      width: Math.round((1 + 1.5 * Math.log2(articles)) * 100) / 100,
      arrows: { to: { enabled: forward }, from: { enabled: back } }
    };
  }
  var nodes = (view.nodes = new vis.DataSet(N.map(nodeItem)));
  var drawnSig = [];
  var edges = (view.edges = new vis.DataSet(P.map(function (p, pi) {
    drawnSig[pi] = p.facts.join(",");
    return pairItem(pi, p.facts);
  })));

  var font = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif";
  var options = {
    autoResize: true,
    nodes: {
      borderWidth: 1, borderWidthSelected: 3,
      font: { size: 14, face: font },
      // labels are drawn by drawLabels below, never by vis
      scaling: { label: { drawThreshold: 1e9 } }
    },
    edges: {
      smooth: false,
      arrows: { to: { enabled: true, scaleFactor: 0.55 }, from: { enabled: false, scaleFactor: 0.55 } },
      selectionWidth: 2, hoverWidth: 0.6
    },
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: fixed ? false : {
      enabled: true,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, centralGravity: 0.005, springLength: 140,
                          springConstant: 0.05, damping: 0.6, avoidOverlap: 0.5 },
      maxVelocity: 40, minVelocity: 1, timestep: 0.4,
      stabilization: { enabled: true, iterations: D.meta.iterations, updateInterval: 25,
                       fit: true }
    },
    interaction: { hover: true, hideEdgesOnDrag: fixed, hideEdgesOnZoom: fixed,
                   keyboard: false, multiselect: false, tooltipDelay: 200 }
  };
  var canvasBox = byId("kg-canvas"), panel = byId("kg-details");
  var network = (view.network = new vis.Network(canvasBox, { nodes: nodes, edges: edges },
                                                 options));

  // ---- positions (fixed once laid out; a dragged node moves) ----

  var X = new Float64Array(N.length), Y = new Float64Array(N.length);
  function readPositions(ids) {
    var got = network.getPositions(ids);
    Object.keys(got).forEach(function (id) { X[id] = got[id].x; Y[id] = got[id].y; });
  }
  N.forEach(function (n, k) { X[k] = n.x; Y[k] = n.y; });
  var linkLength = 150;  // median length of a drawn line, in canvas units
  function measureLinks() {
    var lengths = P.filter(function (p) { return p.a !== p.b; }).map(function (p) {
      return Math.hypot(X[p.a] - X[p.b], Y[p.a] - Y[p.b]);
    }).sort(function (a, b) { return a - b; });
    if (lengths.length) linkLength = lengths[lengths.length >> 1] || 150;
  }
  network.on("dragging", function (p) { if (p.nodes.length) readPositions(p.nodes); });
  network.on("dragEnd", function (p) { if (p.nodes.length) readPositions(p.nodes); });

  // ---- labels: by importance, at a fixed screen size, never overlapping ----

  var LABEL_PX = 13, TOP_PX = 14, EDGE_PX = 11, TOP_COUNT = 10;
  // at most one label per LABEL_AREA square pixels, so a full view stays readable
  var MAX_TRIES = 4000, LABEL_AREA = 9000, CELL = 48, PAD = 3;
  var widths = {};
  var hovered = null, selectedNode = null, selectedPair = null;
  var hiddenNode = N.map(function () { return false; });
  var hiddenEdge = E.map(function () { return false; });
  var hiddenPair = P.map(function () { return false; });

  function Occupied() { this.cells = new Map(); }
  Occupied.prototype.keys = function (r, each) {
    var x0 = Math.floor(r.x / CELL), x1 = Math.floor((r.x + r.w) / CELL);
    var y0 = Math.floor(r.y / CELL), y1 = Math.floor((r.y + r.h) / CELL);
    for (var cx = x0; cx <= x1; cx++) for (var cy = y0; cy <= y1; cy++) {
      if (each(cx * 100003 + cy)) return true;
    }
    return false;
  };
  Occupied.prototype.hits = function (r) {
    var cells = this.cells;
    return this.keys(r, function (key) {
      var list = cells.get(key);
      if (!list) return false;
      for (var i = 0; i < list.length; i++) {
        var o = list[i];
        if (r.x < o.x + o.w && o.x < r.x + r.w && r.y < o.y + o.h && o.y < r.y + r.h) return true;
      }
      return false;
    });
  };
  Occupied.prototype.add = function (r) {
    var cells = this.cells;
    this.keys(r, function (key) {
      var list = cells.get(key);
      if (list) list.push(r); else cells.set(key, [r]);
      return false;
    });
  };

  function labelFont(px, bold) {
    return (bold ? "600 " : "") + px + "px " + font;
  }
  function textWidth(ctx, key, text, f) {
    var w = widths[key];
    if (w === undefined) {
      ctx.font = f;
      w = widths[key] = ctx.measureText(text).width;
    }
    return w;
  }
  // A name wider than this share of the canvas (or MIN_FIT px) is drawn cut short with "…":
  // whole, it found no room and the entity went unnamed, even when selected.
  var FIT_SHARE = 0.45, MIN_FIT = 120, fits = {};
  function fitted(ctx, key, text, f, most) {
    var tw = textWidth(ctx, key, text, f);
    if (tw <= most) return [text, tw];
    var memo = fits[key];
    if (memo && memo[2] === most) return memo;
    ctx.font = f;
    var lo = 0, hi = text.length;  // the longest start that fits with the ellipsis
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (ctx.measureText(text.slice(0, mid).trimEnd() + "\u2026").width <= most) lo = mid;
      else hi = mid - 1;
    }
    var cut = text.slice(0, lo).trimEnd() + "\u2026";
    return (fits[key] = [cut, ctx.measureText(cut).width, most]);
  }
  // Candidates in the order nodes earn a label: the selected and hovered entity, the selected
  // one's neighbours, then everyone by importance.
  function* candidates() {
    var order = ORDERS[sizeKey];
    if (selectedNode !== null) yield selectedNode;
    if (hovered !== null) yield hovered;
    if (selectedPair !== null) { yield P[selectedPair].a; yield P[selectedPair].b; }
    if (selectedNode !== null) {
      var near = nearby[selectedNode].slice().sort(function (a, b) {
        return rankOf[sizeKey][a] - rankOf[sizeKey][b];
      });
      for (var j = 0; j < near.length; j++) yield near[j];
    }
    for (var i = 0; i < order.length; i++) yield order[i];
  }
  function drawLabels(ctx) {
    if (!labelsOn) return;
    view.frames = (view.frames || 0) + 1;
    var cv = ctx.canvas, w = cv.clientWidth, h = cv.clientHeight;
    var ratio = cv.width / (w || 1), scale = network.getScale(), at = network.getViewPosition();
    var ox = w / 2 - at.x * scale, oy = h / 2 - at.y * scale;
    var taken = new Occupied(), done = new Uint8Array(N.length), placed = [], tries = 0;
    var most = Math.max(TOP_COUNT, Math.round(w * h / LABEL_AREA));
    if (!panel.hidden) {  // no name under the details panel
      var c = cv.getBoundingClientRect(), d = panel.getBoundingClientRect();
      taken.add({ x: d.left - c.left, y: d.top - c.top, w: d.width, h: d.height });
    }
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    for (var k of candidates()) {
      if (done[k] || hiddenNode[k]) continue;
      done[k] = 1;
      var sx = X[k] * scale + ox, sy = Y[k] * scale + oy, r = N[k][sizeKey] * scale;
      if (sx < -r || sy < -r || sx > w + r || sy > h + r) continue;
      if (++tries > MAX_TRIES || placed.length >= most) break;
      var bold = rankOf[sizeKey][k] < TOP_COUNT || k === selectedNode;
      var px = bold ? TOP_PX : LABEL_PX, f = labelFont(px, bold);
      var fit = fitted(ctx, (bold ? "b" : "n") + k, N[k].l, f, Math.max(MIN_FIT, w * FIT_SHARE));
      var text = fit[0], tw = fit[1], th = px + 3;
      var spots = [[sx - tw / 2, sy + r + 2], [sx - tw / 2, sy - r - 2 - th],
                   [sx + r + 4, sy - th / 2], [sx - r - 4 - tw, sy - th / 2]];
      if (bold) {
        // the most important names also try a line or two farther out
        for (var far = 1; far <= 2; far++) {
          spots.push([sx - tw / 2, sy + r + 2 + far * th], [sx - tw / 2, sy - r - 2 - (far + 1) * th],
                     [sx + r + 4, sy - th / 2 + far * th], [sx - r - 4 - tw, sy - th / 2 - far * th],
                     [sx + r + 4, sy - th / 2 - far * th], [sx - r - 4 - tw, sy - th / 2 + far * th]);
        }
      }
      for (var s = 0; s < spots.length; s++) {
        var box = { x: spots[s][0] - 1, y: spots[s][1], w: tw + 2, h: th };
        if (box.x < 0 || box.y < 0 || box.x + box.w > w || box.y + box.h > h) continue;
        var room = { x: box.x - PAD, y: box.y - 1, w: box.w + 2 * PAD, h: box.h + 2 };
        if (taken.hits(room)) continue;
        taken.add(room);
        taken.add({ x: sx - r, y: sy - r, w: 2 * r, h: 2 * r });
        placed.push({ id: k, text: text, x: box.x, y: box.y, w: box.w, h: box.h, font: f,
                      px: px });
        break;
      }
    }
    placed.forEach(function (l) {
      ctx.font = l.font;
      ctx.lineWidth = 4;
      ctx.strokeStyle = "rgba(255,255,255,0.92)";
      ctx.strokeText(l.text, l.x + 1, l.y + 1);
      ctx.fillStyle = "#1f2328";
      ctx.fillText(l.text, l.x + 1, l.y + 1);
    });
    view.labels = placed.map(function (l) {
      return { id: l.id, text: l.text, x: l.x, y: l.y, w: l.w, h: l.h, px: l.px };
    });
    view.edgeLabels = drawEdgeLabels(ctx, taken, scale, ox, oy, w, h);
    ctx.restore();
  }
  // Edge labels once a typical line is long enough on screen to hold one.
  var pairOrder = P.map(function (p, pi) { return pi; }).sort(function (a, b) {
    var na = 0, nb = 0;
    P[a].facts.forEach(function (k) { na += E[k].n; });
    P[b].facts.forEach(function (k) { nb += E[k].n; });
    return nb - na || a - b;
  });
  function drawEdgeLabels(ctx, taken, scale, ox, oy, w, h) {
    var out = [];
    if (linkLength * scale < 110) return out;  // zoomed out: no edge labels
    var f = labelFont(EDGE_PX, false), th = EDGE_PX + 3, tries = 0;
    var order = selectedPair !== null ? [selectedPair].concat(pairOrder) : pairOrder;
    for (var i = 0; i < order.length && tries < MAX_TRIES; i++) {
      var pi = order[i], p = P[pi];
      if (hiddenPair[pi] || p.a === p.b || (i > 0 && pi === selectedPair)) continue;
      var ax = X[p.a] * scale + ox, ay = Y[p.a] * scale + oy;
      var bx = X[p.b] * scale + ox, by = Y[p.b] * scale + oy;
      var mx = (ax + bx) / 2, my = (ay + by) / 2;
      if (mx < 0 || my < 0 || mx > w || my > h) continue;
      tries++;
      var text = pairLabel[pi];
      var tw = textWidth(ctx, "e" + pi + text, text, f);
      var room = Math.hypot(bx - ax, by - ay) -
        (N[p.a][sizeKey] + N[p.b][sizeKey]) * scale - 12;
      if (room < Math.min(tw, 60)) continue;
      var box = { x: mx - tw / 2 - 2, y: my - th / 2, w: tw + 4, h: th };
      if (box.x < 0 || box.y < 0 || box.x + box.w > w || box.y + box.h > h) continue;
      if (taken.hits(box)) continue;
      taken.add(box);
      out.push({ id: pi, text: text, x: box.x, y: box.y, w: box.w, h: box.h });
    }
    ctx.font = f;
    ctx.lineWidth = 3;
    out.forEach(function (l) {
      ctx.strokeStyle = "rgba(255,255,255,0.95)";
      ctx.strokeText(l.text, l.x + 2, l.y + 1);
      ctx.fillStyle = "#424a53";
      ctx.fillText(l.text, l.x + 2, l.y + 1);
    });
    return out;
  }
  var labelsOn = false;
  network.on("afterDrawing", drawLabels);

  var loading = byId("kg-loading");
  function markReady() {
    if (view.ready) return;
    view.ready = true;
    view.readyMs = Math.round(performance.now());
    loading.textContent = "";
    // a page drawn around one entity (--focus) opens with it selected
    if ((D.meta.focus || []).length === 1) setTimeout(function () { selectNode(D.meta.focus[0], false); }, 0);
  }
  function firstView() {
    readPositions();
    measureLinks();
    labelsOn = true;
    network.fit();
    network.once("afterDrawing", markReady);
    network.redraw();
  }
  if (!fixed && N.length > 0) {
    loading.textContent = "Laying out " + plural(N.length, "entity", "entities") + "\u2026";
    network.on("stabilizationProgress", function (p) {
      loading.textContent = "Laying out\u2026 " + Math.round((100 * p.iterations) / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      firstView();
    });
  } else {
    firstView();
  }

  // ---- tooltip on hover ----

  var tip = byId("kg-tip");
  function placeTip(pointer) {
    var r = canvasBox.getBoundingClientRect();
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
    if (comms[n.c][1] > 1) {
      add(box, el("div", "kg-muted", "community of " + comms[n.c][0] + " (" +
                  plural(comms[n.c][1], "entity", "entities") + ")"));
    }
    add(box, el("div", "kg-muted", plural(n.d, "fact") + " \u00b7 click to pin details"));
    return box;
  }
  function factLine(k) {
    var e = E[k];
    return add(el("div"), el("b", null, N[e.f].l), " " + relLabel(k) + " ", el("b", null, N[e.t].l));
  }
  function edgeTip(k) {
    var e = E[k], box = el("div"), head = factLine(k);
    head.className = "kg-tip-head";
    add(box, head, el("div", "kg-muted", sourcesText(e)));
    if (e.v.length) {
      var ev = D.ev[e.v[0]];
      if (ev.s >= 0) add(box, el("blockquote", null, "\u201c" + clip(D.sents[ev.s], 260) + "\u201d"));
      if (ev.p) add(box, el("div", "kg-muted", "said by " + ev.p));
    }
    add(box, el("div", "kg-muted", "click to pin details"));
    return box;
  }
  var TIP_FACTS = 8;
  function pairTip(pi) {
    var on = shownFacts(pi);
    if (on.length === 1) return edgeTip(on[0]);
    var p = P[pi], box = el("div");
    add(box, add(el("div", "kg-tip-head"), plural(on.length, "fact") + " between ",
                 el("b", null, N[p.a].l), " and ", el("b", null, N[p.b].l)));
    var ul = add(el("ul", "kg-tip-facts"));
    on.slice(0, TIP_FACTS).forEach(function (k) {
      var e = E[k];
      add(ul, add(el("li"), N[e.f].l + " " + relLabel(k) + " " + N[e.t].l,
                  el("span", "kg-muted", " \u00b7 " + plural(e.n, "article"))));
    });
    add(box, ul);
    if (on.length > TIP_FACTS) add(box, el("div", "kg-muted", "\u2026 and " + (on.length - TIP_FACTS) + " more"));
    add(box, el("div", "kg-muted", "click to pin details"));
    return box;
  }
  function shownFacts(pi) {
    var on = P[pi].facts.filter(function (k) { return !hiddenEdge[k]; });
    return on.length ? on : P[pi].facts;
  }
  function sourcesText(e) {
    if (!e.c) return "no evidence recorded";
    return "read in " + plural(e.n, "article") + " (" + plural(e.c, "sentence") + ")";
  }
  network.on("hoverNode", function (p) { hovered = p.node; showTip(nodeTip(p.node), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTip(pairTip(p.edge), p.pointer.DOM); });
  network.on("blurNode", function () { hovered = null; hideTip(); });
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  canvasBox.addEventListener("mouseleave", hideTip);

  // ---- keeping what the panel describes in sight ----

  // The part of the canvas the details panel leaves free, in canvas pixels.
  function freeBox() {
    var c = canvasBox.getBoundingClientRect();
    var box = { l: 0, t: 0, r: c.width, b: c.height };
    if (panel.hidden) return box;
    var p = panel.getBoundingClientRect();
    var left = p.left - c.left, top = p.top - c.top;
    if (left >= c.height - (p.bottom - c.top) && left > c.width / 4) box.r = left;
    else box.b = Math.max(top, c.height / 4);
    return box;
  }
  // Move the view (keeping its scale unless given) so that `point` (canvas units) lies in the
  // free part of the canvas, `margin` pixels from its edges; centred there if it has to move.
  function reveal(point, margin, scale, animate, done) {
    var box = freeBox(), c = canvasBox.getBoundingClientRect();
    var s = scale || network.getScale(), d = network.canvasToDOM(point);
    var inside = d.x >= box.l + margin && d.x <= box.r - margin &&
                 d.y >= box.t + margin && d.y <= box.b - margin;
    if (!scale && inside) { if (done) done(); return; }
    var fx = (box.l + box.r) / 2, fy = (box.t + box.b) / 2;
    var target = { x: point.x - (fx - c.width / 2) / s, y: point.y - (fy - c.height / 2) / s };
    if (animate) {
      view.settled = false;
      network.once("animationFinished", function () {
        view.settled = true;
        if (done) done();
      });
      network.moveTo({ position: target, scale: s,
                       animation: { duration: 450, easingFunction: "easeInOutQuad" } });
    } else {
      network.moveTo({ position: target, scale: s });
      if (done) done();
    }
  }
  function nodeMargin(k) {
    return N[k][sizeKey] * network.getScale() + 28;
  }

  // ---- details panel, pinned by a click ----

  function nodeLink(k) {
    var b = button(N[k].l, "kg-link", "Show " + N[k].l);
    b.addEventListener("click", function () { selectNode(k, true); });
    return b;
  }
  function edgeLink(k, text) {
    var b = button(text, "kg-link");
    b.addEventListener("click", function () { selectEdge(k); });
    return b;
  }
  function closePanel() {
    panel.hidden = true;
    panel.dataset.item = "";
    selectedNode = selectedPair = null;
    network.unselectAll();
    network.redraw();
  }
  function openPanel(heading) {
    hideTip();
    panel.replaceChildren();
    var close = button("\u00d7", "kg-close", "Close (Esc)");
    close.setAttribute("aria-label", "Close details");
    close.addEventListener("click", closePanel);
    add(panel, close, heading);
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  var LIST_LIMIT = 200;
  // A long list shows, in its own order, the LIST_LIMIT facts told by the most articles (its
  // first ones in that order could leave out the entity's main fact), and the rest on demand.
  function factList(title, list, line) {
    if (!list.length) return;
    add(panel, el("h3", null, title + " (" + list.length + ")"));
    var ul = el("ul");
    var shown = list;
    if (list.length > LIST_LIMIT) {
      var top = new Set(list.slice().sort(function (a, b) {
        return E[b].n - E[a].n || E[b].c - E[a].c || a - b;
      }).slice(0, LIST_LIMIT));
      shown = list.filter(function (k) { return top.has(k); });
    }
    shown.forEach(function (k) { ul.appendChild(line(k)); });
    add(panel, ul);
    if (shown.length < list.length) {
      var more = button("Show all " + list.length.toLocaleString("en") + " (these " + LIST_LIMIT +
                        " are told by the most articles)", "kg-link kg-more");
      more.addEventListener("click", function () {
        ul.replaceChildren();
        list.forEach(function (k) { ul.appendChild(line(k)); });
        more.remove();
      });
      add(panel, more);
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
    selectedNode = k;
    selectedPair = null;
    add(panel, add(el("div"), glyph(n.t), D.types[n.t][0],
                   n.q.length ? el("span", "kg-muted", " \u00b7 Wikidata " + n.q.join(", ")) : null));
    var shown = outE[k].length + inE[k].length;
    add(panel, el("div", "kg-muted", plural(n.d, "fact") + " in the graph" +
                  (shown !== n.d ? ", " + shown + " in this view" : "")));
    if (comms[n.c][1] > 1) {
      var comm = button(comms[n.c][0], "kg-link", "Show this community");
      comm.addEventListener("click", function () { showCommunity(n.c); });
      add(panel, add(el("div", "kg-muted"), "In the community of ", comm, " (" +
                     plural(comms[n.c][1], "entity", "entities") + ")"));
    }
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
  function evidenceList(e) {
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
    return ol;
  }
  function moreEvidence(e) {
    return e.c > e.v.length ? el("div", "kg-muted", "\u2026 and " + (e.c - e.v.length) +
                                 " more sentences (in the graph file; not included in this page)")
                            : null;
  }
  function kindLine(e) {
    var rel = D.rels[e.r], kind = D.kinds[rel[1]];
    var sw = el("span", "kg-line");
    sw.style.background = kind[1];
    return add(el("div", "kg-muted"), sw, " " + kind[0] + (rel[2] ? " \u00b7 symmetric" : "") +
               " \u00b7 " + sourcesText(e));
  }
  function showEdge(k) {
    var e = E[k];
    openPanel(add(el("h2"), nodeLink(e.f), " " + relLabel(k) + " ", nodeLink(e.t)));
    panel.dataset.item = "edge:" + k;
    selectedNode = null;
    selectedPair = pairOf[k];
    add(panel, kindLine(e));
    var others = P[pairOf[k]].facts.length - 1;
    if (others) {
      var all = button(plural(others, "other fact") + " between them", "kg-link");
      all.addEventListener("click", function () { showPair(pairOf[k]); });
      add(panel, add(el("div", "kg-muted"), "See also ", all));
    }
    if (!e.v.length) return;
    add(panel, el("h3", null, "Evidence"));
    add(panel, evidenceList(e), moreEvidence(e));
  }
  function showPair(pi) {
    var p = P[pi];
    if (p.facts.length === 1) { showEdge(p.facts[0]); return; }
    openPanel(add(el("h2"), nodeLink(p.a), " and ", nodeLink(p.b)));
    panel.dataset.item = "pair:" + pi;
    selectedNode = null;
    selectedPair = pi;
    add(panel, el("div", "kg-muted", plural(p.facts.length, "fact") + " between them"));
    p.facts.forEach(function (k) {
      var e = E[k];
      add(panel, add(el("h3", "kg-fact"), N[e.f].l + " ", edgeLink(k, relLabel(k)),
                     " " + N[e.t].l));
      add(panel, kindLine(e));
      if (e.v.length) add(panel, evidenceList(e), moreEvidence(e));
    });
  }
  function midpoint(pi) {
    var p = P[pi];
    return { x: (X[p.a] + X[p.b]) / 2, y: (Y[p.a] + Y[p.b]) / 2 };
  }
  network.on("click", function (p) {
    if (p.nodes.length) {
      var k = p.nodes[0];
      showNode(k);
      view.focused = null;
      reveal({ x: X[k], y: Y[k] }, nodeMargin(k), 0, true, function () { view.focused = k; });
    } else if (p.edges.length) {
      showPair(p.edges[0]);
      reveal(midpoint(p.edges[0]), 40, 0, true);
    } else {
      var hit = labelAt(p.pointer.DOM);
      if (hit !== null) selectNode(hit, true);
    }
  });
  function labelAt(d) {
    for (var i = 0; i < view.labels.length; i++) {
      var l = view.labels[i];
      if (d.x >= l.x && d.x <= l.x + l.w && d.y >= l.y && d.y <= l.y + l.h) return l.id;
    }
    return null;
  }

  function selectNode(k, animate) {
    if (hiddenNode[k]) resetFilters("Filters were reset to show " + N[k].l + ".");
    network.selectNodes([k]);
    showNode(k);
    view.focused = null;
    // vis fires animationFinished only after an animation: wait for it only then.
    reveal({ x: X[k], y: Y[k] }, nodeMargin(k), Math.max(network.getScale(), 1.2), animate,
           function () { view.focused = k; });
  }
  function selectEdge(k) {
    if (hiddenEdge[k]) resetFilters("Filters were reset to show this fact.");
    network.selectEdges([pairOf[k]]);
    showEdge(k);
    reveal(midpoint(pairOf[k]), 40, 0, true);
  }
  view.selectNode = selectNode;

  // ---- legend and filters ----

  var typeOn = D.types.map(function () { return true; });
  var relOn = D.rels.map(function () { return true; });
  var dates = D.meta.dates;
  var side = byId("kg-filters");
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
  var relCountEls = D.rels.map(function () { return null; });

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

  // ---- colour by type or by community; node size ----

  add(side, el("h2", null, "Colour"));
  var colourSel = el("select");
  colourSel.id = "kg-colour-by";
  [["type", "by entity type"], ["community", "by community"]].forEach(function (o) {
    var opt = el("option", null, o[1]);
    opt.value = o[0];
    colourSel.appendChild(opt);
  });
  add(side, colourSel);
  var commList = el("ul");
  commList.id = "kg-comms";
  commList.hidden = true;
  var COMM_LIST = 12;
  comms.slice(0, COMM_LIST).forEach(function (cm, c) {
    if (cm[1] < 3) return;
    var sw = el("span", "kg-swatch");
    sw.style.background = commColour(c);
    var b = button(cm[0], "kg-link", "Show the community of " + cm[0]);
    b.addEventListener("click", function () { showCommunity(c); });
    add(commList, add(el("li"), sw, b, count(cm[1])));
  });
  var small = comms.filter(function (cm, c) { return c >= COMM_LIST || cm[1] < 3; });
  if (small.length) {
    var rest = small.reduce(function (t, cm) { return t + cm[1]; }, 0);
    var sw0 = el("span", "kg-swatch");
    sw0.style.background = OTHER;
    add(commList, add(el("li", "kg-muted"), sw0, plural(small.length, "smaller community",
                                                         "smaller communities"), count(rest)));
  }
  add(side, commList);
  colourSel.addEventListener("change", function () {
    view.colourBy = colourSel.value;
    commList.hidden = view.colourBy !== "community";
    nodes.update(N.map(function (n, k) { return { id: k, color: nodeColour(n) }; }));
  });
  function showCommunity(c) {
    var members = [];
    N.forEach(function (n, k) { if (n.c === c && !hiddenNode[k]) members.push(k); });
    if (view.colourBy !== "community") {
      colourSel.value = "community";
      colourSel.dispatchEvent(new Event("change"));
    }
    network.fit({ nodes: members, animation: { duration: 450, easingFunction: "easeInOutQuad" } });
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

  // ---- time: articles per day over the date filter, and a play button ----

  var fromInput = null, toInput = null, bins = [], bars = [], playing = null, play = null;
  var DAY = 86400000;
  function dayNumber(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / DAY); }
  function isoDay(n) { return new Date(n * DAY).toISOString().slice(0, 10); }
  view.timeline = { bins: 0, playing: false, steps: [] };
  if (dates.length === 2) {
    add(side, el("h2", null, "Article dates"));
    var first = dayNumber(dates[0]), span = dayNumber(dates[1]) - first + 1;
    var per = Math.max(1, Math.ceil(span / 60));
    for (var b0 = 0; b0 < span; b0 += per) {
      bins.push({ from: isoDay(first + b0), to: isoDay(first + Math.min(b0 + per, span) - 1), n: 0 });
    }
    D.meta.days.forEach(function (d) {
      var bin = bins[Math.floor((dayNumber(d[0]) - first) / per)];
      if (bin) bin.n += d[1];
    });
    view.timeline.bins = bins.length;
    var most = Math.max.apply(null, bins.map(function (b) { return b.n; }).concat([1]));
    var hist = el("div");
    hist.id = "kg-hist";
    hist.setAttribute("aria-label", "Articles per " + (per === 1 ? "day" : per + " days"));
    bins.forEach(function (bin) {
      var bar = el("div", "kg-bar");
      bar.style.height = (bin.n ? 3 + Math.round(37 * bin.n / most) : 1) + "px";
      bar.title = (bin.from === bin.to ? bin.from : bin.from + " to " + bin.to) + ": " +
        plural(bin.n, "article");
      bar.addEventListener("click", function () {
        stopPlay();
        fromInput.value = bin.from;
        toInput.value = bin.to;
        apply();
      });
      bars.push(bar);
      hist.appendChild(bar);
    });
    add(side, add(el("div", "kg-hist-head"), el("span", "kg-muted",
                  "Articles per " + (per === 1 ? "day" : per + " days")),
                  bins.length > 1 ? playButton() : null), hist);
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
      inp.addEventListener("change", function () { stopPlay(); apply(); });
      var lab = el("label", null, j ? "to" : "from");
      lab.htmlFor = inp.id;
      add(grid, lab, inp);
    });
    add(side, grid);
  }
  function playButton() {
    play = button("\u25b6 Play", null, "Step through the days: the graph as the story unfolds");
    play.id = "kg-play";
    play.addEventListener("click", function () { if (playing) stopPlay(); else startPlay(); });
    return play;
  }
  var STEP_MS = 700;
  function startPlay() {
    var at = bins.findIndex(function (b) { return b.to >= toInput.value; });
    if (at < 0 || at >= bins.length - 1) at = -1;  // at the end: start again
    if (at < 0) fromInput.value = dates[0];
    view.timeline.steps = [];
    view.timeline.playing = true;
    play.textContent = "\u275a\u275a Pause";
    var step = function () {
      at++;
      // a day with no article changes nothing: step over it to the next that has one
      while (at < bins.length - 1 && !bins[at].n) at++;
      toInput.value = bins[at].to;
      note = "Up to " + bins[at].to + ".";
      apply();
      view.timeline.steps.push({ to: bins[at].to, nodes: view.shown.nodes, edges: view.shown.edges });
      if (at >= bins.length - 1) stopPlay();
    };
    step();
    if (view.timeline.playing) playing = setInterval(step, STEP_MS);
  }
  function stopPlay() {
    if (playing) clearInterval(playing);
    playing = null;
    view.timeline.playing = false;
    if (play) play.textContent = "\u25b6 Play";
  }

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
        relCountEls[r] = count(relCount[r]);  // set again by apply(): the dates shown
        add(sub, add(el("li"), add(el("label"), rbox, D.rels[r][0], relCountEls[r])));
      });
      add(kindList, add(el("li", "kg-kind"), add(el("label"), kbox, sw, kind[0]), sub));
    });
    add(side, kindList);
  }

  var reset = button("Show all");
  reset.id = "kg-reset";
  reset.addEventListener("click", function () { stopPlay(); resetFilters(""); });
  add(side, add(el("div", "kg-actions"), reset));

  function resetFilters(why) {
    typeOn = typeOn.map(function () { return true; });
    relOn = relOn.map(function () { return true; });
    typeBoxes.forEach(function (b) { b.checked = true; });
    relBoxes.forEach(function (b) { if (b) b.checked = true; });
    if (fromInput) { fromInput.value = dates[0]; toInput.value = dates[1]; }
    note = why;
    apply();
  }

  var dirty = new Uint8Array(P.length);
  function apply() {
    var from = fromInput && fromInput.value ? fromInput.value : "";
    var to = toInput && toInput.value ? toInput.value : "";
    var dated = !!fromInput && (from > dates[0] || (to !== "" && to < dates[1]));
    var live = N.map(function () { return 0; });
    var nodeChanges = [], pairChanges = [], shownEdges = 0, shownNodes = 0;
    var inView = D.rels.map(function () { return 0; });  // a relation's facts the dates keep
    var undated = 0;  // facts the dates hide for want of a dated article
    E.forEach(function (e, k) {
      var on = typeOn[N[e.f].t] && typeOn[N[e.t].t];
      if (on && dated) {
        if (!e.d.length && relOn[e.r]) undated++;
        on = e.d.some(function (d) { return (!from || d >= from) && (!to || d <= to); });
      }
      if (on) inView[e.r]++;
      on = on && relOn[e.r];
      if (on) { live[e.f]++; live[e.t]++; shownEdges++; }
      if (hiddenEdge[k] === on) { hiddenEdge[k] = !on; dirty[pairOf[k]] = 1; }
    });
    P.forEach(function (p, pi) {
      if (!dirty[pi]) return;  // none of its facts changed
      dirty[pi] = 0;
      var on = p.facts.filter(function (k) { return !hiddenEdge[k]; });
      if (!on.length) {
        if (!hiddenPair[pi]) { hiddenPair[pi] = true; pairChanges.push({ id: pi, hidden: true }); }
        return;
      }
      var sig = on.join(",");
      if (sig !== drawnSig[pi]) {
        drawnSig[pi] = sig;
        pairChanges.push(pairItem(pi, on));
      } else if (hiddenPair[pi]) {
        pairChanges.push({ id: pi, hidden: false });
      }
      hiddenPair[pi] = false;
    });
    N.forEach(function (n, k) {
      var on = typeOn[n.t] && (live[k] > 0 || outE[k].length + inE[k].length === 0);
      if (on) shownNodes++;
      if (hiddenNode[k] === on) { hiddenNode[k] = !on; nodeChanges.push({ id: k, hidden: !on }); }
    });
    relCountEls.forEach(function (span, r) {
      if (span) span.textContent = inView[r].toLocaleString("en");
    });
    kindBoxes.forEach(function (kb) {
      var on = kb[1].filter(function (r) { return relOn[r]; }).length;
      kb[0].checked = on > 0;
      kb[0].indeterminate = on > 0 && on < kb[1].length;
    });
    bars.forEach(function (bar, j) {
      bar.classList.toggle("kg-in", (!from || bins[j].to >= from) && (!to || bins[j].from <= to));
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (pairChanges.length) edges.update(pairChanges);
    var sel = network.getSelectedNodes().filter(function (k) { return hiddenNode[k]; });
    if (sel.length) network.unselectAll();
    status.textContent = "Showing " + shownNodes.toLocaleString("en") + " of " +
      plural(N.length, "entity", "entities") + " and " + shownEdges.toLocaleString("en") +
      " of " + plural(E.length, "fact") + "." + (note ? " " + note : "") +
      (undated ? " " + plural(undated, "fact") + " of articles with no date " +
       (undated === 1 ? "is" : "are") + " hidden while dates are chosen." : "");
    note = "";
    view.shown = { nodes: shownNodes, edges: shownEdges };
    view.undated = undated;
    if (!nodeChanges.length && !pairChanges.length) network.redraw();
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
    } else if (ev.key === "Escape" && !list.hidden) {
      list.hidden = true;
      ev.stopPropagation();  // the first Esc closes the suggestions, the next the details
    }
  });
  input.addEventListener("blur", function () { list.hidden = true; });
  input.addEventListener("focus", function () { if (input.value.trim()) renderHits(); });
  function typing(node) {  // a field that takes "/" as text (a date field does not)
    return node instanceof HTMLTextAreaElement ||
      node instanceof HTMLInputElement && ["text", "search"].indexOf(node.type) >= 0;
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "/" && document.activeElement !== input && !typing(document.activeElement)) {
      input.focus();
      input.select();
      ev.preventDefault();
    } else if (ev.key === "Escape" && !panel.hidden) {
      closePanel();
    }
  });
})();
