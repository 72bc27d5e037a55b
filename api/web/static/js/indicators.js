// Plan indicators by region: one bar chart per indicator, and the full table underneath.
import { api, boot, h, start, t } from "./common.js";

const CHARTS = ["offers_received_abroad", "fast_track_files", "vacancies_filled"];
const COLUMNS = ["candidates", "vacancies_open", ...CHARTS];

function chart(rows, key) {
  const max = Math.max(1, ...rows.map((r) => r[key] ?? 0));
  return h(
    "ul",
    { class: "bar-chart" },
    rows.map((r) =>
      h(
        "li",
        {},
        h("span", { class: "bar-label" }, `${r.region_code} ${r.region_name}`),
        h("span", { class: "hbar", "aria-hidden": "true" }, h("span", { class: "hfill top", style: { width: `${((r[key] ?? 0) / max) * 100}%` } })),
        h("span", { class: "hval" }, r[key] ?? 0),
      ),
    ),
  );
}

function tableRow(r) {
  return h("tr", {}, h("th", { scope: "row" }, `${r.region_code} ${r.region_name}`), COLUMNS.map((c) => h("td", { class: "num" }, r[c] ?? 0)));
}

start(async () => {
  await boot();
  const report = await api("/indicators");
  for (const key of CHARTS) document.getElementById(`chart-${key}`).replaceChildren(chart(report.data, key));
  document.querySelector("#indicator-table tbody").replaceChildren(...report.data.map(tableRow));
  const totals = report.totals ?? {};
  document.querySelector("#indicator-table tfoot").replaceChildren(
    h("tr", {}, h("th", { scope: "row" }, t("total")), COLUMNS.map((c) => h("td", { class: "num" }, totals[c] ?? ""))),
  );
});
