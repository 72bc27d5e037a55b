// Shared helpers of the console: labels, the session (cookie + CSRF token), API calls, DOM building, errors,
// the header.
// Every page module imports from here; nothing is built or bundled.

export const LANG = ["en", "es"].includes(document.documentElement.lang) ? document.documentElement.lang : "fr";
const LABELS = JSON.parse(document.getElementById("labels").textContent);
const TOKEN_KEY = "passerelle.token";
const CSRF_COOKIE = "psl_csrf";
const SAFE_METHODS = ["GET", "HEAD", "OPTIONS"];

export const HOME = { advisor: "/advisor", admin: "/advisor", employer: "/employer", candidate: "/candidate" };

/** Label for `key`, with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const text = LABELS[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** The member of a multilingual set such as reason_fr / reason_en / reason_es in the page's language (French when it is missing or empty). */
export function pick(obj, base) {
  return obj[`${base}_${LANG}`] || obj[`${base}_fr`] || "";
}

/** The session's CSRF token (a readable cookie set at sign-in); null when not signed in. */
export function csrfToken() {
  const found = document.cookie.split("; ").find((part) => part.startsWith(`${CSRF_COOKIE}=`));
  return found ? decodeURIComponent(found.slice(CSRF_COOKIE.length + 1)) : null;
}

// The session lives in an HttpOnly cookie; these remain for pages that still call them (no token is kept).
export const getToken = () => csrfToken();
export const setToken = () => sessionStorage.removeItem(TOKEN_KEY);
export const clearToken = () => sessionStorage.removeItem(TOKEN_KEY);

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Turn the API's `detail` (a string, or FastAPI's list of validation errors) into one readable message. */
export function detailMessage(detail, status) {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((d) => {
        const loc = Array.isArray(d.loc) ? d.loc.filter((p) => p !== "body").join(".") : "";
        return loc ? `${loc}: ${d.msg}` : d.msg;
      })
      .join(" ; ");
  }
  return `HTTP ${status}`;
}

/** Set once the page is on its way to the sign-in page, so that only the first reason is shown. */
let leaving = false;

/**
 * End the session with `call` (sign out, delete the account), then go to the sign-in page saying so. The page's
 * other requests still running answer 401 meanwhile: they must not turn this into "your session expired".
 * If `call` fails the page stays, and the error goes to the caller.
 */
export async function endSession(call) {
  leaving = true;
  try {
    await call();
  } catch (error) {
    leaving = false;
    throw error;
  }
  location.assign("/signin?signed_out=1");
}

/**
 * Call the JSON API with the session cookie; writes carry the CSRF token in X-CSRF-Token.
 * `body` is sent as JSON, `form` (a FormData) as multipart. Returns the parsed JSON (or null for 204).
 * A 401 on a signed-in page sends the visitor back to the sign-in page.
 */
export async function api(path, { method = "GET", body, form, token } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": LANG };
  if (token) headers.Authorization = `Bearer ${token}`;
  const csrf = csrfToken();
  if (csrf && !SAFE_METHODS.includes(method.toUpperCase())) headers["X-CSRF-Token"] = csrf;
  let payload;
  if (form) payload = form;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(`/api/v1${path}`, { method, headers, body: payload, credentials: "same-origin" });
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { detail: text };
    }
  }
  if (!response.ok) {
    if (response.status === 401 && document.body.dataset.role && !leaving) {
      leaving = true;
      location.assign("/signin?expired=1");
    }
    throw new ApiError(response.status, detailMessage(data?.detail, response.status));
  }
  return data;
}

/** Build an element: h("a", {href: "/x", class: "y"}, "text", child). Strings are text nodes, never HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else if (name === "style" && typeof value === "object") Object.assign(el.style, value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function showError(err) {
  const box = document.getElementById("error");
  const message = err instanceof Error ? err.message : String(err);
  box.replaceChildren(h("strong", {}, t("error_prefix")), " ", message);
  box.hidden = false;
}

export function clearError() {
  const box = document.getElementById("error");
  box.hidden = true;
  box.replaceChildren();
}

let statusTimer;

/** Show a short confirmation; it stays visible while scrolling and fades after a few seconds. */
export function showStatus(message, { keep = false } = {}) {
  const box = document.getElementById("status");
  box.textContent = message;
  box.hidden = false;
  clearTimeout(statusTimer);
  if (!keep) statusTimer = setTimeout(() => { box.hidden = true; }, 6000);
}

/**
 * Run an async action, showing its error (from the API's `detail`) instead of failing silently.
 * A user's action clears the previous error first; a `background` one (suggestions, completion) does not.
 */
export async function guard(action, { background = false } = {}) {
  if (!background) clearError();
  try {
    return await action();
  } catch (err) {
    showError(err);
    return undefined;
  }
}

/**
 * Enable the controls the page shell renders disabled (`data-wait`) once their handlers are attached, so that
 * nothing is submitted natively (a token in a URL) before the scripts run; mark the body ready for tests.
 */
export function ready() {
  for (const el of document.querySelectorAll("[data-wait]")) el.disabled = false;
  document.body.dataset.ready = "true";
}

/** Run a page's start-up, showing its error if any, then enable the page's controls. */
export async function start(init) {
  try {
    await guard(init);
  } finally {
    ready();
  }
}

function setLanguage(lang) {
  document.cookie = `lang=${lang}; path=/; max-age=31536000; samesite=lax`;
  localStorage.setItem("passerelle.lang", lang);
  location.reload();
}

/**
 * While the server still warms up (the occupation classifier on a first start), say so above the page, in the
 * user's language, and poll GET /status until it is ready: records can be saved meanwhile, codes picked in
 * the search box. `poll_ms` is shortened by tests through data-warmup-poll on <body>.
 */
export async function watchWarmUp() {
  const pollMs = Number(document.body.dataset.warmupPoll) || 5000;
  let box = document.getElementById("warmup");
  for (;;) {
    let state;
    try {
      state = await api("/status");
    } catch {
      return; // an older server without /status: nothing to say
    }
    if (state.ready) {
      if (box && !box.hidden) {
        box.textContent = t("warmup_done");
        setTimeout(() => { box.hidden = true; }, 4000);
      }
      return;
    }
    if (!box) {
      box = h("div", { id: "warmup", class: "message status warmup", role: "status", "aria-live": "polite" });
      document.getElementById("status").after(box);
    }
    box.textContent = t(state.classifier === "failed" ? "warmup_failed" : "warmup_classifier");
    box.hidden = false;
    if (state.classifier === "failed") return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Wire the language menu and the sign-out button present on every page. */
export function initLayout() {
  for (const choice of document.querySelectorAll(".lang-choice")) {
    choice.addEventListener("click", () => { if (choice.dataset.lang !== LANG) setLanguage(choice.dataset.lang); });
  }
  const saved = localStorage.getItem("passerelle.lang");
  if (saved && saved !== LANG && !document.cookie.includes("lang=")) setLanguage(saved);
  document.getElementById("sign-out")?.addEventListener("click", () =>
    endSession(() => api("/auth/signout", { method: "POST" }).catch(() => null /* already signed out */)),
  );
}

/**
 * Start a signed-in page: check the token with GET /me and send other roles to their own home.
 * Returns the `me` object, or never resolves when the visitor is redirected.
 */
export async function boot() {
  initLayout();
  const role = document.body.dataset.role;
  if (!csrfToken()) {
    location.assign("/signin");
    return new Promise(() => {});
  }
  let me;
  try {
    me = await api("/me");
  } catch (err) {
    showError(err);
    return new Promise(() => {});
  }
  const allowed = role === "advisor" ? ["advisor", "admin"] : role === "any" ? [me.role] : [role];
  if (!allowed.includes(me.role)) {
    location.assign(HOME[me.role] ?? "/signin");
    return new Promise(() => {});
  }
  if (me.employer_verified === false && !document.getElementById("awaiting")) {
    const note = h("p", { id: "awaiting", class: "message status notice" }, t("awaiting_verification"));
    document.getElementById("error").before(note);
  }
  const who = document.getElementById("whoami");
  who.textContent = `${t("signed_in_as")} ${me.name}`;
  who.hidden = false;
  watchWarmUp();
  return me;
}

export const vacancyId = () => Number(document.body.dataset.vacancyId);

export function percent(x) {
  return `${Math.round(Math.max(0, Math.min(1, x)) * 100)} %`;
}

export function statusLabel(status) {
  return t(`status_${status}`);
}

export function levelLabel(level) {
  return level === "NONE" ? t("level_NONE") : level;
}

export function placeOf(vacancy) {
  return `${vacancy.municipality_name} (${vacancy.region_name})`;
}

export function badge(text, kind, title) {
  return h("span", { class: `badge ${kind}`, title }, text);
}

/** Badges of a vacancy: fast-track, outside the metropolitan area, open/closed. */
export function vacancyBadges(vacancy) {
  return h(
    "span",
    { class: "badges" },
    vacancy.fast_track ? badge(t("badge_fast_track"), "fast-track", vacancy.diagnostic ?? undefined) : null,
    vacancy.outside_boundary ? badge(t("badge_outside"), "passerelle") : null,
    badge(t(vacancy.status === "open" ? "vacancy_open" : "vacancy_closed"), vacancy.status),
  );
}
