// HTTP to this node for the three staff consoles: the token a request carries, the console's
// language, and the one place a sign-in is kept for the tab (sessionStorage, under each console's
// own key: gone when the tab closes).

import { lang } from "./lang.js";

/** The page's sign-in: the token requests carry by default, and what to do when the node no longer
 * takes it (each console sets onExpired: back to its sign-in form). */
export const session = { token: null, onExpired: () => {} };

/** {status, body}: status 0 when the node could not be reached, body null when it is not JSON.
 * `token` null sends none (signing in); a 401 for the page's own token ends the sign-in. */
export async function api(method, path, body, token = session.token) {
  const headers = { Accept: "application/json", "Accept-Language": lang };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let r;
  try {
    r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (_) {
    return { status: 0, body: null };
  }
  const answer = await r.json().catch(() => null);
  if (r.status === 401 && token && token === session.token) session.onExpired();
  return { status: r.status, body: answer };
}

/** What this tab keeps under `key`, or null (no storage: nothing was kept). */
export function kept(key) {
  try {
    return sessionStorage.getItem(key);
  } catch (_) {
    return null;
  }
}

/** Keep `value` (a string) for this tab under `key`; null forgets it. */
export function keep(key, value) {
  try {
    if (value == null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch (_) { /* no storage: this page only */ }
}
