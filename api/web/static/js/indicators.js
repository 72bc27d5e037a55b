// Plan indicators: monthly SVG charts (4.3, 4.4, 4.1) for the advisor's regions, a CSV export, and the table by region.
import { api, boot, guard, h, showStatus, start, t } from "./common.js";
import { auditSection } from "./audit_tables.js";
import { monthBars } from "./charts.js";

const CHARTS = ["offers_received_abroad", "fast_track_files", "vacancies_filled"];
const COLUMNS = ["candidates", "vacancies_open", "offers_received_abroad", "fast_track_files", "hires", "vacancies_filled"];
const MONTHLY = {
  abroad: [{ key: "offers_abroad", label: () => t("ind_s_offers_abroad"), kind: "s1" }],
  priority: [
    { key: "fast_track_offers", label: () => t("ind_s_fast_track_offers"), kind: "s1" },
    { key: "priority_files", label: () => t("ind_s_priority_files"), kind: "s2" },
  ],
  processing: [
    { key: "processing_median_days", label: () => t("ind_s_median_days"), kind: "s1" },
    { key: "processing_p90_days", label: () => t("ind_s_p90_days"), kind: "s3" },
  ],
  placed: [
    { key: "hires", label: () => t("ind_s_hires"), kind: "s1" },
    { key: "placed_in_regions", label: () => t("ind_s_placed"), kind: "s2" },
  ],
  retained: [
    { key: "followed_up_12m", label: () => t("ind_s_followed_up"), kind: "s1" },
    { key: "still_there_12m", label: () => t("ind_s_still_there"), kind: "s2" },
  ],
};

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

function query() {
  const region = document.getElementById("region").value;
  return region ? `?region=${encodeURIComponent(region)}` : "";
}

async function loadMonthly() {
  const report = await api(`/indicators/monthly${query()}`);
  for (const [name, series] of Object.entries(MONTHLY)) {
    const labelled = series.map((s) => ({ ...s, label: s.label() }));
    const title = document.getElementById(`h-m-${name}`).textContent;
    document.getElementById(`mchart-${name}`).replaceChildren(monthBars(report.totals, labelled, { title }));
  }
}

async function loadFiles() {
  const files = await api(`/indicators/fast-track-files${query()}`);
  const rows = files.data.map((f) =>
    h("tr", {}, h("td", {}, f.region_code), h("td", { class: "num" }, f.vacancy_id), h("td", {}, f.matched_on), h("td", {}, f.invited_on),
      h("td", {}, f.offered_on), h("td", {}, f.arrived_on ?? "—"), h("td", { class: "num" }, f.days_offer_to_arrival ?? "—")),
  );
  document.querySelector("#fast-track-files tbody").replaceChildren(...(rows.length ? rows : [h("tr", {}, h("td", { colspan: 7 }, t("none")))]));
}

async function downloadCsv() {
  const response = await fetch(`/api/v1/indicators/monthly.csv${query()}`, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "indicators.csv";
  const link = h("a", { href: URL.createObjectURL(await response.blob()), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  showStatus(t("ind_csv_done", { name }));
}

async function regionAudit() {
  const region = document.getElementById("region").value;
  const params = new URLSearchParams({ month: document.getElementById("audit-month").value, k: document.getElementById("audit-k").value || "20" });
  if (region) params.set("region", region);
  const audit = await api(`/bias-audit?${params}`);
  document.getElementById("region-audit-summary").textContent = t("audit_region_summary", { vacancies: audit.vacancies, k: audit.k, pool: audit.pool_size });
  for (const dimension of audit.dimensions) {
    document.getElementById(`region-audit-${dimension.dimension}`).replaceChildren(auditSection(dimension));
  }
}

start(async () => {
  await boot();
  const report = await api("/indicators");
  const select = document.getElementById("region");
  select.append(...report.data.map((r) => h("option", { value: r.region_code }, `${r.region_code} ${r.region_name}`)));
  for (const key of CHARTS) document.getElementById(`chart-${key}`).replaceChildren(chart(report.data, key));
  document.querySelector("#indicator-table tbody").replaceChildren(...report.data.map(tableRow));
  const totals = report.totals ?? {};
  document.querySelector("#indicator-table tfoot").replaceChildren(
    h("tr", {}, h("th", { scope: "row" }, t("total")), COLUMNS.map((c) => h("td", { class: "num" }, totals[c] ?? ""))),
  );
  document.getElementById("monthly-form").addEventListener("submit", (event) => {
    event.preventDefault();
    guard(async () => {
      await loadMonthly();
      await loadFiles();
    });
  });
  document.getElementById("csv-download").addEventListener("click", () => guard(downloadCsv));
  const month = document.getElementById("audit-month");
  month.value = new Date().toISOString().slice(0, 7);
  document.getElementById("region-audit-form").addEventListener("submit", (event) => {
    event.preventDefault();
    guard(regionAudit);
  });
  await loadMonthly();
  await loadFiles();
});
