// Ask for a reset link; the answer is the same whether the address has an account or not.
import { api, guard, initLayout, ready, showStatus, t } from "./common.js";

initLayout();
document.getElementById("forgot-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const email = document.getElementById("email").value.trim();
  guard(async () => {
    if (!email) throw new Error(t("email"));
    await api("/auth/reset/request", { method: "POST", body: { email } });
    showStatus(t("forgot_done"), { keep: true });
  });
});
ready();
document.getElementById("email").focus();
