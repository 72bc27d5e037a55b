// Advisors: employers of their regions waiting for verification; admins also create advisor accounts.
import { api, boot, guard, h, showStatus, start, t } from "./common.js";

function row(employer) {
  return h(
    "tr",
    { "data-employer-id": employer.id },
    h("td", {}, employer.name),
    h("td", {}, employer.region_code ?? "—"),
    h("td", {}, employer.contact_email ?? "—"),
    h(
      "td",
      {},
      h(
        "button",
        {
          type: "button",
          class: "primary",
          "aria-label": `${t("verify_employer")} ${employer.name}`,
          onclick: () =>
            guard(async () => {
              await api(`/employers/${employer.id}/verify`, { method: "POST" });
              showStatus(t("employer_verified"));
              await load();
            }),
        },
        t("verify_employer"),
      ),
    ),
  );
}

async function load() {
  const list = await api("/employers?status=pending");
  const body = document.querySelector("#employers tbody");
  body.replaceChildren(
    ...(list.data.length ? list.data.map(row) : [h("tr", {}, h("td", { colspan: "4" }, t("no_pending")))]),
  );
}

function wireAdvisorForm() {
  document.getElementById("advisor-section").hidden = false;
  document.getElementById("advisor-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = (id) => document.getElementById(id).value.trim();
    const regions = value("advisor-regions").split(/[\s,;]+/).filter(Boolean);
    guard(async () => {
      const made = await api("/admin/advisors", {
        method: "POST",
        body: { name: value("advisor-name"), email: value("advisor-email"), regions },
      });
      showStatus(t("advisor_created", { email: made.email }), { keep: true });
      event.target.reset();
    });
  });
}

start(async () => {
  const me = await boot();
  if (me.role === "admin") wireAdvisorForm();
  await load();
});
