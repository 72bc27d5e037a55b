// Fairness of a shortlist: the share of each country and status in the top k, against the whole pool.
import { api, boot, guard, h, percent, start, statusLabel, t, vacancyId } from "./common.js";

const VID = vacancyId();

function pairBars(rows, labelOf, header) {
  if (!rows.length) return h("p", { class: "muted" }, t("none"));
  return h(
    "table",
    { class: "data pair-bars" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, header), h("th", { scope: "col" }, t("share_top_k")), h("th", { scope: "col" }, t("share_pool")))),
    h(
      "tbody",
      {},
      rows.map((row) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, labelOf(row.value)),
          ...[["top", row.top_k_share], ["pool", row.pool_share]].map(([kind, share]) =>
            h(
              "td",
              {},
              h("span", { class: "hbar" }, h("span", { class: `hfill ${kind}`, style: { width: `${share * 100}%` } })),
              h("span", { class: "hval" }, percent(share)),
            ),
          ),
        ),
      ),
    ),
  );
}

async function load(k) {
  const report = await api(`/vacancies/${VID}/fairness?k=${k}`);
  document.getElementById("fairness-intro").textContent = t("fairness_intro", { k: report.k, pool: report.pool_size });
  document.getElementById("by-country").replaceChildren(pairBars(report.by_country, (v) => v || "—", t("country")));
  document.getElementById("by-status").replaceChildren(pairBars(report.by_status, statusLabel, t("candidate_status")));
}

start(async () => {
  await boot();
  const input = document.getElementById("k");
  document.getElementById("fairness-form").addEventListener("submit", (event) => {
    event.preventDefault();
    guard(() => load(Number(input.value) || 10));
  });
  await load(Number(input.value) || 10);
});
