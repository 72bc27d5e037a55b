// Advisor home: the vacancies of the advisor's regions, each with the state of its shortlist.
import { api, boot, guard, h, placeOf, t, vacancyBadges } from "./common.js";

const SUMMARY_LIMIT = 50;

async function shortlistSummary(vacancy) {
  const list = await api(`/vacancies/${vacancy.id}/shortlist?limit=${SUMMARY_LIMIT}`);
  const approved = list.data.filter((e) => e.review?.decision === "approved").length;
  const invited = list.data.filter((e) => e.invitation).length;
  return t("shortlist_summary", { count: list.count, approved, invited });
}

function row(vacancy) {
  const summary = h("span", { class: "summary muted" }, t("loading"));
  shortlistSummary(vacancy)
    .then((text) => { summary.textContent = text; })
    .catch((err) => { summary.textContent = err.message; });
  return h(
    "tr",
    { "data-vacancy-id": vacancy.id },
    h("td", {}, h("a", { href: `/advisor/vacancies/${vacancy.id}` }, vacancy.title)),
    h("td", {}, vacancy.employer_name),
    h("td", {}, placeOf(vacancy)),
    h("td", { class: "num" }, vacancy.positions),
    h("td", {}, vacancyBadges(vacancy)),
    h("td", {}, summary, " ", h("a", { href: `/advisor/vacancies/${vacancy.id}`, "aria-label": `${t("open_shortlist")} : ${vacancy.title}` }, t("open_shortlist"))),
  );
}

guard(async () => {
  await boot();
  const body = document.querySelector("#vacancies tbody");
  const list = await api("/vacancies");
  body.replaceChildren(
    ...(list.data.length ? list.data.map(row) : [h("tr", {}, h("td", { colspan: "6" }, t("no_vacancies")))]),
  );
});
