// Search of open vacancies by text, region and occupation; each result explained like a match.
import { api, boot, guard, h, showError, start, t } from "./common.js";
import { vacancyCard } from "./vacancy_card.js";

const PAGE = 20;
const form = document.getElementById("search-form");
const list = document.getElementById("results");
const more = document.getElementById("more");
let shown = 0;
let latest = 0; // only the answer to the latest search is shown (an earlier, slower one is dropped)

function query(offset) {
  const params = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
  for (const name of ["q", "region", "occupation"]) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  return `/open-vacancies?${params}`;
}

async function run(append) {
  const ticket = ++latest;
  const result = await api(query(append ? shown : 0));
  if (ticket !== latest) return;
  document.getElementById("rule-set-id").textContent = result.rule_set_id ?? "—";
  const cards = result.data.map(vacancyCard);
  if (append) list.append(...cards);
  else list.replaceChildren(...(cards.length ? cards : [h("li", { class: "muted" }, t("no_results"))]));
  shown = (append ? shown : 0) + result.data.length;
  document.getElementById("search-count").textContent = t("search_count", { total: result.total });
  more.hidden = shown >= result.total;
  if (append) cards[0]?.querySelector("h2")?.setAttribute("tabindex", "-1");
  if (append) cards[0]?.querySelector("h2")?.focus();
}

start(async () => {
  const me = await boot();
  if (!me.candidate_id) {
    showError(t("need_profile"));
    return;
  }
  const regions = await api("/regions");
  form.elements.region.append(...regions.data.map((r) => h("option", { value: r.code }, `${r.code} ${r.name}`)));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    guard(() => run(false));
  });
  more.addEventListener("click", () => guard(() => run(true)));
  await run(false);
});
