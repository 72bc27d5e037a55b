// A candidate's profile: create or update it, upload a résumé, and confirm the occupation read from it.
import { api, boot, guard, h, showStatus, start, t } from "./common.js";
import { codeChooser } from "./occupation_picker.js";
import { initSelfIdentification } from "./self_id.js";

const form = document.getElementById("profile-form");
const field = (name) => form.elements[name];
let candidateId = null;
let chooser = null;

function regionBoxes(regions) {
  return regions.map((r) => {
    const id = `region-${r.code}`;
    return h(
      "div",
      { class: "check" },
      h("input", { type: "checkbox", id, name: "regions_open", value: r.code }),
      h("label", { for: id }, `${r.code} ${r.name}`),
    );
  });
}

function fill(c) {
  for (const name of ["name", "email", "country", "status", "education", "french", "text"]) {
    if (c[name] !== undefined && c[name] !== null) field(name).value = c[name];
  }
  field("years_experience").value = c.years_experience ?? 0;
  field("available_from").value = c.available_from ?? "";
  field("open_to_all_regions").checked = Boolean(c.open_to_all_regions);
  const open = new Set(c.regions_open ?? []);
  for (const box of form.querySelectorAll("input[name=regions_open]")) box.checked = open.has(box.value);
}

function payload() {
  const body = {
    name: field("name").value.trim(),
    email: field("email").value.trim(),
    country: field("country").value.trim().toUpperCase(),
    status: field("status").value,
    years_experience: Number(field("years_experience").value || 0),
    education: field("education").value,
    french: field("french").value,
    available_from: field("available_from").value || null,
    open_to_all_regions: field("open_to_all_regions").checked,
    regions_open: [...form.querySelectorAll("input[name=regions_open]:checked")].map((b) => b.value),
  };
  const text = field("text").value.trim();
  if (text) body.text = text;
  return body;
}

function showProfile(c) {
  candidateId = c.id;
  fill(c);
  document.getElementById("profile-submit").textContent = t("save");
  document.getElementById("profile-intro").hidden = true;
  document.getElementById("resume-section").hidden = false;
  // "What we understood" appears once there is something to understand: a text or codes.
  if (c.text || c.occupations?.length) showExtracted(c);
}

function showCodes(occupations) {
  // Suggested codes are ticked only when sure enough (the server's threshold); the search box adds any other.
  chooser = codeChooser(document.getElementById("occupation-choices"), {
    initial: occupations ?? [], name: "occupation", prefix: "occ",
  });
}

function showExtracted(c) {
  document.getElementById("detected-language").textContent = c.language ?? "—";
  showCodes(c.occupations);
  document.getElementById("extracted").hidden = false;
}

async function saveProfile() {
  const saved = candidateId
    ? await api(`/candidates/${candidateId}`, { method: "PATCH", body: payload() })
    : await api("/candidates", { method: "POST", body: payload() });
  const created = !candidateId;
  showProfile(saved);
  showStatus(t("saved"));
  if (created) {
    await initSelfIdentification(saved.id);
    document.getElementById("resume-file").focus();
  }
}

async function uploadResume(event) {
  const file = event.target.elements.file.files[0];
  if (!file) throw new Error(t("resume_file"));
  const data = new FormData();
  data.append("file", file);
  showStatus(t("uploading"), { keep: true });
  const updated = await api(`/candidates/${candidateId}/resume`, { method: "POST", form: data });
  fill(updated);
  showExtracted(updated);
  showStatus(t("extracted"));
  document.querySelector("#occupation-choices input")?.focus();
}

async function confirmOccupations() {
  const codes = chooser.codes();
  if (!codes.length) throw new Error(t("occupation_pick_one"));
  const updated = await api(`/candidates/${candidateId}/occupations`, { method: "PUT", body: { codes } });
  showCodes(updated.occupations);
  showStatus(t("occupations_confirmed"));
}

start(async () => {
  const me = await boot();
  const regions = await api("/regions");
  document.getElementById("region-list").replaceChildren(...regionBoxes(regions.data));
  if (me.candidate_id) {
    showProfile(await api(`/candidates/${me.candidate_id}`));
    await initSelfIdentification(me.candidate_id);
  } else field("name").value = me.name ?? "";
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    guard(saveProfile);
  });
  document.getElementById("resume-form").addEventListener("submit", (e) => {
    e.preventDefault();
    guard(() => uploadResume(e));
  });
  document.getElementById("occupation-form").addEventListener("submit", (e) => {
    e.preventDefault();
    guard(confirmOccupations);
  });
});
