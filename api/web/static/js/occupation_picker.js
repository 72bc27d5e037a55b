// Choosing occupation codes: a search box over every CNP/NOC unit group (GET /occupations/search, titles in
// French, English and Spanish, accents optional) and the list of ticked codes. Used by the candidate profile,
// the vacancy form and the advisor's correction on the shortlist. The search box is an ARIA combobox: arrow
// keys move in the results, Enter picks, Escape closes; a live region says how many results were found.
import { api, h, LANG, pick, t } from "./common.js";

let pickers = 0;

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Words for a code's confidence and source: "confiance 12 %", "confirmée"... */
export function codeNote(o) {
  if (o.source === "confirmed") return t("code_confirmed");
  if (o.source === "classified" && o.confidence !== undefined) {
    return `${t("code_suggested")}, ${t("confidence")} ${Math.round(o.confidence * 100)} %`;
  }
  return "";
}

/** A labelled checkbox for one code. `checked`: ticked at first (a person's code, or a sure suggestion). */
export function codeCheckbox(o, { name, checked, prefix = "occ" }) {
  const id = `${prefix}-${o.code}`;
  const note = codeNote(o);
  return h(
    "div",
    { class: "check code-choice", "data-code": o.code },
    h("input", { type: "checkbox", id, name, value: o.code, checked }),
    h(
      "label",
      { for: id },
      h("strong", {}, o.code),
      ` ${pick(o, "title")}`,
      note ? h("span", { class: "muted" }, ` (${note})`) : null,
    ),
  );
}

function hitLabel(hit) {
  const official = pick(hit, "title");
  const matched = hit.title && hit.title !== official ? ` — ${hit.title}` : "";
  return `${hit.code} ${official}${matched}`;
}

/**
 * The search box. `onPick(code)` receives {code, title_fr, title_en, source: "picked", confidence: 1}.
 * Returns the element to insert.
 */
export function occupationSearch({ onPick, label = t("occupation_search") }) {
  const n = ++pickers;
  const ids = { input: `occ-search-${n}`, list: `occ-results-${n}`, hint: `occ-hint-${n}` };
  const input = h("input", {
    type: "search", id: ids.input, class: "occ-search", autocomplete: "off", maxlength: "100", role: "combobox",
    "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": ids.list, "aria-describedby": ids.hint,
  });
  const list = h("ul", { id: ids.list, class: "occ-results", role: "listbox", "aria-label": label, hidden: true });
  const live = h("p", { class: "visually-hidden", "aria-live": "polite" });
  let hits = [];
  let active = -1;
  let asked = 0;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(i) {
    active = i;
    for (const [j, li] of [...list.children].entries()) li.setAttribute("aria-selected", String(j === i));
    if (i >= 0) input.setAttribute("aria-activedescendant", `${ids.list}-${i}`);
  }

  function choose(i) {
    const hit = hits[i];
    if (!hit) return;
    onPick({ code: hit.code, title_fr: hit.title_fr, title_en: hit.title_en, confidence: 1, source: "picked" });
    live.textContent = t("occupation_added", { code: hit.code });
    input.value = "";
    close();
    input.focus();
  }

  function render() {
    list.replaceChildren(
      ...hits.map((hit, i) => {
        const li = h("li", { id: `${ids.list}-${i}`, role: "option", "aria-selected": "false", "data-code": hit.code }, hitLabel(hit));
        li.addEventListener("mousedown", (e) => e.preventDefault()); // keep the focus in the box
        li.addEventListener("click", () => choose(i));
        return li;
      }),
    );
    list.hidden = hits.length === 0;
    input.setAttribute("aria-expanded", String(hits.length > 0));
    live.textContent = hits.length ? t("occupation_results_count", { n: hits.length }) : t("occupation_no_result");
    highlight(hits.length ? 0 : -1);
  }

  const search = debounce(async (q) => {
    const mine = ++asked;
    if (q.trim().length < 2) {
      hits = [];
      close();
      return;
    }
    try {
      const found = await api(`/occupations/search?q=${encodeURIComponent(q.trim())}&lang=${LANG}&limit=8`);
      if (mine !== asked) return; // an older answer
      hits = found.data;
    } catch (err) {
      hits = [];
      live.textContent = err.message;
    }
    render();
  }, 150);

  input.addEventListener("input", () => search(input.value));
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && hits.length) {
      e.preventDefault();
      list.hidden = false;
      highlight((active + 1) % hits.length);
    } else if (e.key === "ArrowUp" && hits.length) {
      e.preventDefault();
      highlight((active - 1 + hits.length) % hits.length);
    } else if (e.key === "Enter" && !list.hidden && active >= 0) {
      e.preventDefault();
      choose(active);
    } else if (e.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  return h(
    "div",
    { class: "field occ-picker" },
    h("label", { for: ids.input }, label),
    input,
    h("p", { id: ids.hint, class: "hint" }, t("occupation_search_hint")),
    list,
    live,
  );
}

/**
 * A list of ticked codes plus the search box, in `container`. Returns {codes(), add(o, checked)}.
 * `initial`: codes to show, ticked when `o.preselected` (or a person's code).
 */
export function codeChooser(container, { initial = [], name, prefix }) {
  const box = h("div", { class: "code-choices" });
  const empty = h("p", { class: "muted" }, t("no_occupation_yet"));
  function add(o, checked) {
    const existing = box.querySelector(`input[value="${o.code}"]`);
    if (existing) {
      existing.checked = true;
      return;
    }
    empty.remove();
    box.append(codeCheckbox(o, { name, checked, prefix }));
  }
  for (const o of initial) add(o, o.preselected ?? o.source !== "classified");
  if (!initial.length) box.append(empty);
  container.replaceChildren(box, occupationSearch({ onPick: (o) => add(o, true) }));
  return { codes: () => [...box.querySelectorAll("input:checked")].map((b) => b.value), add };
}
