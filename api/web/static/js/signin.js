// Sign-in: e-mail and password (or an access token) open a session cookie; then go to the role's home.
import { api, clearError, guard, HOME, initLayout, ready, showStatus, t } from "./common.js";

initLayout();
const params = new URLSearchParams(location.search);
if (params.has("expired")) showStatus(t("session_expired"), { keep: true });
if (params.has("signed_out")) showStatus(t("signed_out"), { keep: true });

function goHome(me) {
  location.assign(HOME[me.role] ?? "/signin");
}

document.getElementById("signin-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const email = document.getElementById("email").value.trim();
  const password = document.getElementById("password").value;
  guard(async () => {
    if (!email || !password) throw new Error(`${t("email")} / ${t("password")}`);
    const signed = await api("/auth/signin", { method: "POST", body: { email, password } });
    goHome(signed.me);
  });
});

document.getElementById("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const token = document.getElementById("token").value.trim();
  guard(async () => {
    if (!token) throw new Error(t("token"));
    const signed = await api("/auth/token-signin", { method: "POST", body: { token } });
    goHome(signed.me);
  });
});

// Already signed in: go straight home.
if (document.cookie.includes("psl_csrf=") && !params.has("expired") && !params.has("signed_out")) {
  api("/me").then(goHome).catch(() => clearError());
}
ready();
document.getElementById("email").focus();
