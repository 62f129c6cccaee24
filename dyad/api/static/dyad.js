// Dyad dashboard: draws the charts and the map from each page's JSON twin.
// Plain SVG, no library, nothing fetched from outside this server (the CSP forbids it anyway).
"use strict";

(function () {
  const NS = "http://www.w3.org/2000/svg";
  const QUADS = [
    { key: "q1", name: "verbal cooperation" },
    { key: "q2", name: "material cooperation" },
    { key: "q3", name: "verbal conflict" },
    { key: "q4", name: "material conflict" },
  ];

  function el(tag, attrs, parent) {
    const node = document.createElementNS(NS, tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    if (parent) parent.appendChild(node);
    return node;
  }

  // Text always goes in through textContent: labels can come from article data.
  function text(parent, x, y, content, attrs) {
    const node = el("text", Object.assign({ x: x, y: y }, attrs || {}), parent);
    node.textContent = content;
    return node;
  }

  function tip(node, content) {
    el("title", {}, node).textContent = content;
  }

  function niceMax(value) {
    if (value <= 0) return 1;
    const step = Math.pow(10, Math.floor(Math.log10(value)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= value) return m * step;
    return 10 * step;
  }

  // Counts of events: ticks on whole numbers, at a round step (1, 2, 5, 10, 20, ...), about `count` of them.
  function ticks(max, count) {
    const raw = Math.max(1, max / count);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
    const out = [];
    for (let v = 0; v <= max; v += step) out.push(v);
    return out;
  }

  function total(p) {
    return QUADS.reduce((sum, q) => sum + (p[q.key] || 0), 0);
  }

  function frame(container, height) {
    container.replaceChildren();
    const width = Math.max(container.clientWidth || 0, 480);
    const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" }, container);
    return { svg: svg, width: width, height: height };
  }

  function message(container, content) {
    const f = frame(container, 60);
    text(f.svg, f.width / 2, 34, content, { "text-anchor": "middle", class: "note" });
  }

  function xLabels(g, periods, x, band, y) {
    const every = Math.max(1, Math.ceil(periods.length / Math.max(1, Math.floor(band * periods.length / 64))));
    periods.forEach((p, i) => {
      if (i % every === 0) text(g, x(i) + band / 2, y, p.period, { "text-anchor": "middle" });
    });
  }

  function yAxis(g, left, right, scale, values, label) {
    for (const v of values) {
      const y = scale(v);
      el("line", { x1: left, x2: right, y1: y, y2: y }, g);
      text(g, left - 6, y + 4, label ? label(v) : String(Math.round(v)), { "text-anchor": "end" });
    }
  }

  // Bars of one direction, stacked by quad, growing up (sign 1) or down (sign -1) from base.
  function stack(svg, periods, x, band, base, perUnit, sign, prefix) {
    periods.forEach((p, i) => {
      let offset = 0;
      for (const q of QUADS) {
        const n = p[q.key] || 0;
        if (!n) continue;
        const h = n * perUnit;
        const y = sign > 0 ? base - offset - h : base + offset;
        const bar = el("rect", { x: x(i) + band * 0.12, y: y, width: Math.max(1, band * 0.76), height: h, class: "bar " + q.key }, svg);
        tip(bar, `${prefix}${p.period}: ${n} ${q.name}`);
        offset += h;
      }
    });
  }

  function drawStacked(container, periods) {
    if (!periods.length) return message(container, "No events match these filters.");
    const f = frame(container, 230);
    const m = { l: 44, r: 12, t: 10, b: 26 };
    const plotH = f.height - m.t - m.b;
    const band = (f.width - m.l - m.r) / periods.length;
    const x = (i) => m.l + i * band;
    const max = niceMax(Math.max(...periods.map(total)));
    const y = (v) => m.t + plotH - (v / max) * plotH;
    yAxis(el("g", { class: "axis" }, f.svg), m.l, f.width - m.r, y, ticks(max, 4));
    stack(f.svg, periods, x, band, y(0), plotH / max, 1, "");
    xLabels(el("g", { class: "axis" }, f.svg), periods, x, band, f.height - 8);
  }

  // The dyad: actor -> recipient above the axis, recipient -> actor below, then mean intensity.
  function drawMirrored(container, data) {
    const fwd = data.forward.periods;
    const back = data.backward.periods;
    if (!fwd.length && !back.length) return message(container, "No events between these two actors.");
    const f = frame(container, 446);
    const m = { l: 44, r: 12, t: 22 };
    const barsH = 240;
    const half = barsH / 2;
    const periods = fwd.length ? fwd : back;
    const band = (f.width - m.l - m.r) / periods.length;
    const x = (i) => m.l + i * band;
    const max = niceMax(Math.max(1, ...fwd.map(total), ...back.map(total)));
    const mid = m.t + half;
    const axis = el("g", { class: "axis" }, f.svg);
    for (const v of [max, max / 2]) {
      for (const s of [1, -1]) {
        const y = mid - s * (v / max) * half;
        el("line", { x1: m.l, x2: f.width - m.r, y1: y, y2: y }, axis);
        text(axis, m.l - 6, y + 4, String(Math.round(v)), { "text-anchor": "end" });
      }
    }
    text(f.svg, m.l, 13, `${data.forward.label}  (above)   ·   ${data.backward.label}  (below)`, { class: "panel-title" });
    stack(f.svg, fwd, x, band, mid, half / max, 1, data.forward.label + ", ");
    stack(f.svg, back, x, band, mid, half / max, -1, data.backward.label + ", ");
    el("line", { x1: m.l, x2: f.width - m.r, y1: mid, y2: mid, class: "zero" }, f.svg);

    const top = m.t + barsH + 34;
    const lineH = 110;
    const y = (v) => top + lineH / 2 - (v / 10) * (lineH / 2);
    text(f.svg, m.l, top - 10, "Mean intensity (-10 hostile … +10 cooperative)", { class: "panel-title" });
    const la = el("g", { class: "axis" }, f.svg);
    yAxis(la, m.l, f.width - m.r, y, [-10, 0, 10], (v) => (v > 0 ? "+" : "") + v);
    el("line", { x1: m.l, x2: f.width - m.r, y1: y(0), y2: y(0), class: "zero" }, f.svg);
    intensityLine(f.svg, fwd, x, band, y, "var(--accent)", data.forward.label);
    intensityLine(f.svg, back, x, band, y, "#8e44ad", data.backward.label);
    xLabels(el("g", { class: "axis" }, f.svg), periods, x, band, top + lineH + 18);
  }

  function intensityLine(svg, periods, x, band, y, colour, label) {
    const points = [];
    periods.forEach((p, i) => {
      if (p.mean_intensity === null || p.mean_intensity === undefined) return;
      points.push([x(i) + band / 2, y(p.mean_intensity), p]);
    });
    if (points.length > 1) {
      el("polyline", { points: points.map((pt) => pt[0] + "," + pt[1]).join(" "), fill: "none", stroke: colour, "stroke-width": 1.6 }, svg);
    }
    for (const [cx, cy, p] of points) {
      const dot = el("circle", { cx: cx, cy: cy, r: 3, fill: colour }, svg);
      tip(dot, `${label}, ${p.period}: mean intensity ${p.mean_intensity.toFixed(1)} over ${total(p)} events`);
    }
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  }

  async function chart(container) {
    try {
      const data = await getJSON(container.dataset.src);
      if (container.dataset.chart === "mirrored") drawMirrored(container, data.timeline);
      else drawStacked(container, data.volume);
      container.dataset.drawn = "true";
    } catch (error) {
      message(container, "Chart unavailable: " + error.message);
    }
  }

  // The base map is drawn in plain lon/lat (x = lon, y = -lat), as scripts/make_basemap.py wrote it.
  function extent(locations) {
    const box = [-20, -38, 45, 5]; // west, -north, east, -south: the Sahel, North Africa and the Mediterranean
    const b = { w: box[0], n: box[1], e: box[2], s: box[3] };
    for (const l of locations) {
      b.w = Math.min(b.w, l.lon - 4); b.e = Math.max(b.e, l.lon + 4);
      b.n = Math.min(b.n, -l.lat - 4); b.s = Math.max(b.s, -l.lat + 4);
    }
    return b;
  }

  // Regions the map zooms to (west, south, east, north in degrees); "#sahel" in the URL opens there.
  const REGIONS = {
    sahel: { label: "Sahel", box: [-18, 8, 25, 25] },
    "west-africa": { label: "West Africa", box: [-18, 3, 16, 26] },
    africa: { label: "Africa", box: [-20, -36, 52, 38] },
    europe: { label: "Europe", box: [-12, 34, 45, 62] },
  };

  function regionExtent(name) {
    const [w, s, e, n] = REGIONS[name].box;
    return { w: w, n: -n, e: e, s: -s };
  }

  // Circles keep their size on screen: their radius is a share of the width shown.
  function zoomTo(svg, b) {
    const w = b.e - b.w;
    svg.setAttribute("viewBox", `${b.w} ${b.n} ${w} ${b.s - b.n}`);
    for (const dot of svg.querySelectorAll("circle")) dot.setAttribute("r", (w / 110) * Number(dot.dataset.size));
  }

  function zoomButtons(container, svg, all) {
    const bar = document.createElement("div");
    bar.className = "map-zoom";
    const choices = [["all", "All places"], ...Object.entries(REGIONS).map(([key, r]) => [key, r.label])];
    for (const [key, label] of choices) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.dataset.region = key;
      button.addEventListener("click", () => {
        zoomTo(svg, key === "all" ? all : regionExtent(key));
        bar.querySelectorAll("button").forEach((b) => b.classList.toggle("on", b === button));
        history.replaceState(null, "", key === "all" ? location.pathname + location.search : "#" + key);
      });
      bar.appendChild(button);
    }
    container.before(bar);
    const start = location.hash.slice(1);
    (bar.querySelector(`button[data-region="${REGIONS[start] ? start : "all"}"]`)).click();
  }

  async function drawMap(container) {
    try {
      const [base, data] = await Promise.all([getJSON(container.dataset.base), getJSON(container.dataset.src)]);
      container.replaceChildren();
      const locs = data.locations.filter((l) => l.lat !== null && l.lon !== null);
      const b = extent(locs);
      const svg = el("svg", { role: "img" }, container);
      const active = new Set(locs.map((l) => l.country));
      const land = el("g", {}, svg);
      for (const c of base.countries) {
        const path = el("path", { d: c.d, class: active.has(c.iso3) ? "land active" : "land" }, land);
        tip(path, c.name);
      }
      const max = Math.max(1, ...locs.map((l) => l.events));
      const dots = el("g", {}, svg);
      for (const l of [...locs].sort((a, z) => z.events - a.events)) {
        const link = el("a", { href: "/?place=" + encodeURIComponent(l.name) }, dots);
        const size = 0.5 + 2.5 * Math.sqrt(l.events / max);
        const dot = el("circle", { cx: l.lon, cy: -l.lat, "data-size": size, class: "q" + l.dominant_quad }, link);
        tip(dot, `${l.name}${l.country ? " (" + l.country + ")" : ""}: ${l.events} events`);
      }
      zoomButtons(container, svg, b);
      container.dataset.drawn = "true";
    } catch (error) {
      message(container, "Map unavailable: " + error.message);
    }
  }

  // Empty fields are left out of the URL, so a shared link carries only the filters in use.
  function cleanSubmit(event) {
    for (const field of event.target.elements) {
      if (field.name && field.value === "") field.disabled = true;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form.filters").forEach((form) => form.addEventListener("submit", cleanSubmit));
    document.querySelectorAll("[data-chart]").forEach(chart);
    document.querySelectorAll("[data-map]").forEach(drawMap);
  });
})();
