// What the console knows: the session, the rooms, the watched room's feed and
// held messages, alerts, support conversations, reports, the audit trail, and
// the names of the people it has seen.

import { t } from "./lang.js";

export const MAX_FEED = 300;
export const STAFF = new Set(["moderator", "admin"]);
export const OPEN_ALERTS = new Set(["crisis", "safety"]); // open until a moderator acknowledges them (mod.ack)

export const st = {
  token: null,
  kind: null,
  conn: null,
  status: { state: "stopped" },
  rooms: null, // [{room, title, kind, members}]
  roomsError: false,
  roomsTimer: null,
  room: null, // the watched room
  feed: [], // {type: "said", id, from, text, ts, deleted} | {type: "sys", key, vars}
  feedNodes: new Map(), // message id -> <li>
  held: new Map(), // message id -> {id, room, from, text, reason, rule, ts}
  alerts: [], // {code: "crisis"|"safety"|"report", key, ...the alert}; crisis/safety oldest first, from mod.alerts and `alert`
  supports: new Map(), // room -> {room, user: {id, nick}, entries: [], nodes: Map, members: Map, joined}
  locked: new Set(), // rooms this console locked (the server does not say)
  slow: new Map(), // room -> seconds set from this console
  nicks: new Map(), // user id -> nick, from what was seen
  reports: null,
  audit: null,
  auditError: false,
  toastTimer: null,
  sound: false,
};

// For the browser tests and for debugging in the console.
window.__tsunagaruMod = st;

export function remember(user) {
  if (user && typeof user.id === "string" && user.nick != null) st.nicks.set(user.id, String(user.nick));
}

export function nickOf(id, fallback) {
  if (fallback != null) return String(fallback);
  return st.nicks.get(id) || String(id ?? t("unknown"));
}

export function saidEntry(m) {
  const from = m.from && typeof m.from === "object" ? m.from : { id: "", nick: "?", role: "visitor" };
  return { type: "said", id: String(m.id ?? ""), from, text: String(m.text ?? ""), ts: m.ts, deleted: false };
}
