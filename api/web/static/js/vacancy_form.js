// Post or edit a vacancy. While the title is typed, suggested CNP codes and their shortage diagnostic
// appear (debounced GET /occupations/suggest); the municipality field autocompletes from /municipalities.
import { api, ApiError, badge, boot, guard, h, LANG, pick, start, t } from "./common.js";
import { codeNote, debounce, occupationSearch } from "./occupation_picker.js";

const VID = Number(document.body.dataset.vacancyId) || null;
const form = document.getElementById("vacancy-form");
const field = (name) => form.elements[name];
const selected = new Map(); // code -> suggestion, ticked by the employer (or pre-ticked: a sure suggestion)
const untouched = new Set(); // pre-ticked codes the employer has not touched: a new title may replace them
let suggestions = [];
let suggestNote = null; // why there are no suggestions (the classifier warming up)
const municipalities = new Map(); // displayed name -> geo code

function suggestionItem(s) {
  const id = `code-${s.code}`;
  const checkbox = h("input", { type: "checkbox", id, name: "occupation_codes", value: s.code, checked: selected.has(s.code) });
  checkbox.addEventListener("change", () => {
    untouched.delete(s.code);
    if (checkbox.checked) selected.set(s.code, s);
    else selected.delete(s.code);
  });
  const note = s.score !== undefined ? `${t("confidence")} ${Math.round(s.score * 100)} %` : codeNote(s);
  return h(
    "div",
    { class: "check suggestion", "data-code": s.code },
    checkbox,
    h(
      "label",
      { for: id },
      h("strong", {}, s.code), ` ${pick(s, "title")}`,
      note ? h("span", { class: "muted" }, ` (${note})`) : null,
      s.diagnostic ? h("span", { class: "muted" }, ` · ${t("diagnostic")}${t("colon")} ${s.diagnostic}`) : null,
      s.fast_track ? [" ", badge(t("badge_fast_track"), "fast-track")] : null,
    ),
  );
}

function renderSuggestions() {
  const shown = [...selected.values()];
  for (const s of suggestions) if (!selected.has(s.code)) shown.push(s);
  const box = document.getElementById("suggestion-list");
  const none = h("p", { class: "muted" }, suggestNote ?? t("no_suggestion"));
  box.replaceChildren(...(shown.length ? shown.map(suggestionItem) : [none]), ...(shown.length && suggestNote ? [none] : []));
}

function preselect() {
  for (const code of untouched) selected.delete(code);
  untouched.clear();
  for (const s of suggestions) {
    if (s.preselected && !selected.has(s.code)) {
      selected.set(s.code, s);
      untouched.add(s.code);
    }
  }
}

async function fetchSuggestions(title) {
  try {
    const result = await api(`/occupations/suggest?q=${encodeURIComponent(title)}&lang=${LANG}&k=5`);
    suggestNote = null;
    return result.data;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 503) throw err;
    suggestNote = t("classifier_warming_pick"); // warming up: the employer picks in the search box
    return [];
  }
}

const suggest = debounce((title) => guard(async () => {
  if (title.trim().length < 3) {
    suggestions = [];
  } else {
    const found = await fetchSuggestions(title);
    if (field("title").value !== title) return; // an older answer: the title changed since
    suggestions = found;
  }
  preselect();
  renderSuggestions();
}, { background: true }), 300);

function pickFromSearch(o) {
  untouched.delete(o.code);
  selected.set(o.code, { ...o, diagnostic: null, fast_track: false });
  renderSuggestions();
}

const completeMunicipality = debounce((q) => guard(async () => {
  if (q.trim().length < 2 || /^\d{5}$/.test(q)) return;
  const result = await api(`/municipalities?q=${encodeURIComponent(q)}`);
  const options = result.data.slice(0, 20).map((m) => {
    // "Chicoutimi → Saguenay (…)" when found by a former name, a sector or a postal code.
    const found = m.via && m.via !== "name" && m.via !== "code" && m.matched && m.matched !== m.name;
    const name = found ? t("municipality_found", { matched: m.matched, name: m.name }) : m.name;
    const label = `${name} (${m.region_name})`;
    municipalities.set(label, m.code);
    return h("option", { value: label });
  });
  document.getElementById("municipality-options").replaceChildren(...options);
}, { background: true }), 200);

function payload() {
  const typed = field("municipality").value.trim();
  const body = {
    title: field("title").value.trim(),
    description: field("description").value.trim(),
    municipality: municipalities.get(typed) ?? typed,
    positions: Number(field("positions").value || 1),
    french_required: field("french_required").value,
    experience_required: Number(field("experience_required").value || 0),
    education_required: field("education_required").value,
    wage_hourly: field("wage_hourly").value ? Number(field("wage_hourly").value) : null,
    start_date: field("start_date").value || null,
  };
  if (selected.size) body.occupation_codes = [...selected.keys()];
  return body;
}

function fill(v) {
  field("title").value = v.title;
  field("description").value = v.description;
  const label = `${v.municipality_name} (${v.region_name})`;
  municipalities.set(label, v.municipality_code);
  field("municipality").value = label;
  field("positions").value = v.positions;
  field("wage_hourly").value = v.wage_hourly ?? "";
  field("start_date").value = v.start_date ?? "";
  field("french_required").value = v.french_required;
  field("experience_required").value = v.experience_required;
  field("education_required").value = v.education_required;
  for (const o of v.occupations ?? []) {
    const known = { ...o, diagnostic: null, fast_track: false };
    if (o.preselected === false) suggestions.push(known); // an unsure guess: shown, not ticked
    else selected.set(o.code, known);
  }
  renderSuggestions();
}

start(async () => {
  await boot();
  if (VID) fill(await api(`/vacancies/${VID}`));
  document.getElementById("occupation-search").replaceChildren(occupationSearch({ onPick: pickFromSearch }));
  field("title").addEventListener("input", (e) => suggest(e.target.value));
  field("municipality").addEventListener("input", (e) => completeMunicipality(e.target.value));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    guard(async () => {
      const saved = VID
        ? await api(`/vacancies/${VID}`, { method: "PATCH", body: payload() })
        : await api("/vacancies", { method: "POST", body: payload() });
      location.assign(`/employer/vacancies/${saved.id}`);
    });
  });
  if (field("title").value) suggest(field("title").value);
});
