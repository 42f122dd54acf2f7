// Talking to this node: mod.* requests over the socket, and the status line (toast) that says how
// they went. HTTP is the staff consoles' kit (console/api.js).

import { $ } from "../console/dom.js";
import { t } from "./lang.js";
import { st } from "./state.js";
import { scheduleAudit } from "./audit.js";

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
