// Small SVG charts for the console (no library): grouped bars by month, with a legend and an accessible table.
import { h, t } from "./common.js";

const NS = "http://www.w3.org/2000/svg";
const W = 560;
const H = 230;
const PAD = { left: 44, right: 8, top: 12, bottom: 40 };

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== null && value !== undefined) el.setAttribute(name, String(value));
  for (const child of children.flat()) if (child) el.append(child);
  return el;
}

function niceMax(value) {
  if (value <= 5) return 5;
  const step = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / step) * step;
}

/**
 * Grouped bars: `months` on the x axis, one bar per series ({key, label, kind}) read from `rows[i][key]`.
 * Returns a figure holding the SVG, its legend, and a visually hidden table with the same numbers.
 */
export function monthBars(rows, series, { title }) {
  const months = rows.map((r) => r.month);
  const max = niceMax(Math.max(0, ...rows.flatMap((r) => series.map((s) => r[s.key] ?? 0))));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, months.length);
  const barW = Math.max(2, (slot * 0.8) / series.length);
  const y = (v) => PAD.top + plotH - (v / max) * plotH;
  const grid = [0, max / 2, max].map((v) =>
    svg("g", {}, svg("line", { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: "grid" }),
      svg("text", { x: PAD.left - 4, y: y(v) + 4, class: "axis", "text-anchor": "end" }, String(Math.round(v * 10) / 10))),
  );
  const bars = rows.flatMap((row, i) =>
    series.map((s, j) => {
      const value = row[s.key] ?? 0;
      const x = PAD.left + i * slot + slot * 0.1 + j * barW;
      return svg("rect", { x, y: y(value), width: barW - 1, height: PAD.top + plotH - y(value), class: `bar ${s.kind}`, "data-value": value },
        svg("title", {}, `${s.label} ${row.month}: ${value}`));
    }),
  );
  const labels = months.map((m, i) =>
    i % Math.ceil(months.length / 9) === 0
      ? svg("text", { x: PAD.left + i * slot + slot / 2, y: H - PAD.bottom + 20, class: "axis", "text-anchor": "middle" }, m.slice(2))
      : null,
  );
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title, class: "month-chart" }, grid, bars, labels);
  const legend = h("p", { class: "legend" }, series.map((s) => h("span", {}, h("span", { class: `swatch ${s.kind}` }), ` ${s.label} `)));
  const table = h(
    "table",
    { class: "visually-hidden" },
    h("caption", {}, title),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("ind_month")), series.map((s) => h("th", { scope: "col" }, s.label)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, h("th", { scope: "row" }, r.month), series.map((s) => h("td", {}, r[s.key] ?? "—"))))),
  );
  return h("figure", { class: "month-figure" }, chart, legend, table);
}
