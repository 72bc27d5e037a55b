// Voluntary self-identification on the candidate's profile page: kept apart from the profile, never shown to
// employers, counted (never listed) by the bias audit.
import { api, guard, showStatus, t } from "./common.js";

let bound = false;

/** Show the self-identification card of a candidate file and save the choice (empty = not given). */
export async function initSelfIdentification(candidateId) {
  const path = `/candidates/${candidateId}/self-identification`;
  const select = document.getElementById("self-id-gender");
  select.value = (await api(path)).gender ?? "";
  document.getElementById("self-id-section").hidden = false;
  if (bound) return;
  bound = true;
  document.getElementById("self-id-form").addEventListener("submit", (event) => {
    event.preventDefault();
    guard(async () => {
      await api(path, { method: "PUT", body: { gender: select.value || null } });
      showStatus(t("self_id_saved"));
    });
  });
}
