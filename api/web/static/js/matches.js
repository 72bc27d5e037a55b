// A candidate's matching vacancies, ranked and explained, each with "I'm interested".
import { api, boot, h, showError, start, t } from "./common.js";
import { vacancyCard } from "./vacancy_card.js";

start(async () => {
  const me = await boot();
  if (!me.candidate_id) {
    showError(t("need_profile"));
    return;
  }
  const result = await api(`/candidates/${me.candidate_id}/matches?limit=50`);
  document.getElementById("rule-set-id").textContent = result.rule_set_id ?? "—";
  document.getElementById("matches").replaceChildren(
    ...(result.data.length ? result.data.map(vacancyCard) : [h("li", { class: "muted" }, t("no_matches"))]),
  );
});
