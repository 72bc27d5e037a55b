// How rankings are made (Law 25 notice): factors and weights, rules in force, models, and requests for a person
// to review a ranking (candidates ask; advisors of their regions and admins answer).
import { api, boot, guard, h, showStatus, start, t } from "./common.js";

function entries(parameters, prefix = "") {
  return Object.entries(parameters).flatMap(([key, value]) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? entries(value, `${prefix}${key}.`)
      : [[`${prefix}${key}`, Array.isArray(value) ? value.join(", ") : String(value ?? "—")]],
  );
}

function definitions(pairs) {
  return pairs.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]);
}

function showNotice(notice) {
  document.querySelector("#notice-factors tbody").replaceChildren(
    ...notice.factors.map((f) =>
      h("tr", { "data-factor": f.name }, h("th", { scope: "row" }, t(`dim_${f.name}`)), h("td", { class: "num" }, `${Math.round(f.weight * 1000) / 10} %`), h("td", {}, t(`notice_factor_${f.name}`))),
    ),
  );
  const set = notice.rule_set;
  document.getElementById("notice-rule-set").textContent = t("notice_rule_set", { id: set.id, rules: set.rules.join(", "), cap: set.max_total_boost });
  document.getElementById("notice-parameters").replaceChildren(...definitions(entries(set.parameters)));
  document.getElementById("notice-models").replaceChildren(
    ...definitions([
      [t("notice_embedder"), `${notice.embedder} (${notice.model_version})`],
      [t("notice_classifier"), notice.classifier_version],
      [t("notice_retention"), t("notice_retention_days", { days: notice.retention_days })],
    ]),
  );
}

function requestItem(request, me) {
  const item = h(
    "li",
    { class: "card", "data-request": request.id },
    h("p", {}, h("strong", {}, t("notice_request_of", { id: request.id, date: request.created_at.slice(0, 10) })), request.vacancy_id ? ` · ${t("notice_review_vacancy")} ${request.vacancy_id}` : ""),
    h("p", {}, request.message),
    request.answer ? h("p", { class: "answer" }, h("strong", {}, t("notice_answer")), " ", request.answer) : h("p", { class: "muted" }, t("notice_waiting")),
  );
  if (!request.answer && me.role !== "candidate") {
    const field = h("textarea", { id: `answer-${request.id}`, rows: 2, maxlength: 4000, required: true });
    const form = h("form", { class: "answer-form" }, h("label", { for: `answer-${request.id}` }, t("notice_answer")), field, h("button", { type: "submit" }, t("notice_answer_send")));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      guard(async () => {
        await api(`/review-requests/${request.id}/answer`, { method: "POST", body: { answer: field.value } });
        showStatus(t("saved"));
        await loadRequests(me);
      });
    });
    item.append(form);
  }
  return item;
}

async function loadRequests(me) {
  if (me.role === "employer") return;
  const list = await api("/review-requests");
  const items = list.data.map((r) => requestItem(r, me));
  document.getElementById("review-requests").replaceChildren(...(items.length ? items : [h("li", { class: "muted" }, t("notice_no_requests"))]));
}

start(async () => {
  const me = await boot();
  showNotice(await api("/ranking-notice"));
  const form = document.getElementById("review-form");
  if (me.role === "candidate") {
    form.hidden = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      guard(async () => {
        const vacancy = Number(document.getElementById("review-vacancy").value) || null;
        await api("/review-requests", { method: "POST", body: { vacancy_id: vacancy, message: document.getElementById("review-message").value } });
        form.reset();
        showStatus(t("notice_review_sent"));
        await loadRequests(me);
      });
    });
  }
  await loadRequests(me);
});
