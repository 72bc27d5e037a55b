// Sign-up of a candidate or an employer: the account waits for its e-mail address to be confirmed.
import { api, guard, initLayout, LANG, ready, showStatus, t } from "./common.js";

initLayout();
const form = document.getElementById("signup-form");
const employerFields = document.getElementById("employer-fields");
const pageLang = document.documentElement.lang || LANG;

function role() {
  return form.querySelector("input[name=role]:checked").value;
}

function syncRole() {
  const employer = role() === "employer";
  employerFields.hidden = !employer;
  document.getElementById("company").required = employer;
  document.getElementById("region").required = employer;
}

for (const radio of form.querySelectorAll("input[name=role]")) radio.addEventListener("change", syncRole);
syncRole();

let sentTo = "";
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const value = (id) => document.getElementById(id).value.trim();
  const password = document.getElementById("password").value;
  guard(async () => {
    if (password.length < 10) throw new Error(t("password_short"));
    const body = { role: role(), name: value("name"), email: value("email"), password, language: pageLang };
    if (body.role === "employer") Object.assign(body, { company_name: value("company"), region: value("region") || null });
    await api("/auth/signup", { method: "POST", body });
    sentTo = body.email;
    form.hidden = true;
    document.getElementById("signup-done-text").textContent = t("signup_sent", { email: sentTo });
    document.getElementById("signup-done").hidden = false;
  });
});

document.getElementById("resend").addEventListener("click", () =>
  guard(async () => {
    await api("/auth/verify/resend", { method: "POST", body: { email: sentTo } });
    showStatus(t("resent"));
  }),
);
ready();
document.getElementById("name").focus();
