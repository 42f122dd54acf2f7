// Talking to this node: HTTP with the token, mod.* requests over the socket,
// and the status line (toast) that says how they went.

import { $ } from "./dom.js";
import { lang, t } from "./lang.js";
import { st } from "./state.js";
import { scheduleAudit } from "./audit.js";

export async function api(path, token = st.token) {
  const r = await fetch(path, { headers: { Authorization: `Bearer ${token}`, "Accept-Language": lang } });
  let body = null;
  try {
    body = await r.json();
  } catch (_) { /* not JSON */ }
  return { status: r.status, body };
}

export function toast(text, kind = "ok") {
  const el = $("toast");
  el.className = `mod-toast ${kind}`;
  el.textContent = text;
  clearTimeout(st.toastTimer);
  st.toastTimer = setTimeout(() => { el.textContent = ""; }, 8000);
}

/** Send one mod.* request; report the outcome in the status line. */
export function act(msg, doneKey, vars, after) {
  if (!st.conn || !st.conn.open) {
    toast(t("failed_offline"), "warn");
    return;
  }
  st.conn.request(msg, (reply, failure) => {
    if (!reply) {
      toast(t("failed", { message: failure || "?" }), "warn");
    } else if (reply.t === "error") {
      toast(t("failed", { message: reply.message || reply.code || "?" }), "warn");
    } else {
      if (doneKey) toast(t(doneKey, vars));
      if (after) after(reply);
      scheduleAudit();
    }
  });
}
