// The live session: the socket to this node (hello with the token), the
// events it brings to each panel, and the status line in the header.

import { Connection, wsUrl } from "../conn.js";
import { $, keepFocus } from "../console/dom.js";
import { lang, t } from "./lang.js";
import { STAFF, nickOf, remember, saidEntry, st } from "./state.js";
import { toast } from "./api.js";
import { loadAlerts, onAlert, onAlertClosed } from "./alerts.js";
import { endSession } from "./console.js";
import { addFeed, markDeleted } from "./feed.js";
import { renderHeld } from "./held.js";
import { loadReports } from "./reports.js";
import { joinSupport, onSupportEvent } from "./support.js";
import { watch } from "./watch.js";

export function renderStatus() {
  const el = $("conn-status");
  const s = st.status.state;
  el.dataset.state = s;
  const key = { online: "status_online", connecting: "status_connecting", reconnecting: "status_reconnecting",
                offline: "status_offline" }[s] || "status_stopped";
  el.textContent = st.token ? t(key) : "";
  document.body.dataset.conn = s;
}

export function connect() {
  const conn = new Connection(wsUrl(), {
    onOpen: () => {
      // Visitors see "スタッフ" with the badge their client draws from the role — never the login name,
      // which is half of a credential.
      conn.request({ t: "hello", nick: t("staff_nick"), token: st.token, lang }, (reply) => onWelcome(conn, reply));
    },
    onMessage: (msg) => { if (conn === st.conn) onMessage(msg); },
    onStatus: (s) => { if (conn === st.conn) onStatus(s); },
  });
  st.conn = conn;
  conn.start();
}

function onWelcome(conn, reply) {
  if (conn !== st.conn || !reply) return;
  if (reply.t !== "welcome") {
    if (reply.code === "rate_limited") return; // the socket will try again
    setTimeout(() => endSession("session_ended"), 0);
    return;
  }
  if (!reply.user || !STAFF.has(reply.user.role)) {
    setTimeout(() => endSession("login_not_staff"), 0);
    return;
  }
  conn.welcomed(reply.heartbeat_s);
  st.status = { state: "online" };
  renderStatus();
  loadAlerts(); // open alerts first, before anything else
  for (const sup of st.supports.values()) joinSupport(sup.room); // a new connection: back into each conversation
  if (st.room) watch(st.room, true);
  loadReports();
}

function onStatus(s) {
  if (s.code === 4001 || s.code === 4003) {
    // A bad or revoked token: do not keep knocking. Deferred so that the
    // socket's own retry timer (set after this call) is cleared too.
    setTimeout(() => endSession("session_ended"), 0);
    return;
  }
  st.status = s.state === "online" ? s : { ...s, state: s.state === "closed" ? "stopped" : s.state };
  renderStatus();
}

function onMessage(m) {
  if ((m.t === "said" || m.t === "presence" || m.t === "deleted") && st.supports.has(m.room)) {
    onSupportEvent(m);
    return;
  }
  switch (m.t) {
    case "said":
      if (m.room !== st.room) return;
      remember(m.from);
      addFeed(saidEntry(m));
      if (st.held.delete(m.id)) renderHeld(); // a released message shows up as said
      break;
    case "deleted":
      if (m.room === st.room) markDeleted(m.id);
      break;
    case "presence":
      if (m.room !== st.room) return;
      for (const j of m.joins || []) {
        remember(j);
        addFeed({ type: "sys", key: "joined_line", vars: { nick: nickOf(j.id, j.nick) } });
      }
      for (const id of m.leaves || []) addFeed({ type: "sys", key: "left_line", vars: { nick: nickOf(id) } });
      break;
    case "held":
      if (m.room !== st.room) return;
      remember(m.from);
      st.held.set(m.id, { ...m });
      keepFocus(renderHeld);
      break;
    case "alert":
      onAlert(m);
      break;
    case "alert.closed":
      onAlertClosed(m);
      break;
    case "notice":
      if (m.text) toast(String(m.text), "warn");
      break;
    case "reset":
      if (st.supports.has(m.room)) joinSupport(m.room);
      else if (m.room === st.room) watch(st.room, true);
      break;
    default:
      break; // moves and anything new: not needed here
  }
}
