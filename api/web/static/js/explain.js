// How a match is explained on screen: per-dimension bars, rule badges with reasons, the score.
import { badge, h, percent, pick, t } from "./common.js";

const DIMENSIONS = ["occupation", "text", "experience", "french", "region", "availability"];

/** Horizontal bars, one per scoring dimension, each with its score, weight and the sentence behind it. */
export function dimensionBars(dimensions) {
  const rows = DIMENSIONS.filter((name) => dimensions[name]).map((name) => {
    const dim = dimensions[name];
    const value = Math.max(0, Math.min(1, dim.score));
    const detail = pick(dim, "detail");
    return h(
      "div",
      { class: "dim", role: "listitem" },
      h("span", { class: "dim-name" }, t(`dim_${name}`)),
      h(
        "span",
        {
          class: "bar",
          role: "meter",
          "aria-valuemin": "0",
          "aria-valuemax": "100",
          "aria-valuenow": String(Math.round(value * 100)),
          "aria-label": `${t(`dim_${name}`)} ${percent(value)}`,
        },
        h("span", { class: `fill ${value >= 0.66 ? "high" : value >= 0.33 ? "mid" : "low"}`, style: { width: `${value * 100}%` } }),
      ),
      h("span", { class: "dim-value" }, percent(value)),
      h("span", { class: "dim-detail" }, detail, " ", h("span", { class: "muted" }, `(${t("weight")} ${dim.weight.toFixed(2)})`)),
    );
  });
  return h("div", { class: "dims", role: "list" }, rows);
}

function ruleKind(rule) {
  const name = rule.rule.toLowerCase();
  if (name.includes("fast") || name.includes("urgent")) return "fast-track";
  if (name.includes("passerelle") || name.includes("region")) return "passerelle";
  if (name === "simplified_lmia") return "simplified-lmia";
  if (name === "lmia_freeze") return "lmia-freeze";
  return "rule";
}

function ruleTitle(rule, kind) {
  if (kind === "fast-track") return t("badge_fast_track");
  if (kind === "passerelle") return t("badge_passerelle");
  if (kind === "simplified-lmia") return t("badge_simplified_lmia");
  if (kind === "lmia-freeze") return t("badge_lmia_freeze");
  return rule.rule;
}

/** The rules of the set that did not apply, each with why: collapsed under one summary line. */
function whyNotList(match) {
  const records = match.why_not ?? [];
  if (!records.length) return null;
  const items = records.map((rule) =>
    h("li", { class: "rule why-not", "data-rule": rule.rule }, badge(ruleTitle(rule, ruleKind(rule)), "muted", rule.rule), h("span", { class: "reason" }, pick(rule, "reason"))),
  );
  return h("details", { class: "why-not" }, h("summary", {}, t("why_not_rules", { count: records.length })), h("ul", { class: "rule-list" }, items));
}

/** The priority rules that touched a match: a badge each, with its delta and its reason in words. */
export function ruleList(match) {
  const items = (match.rules ?? []).map((rule) => {
    const kind = ruleKind(rule);
    const delta = `${rule.delta >= 0 ? "+" : "−"}${Math.abs(rule.delta).toFixed(3)}`;
    return h(
      "li",
      { class: "rule" },
      badge(ruleTitle(rule, kind), kind, rule.rule),
      h("span", { class: "delta" }, delta),
      h("span", { class: "reason" }, pick(rule, "reason")),
    );
  });
  const hasFastRule = (match.rules ?? []).some((r) => ruleKind(r) === "fast-track");
  if (match.fast_track && !hasFastRule) {
    items.push(h("li", { class: "rule" }, badge(t("badge_fast_track"), "fast-track")));
  }
  return h(
    "div",
    { class: "rules" },
    h("h4", {}, t("rules_applied"), " ", h("span", { class: "muted" }, `· ${t("rule_set")} ${match.rule_set_id ?? "—"}`)),
    items.length ? h("ul", { class: "rule-list" }, items) : h("p", { class: "muted" }, t("no_rules")),
    whyNotList(match),
  );
}

/** The total score, the base score and the difference the rules made. */
export function scoreBox(match) {
  return h(
    "div",
    { class: "score" },
    h("span", { class: "score-label" }, t("score_total")),
    h("span", { class: "score-value" }, match.total.toFixed(3)),
    h("span", { class: "muted" }, `${t("score_base")} ${match.base_score.toFixed(3)}`),
  );
}
