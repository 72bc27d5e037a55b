// The verification link: post its token once, then offer to sign in.
import { api, guard, initLayout, ready, showStatus, t } from "./common.js";
import { linkToken } from "./account_common.js";

initLayout();
const token = linkToken();
guard(async () => {
  if (!token) throw new Error(t("missing_token"));
  await api("/auth/verify", { method: "POST", body: { token } });
  showStatus(t("verified"), { keep: true });
  document.getElementById("verify-next").hidden = false;
}).finally(() => {
  document.getElementById("verify-progress").hidden = true;
  ready();
});
