// "I'm interested" on a vacancy: one toggle button (aria-pressed), shared by the search and matches pages.
import { api, guard, h, showStatus, t } from "./common.js";

/** A toggle for the current candidate's interest in vacancy `vacancyId`. */
export function interestButton(vacancyId, interested) {
  const button = h("button", { type: "button", class: "interest", "aria-pressed": String(Boolean(interested)) });
  const render = (on) => {
    button.setAttribute("aria-pressed", String(on));
    button.textContent = on ? `✓ ${t("badge_interested")}` : t("interested");
    button.title = on ? t("withdraw_interest") : "";
  };
  render(Boolean(interested));
  button.addEventListener("click", () => guard(async () => {
    const on = button.getAttribute("aria-pressed") !== "true";
    await api(`/vacancies/${vacancyId}/interest`, { method: on ? "POST" : "DELETE" });
    render(on);
    showStatus(on ? t("interested_done") : t("withdraw_interest"));
  }));
  return button;
}
