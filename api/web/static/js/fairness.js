// Fairness of a shortlist: the share of each country and status in the top k against the whole pool, and the
// bias audit (selection and scoring rates, impact ratios, each rule's impact).
import { api, boot, guard, h, percent, start, statusLabel, t, vacancyId } from "./common.js";
import { auditSection } from "./audit_tables.js";

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
  const audit = await api(`/vacancies/${VID}/bias-audit?k=${k}`);
  document.getElementById("audit-summary").textContent = t("audit_summary", {
    k: audit.k, pool: audit.pool_size, rule_set: audit.rule_set_ids.join(", "), share: percent(audit.min_share),
  });
  for (const dimension of audit.dimensions) {
    document.getElementById(`audit-${dimension.dimension}`).replaceChildren(auditSection(dimension));
  }
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
