// The account page: e-mail language and digest, personal access tokens, deleting the account.
import { api, boot, endSession, guard, h, showStatus, start, t } from "./common.js";

const day = (iso) => (iso ? new Date(iso).toLocaleDateString(document.documentElement.lang) : "—");

async function loadTokens() {
  const list = await api("/me/tokens");
  const body = document.querySelector("#tokens tbody");
  const rows = list.data.map((token) =>
    h(
      "tr",
      { "data-token-id": token.id },
      h("td", {}, token.name),
      h("td", {}, h("code", {}, `${token.hint}…`)),
      h("td", {}, day(token.created_at)),
      h("td", {}, day(token.last_used_at)),
      h(
        "td",
        {},
        h(
          "button",
          {
            type: "button",
            class: "danger",
            "aria-label": `${t("token_revoke")} ${token.name}`,
            onclick: () =>
              guard(async () => {
                await api(`/me/tokens/${token.id}`, { method: "DELETE" });
                showStatus(t("token_revoked"));
                await loadTokens();
              }),
          },
          t("token_revoke"),
        ),
      ),
    ),
  );
  body.replaceChildren(...(rows.length ? rows : [h("tr", {}, h("td", { colspan: "5" }, t("no_tokens")))]));
}

function wireSettings(me) {
  document.getElementById("account-email").textContent = me.email ? `${t("email")} : ${me.email}` : "";
  document.getElementById("mail-language").value = me.language;
  const digest = document.getElementById("digest");
  document.getElementById("digest-field").hidden = me.role !== "candidate";
  digest.checked = me.digest_enabled;
  document.getElementById("settings-form").addEventListener("submit", (event) => {
    event.preventDefault();
    guard(async () => {
      const body = { language: document.getElementById("mail-language").value };
      if (me.role === "candidate") body.digest_enabled = digest.checked;
      await api("/me", { method: "PATCH", body });
      showStatus(t("saved"));
    });
  });
}

function wireTokens() {
  document.getElementById("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("token-name");
    guard(async () => {
      const made = await api("/me/tokens", { method: "POST", body: { name: input.value.trim() } });
      document.getElementById("token-value").textContent = made.token;
      document.getElementById("token-new").hidden = false;
      input.value = "";
      await loadTokens();
    });
  });
}

function wireDeletion() {
  const button = document.getElementById("delete-account");
  const confirmBox = document.getElementById("delete-account-confirm");
  button.addEventListener("click", () => {
    confirmBox.hidden = false;
    button.setAttribute("aria-expanded", "true");
    document.getElementById("delete-account-yes").focus();
  });
  document.getElementById("delete-account-cancel").addEventListener("click", () => {
    confirmBox.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.focus();
  });
  document.getElementById("delete-account-yes").addEventListener("click", () =>
    guard(async () => {
      await endSession(() => api("/me", { method: "DELETE" }));
    }),
  );
}

start(async () => {
  const me = await boot();
  wireSettings(me);
  wireTokens();
  wireDeletion();
  await loadTokens();
});
