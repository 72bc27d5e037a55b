// Tables of the bias audit (selection and scoring rates, impact ratios, rule impact), shared by the fairness page.
import { h, percent, statusLabel, t } from "./common.js";

const LOW = 0.8; // the four-fifths rule of thumb: an impact ratio below it deserves a look

function ratio(value) {
  return value === null || value === undefined ? "—" : value.toFixed(2);
}

function categoryLabel(dimension, value) {
  if (dimension === "status") return statusLabel(value);
  if (dimension === "gender") return t(`gender_${value}`);
  return value;
}

function exclusions(table) {
  return t("audit_excluded", {
    categories: table.excluded_categories.length ? table.excluded_categories.join(", ") : t("none"),
    candidates: table.excluded_candidates,
    unknown: table.unknown_candidates,
  });
}

function rateTable(audit) {
  const scoring = Object.fromEntries(audit.scoring.rows.map((r) => [r.category, r]));
  const rules = audit.rules.map((impact) => ({
    name: impact.rule === "*" ? t("audit_no_rules") : impact.rule,
    rates: Object.fromEntries(impact.without_rule.rows.map((r) => [r.category, r.rate])),
  }));
  const head = [
    t("audit_category"), t("audit_pool"), t("audit_selected"), t("audit_selection_rate"), t("audit_impact_ratio"),
    t("audit_scoring_rate"), t("audit_scoring_ratio"), ...rules.map((r) => t("audit_without", { rule: r.name })),
  ];
  return h(
    "table",
    { class: "data audit-table", "data-dimension": audit.dimension },
    h("thead", {}, h("tr", {}, head.map((label) => h("th", { scope: "col" }, label)))),
    h(
      "tbody",
      {},
      audit.selection.rows.map((row) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, categoryLabel(audit.dimension, row.category)),
          h("td", { class: "num" }, row.pool),
          h("td", { class: "num" }, row.selected),
          h("td", { class: "num" }, percent(row.rate)),
          h("td", { class: `num${row.impact_ratio !== null && row.impact_ratio < LOW ? " low" : ""}`, "data-ratio": row.impact_ratio ?? "" }, ratio(row.impact_ratio)),
          h("td", { class: "num" }, scoring[row.category] ? percent(scoring[row.category].rate) : "—"),
          h("td", { class: "num" }, ratio(scoring[row.category]?.impact_ratio)),
          rules.map((r) => h("td", { class: "num" }, r.rates[row.category] === undefined ? "—" : percent(r.rates[row.category]))),
        ),
      ),
    ),
  );
}

/** One section per dimension: its table (or "none") and what was excluded. */
export function auditSection(audit) {
  return h(
    "section",
    { class: "card" },
    h("h3", {}, t(`audit_dim_${audit.dimension}`)),
    audit.selection.rows.length ? h("div", { class: "table-wrap" }, rateTable(audit)) : h("p", { class: "muted" }, t("none")),
    h("p", { class: "hint" }, exclusions(audit.selection)),
  );
}
