// The steps after an accepted invitation, on the invitations page: the employer makes a job offer and records
// the hire; the candidate accepts or declines the offer, then records the arrival in Québec.
import { api, guard, h, showStatus, t } from "./common.js";

const ROLE = document.body.dataset.role;

function step(label, action) {
  return h("button", { type: "button", class: "primary", onclick: () => guard(action) }, label);
}

function arrivalForm(offer, refresh) {
  const day = h("input", { id: `arrived-${offer.id}`, type: "date", required: true });
  const place = h("input", { id: `place-${offer.id}`, type: "text", required: true, autocomplete: "off" });
  const form = h(
    "form",
    { class: "inline-form arrival-form" },
    h("div", { class: "field" }, h("label", { for: day.id }, t("arrival_date")), day),
    h("div", { class: "field" }, h("label", { for: place.id }, t("arrival_place")), place),
    h("button", { type: "submit" }, t("arrival_save")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    guard(async () => {
      await api(`/candidates/${offer.candidate_id}/arrival`, { method: "PUT", body: { arrived_on: day.value, municipality: place.value } });
      showStatus(t("arrival_saved"));
      await refresh();
    });
  });
  return form;
}

function actions(inv, offer, refresh) {
  const post = (path, message) => async () => {
    await api(path, { method: "POST" });
    showStatus(message);
    await refresh();
  };
  if (ROLE === "employer" && !offer) return step(t("offer_make"), post(`/invitations/${inv.id}/offer`, t("offer_made")));
  if (!offer) return null;
  if (ROLE === "employer" && offer.status === "accepted") return step(t("offer_hire"), post(`/offers/${offer.id}/hire`, t("offer_hired")));
  if (ROLE === "candidate" && offer.status === "pending") {
    return h(
      "div",
      { class: "button-row" },
      step(t("offer_accept"), post(`/offers/${offer.id}/accept`, t("offer_status_accepted"))),
      h("button", { type: "button", class: "decline", onclick: () => guard(post(`/offers/${offer.id}/decline`, t("offer_status_declined"))) }, t("offer_decline")),
    );
  }
  if (ROLE === "candidate" && offer.status === "hired") return arrivalForm(offer, refresh);
  return null;
}

/** The job-offer block of an accepted invitation (null for other invitations). */
export function offerBlock(inv, offer, refresh) {
  if (inv.status !== "accepted") return null;
  return h(
    "div",
    { class: "offer-block", "data-offer-status": offer?.status ?? "none" },
    offer ? h("p", {}, h("span", { class: `badge ${offer.status}` }, t(`offer_status_${offer.status}`)), h("span", { class: "muted" }, ` · ${offer.offered_at.slice(0, 10)}`)) : null,
    actions(inv, offer, refresh),
  );
}

/** Job offers of the signed-in account, by invitation id. */
export async function offersByInvitation() {
  const offers = await api("/offers");
  return Object.fromEntries(offers.data.map((o) => [o.invitation_id, o]));
}
