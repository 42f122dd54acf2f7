// HTTP to this node (the token, the language), and the words for what went
// wrong, for HTTP answers and socket replies alike.

import { lang, t } from "./lang.js";
import { state } from "./state.js";

let onExpired = () => {};

/** What to do when the node no longer takes the token (401): set by the sign-in panel. */
export function whenExpired(handler) {
  onExpired = handler;
}

export async function api(method, path, body, { auth = true } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": lang };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (auth && state.auth) headers.Authorization = `Bearer ${state.auth.token}`;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (_) {
    return { status: 0, body: null };
  }
  let data = null;
  try {
    data = await res.json();
  } catch (_) { /* not JSON */ }
  if (res.status === 401 && auth && state.auth) onExpired();
  return { status: res.status, body: data };
}

export function errorMessage(r) {
  if (r.status === 403) return t("error_forbidden");
  const m = r.body && r.body.error && r.body.error.message;
  return typeof m === "string" && m ? m : t("error_generic");
}

export function replyError(reply, failure, blockedKey) {
  if (!reply) return t(failure === "disconnected" ? "status_reconnecting" : "error_generic");
  if (reply.code === "blocked") return t(blockedKey);
  if (reply.code === "forbidden") return t("error_forbidden");
  return reply.message || t("error_generic");
}
