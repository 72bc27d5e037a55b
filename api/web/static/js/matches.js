// A candidate's matching vacancies, ranked and explained.
import { api, boot, h, placeOf, showError, start, t, vacancyBadges } from "./common.js";
import { dimensionBars, ruleList, scoreBox } from "./explain.js";

function card(m) {
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
    h("p", {}, `${v.employer_name} · ${placeOf(v)}`, v.wage_hourly ? ` · ${v.wage_hourly} $/h` : ""),
    v.diagnostic ? h("p", { class: "muted" }, `${t("diagnostic")}${t("colon")} ${v.diagnostic}`) : null,
    dimensionBars(m.dimensions),
    ruleList(m),
  );
}

start(async () => {
  const me = await boot();
  if (!me.candidate_id) {
    showError(t("need_profile"));
    return;
  }
  const result = await api(`/candidates/${me.candidate_id}/matches?limit=50`);
  document.getElementById("rule-set-id").textContent = result.rule_set_id ?? "—";
  document.getElementById("matches").replaceChildren(
    ...(result.data.length ? result.data.map(card) : [h("li", { class: "muted" }, t("no_matches"))]),
  );
});
