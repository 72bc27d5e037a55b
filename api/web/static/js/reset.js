// The reset link: choose a new password (every session of the account is signed out).
import { api, guard, initLayout, ready, showError, showStatus, t } from "./common.js";
import { linkToken } from "./account_common.js";

initLayout();
const token = linkToken();
const form = document.getElementById("reset-form");
if (!token) showError(t("missing_token"));
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const password = document.getElementById("password").value;
  guard(async () => {
    if (password.length < 10) throw new Error(t("password_short"));
    if (password !== document.getElementById("password2").value) throw new Error(t("password_mismatch"));
    await api("/auth/reset", { method: "POST", body: { token, password } });
    form.hidden = true;
    showStatus(t("reset_done"), { keep: true });
    document.getElementById("reset-next").hidden = false;
  });
});
ready();
document.getElementById("password").focus();
