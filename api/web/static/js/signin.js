// Sign-in: keep the token in sessionStorage, ask /me who it belongs to, go to that role's home.
import { api, clearToken, getToken, guard, HOME, initLayout, ready, setToken, showStatus, t } from "./common.js";

initLayout();
const params = new URLSearchParams(location.search);
if (params.has("expired")) showStatus(t("session_expired"), { keep: true });
if (params.has("signed_out")) showStatus(t("signed_out"), { keep: true });

async function signIn(token) {
  const me = await api("/me", { token });
  setToken(token);
  location.assign(HOME[me.role] ?? "/signin");
}

const form = document.getElementById("signin-form");
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const token = document.getElementById("token").value.trim();
  guard(async () => {
    if (!token) throw new Error(t("token"));
    clearToken();
    await signIn(token);
  });
});

// Already signed in in this tab: go straight home.
if (getToken() && !params.has("expired") && !params.has("signed_out")) {
  api("/me").then((me) => location.assign(HOME[me.role] ?? "/signin")).catch(() => clearToken());
}
ready();
document.getElementById("token").focus();
