// What the console knows: the signed-in account, its booth, the room's people
// and questions, the handoff inbox and the organisation being edited.

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

export function loadAuth() {
  try {
    const v = JSON.parse(sessionStorage.getItem(AUTH_KEY) || "null");
    return v && typeof v.token === "string" ? v : null;
  } catch (_) {
    return null;
  }
}

export function saveAuth(auth) {
  try {
    if (auth) sessionStorage.setItem(AUTH_KEY, JSON.stringify(auth));
    else sessionStorage.removeItem(AUTH_KEY);
  } catch (_) { /* no storage: this tab only */ }
}
