// Shared by the e-mail link pages: reading the token from the page's URL.

/** The `token` query parameter of an e-mail link, or "". */
export function linkToken() {
  return new URLSearchParams(location.search).get("token") ?? "";
}
