// Employer home: its own vacancies with links to edit them and to see their anonymous shortlist.
import { api, boot, h, placeOf, start, t, vacancyBadges } from "./common.js";

function row(vacancy) {
  return h(
    "tr",
    { "data-vacancy-id": vacancy.id },
    h("td", {}, h("a", { href: `/employer/vacancies/${vacancy.id}` }, vacancy.title)),
    h("td", {}, placeOf(vacancy)),
    h("td", { class: "num" }, vacancy.positions),
    h("td", {}, vacancyBadges(vacancy)),
    h(
      "td",
      { class: "actions" },
      h("a", { href: `/employer/vacancies/${vacancy.id}`, "aria-label": `${t("open_shortlist")}${t("colon")} ${vacancy.title}` }, t("open_shortlist")),
      " · ",
      h("a", { href: `/employer/vacancies/${vacancy.id}/edit`, "aria-label": `${t("edit")}${t("colon")} ${vacancy.title}` }, t("edit")),
    ),
  );
}

start(async () => {
  await boot();
  const body = document.querySelector("#vacancies tbody");
  const list = await api("/vacancies");
  body.replaceChildren(
    ...(list.data.length ? list.data.map(row) : [h("tr", {}, h("td", { colspan: "5" }, t("no_vacancies")))]),
  );
});
