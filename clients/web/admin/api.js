// Talking to this node over HTTP with the admin's token, and the status line that says how it went.

import { $ } from "./dom.js";
import { lang, t } from "./lang.js";

export const session = { token: null, onExpired: () => {} };

/** {status, body}; a 401 means the sign-in ended (expired, or the account was disabled). */
export async function api(method, path, body, token = session.token) {
  const headers = { Authorization: `Bearer ${token}`, "Accept-Language": lang };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let r;
  try {
    r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (_) {
    return { status: 0, body: null };
  }
  const answer = await r.json().catch(() => null);
  if (r.status === 401 && token === session.token) session.onExpired();
  return { status: r.status, body: answer };
}

/** The server's sentence for a refusal (it is already in the console's language). */
export function reason(r) {
  return (r.body && r.body.error && (r.body.error.message || r.body.error.code)) || String(r.status);
}

export function toast(text, kind = "ok") {
  const el = $("toast");
  el.className = `admin-toast ${kind}`;
  el.textContent = text;
}

/** Download `path` with the admin's token as `filename` (a plain link could not carry the token); true if done. */
export async function download(path, filename) {
  const r = await fetch(path, { headers: { Authorization: `Bearer ${session.token}` } }).catch(() => null);
  if (!r || !r.ok) return false;
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return true;
}
