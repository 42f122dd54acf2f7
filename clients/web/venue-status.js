// The visitor client's connection line in the header, and the box that says
// why the visit ended (banned, kicked, replaced by another tab) with the one
// action that makes sense for it.

import { $, t, ui } from "./venue-state.js";

export function renderStatus() {
  const s = ui.status;
  const el = $("conn-status");
  el.dataset.state = s.state;
  let text;
  switch (s.state) {
    case "online": text = t("status_online"); break;
    case "connecting": text = t("status_connecting"); break;
    case "reconnecting":
      text = s.retryInMs ? t("status_reconnect_in", { s: Math.max(1, Math.round(s.retryInMs / 1000)) }) : t("status_reconnecting");
      break;
    case "offline": text = t("status_offline"); break;
    default: text = t("status_stopped");
  }
  if (el.textContent !== text) el.textContent = text;
  $("venue").dataset.conn = s.state;
}

export function renderFatal() {
  const box = $("fatal");
  const f = ui.fatal;
  if (!f) {
    box.hidden = true;
    return;
  }
  $("fatal-text").textContent = t(`fatal_${f.kind}`);
  const btn = $("fatal-action");
  const action = { kicked: "rejoin", replaced: "continue_here" }[f.kind];
  btn.hidden = !action;
  if (action) btn.textContent = t(action);
  box.hidden = false;
}

/** Rejoin (kicked: a fresh session) or continue here (replaced). */
export function wireFatal(client) {
  $("fatal-action").addEventListener("click", () => {
    const f = ui.fatal;
    ui.fatal = null;
    renderFatal();
    if (f) client.restart(f.kind === "kicked");
  });
}
