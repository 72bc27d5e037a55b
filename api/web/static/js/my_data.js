// A candidate's own data: download everything held (JSON), or delete it after an explicit confirmation.
import { api, boot, clearToken, guard, h, showError, showStatus, start, t } from "./common.js";

start(async () => {
  const me = await boot();
  const exportButton = document.getElementById("export");
  const deleteButton = document.getElementById("delete");
  const confirmBox = document.getElementById("delete-confirm");
  if (!me.candidate_id) {
    showError(t("need_profile"));
    exportButton.removeAttribute("data-wait");
    deleteButton.removeAttribute("data-wait");
    return;
  }
  exportButton.addEventListener("click", () => guard(async () => {
    const data = await api(`/candidates/${me.candidate_id}/export`);
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: `passerelle-candidate-${me.candidate_id}.json`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }));
  deleteButton.addEventListener("click", () => {
    confirmBox.hidden = false;
    deleteButton.setAttribute("aria-expanded", "true");
    document.getElementById("delete-yes").focus();
  });
  document.getElementById("delete-cancel").addEventListener("click", () => {
    confirmBox.hidden = true;
    deleteButton.setAttribute("aria-expanded", "false");
    deleteButton.focus();
  });
  document.getElementById("delete-yes").addEventListener("click", () => guard(async () => {
    await api(`/candidates/${me.candidate_id}`, { method: "DELETE" });
    confirmBox.hidden = true;
    exportButton.disabled = true;
    deleteButton.disabled = true;
    showStatus(t("deleted"), { keep: true });
    clearToken();
  }));
});
