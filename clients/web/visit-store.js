// What the visitor's browser keeps of a visit: the session and room to come
// back to after a reload (sessionStorage: this tab only), the server's opaque
// device credential (localStorage), and the channel that keeps a duplicated
// tab from fighting the original one for the same session.

const STORE_KEY = "tsunagaru.v1";
const DEVICE_KEY = "tsunagaru.device"; // the server's opaque device credential (localStorage)
const CHANNEL = "tsunagaru-sessions";

/** The device credential this browser was given earlier, if any. */
export function loadDevice() {
  try {
    const v = localStorage.getItem(DEVICE_KEY);
    return typeof v === "string" && v ? v : null;
  } catch (_) {
    return null;
  }
}

export function storeDevice(device) {
  if (typeof device !== "string" || !device) return;
  try {
    if (localStorage.getItem(DEVICE_KEY) !== device) localStorage.setItem(DEVICE_KEY, device);
  } catch (_) { /* no storage: the device lasts for this page only */ }
}

/** The visit this tab was in before a reload: {nick, age_band, avatar, session, room, seq, support, at}. */
export function loadStored() {
  try {
    const raw = sessionStorage.getItem(STORE_KEY);
    const v = raw ? JSON.parse(raw) : null;
    return v && typeof v === "object" ? v : null;
  } catch (_) {
    return null;
  }
}

export function saveStored(visit) {
  try {
    sessionStorage.setItem(STORE_KEY, JSON.stringify(visit));
  } catch (_) { /* private mode without storage: resume only within the page */ }
}

export function forgetStored() {
  try {
    sessionStorage.removeItem(STORE_KEY);
  } catch (_) { /* storage unavailable */ }
}

/** Answers other tabs that ask whether a session is live here (`mine()`: ours, or null); null without BroadcastChannel. */
export function openSessionChannel(mine) {
  if (!("BroadcastChannel" in window)) return null;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (e) => {
    const d = e.data || {};
    const session = mine();
    if (d.type === "who" && session && d.session === session) {
      channel.postMessage({ type: "mine", session });
    }
  };
  return channel;
}

/** Whether another tab answers that `session` is live there (asked for 200 ms). */
export function sessionInUseElsewhere(session) {
  return new Promise((resolve) => {
    const ch = new BroadcastChannel(CHANNEL);
    const done = (v) => {
      clearTimeout(timer);
      ch.close();
      resolve(v);
    };
    const timer = setTimeout(() => done(false), 200);
    ch.onmessage = (e) => {
      if (e.data && e.data.type === "mine" && e.data.session === session) done(true);
    };
    ch.postMessage({ type: "who", session });
  });
}
