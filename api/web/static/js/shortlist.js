// Shortlist of one vacancy. Advisors review (approve / reject / note) and invite; employers see the same
// anonymous, explained list and invite. Contact details appear only once a candidate has accepted.
import {
  api, boot, guard, h, levelLabel, pick, placeOf, showStatus, start, statusLabel, t, vacancyBadges, vacancyId,
} from "./common.js";
import { dimensionBars, ruleList, scoreBox } from "./explain.js";
import { codeChooser } from "./occupation_picker.js";

const ROLE = document.body.dataset.role;
const VID = vacancyId();

function occupationText(occ) {
  if (typeof occ === "string") return occ;
  const title = pick(occ, "title");
  return title ? `${occ.code} ${title}` : occ.code;
}

function fact(label, value) {
  return [h("dt", {}, label), h("dd", {}, value)];
}

function vacancyHead(v) {
  const occupations = (v.occupations ?? []).map(occupationText).join(", ") || t("none");
  return [
    h("h2", {}, v.title, " ", vacancyBadges(v)),
    h(
      "dl",
      { class: "facts" },
      fact(t("col_employer"), v.employer_name),
      fact(t("col_place"), placeOf(v)),
      fact(t("col_positions"), v.positions),
      fact(t("occupations"), occupations),
      fact(t("french_required"), levelLabel(v.french_required)),
      fact(t("experience_required"), v.experience_required),
      v.diagnostic ? fact(t("diagnostic"), v.diagnostic) : null,
    ),
    ROLE === "employer" ? employerActions(v) : null,
  ];
}

function employerActions(v) {
  const close = () => guard(async () => {
    const closed = await api(`/vacancies/${v.id}/close`, { method: "POST" });
    renderHead(closed);
    showStatus(t("vacancy_closed_message"));
  });
  return h(
    "p",
    { class: "button-row" },
    h("a", { class: "button", href: `/employer/vacancies/${v.id}/edit` }, t("edit")),
    v.status === "open" ? h("button", { type: "button", class: "danger close-vacancy", onclick: close }, t("close_vacancy")) : null,
  );
}

function renderHead(v) {
  document.getElementById("vacancy").replaceChildren(...vacancyHead(v).filter(Boolean));
}

function candidateFacts(c) {
  const regions = c.open_to_all_regions ? t("all_regions") : (c.regions_open ?? []).join(", ") || t("none");
  const item = (label, value) => h("div", {}, ...fact(label, value));
  return h(
    "dl",
    { class: "facts compact" },
    item(t("occupations"), (c.occupations ?? []).map(occupationText).join(", ") || t("none")),
    item(t("years_experience"), c.years_experience),
    item(t("education"), t(`edu_${c.education}`)),
    item(t("french_level"), levelLabel(c.french)),
    c.country !== undefined ? item(t("country"), c.country) : null,  // advisors only: employers never get them
    c.status !== undefined ? item(t("candidate_status"), statusLabel(c.status)) : null,
    item(t("regions_open"), regions),
  );
}

function contactBlock(c) {
  if (!c.contact) return null;
  return h(
    "p",
    { class: "contact" },
    h("strong", {}, `${t("contact")}${t("colon")} `),
    c.contact.name,
    " · ",
    h("a", { href: `mailto:${c.contact.email}` }, c.contact.email),
  );
}

function reviewLine(review) {
  if (!review?.decision) return h("p", { class: "review-state muted" }, t("decision_none"));
  const who = review.reviewer ? ` ${t("reviewed_by", { reviewer: review.reviewer })}` : "";
  return h("p", { class: `review-state ${review.decision}` }, t(`decision_${review.decision}`) + who);
}

async function review(entry, decision, note) {
  const body = { decision, note: note ?? entry.review?.note ?? null };
  const saved = await api(`/vacancies/${VID}/reviews/${entry.candidate_id}`, { method: "POST", body });
  entry.review = saved;
  return entry;
}

function reviewActions(entry) {
  const cid = entry.candidate_id;
  const decision = entry.review?.decision ?? null;
  const decide = (value, focus) => guard(async () => {
    await review(entry, decision === value ? null : value);
    replaceCard(entry, focus);
  });
  const noteId = `note-${cid}`;
  return h(
    "div",
    { class: "review" },
    reviewLine(entry.review),
    h(
      "div",
      { class: "button-row" },
      h("button", { type: "button", class: "approve", "aria-pressed": String(decision === "approved"), onclick: () => decide("approved", ".approve") }, t("approve")),
      h("button", { type: "button", class: "reject", "aria-pressed": String(decision === "rejected"), onclick: () => decide("rejected", ".reject") }, t("reject")),
    ),
    h(
      "form",
      {
        class: "note-form",
        onsubmit: (event) => {
          event.preventDefault();
          guard(async () => {
            await review(entry, decision, event.target.elements.note.value);
            replaceCard(entry, ".note-form button");
            showStatus(t("saved"));
          });
        },
      },
      h("label", { for: noteId }, t("note")),
      h("textarea", { id: noteId, name: "note", rows: "2" }, entry.review?.note ?? ""),
      h("button", { type: "submit" }, t("save_note")),
    ),
  );
}

function inviteBlock(entry) {
  if (entry.invitation) {
    return h("p", { class: `invitation ${entry.invitation.status}` }, t("invitation_status", { status: t(`status_${entry.invitation.status}`) }));
  }
  const msgId = `invite-message-${entry.candidate_id}`;
  return h(
    "form",
    {
      class: "invite-form",
      onsubmit: (event) => {
        event.preventDefault();
        guard(async () => {
          const message = event.target.elements.message.value.trim() || null;
          const invitation = await api("/invitations", {
            method: "POST",
            body: { vacancy_id: VID, candidate_id: entry.candidate_id, message },
          });
          entry.invitation = { id: invitation.id, status: invitation.status };
          replaceCard(entry, ".invitation");
        });
      },
    },
    h("label", { for: msgId }, t("invite_message")),
    h("textarea", { id: msgId, name: "message", rows: "2" }),
    h("button", { type: "submit", class: "primary" }, t("invite")),
  );
}

/** Advisors correct a candidate's occupation codes (PUT /candidates/{id}/occupations, audited). */
function correctionBlock(entry) {
  const cid = entry.candidate_id;
  const area = h("div", { class: "code-correction" });
  const chooser = codeChooser(area, { initial: entry.candidate.occupations ?? [], name: `fix-${cid}`, prefix: `fix-${cid}` });
  const form = h(
    "form",
    { class: "form correction", novalidate: true },
    h("fieldset", {}, h("legend", {}, t("correct_codes_legend")), area),
    h("button", { type: "submit" }, t("correct_codes_save")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    guard(async () => {
      const codes = chooser.codes();
      if (!codes.length) throw new Error(t("occupation_pick_one"));
      const saved = await api(`/candidates/${cid}/occupations`, { method: "PUT", body: { codes } });
      entry.candidate.occupations = saved.occupations;
      replaceCard(entry, ".correct-codes summary");
      showStatus(t("codes_corrected", { alias: entry.candidate.alias }));
    });
  });
  return h("details", { class: "correct-codes" }, h("summary", {}, t("correct_codes")), form);
}

function card(entry) {
  const c = entry.candidate;
  const headingId = `cand-${entry.candidate_id}`;
  return h(
    "li",
    { class: "card match", id: `entry-${entry.candidate_id}`, "aria-labelledby": headingId, "data-candidate-id": entry.candidate_id },
    h(
      "div",
      { class: "match-head" },
      h(
        "h2",
        { id: headingId },
        h("span", { class: "rank" }, `${entry.rank}.`),
        " ",
        c.alias,
        entry.interested ? [" ", h("span", { class: "badge interested" }, t("badge_interested"))] : null,
      ),
      scoreBox(entry),
    ),
    entry.via_interest ? h("p", { class: "hint" }, t("via_interest_note")) : null,
    contactBlock(c),
    h("div", { class: "match-body" }, candidateFacts(c), dimensionBars(entry.dimensions)),
    ruleList(entry),
    h("div", { class: "match-actions" }, ROLE === "advisor" ? reviewActions(entry) : null, inviteBlock(entry)),
    ROLE === "advisor" ? correctionBlock(entry) : null,
  );
}

function replaceCard(entry, focusSelector) {
  const old = document.getElementById(`entry-${entry.candidate_id}`);
  const fresh = card(entry);
  old.replaceWith(fresh);
  const target = focusSelector ? fresh.querySelector(focusSelector) : null;
  if (target) {
    if (!target.matches("button, a, input, textarea")) target.setAttribute("tabindex", "-1");
    target.focus();
  }
}

start(async () => {
  await boot();
  const [vacancy, shortlist] = await Promise.all([api(`/vacancies/${VID}`), api(`/vacancies/${VID}/shortlist?limit=50&explain=why_not`)]);
  renderHead(vacancy);
  document.getElementById("rule-set-id").textContent = shortlist.rule_set_id ?? "—";
  const list = document.getElementById("shortlist");
  list.replaceChildren(...(shortlist.data.length ? shortlist.data.map(card) : [h("li", { class: "muted" }, t("empty_shortlist"))]));
  // A link such as /employer/vacancies/3#entry-12 (from the invitations page) scrolls to that candidate.
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
});
