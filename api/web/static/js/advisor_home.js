// Advisor home: the vacancies of the advisor's regions, each with the state of its shortlist.
import { api, boot, h, placeOf, start, t, vacancyBadges } from "./common.js";

const SUMMARY_LIMIT = 50;

async function shortlistSummary(vacancy) {
  const list = await api(`/vacancies/${vacancy.id}/shortlist?limit=${SUMMARY_LIMIT}`);
  const approved = list.data.filter((e) => e.review?.decision === "approved").length;
  const invited = list.data.filter((e) => e.invitation).length;
  const count = list.count >= SUMMARY_LIMIT ? `${SUMMARY_LIMIT}+` : list.count;
  return t("shortlist_summary", { count, approved, invited });
}

// Summaries cost one shortlist each: fetch them only for rows on screen, a few at a time.
const queue = [];
let running = 0;
const PARALLEL = 3;

function pump() {
  while (running < PARALLEL && queue.length) {
    const { vacancy, summary } = queue.shift();
    running += 1;
    shortlistSummary(vacancy)
      .then((text) => { summary.textContent = text; })
      .catch((err) => { summary.textContent = err.message; })
      .finally(() => { running -= 1; pump(); });
  }
}

const observer = new IntersectionObserver((seen) => {
  for (const entry of seen) {
    if (!entry.isIntersecting) continue;
    observer.unobserve(entry.target);
    queue.push({ vacancy: entry.target.vacancy, summary: entry.target });
  }
  pump();
});

function row(vacancy) {
  const summary = h("span", { class: "summary muted" }, t("loading"));
  summary.vacancy = vacancy;
  observer.observe(summary);
  return h(
    "tr",
    { "data-vacancy-id": vacancy.id },
    h("td", {}, h("a", { href: `/advisor/vacancies/${vacancy.id}` }, vacancy.title)),
    h("td", {}, vacancy.employer_name),
    h("td", {}, placeOf(vacancy)),
    h("td", { class: "num" }, vacancy.positions),
    h("td", {}, vacancyBadges(vacancy)),
    h("td", {}, summary, " ", h("a", { href: `/advisor/vacancies/${vacancy.id}`, "aria-label": `${t("open_shortlist")}${t("colon")} ${vacancy.title}` }, t("open_shortlist"))),
  );
}

const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

function filterRows(query) {
  const wanted = fold(query.trim());
  for (const tr of document.querySelectorAll("#vacancies tbody tr[data-vacancy-id]")) {
    tr.hidden = wanted !== "" && !fold(tr.textContent).includes(wanted);
  }
}

start(async () => {
  await boot();
  const body = document.querySelector("#vacancies tbody");
  const list = await api("/vacancies");
  body.replaceChildren(
    ...(list.data.length ? list.data.map(row) : [h("tr", {}, h("td", { colspan: "6" }, t("no_vacancies")))]),
  );
  document.getElementById("filter").addEventListener("input", (e) => filterRows(e.target.value));
});
