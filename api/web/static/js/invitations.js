// Invitations: a candidate accepts or declines; an employer follows those it sent.
import { api, boot, guard, h, showStatus, start, t } from "./common.js";
import { offerBlock, offersByInvitation } from "./offers.js";

const ROLE = document.body.dataset.role;
let offers = {};

function decisionButtons(inv) {
  if (ROLE !== "candidate" || inv.status !== "pending") return null;
  const decide = (action) => guard(async () => {
    const updated = await api(`/invitations/${inv.id}/${action}`, { method: "POST" });
    const fresh = item({ ...inv, ...updated, vacancy: updated.vacancy ?? inv.vacancy });
    document.getElementById(`invitation-${inv.id}`).replaceWith(fresh);
    fresh.querySelector(".invitation-status").focus();
    showStatus(t("invitation_status", { status: t(`status_${updated.status}`) }));
  });
  return h(
    "div",
    { class: "button-row" },
    h("button", { type: "button", class: "primary accept", onclick: () => decide("accept") }, t("accept")),
    h("button", { type: "button", class: "decline", onclick: () => decide("decline") }, t("decline")),
  );
}

function fact(label, value) {
  return value === null || value === undefined || value === "" ? null : h("div", {}, h("dt", {}, label), h("dd", {}, value));
}

/** What the candidate reads before accepting: employer, place and region, wage, start date, description. */
function vacancyDetails(v) {
  if (!v) return null;
  return [
    h(
      "dl",
      { class: "facts compact vacancy-details" },
      fact(t("col_employer"), v.employer_name),
      fact(t("col_place"), `${v.municipality_name} (${v.region_code} ${v.region_name})`),
      fact(t("wage"), v.wage_hourly ? t("per_hour", { wage: v.wage_hourly }) : null),
      fact(t("start_date"), v.start_date),
      fact(t("col_positions"), v.positions),
    ),
    v.description ? h("p", { class: "vacancy-description" }, v.description) : null,
  ];
}

function item(inv) {
  const vacancy = ROLE === "employer"
    ? h("a", { href: `/employer/vacancies/${inv.vacancy_id}` }, inv.vacancy_title)
    : inv.vacancy_title;
  return h(
    "li",
    { class: "card invitation-item", id: `invitation-${inv.id}`, "data-status": inv.status },
    h("h2", {}, vacancy),
    ROLE === "employer"
      ? h("p", {}, h("a", { href: `/employer/vacancies/${inv.vacancy_id}#entry-${inv.candidate_id}` }, `${t("col_candidate")} #${inv.candidate_id}`))
      : null,
    ROLE === "candidate" ? vacancyDetails(inv.vacancy) : null,
    inv.message ? h("blockquote", {}, inv.message) : null,
    h(
      "p",
      {},
      h("span", { class: `invitation-status badge ${inv.status}`, tabindex: "-1" }, t(`status_${inv.status}`)),
      h("span", { class: "muted" }, ` · ${inv.created_at?.slice(0, 10) ?? ""}`),
    ),
    decisionButtons(inv),
    offerBlock(inv, offers[inv.id], load),
  );
}

async function load() {
  const list = await api("/invitations");
  offers = await offersByInvitation();
  const box = document.getElementById("invitations");
  box.replaceChildren(...(list.data.length ? list.data.map(item) : [h("li", { class: "muted" }, t("no_invitations"))]));
}

start(async () => {
  await boot();
  await load();
});
