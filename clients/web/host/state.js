// What the console knows: the signed-in account, its booth, the room's people
// and questions, the handoff inbox and the organisation being edited.

import { keep, kept, session } from "../console/api.js";

const AUTH_KEY = "tsunagaru.host"; // sessionStorage only: {token, username, role, organization_id}

export const state = {
  auth: null, // {token, username, role, organization_id}
  booth: null, // {slug, room, title, open, next_open, items, description}
  selfId: null,
  members: new Map(), // id -> {id, nick, role}
  questions: new Map(), // id -> {id, text, ts, error}
  presenting: null,
  announcements: [],
  handoffs: [],
  handoffErrors: new Map(), // handoff id -> message
  openForms: new Map(), // handoff id -> "propose" | "decline" | "fail"
  status: { state: "stopped" },
  inboxTimer: null,
  inboxSeq: 0,
  editItems: [], // [{type, title, url, text}]
  editLive: { live_sessions: [] }, // the booth's live sessions being edited (HSDS schedule rows)
  org: null, // {id, doc (the organisation minus services), services: [serviceForm], loaded, saving, statusKey}
  orgSeq: 0,
};

/** The sign-in this tab kept, or null. */
export function loadAuth() {
  try {
    const v = JSON.parse(kept(AUTH_KEY) || "null");
    return v && typeof v.token === "string" ? v : null;
  } catch (_) {
    return null;
  }
}

/** Signed in as `auth` (or out, null): the console's state, the token requests carry, this tab's copy. */
export function setAuth(auth) {
  state.auth = auth;
  session.token = auth ? auth.token : null;
  keep(AUTH_KEY, auth ? JSON.stringify(auth) : null);
}
