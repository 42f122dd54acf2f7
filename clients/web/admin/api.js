// The status line that says how a request went, the words for a refusal, and downloads with the
// admin's token. HTTP itself is the staff consoles' kit (console/api.js).

import { $ } from "../console/dom.js";
import { session } from "../console/api.js";

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
