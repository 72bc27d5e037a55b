// A vacancy as a candidate sees it (matches and search results): place, wage, explanations, "I'm interested".
import { h, placeOf, t, vacancyBadges } from "./common.js";
import { dimensionBars, ruleList, scoreBox } from "./explain.js";
import { interestButton } from "./interest.js";

export function vacancyCard(m) {
  const v = m.vacancy;
  return h(
    "li",
    { class: "card match", "data-vacancy-id": v.id, "aria-labelledby": `vac-${v.id}` },
    h(
      "div",
      { class: "match-head" },
      h("h2", { id: `vac-${v.id}` }, h("span", { class: "rank" }, `${m.rank}.`), " ", v.title, " ", vacancyBadges(v)),
      scoreBox(m),
    ),
    h("p", {}, `${v.employer_name} · ${placeOf(v)}`, v.wage_hourly ? ` · ${t("per_hour", { wage: v.wage_hourly })}` : ""),
    v.diagnostic ? h("p", { class: "muted" }, `${t("diagnostic")}${t("colon")} ${v.diagnostic}`) : null,
    dimensionBars(m.dimensions),
    ruleList(m),
    h("div", { class: "button-row" }, interestButton(v.id, m.interested)),
  );
}
