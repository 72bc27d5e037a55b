// The digest's unsubscribe link: one button switches the digest off.
import { api, guard, initLayout, ready, showStatus, t } from "./common.js";
import { linkToken } from "./account_common.js";

initLayout();
const form = document.getElementById("unsubscribe-form");
form.addEventListener("submit", (event) => {
  event.preventDefault();
  guard(async () => {
    await api("/auth/unsubscribe", { method: "POST", body: { token: linkToken() } });
    form.hidden = true;
    showStatus(t("unsubscribed"), { keep: true });
  });
});
ready();
