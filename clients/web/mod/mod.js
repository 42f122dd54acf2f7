// The moderator console: rooms, a live feed with held messages and priority
// alerts, one-click actions, the reports queue and the audit trail.
// Texts written by other people are only ever inserted as text (textContent or
// text nodes); nothing here parses markup.

import { storedLang, toggleLang, translator } from "../i18n.js";
import { Connection, wsUrl } from "../conn.js";
import { TEXTS, LANGS, DEFAULT_LANG, AUDIT_ACTIONS } from "./texts.js";

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = "tsunagaru.mod.token"; // sessionStorage only: gone when the tab closes
const KIND_KEY = "tsunagaru.mod.kind"; // "login" (revocable) or "service"
const LANG_KEY = "tsunagaru.mod.lang";
const SOUND_KEY = "tsunagaru.mod.sound"; // "on" when the moderator asked for a sound (off by default)
const ROOMS_EVERY_MS = 5000;
const MAX_FEED = 300;
const MAX_ALERTS = 50;
const STAFF = new Set(["moderator", "admin"]);
const MAX_MINUTES = 7 * 24 * 60;
const OPEN_ALERTS = new Set(["crisis", "safety"]); // open until a moderator acknowledges them (mod.ack)

// -- language ------------------------------------------------------------------
let lang = storedLang(LANG_KEY, LANGS, DEFAULT_LANG);
const t = translator(TEXTS, DEFAULT_LANG, () => lang);

function label(prefix, value) {
  const key = `${prefix}_${value}`;
  return TEXTS[lang][key] !== undefined ? t(key) : String(value ?? t("unknown"));
}

const formats = {};
function fmtTime(ms, withDate = false) {
  const key = `${lang}:${withDate}`;
  if (!formats[key]) {
    const opts = withDate
      ? { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }
      : { hour: "2-digit", minute: "2-digit", second: "2-digit" };
    formats[key] = new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", opts);
  }
  const d = Number.isFinite(ms) ? new Date(ms) : new Date();
  return formats[key].format(d);
}

/** Build an element. Children that are not nodes become text nodes (never markup). */
function h(tag, props = {}, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v == null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = String(v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of kids.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

function timeEl(ms, withDate = false) {
  const d = Number.isFinite(ms) ? new Date(ms) : new Date();
  return h("time", { class: "time", datetime: d.toISOString() }, fmtTime(ms, withDate));
}

/** Re-render without losing the keyboard focus (elements carry data-focus). */
function keepFocus(render) {
  const active = document.activeElement;
  const key = active && active.dataset ? active.dataset.focus : null;
  render();
  if (key && !document.body.contains(active)) {
    const again = document.querySelector(`[data-focus="${CSS.escape(key)}"]`);
    if (again) again.focus();
  }
}

// -- state ---------------------------------------------------------------------
const st = {
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
try {
  st.sound = localStorage.getItem(SOUND_KEY) === "on";
} catch (_) { /* no storage: off */ }

// For the browser tests and for debugging in the console.
window.__tsunagaruMod = st;

// -- static texts ----------------------------------------------------------------
/** The page title carries the number of open alerts, so that a background tab shows it too. */
function openAlerts() {
  return st.alerts.filter((a) => OPEN_ALERTS.has(a.code));
}

function updateTitle() {
  const n = st.token ? openAlerts().length : 0;
  const title = n ? t("title_badge", { n, title: t("doc_title") }) : t("doc_title");
  if (document.title !== title) document.title = title;
  const count = $("alerts-count");
  count.textContent = n ? t("alerts_count", { n }) : "";
  count.hidden = !n;
}

function renderSound() {
  const b = $("sound-toggle");
  b.textContent = t(st.sound ? "sound_on" : "sound_off");
  b.setAttribute("aria-pressed", String(st.sound));
}

$("sound-toggle").addEventListener("click", () => {
  st.sound = !st.sound;
  try {
    localStorage.setItem(SOUND_KEY, st.sound ? "on" : "off");
  } catch (_) { /* this page only */ }
  renderSound();
  if (st.sound) chime();
});

let audio = null;
/** A short two-note chime made here (no sound file); only when the moderator turned sound on. */
function chime() {
  if (!st.sound) return;
  try {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    audio = audio || new Ctx();
    const now = audio.currentTime;
    [880, 660].forEach((hz, i) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, now + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.2, now + i * 0.25 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.25 + 0.22);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.25);
      osc.stop(now + i * 0.25 + 0.25);
    });
  } catch (_) { /* no audio: the title and the section still show it */ }
}

function applyTexts() {
  document.documentElement.lang = lang;
  updateTitle();
  renderSound();
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-aria]")) el.setAttribute("aria-label", t(el.dataset.i18nAria));
  $("lang-toggle").lang = lang === "ja" ? "en" : "ja";
  const warn = $("warn-text");
  if (!warn.dataset.edited) warn.value = t("warn_text_default");
  renderAuditFilter();
  renderStatus();
  renderAll();
}

function renderAll() {
  renderSupports();
  renderRooms();
  renderRoomTools();
  renderFeed();
  renderHeld();
  renderAlerts();
  renderReports();
  renderAudit();
}

$("lang-toggle").addEventListener("click", () => {
  lang = toggleLang(LANG_KEY, lang);
  applyTexts();
});

$("warn-text").addEventListener("input", (e) => {
  e.target.dataset.edited = "1";
});

function toast(text, kind = "ok") {
  const el = $("toast");
  el.className = `mod-toast ${kind}`;
  el.textContent = text;
  clearTimeout(st.toastTimer);
  st.toastTimer = setTimeout(() => { el.textContent = ""; }, 8000);
}

function renderStatus() {
  const el = $("conn-status");
  const s = st.status.state;
  el.dataset.state = s;
  const key = { online: "status_online", connecting: "status_connecting", reconnecting: "status_reconnecting",
                offline: "status_offline" }[s] || "status_stopped";
  el.textContent = st.token ? t(key) : "";
  document.body.dataset.conn = s;
}

// -- login -----------------------------------------------------------------------
function showLogin(errorKey) {
  $("console").hidden = true;
  $("logout").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = errorKey ? t(errorKey) : "";
  renderStatus();
  $("username").focus();
}

async function api(path, token = st.token) {
  const r = await fetch(path, { headers: { Authorization: `Bearer ${token}`, "Accept-Language": lang } });
  let body = null;
  try {
    body = await r.json();
  } catch (_) { /* not JSON */ }
  return { status: r.status, body };
}

function loginError(key) {
  $("login-error").textContent = t(key);
}

$("password-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const username = $("username").value.trim();
  const password = $("password").value;
  if (!username || !password) {
    loginError("login_empty");
    $(username ? "password" : "username").focus();
    return;
  }
  $("login-error").textContent = t("login_checking");
  try {
    const r = await fetch("/api/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept-Language": lang },
      body: JSON.stringify({ username, password }),
    });
    const body = await r.json().catch(() => null);
    if (!r.ok || !body || typeof body.token !== "string") {
      loginError("login_failed");
      return;
    }
    if (!STAFF.has(body.role)) {
      loginError("login_not_staff");
      return;
    }
    $("password").value = "";
    startSession(body.token, "login");
  } catch (_) {
    loginError("login_failed");
  }
});

$("token-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const token = $("service-token").value.trim();
  if (!token) {
    loginError("login_empty");
    $("service-token").focus();
    return;
  }
  $("login-error").textContent = t("login_checking");
  try {
    const r = await api("/api/moderation/rooms", token);
    if (r.status === 403) {
      loginError("login_not_staff");
      return;
    }
    if (r.status !== 200) {
      loginError("login_failed");
      return;
    }
    $("service-token").value = "";
    startSession(token, "service", r.body);
  } catch (_) {
    loginError("login_failed");
  }
});

function startSession(token, kind, roomsBody) {
  st.token = token;
  st.kind = kind;
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(KIND_KEY, kind);
  } catch (_) { /* no storage: this page only */ }
  $("login").hidden = true;
  $("login-error").textContent = "";
  $("console").hidden = false;
  $("logout").hidden = false;
  if (roomsBody && Array.isArray(roomsBody.rooms)) {
    st.rooms = roomsBody.rooms;
    renderRooms();
  }
  connect();
  refreshRooms();
  clearInterval(st.roomsTimer);
  st.roomsTimer = setInterval(refreshRooms, ROOMS_EVERY_MS);
  loadAudit();
  renderAll();
  $("alerts-section").focus();
}

function endSession(errorKey) {
  const { token, kind } = st;
  clearInterval(st.roomsTimer);
  st.roomsTimer = null;
  if (st.conn) {
    const conn = st.conn;
    st.conn = null;
    conn.stop(1000);
  }
  if (token && kind === "login") {
    fetch("/api/auth/logout", { method: "POST", headers: { Authorization: `Bearer ${token}` } }).catch(() => {});
  }
  try {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(KIND_KEY);
  } catch (_) { /* no storage */ }
  Object.assign(st, { token: null, kind: null, rooms: null, room: null, feed: [], reports: null, audit: null,
                      alerts: [], status: { state: "stopped" } });
  st.supports.clear();
  st.held.clear();
  updateTitle();
  st.feedNodes.clear();
  showLogin(errorKey);
}

$("logout").addEventListener("click", () => endSession());

// -- the socket ------------------------------------------------------------------
function connect() {
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

function remember(user) {
  if (user && typeof user.id === "string" && user.nick != null) st.nicks.set(user.id, String(user.nick));
}

function nickOf(id, fallback) {
  if (fallback != null) return String(fallback);
  return st.nicks.get(id) || String(id ?? t("unknown"));
}

function saidEntry(m) {
  const from = m.from && typeof m.from === "object" ? m.from : { id: "", nick: "?", role: "visitor" };
  return { type: "said", id: String(m.id ?? ""), from, text: String(m.text ?? ""), ts: m.ts, deleted: false };
}

// -- requests ----------------------------------------------------------------------
/** Send one mod.* request; report the outcome in the status line. */
function act(msg, doneKey, vars, after) {
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

let auditSoon = null;
function scheduleAudit() {
  clearTimeout(auditSoon);
  auditSoon = setTimeout(loadAudit, 600); // the audit writer works in the background
}

function minutes(id) {
  const n = Math.round(Number($(id).value));
  return Number.isFinite(n) ? Math.max(1, Math.min(n, MAX_MINUTES)) : 10;
}

function warnText() {
  const s = $("warn-text").value.trim().slice(0, 200);
  return s || t("warn_text_default");
}

function doDelete(room, id) {
  act({ t: "mod.delete", room, id }, "done_delete", null, () => markDeleted(id));
}

function doWarn(user) {
  act({ t: "mod.warn", user: user.id, text: warnText() }, "done_warn", { nick: user.nick });
}

function doMute(user) {
  const n = minutes("mute-minutes");
  act({ t: "mod.mute", user: user.id, minutes: n }, "done_mute", { nick: user.nick, n });
}

function doKick(user, opener) {
  confirmThen(t("confirm_kick", { nick: user.nick }), opener, () => {
    act({ t: "mod.kick", user: user.id }, "done_kick", { nick: user.nick });
  });
}

function doBan(user, opener) {
  const n = minutes("ban-minutes");
  confirmThen(t("confirm_ban", { nick: user.nick, n }), opener, (opts) => {
    const msg = { t: "mod.ban", user: user.id, minutes: n };
    if (opts.address) msg.address = true; // the server keeps an address ban to 60 minutes at most
    act(msg, "done_ban", { nick: user.nick });
  }, { address: true });
}

function doUnmute(user) {
  act({ t: "mod.unmute", user: user.id }, "done_unmute", { nick: user.nick });
}

function doUnban(user) {
  act({ t: "mod.unban", user: user.id }, "done_unban", { nick: user.nick });
}

function releaseOrDrop(id, release) {
  act({ t: release ? "mod.release" : "mod.drop", id }, release ? "done_release" : "done_drop", null, () => {
    st.held.delete(id);
    // The alert stays open until someone marks it as handled; it only says what became of the message.
    for (const a of st.alerts) if (OPEN_ALERTS.has(a.code) && a.id === id) a.handled = release ? "released" : "dropped";
    keepFocus(() => {
      renderHeld();
      renderAlerts();
    });
  });
}

/** Publishing a young person's cry for help to a room: only after a second, explicit confirmation. */
function releaseCrisis(id, opener, safety = false) {
  confirmThen(t(safety ? "confirm_release_safety" : "confirm_release_crisis"), opener, () => releaseOrDrop(id, true),
              { yes: "confirm_release_yes" });
}

// -- the confirmation dialog ----------------------------------------------------------
const dialog = $("confirm");
let onConfirm = null;
let confirmOpener = null;
function confirmThen(text, opener, fn, opts = {}) {
  $("confirm-text").textContent = text;
  $("confirm-address").checked = false; // never on by default
  $("confirm-address-row").hidden = !opts.address;
  $("confirm-ok").textContent = t(opts.yes || "confirm_yes");
  onConfirm = fn;
  confirmOpener = opener || null;
  if (typeof dialog.showModal === "function") dialog.showModal();
  else dialog.setAttribute("open", "");
  $("confirm-cancel").focus(); // the safe choice first
}
function closeConfirm() {
  if (typeof dialog.close === "function") dialog.close();
  else dialog.removeAttribute("open");
}
$("confirm-cancel").addEventListener("click", () => {
  onConfirm = null;
  closeConfirm();
});
$("confirm-ok").addEventListener("click", () => {
  const fn = onConfirm;
  const address = !$("confirm-address-row").hidden && $("confirm-address").checked;
  onConfirm = null;
  closeConfirm();
  if (fn) fn({ address });
});
dialog.addEventListener("close", () => {
  onConfirm = null;
  if (confirmOpener && document.body.contains(confirmOpener)) confirmOpener.focus();
  confirmOpener = null;
});

// -- rooms ---------------------------------------------------------------------------
async function refreshRooms() {
  if (!st.token) return;
  try {
    const r = await api("/api/moderation/rooms");
    if (r.status === 401) {
      endSession("session_ended");
      return;
    }
    if (r.status === 403) {
      endSession("login_not_staff");
      return;
    }
    st.roomsError = r.status !== 200 || !r.body || !Array.isArray(r.body.rooms);
    if (!st.roomsError) st.rooms = r.body.rooms;
  } catch (_) {
    st.roomsError = true;
  }
  keepFocus(renderRooms);
}

function roomTitle(room) {
  const r = (st.rooms || []).find((x) => x.room === room);
  return r && r.title ? String(r.title) : String(room ?? "");
}

const KIND_ORDER = ["lobby", "hall", "stage", "circle", "booth"];
/** Rooms with people first (most first), then by kind and id. */
function sortedRooms() {
  const rank = (r) => {
    const i = KIND_ORDER.indexOf(String(r.kind ?? String(r.room).split(":")[0]));
    return i < 0 ? KIND_ORDER.length : i;
  };
  return [...(st.rooms || [])].sort((x, y) => (Number(y.members) || 0) - (Number(x.members) || 0)
    || rank(x) - rank(y) || String(x.room).localeCompare(String(y.room)));
}

function renderRooms() {
  const list = $("rooms");
  const rooms = sortedRooms();
  list.replaceChildren(...rooms.map((r) => {
    const room = String(r.room);
    const n = Number(r.members) || 0;
    const title = String(r.title ?? room);
    const btn = h("button", {
      type: "button", class: "room-btn", "aria-pressed": String(room === st.room),
      "aria-label": t("room_button_label", { title, room, n }),
      dataset: { room, members: String(n), focus: `room:${room}` },
      onclick: () => watch(room),
    },
    h("span", { class: "room-name" }, title),
    h("span", { class: "room-id" }, room),
    h("span", { class: `room-count${n ? "" : " empty"}` }, t("members_n", { n })));
    return h("li", {}, btn);
  }));
  $("rooms-status").textContent = st.roomsError ? t("rooms_error") : st.rooms && !rooms.length ? t("rooms_none") : "";
}

// -- watching a room ---------------------------------------------------------------
function watch(room, again = false) {
  if (!again && room === st.room) {
    $("feed-section").scrollIntoView({ block: "start", behavior: "smooth" });
    return;
  }
  const previous = st.room;
  if (previous && previous !== room && st.conn && st.conn.open) st.conn.request({ t: "mod.unwatch", room: previous });
  st.room = room;
  st.feed = [];
  st.held.clear();
  renderRooms();
  renderRoomTools();
  renderFeed();
  renderHeld();
  if (!st.conn || !st.conn.open) return; // the welcome watches it again
  st.conn.request({ t: "mod.watch", room }, (reply, failure) => {
    if (st.room !== room) return;
    if (!reply || reply.t !== "ok") {
      toast(t("failed", { message: (reply && (reply.message || reply.code)) || failure || "?" }), "warn");
      return;
    }
    const history = Array.isArray(reply.history) ? reply.history : [];
    const seen = new Set(history.map((m) => m.id));
    const live = st.feed.filter((e) => e.type !== "said" || !seen.has(e.id)); // arrived meanwhile
    for (const m of history) remember(m.from);
    st.feed = [...history.map(saidEntry), ...live].slice(-MAX_FEED);
    for (const x of reply.held || []) {
      remember(x.from);
      st.held.set(x.id, { room, ...x });
    }
    renderFeed();
    renderHeld();
  });
  if (!again) $("feed-section").scrollIntoView({ block: "start" });
}

function stopWatching() {
  if (st.room && st.conn && st.conn.open) st.conn.request({ t: "mod.unwatch", room: st.room });
  st.room = null;
  st.feed = [];
  st.held.clear();
  renderRooms();
  renderRoomTools();
  renderFeed();
  renderHeld();
}
$("stop-watching").addEventListener("click", stopWatching);

function renderRoomTools() {
  const room = st.room;
  $("room-tools").hidden = !room;
  $("feed-hint").hidden = !!room;
  if (!room) return;
  $("watching").textContent = t("feed_watching", { title: `${roomTitle(room)} (${room})` });
  const locked = st.locked.has(room);
  const lock = $("lock-toggle");
  lock.textContent = t(locked ? "unlock" : "lock");
  lock.setAttribute("aria-pressed", String(locked));
  $("locked-state").hidden = !locked;
  $("slow-seconds").value = String(st.slow.get(room) || 0);
}

$("slow-apply").addEventListener("click", () => {
  const room = st.room;
  if (!room) return;
  const n = Math.max(0, Math.min(3600, Math.round(Number($("slow-seconds").value)) || 0));
  act({ t: "mod.slow", room, seconds: n }, n ? "done_slow" : "done_slow_off", { n }, () => {
    if (n) st.slow.set(room, n);
    else st.slow.delete(room);
    renderRoomTools();
  });
});

$("lock-toggle").addEventListener("click", () => {
  const room = st.room;
  if (!room) return;
  const locked = !st.locked.has(room);
  act({ t: "mod.lock", room, locked }, locked ? "done_lock" : "done_unlock", null, () => {
    if (locked) st.locked.add(room);
    else st.locked.delete(room);
    renderRoomTools();
  });
});

// -- the feed --------------------------------------------------------------------------
function userActions(user, room, messageId) {
  const nick = String(user.nick ?? "?");
  const u = { id: user.id, nick };
  const staff = STAFF.has(user.role);
  const btn = (cls, textKey, labelKey, vars, fn) => {
    const key = `${cls}:${messageId || user.id}`;
    const b = h("button", { type: "button", class: `btn btn-small ${cls}`, "aria-label": t(labelKey, vars),
                            dataset: { focus: key } }, t(textKey));
    b.addEventListener("click", () => fn(b));
    return b;
  };
  const buttons = [];
  if (messageId) buttons.push(btn("act-delete", "act_delete", "act_delete_label", { nick }, () => doDelete(room, messageId)));
  if (!staff && user.id) {
    buttons.push(
      btn("act-warn", "act_warn", "act_warn_label", { nick }, () => doWarn(u)),
      btn("act-mute", "act_mute", "act_mute_label", { nick, n: minutes("mute-minutes") }, () => doMute(u)),
      btn("act-kick", "act_kick", "act_kick_label", { nick }, (b) => doKick(u, b)),
      btn("act-ban", "act_ban", "act_ban_label", { nick, n: minutes("ban-minutes") }, (b) => doBan(u, b)),
      btn("act-unmute", "act_unmute", "act_unmute_label", { nick }, () => doUnmute(u)),
      btn("act-unban", "act_unban", "act_unban_label", { nick }, () => doUnban(u)),
    );
  }
  return h("div", { class: "actions", role: "group", "aria-label": t("actions_label", { nick }) }, buttons);
}

function feedNode(e) {
  if (e.type === "sys") return h("li", { class: "sys" }, t(e.key, e.vars));
  const from = e.from;
  const role = from.role && from.role !== "visitor" ? h("span", { class: "role" }, String(from.role)) : null;
  const li = h("li", { class: `msg${e.deleted ? " deleted" : ""}`, dataset: { id: e.id, user: String(from.id ?? "") } },
    h("div", { class: "meta" },
      timeEl(e.ts),
      h("span", { class: "nick" }, String(from.nick ?? "?")),
      role,
      h("span", { class: "msg-id" }, t("message_id", { id: e.id })),
      e.deleted ? h("span", { class: "deleted-mark" }, t("deleted_mark")) : null),
    h("p", { class: "text" }, e.text));
  if (!e.deleted) li.append(userActions(from, st.room, e.id));
  return li;
}

function renderFeed() {
  const log = $("feed");
  st.feedNodes.clear();
  const nodes = st.feed.map((e) => {
    const li = feedNode(e);
    if (e.type === "said") st.feedNodes.set(e.id, li);
    return li;
  });
  log.setAttribute("aria-busy", "true"); // a whole history at once is not news
  keepFocus(() => log.replaceChildren(...nodes));
  log.scrollTop = log.scrollHeight;
  setTimeout(() => log.removeAttribute("aria-busy"), 0);
  $("feed-empty").hidden = st.feed.some((e) => e.type === "said");
}

function addFeed(e) {
  if (e.type === "said" && st.feedNodes.has(e.id)) return;
  const log = $("feed");
  const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 48;
  st.feed.push(e);
  const li = feedNode(e);
  if (e.type === "said") st.feedNodes.set(e.id, li);
  log.append(li);
  while (st.feed.length > MAX_FEED) {
    const old = st.feed.shift();
    if (old.type === "said") st.feedNodes.delete(old.id);
    log.firstElementChild?.remove();
  }
  if (atBottom) log.scrollTop = log.scrollHeight;
  if (e.type === "said") $("feed-empty").hidden = true;
}

function markDeleted(id) {
  const e = st.feed.find((x) => x.type === "said" && x.id === id);
  if (e && !e.deleted) {
    e.deleted = true;
    const old = st.feedNodes.get(id);
    if (old) {
      const li = feedNode(e);
      const hadFocus = old.contains(document.activeElement);
      old.replaceWith(li);
      st.feedNodes.set(id, li);
      if (hadFocus) {
        li.tabIndex = -1;
        li.focus();
      }
    }
  }
  if (st.held.delete(id)) renderHeld();
}

// -- held messages --------------------------------------------------------------------
function heldActions(x) {
  const nick = String((x.from && x.from.nick) ?? "?");
  const crisis = x.reason === "support" || x.support === true;
  if (crisis) {
    // A cry for help: keeping it out of the room is the safe default; showing it is secondary and confirmed.
    return h("div", { class: "actions", role: "group", "aria-label": t("actions_label", { nick }) },
      h("button", { type: "button", class: "btn btn-small act-drop", "aria-label": t("drop_label", { nick }),
                    dataset: { focus: `drop:${x.id}` }, onclick: () => releaseOrDrop(x.id, false) }, t("drop")),
      h("button", { type: "button", class: "btn btn-small btn-quiet act-release secondary",
                    "aria-label": t("release_secondary_label", { nick }), dataset: { focus: `release:${x.id}` },
                    onclick: (e) => releaseCrisis(x.id, e.currentTarget) }, t("release")));
  }
  return h("div", { class: "actions", role: "group", "aria-label": t("actions_label", { nick }) },
    h("button", { type: "button", class: "btn btn-small btn-primary act-release", "aria-label": t("release_label", { nick }),
                  dataset: { focus: `release:${x.id}` }, onclick: () => releaseOrDrop(x.id, true) }, t("release")),
    h("button", { type: "button", class: "btn btn-small act-drop", "aria-label": t("drop_label", { nick }),
                  dataset: { focus: `drop:${x.id}` }, onclick: () => releaseOrDrop(x.id, false) }, t("drop")));
}

function renderHeld() {
  const items = [...st.held.values()].reverse();
  $("held").replaceChildren(...items.map((x) => {
    const crisis = x.reason === "support";
    return h("li", { class: `held${crisis ? " crisis" : ""}`, dataset: { id: String(x.id) } },
      h("div", { class: "meta" },
        timeEl(x.ts),
        h("span", { class: "nick" }, String((x.from && x.from.nick) ?? "?")),
        h("span", { class: "reason" }, t("held_reason", { reason: label("reason", x.reason) }))),
      h("p", { class: "text" }, String(x.text ?? "")),
      heldActions(x),
      // A cry for help is never punished (docs/moderation.md): no warn, mute, kick or ban beside it.
      !crisis && x.from && x.from.id ? userActions(x.from, x.room, null) : null);
  }));
  $("held-none").hidden = items.length > 0;
}

// -- alerts ------------------------------------------------------------------------------
/** An open alert's key: the server's alert id (`alert`), or the held message's id from an older server. */
function alertKey(m) {
  return m.alert != null ? `alert:${m.alert}` : `msg:${m.id}`;
}

/** The open alerts, as the server keeps them (any node): they replace what this console had. */
function loadAlerts() {
  if (!st.conn || !st.conn.open) return;
  st.conn.request({ t: "mod.alerts" }, (reply) => {
    if (!reply || reply.t !== "ok" || !Array.isArray(reply.alerts)) return;
    const open = [];
    for (const m of reply.alerts) {
      if (!m || typeof m !== "object") continue;
      const code = OPEN_ALERTS.has(m.code) ? m.code : "crisis";
      remember(m.from);
      const old = st.alerts.find((a) => a.key === alertKey(m));
      open.push({ ...m, code, key: alertKey(m), handled: old ? old.handled : null });
    }
    const reports = st.alerts.filter((a) => a.code === "report");
    st.alerts = [...open, ...reports];
    keepFocus(renderAlerts);
  });
}

function onAlert(m) {
  if (OPEN_ALERTS.has(m.code)) {
    const key = alertKey(m);
    if (st.alerts.some((a) => a.key === key)) return;
    remember(m.from);
    // Oldest first, like mod.alerts: the one waiting longest stays on top.
    const open = openAlerts();
    const reports = st.alerts.filter((a) => a.code === "report");
    st.alerts = [...open, { ...m, key, handled: null }, ...reports];
    chime();
  } else if (m.code === "report") {
    st.alerts.push({ ...m, key: `report:${m.report}` });
    const reports = st.alerts.filter((a) => a.code === "report").slice(-MAX_ALERTS);
    st.alerts = [...openAlerts(), ...reports];
    // The audit writer stores the report in the background: ask again until it is there.
    for (const ms of [300, 1200, 3000]) setTimeout(loadReports, ms);
  } else {
    return;
  }
  keepFocus(renderAlerts);
}

function onAlertClosed(m) {
  const key = alertKey({ alert: m.alert });
  const before = st.alerts.length;
  const closed = st.alerts.find((a) => a.key === key);
  st.alerts = st.alerts.filter((a) => a.key !== key);
  if (st.alerts.length === before) return;
  if (closed && closed.id != null && st.held.delete(closed.id)) renderHeld();
  const hadFocus = $("alerts").contains(document.activeElement);
  renderAlerts();
  if (hadFocus) $("alerts-section").focus();
}

function dismissAlert(key) {
  st.alerts = st.alerts.filter((a) => a.key !== key);
  renderAlerts();
  $("alerts-section").focus();
}

function ackAlert(a, noteInput) {
  const note = noteInput.value.trim().slice(0, 500);
  const msg = { t: "mod.ack", alert: a.alert };
  if (note) msg.note = note;
  act(msg, "done_ack", null, () => {
    st.alerts = st.alerts.filter((x) => x.key !== a.key);
    if (a.id != null && st.held.delete(a.id)) renderHeld(); // handled: the server keeps the words out of the room
    renderAlerts();
    $("alerts-section").focus();
  });
}

function openAlertNode(a) {
  const room = String(a.room ?? "");
  const nick = String((a.from && a.from.nick) ?? "?");
  const user = a.from && typeof a.from.id === "string" ? { id: a.from.id, nick } : null;
  const crisis = a.code === "crisis";
  const id = String(a.alert ?? a.id);
  const noteId = `ack-note-${id.replace(/[^\w-]/g, "_")}`;
  const note = h("input", { id: noteId, type: "text", class: "ack-note", maxlength: "500", autocomplete: "off",
                            dataset: { focus: `note:${a.key}` } });
  const actions = [];
  if (crisis && user) {
    actions.push(h("button", { type: "button", class: "btn btn-small btn-primary act-support",
                               "aria-label": t("support_open_label", { nick }), dataset: { focus: `support:${a.key}` },
                               onclick: () => openSupport(user) }, t("support_open")));
  }
  actions.push(h("button", { type: "button", class: `btn btn-small act-ack${crisis && user ? "" : " btn-primary"}`,
                             "aria-label": t("ack_label", { nick }), dataset: { focus: `ack:${a.key}` },
                             onclick: () => ackAlert(a, note) }, t("ack")));
  actions.push(h("button", { type: "button", class: "btn btn-small act-watch", dataset: { focus: `watch:${a.key}` },
                             onclick: () => watch(room) }, t("watch_this_room")));
  const held = a.id != null && !a.handled;
  const more = held ? [
    h("button", { type: "button", class: "btn btn-small act-drop", "aria-label": t("drop_label", { nick }),
                  dataset: { focus: `drop:${a.key}` }, onclick: () => releaseOrDrop(a.id, false) }, t("drop")),
    h("button", { type: "button", class: "btn btn-small btn-quiet act-release secondary",
                  "aria-label": t("release_secondary_label", { nick }), dataset: { focus: `release:${a.key}` },
                  onclick: (e) => releaseCrisis(a.id, e.currentTarget, !crisis) }, t("release")),
  ] : [];
  const category = a.category ? h("span", { class: "category" }, t("alert_category", { category: label("category", a.category) })) : null;
  return h("li", { class: `alert ${crisis ? "crisis" : "safety"}`, dataset: { id: String(a.id ?? ""), alert: String(a.alert ?? "") } },
    h("p", { class: "alert-title" }, t(crisis ? "alert_crisis" : "alert_safety", { room: `${roomTitle(room)} · ${room}` })),
    h("div", { class: "meta" }, timeEl(a.ts), h("span", { class: "nick" }, nick), category,
      a.rule ? h("span", { class: "rule" }, t("alert_rule", { rule: String(a.rule) })) : null),
    h("p", { class: "text" }, String(a.text ?? "")),
    a.handled ? h("p", { class: "handled" }, t(a.handled === "released" ? "alert_released" : "alert_dropped")) : null,
    h("div", { class: "actions", role: "group", "aria-label": t("actions_label", { nick }) }, actions),
    h("div", { class: "ack-row" }, h("label", { for: noteId }, t("ack_note_label")), note),
    more.length ? h("div", { class: "actions secondary-actions" }, more) : null,
    // Someone who pressures a young person (a safety alert) can be acted on; a cry for help never is.
    !crisis && user ? userActions(a.from, room, null) : null);
}

function renderAlerts() {
  // Keep what a moderator is typing in an alert's note across re-renders.
  const notes = new Map([...document.querySelectorAll("#alerts .ack-note")].map((el) => [el.dataset.focus, el.value]));
  $("alerts").replaceChildren(...st.alerts.map((a) => {
    const room = String(a.room ?? "");
    if (OPEN_ALERTS.has(a.code)) return openAlertNode(a);
    return h("li", { class: "alert report", dataset: { report: String(a.report) } },
      h("p", { class: "alert-title" }, t("alert_report", { room: `${roomTitle(room)} · ${room}`, reason: label("reason", a.reason) })),
      h("div", { class: "meta" }, timeEl(a.ts)),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "btn btn-small", dataset: { focus: `open:${a.key}` },
                      onclick: () => $("reports-section").focus() }, t("nav_reports")),
        h("button", { type: "button", class: "btn btn-small btn-quiet", "aria-label": t("dismiss_label"),
                      dataset: { focus: `dismiss:${a.key}` }, onclick: () => dismissAlert(a.key) }, t("dismiss"))));
  }));
  for (const el of document.querySelectorAll("#alerts .ack-note")) {
    if (notes.has(el.dataset.focus)) el.value = notes.get(el.dataset.focus);
  }
  $("alerts-none").hidden = st.alerts.length > 0;
  $("alerts-section").classList.toggle("has-alerts", openAlerts().length > 0);
  updateTitle();
}

// -- support conversations (a visitor and staff only) ---------------------------------------
function openSupport(user) {
  act({ t: "mod.support", user: user.id }, null, null, (reply) => {
    const room = typeof reply.room === "string" ? reply.room : null;
    if (!room) return;
    if (!st.supports.has(room)) {
      st.supports.set(room, { room, user, entries: [], nodes: new Map(), members: new Map(), joined: false });
    }
    toast(t("support_opened", { nick: user.nick }));
    joinSupport(room, true);
  });
}

function joinSupport(room, focus = false) {
  const sup = st.supports.get(room);
  if (!sup || !st.conn || !st.conn.open) return;
  st.conn.request({ t: "join", room }, (reply, failure) => {
    if (st.supports.get(room) !== sup) return;
    if (!reply || reply.t !== "ok") {
      toast(t("failed", { message: (reply && (reply.message || reply.code)) || failure || "?" }), "warn");
      return;
    }
    sup.joined = true;
    sup.members = new Map();
    for (const m of Array.isArray(reply.members) ? reply.members : []) {
      if (m && typeof m.id === "string") {
        sup.members.set(m.id, m);
        remember(m);
      }
    }
    const history = Array.isArray(reply.history) ? reply.history.filter((e) => e && e.t !== "presence") : [];
    const seen = new Set(history.map((m) => m.id));
    const live = sup.entries.filter((e) => e.type !== "said" || !seen.has(e.id));
    sup.entries = [...history.map(saidEntry), ...live].slice(-MAX_FEED);
    renderSupports();
    if (focus) {
      const input = document.querySelector(`#supports li[data-room="${CSS.escape(room)}"] .support-input`);
      $("support-section").scrollIntoView({ block: "start" });
      if (input) input.focus();
    }
  });
}

function leaveSupport(room) {
  const sup = st.supports.get(room);
  if (!sup) return;
  st.supports.delete(room);
  if (st.conn && st.conn.open) st.conn.request({ t: "leave", room });
  renderSupports();
  $("alerts-section").focus();
}

function onSupportEvent(m) {
  const sup = st.supports.get(m.room);
  if (m.t === "said") {
    remember(m.from);
    if (sup.entries.some((e) => e.type === "said" && e.id === m.id)) return;
    sup.entries.push(saidEntry(m));
  } else if (m.t === "deleted") {
    const e = sup.entries.find((x) => x.type === "said" && x.id === m.id);
    if (e) e.deleted = true;
  } else if (m.t === "presence") {
    for (const j of m.joins || []) {
      if (!j || typeof j.id !== "string") continue;
      sup.members.set(j.id, j);
      remember(j);
      sup.entries.push({ type: "sys", key: "support_joined_line", vars: { nick: nickOf(j.id, j.nick) } });
    }
    for (const id of m.leaves || []) {
      sup.members.delete(id);
      const key = id === sup.user.id ? "support_visitor_left" : "support_left_line";
      sup.entries.push({ type: "sys", key, vars: { nick: nickOf(id) } });
    }
  }
  sup.entries = sup.entries.slice(-MAX_FEED);
  renderSupports();
}

function supportLine(e) {
  if (e.type === "sys") return h("li", { class: "sys" }, t(e.key, e.vars));
  const role = e.from.role && e.from.role !== "visitor" ? h("span", { class: "role" }, label("role", e.from.role)) : null;
  return h("li", { class: `msg${e.deleted ? " deleted" : ""}`, dataset: { id: e.id } },
    h("div", { class: "meta" }, timeEl(e.ts), h("span", { class: "nick" }, String(e.from.nick ?? "?")), role),
    h("p", { class: "text" }, e.text));
}

/** One conversation's box, made once (so that a draft and the caret survive new lines). */
function supportBox(sup) {
  const nick = String(sup.user.nick ?? "?");
  const inputId = `support-input-${sup.room.replace(/[^\w-]/g, "_")}`;
  const input = h("input", { id: inputId, type: "text", class: "support-input", maxlength: "500", autocomplete: "off",
                             placeholder: t("support_placeholder"), dataset: { focus: `sinput:${sup.room}` } });
  const log = h("ol", { class: "feed support-log", role: "log", "aria-live": "polite", tabindex: "0",
                        "aria-label": t("support_log_label", { nick }) });
  const form = h("form", { class: "tool-row support-form", autocomplete: "off" },
    h("label", { for: inputId, class: "visually-hidden" }, t("support_input_label", { nick })),
    input,
    h("button", { type: "submit", class: "btn btn-primary btn-small", dataset: { focus: `ssend:${sup.room}` } }, t("support_send")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    act({ t: "say", room: sup.room, text }, null, null, () => {
      if (input.value.trim() === text) input.value = "";
    });
  });
  const li = h("li", { class: "support-conv", dataset: { room: sup.room } },
    h("div", { class: "support-conv-head" },
      h("h3", {}, t("support_with", { nick })),
      h("button", { type: "button", class: "btn btn-small act-support-leave", dataset: { focus: `sleave:${sup.room}` },
                    "aria-label": t("support_leave_label", { nick }), onclick: () => leaveSupport(sup.room) }, t("support_leave"))),
    h("p", { class: "hint" }, t("support_private_note")),
    log, form);
  return { li, log, input, lang };
}

function renderSupports() {
  const list = $("supports");
  const items = [...st.supports.values()].map((sup) => {
    if (!sup.dom || sup.dom.lang !== lang) {
      const draft = sup.dom ? sup.dom.input.value : "";
      sup.dom = supportBox(sup);
      sup.dom.input.value = draft;
    }
    const log = sup.dom.log;
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 48;
    log.replaceChildren(...sup.entries.map(supportLine));
    if (atBottom || !sup.drawn) log.scrollTop = log.scrollHeight;
    sup.drawn = true;
    return sup.dom.li;
  });
  const current = [...list.children];
  if (current.length !== items.length || current.some((li, i) => li !== items[i])) keepFocus(() => list.replaceChildren(...items));
  $("support-section").hidden = items.length === 0;
}

// -- reports ------------------------------------------------------------------------------
function loadReports() {
  if (!st.conn || !st.conn.open) return;
  st.conn.request({ t: "mod.reports" }, (reply) => {
    if (!reply || reply.t !== "ok") return;
    st.reports = Array.isArray(reply.reports) ? reply.reports : [];
    keepFocus(renderReports);
  });
}
$("reports-refresh").addEventListener("click", loadReports);

function renderReports() {
  const reports = st.reports || [];
  $("reports").replaceChildren(...reports.map((r) => {
    const id = String(r.report);
    const evidence = Array.isArray(r.evidence) ? r.evidence : [];
    return h("li", { class: "report", dataset: { report: id } },
      h("p", { class: "report-head" },
        t("report_head", { reason: label("reason", r.reason), room: `${roomTitle(r.room)} (${r.room ?? "?"})` })),
      h("div", { class: "meta" }, timeEl(r.ts, true),
        h("span", {}, t("report_by", { by: nickOf(r.by), user: r.user ? nickOf(r.user) : "—" }))),
      r.note ? h("p", { class: "note" }, t("report_note", { note: String(r.note) })) : null,
      h("details", { class: "evidence", open: true },
        h("summary", {}, t("evidence_title")),
        evidence.length
          ? h("ol", {}, evidence.map((m) => {
            const hit = r.id && m.id === r.id;
            return h("li", { class: hit ? "hit" : "" },
              timeEl(m.ts), " ",
              h("span", { class: "nick" }, String((m.from && m.from.nick) ?? "?")), " ",
              h("span", { class: "text" }, String(m.text ?? "")),
              hit ? h("span", { class: "visually-hidden" }, ` (${t("reported_mark")})`) : null);
          }))
          : h("p", { class: "hint" }, t("evidence_none"))),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "btn btn-small btn-primary act-resolve", dataset: { focus: `resolve:${id}` },
                      "aria-label": t("resolve_label", { id }),
                      onclick: () => act({ t: "mod.resolve", report: r.report }, "done_resolve", null, () => {
                        st.reports = (st.reports || []).filter((x) => x.report !== r.report);
                        st.alerts = st.alerts.filter((a) => a.key !== `report:${r.report}`);
                        renderReports();
                        renderAlerts();
                        $("reports-section").focus();
                      }) }, t("resolve")),
        r.room ? h("button", { type: "button", class: "btn btn-small", dataset: { focus: `rwatch:${id}` },
                               onclick: () => watch(String(r.room)) }, t("watch_this_room")) : null));
  }));
  $("reports-none").hidden = reports.length > 0;
}

// -- audit trail ------------------------------------------------------------------------------
function renderAuditFilter() {
  const sel = $("audit-action");
  const value = sel.value;
  sel.replaceChildren(h("option", { value: "" }, t("audit_all")),
    ...AUDIT_ACTIONS.map((a) => h("option", { value: a }, label("action", a))));
  sel.value = value;
}

$("audit-form").addEventListener("submit", (e) => {
  e.preventDefault();
  loadAudit();
});
$("audit-action").addEventListener("change", loadAudit);

async function loadAudit() {
  if (!st.token) return;
  const q = new URLSearchParams({ limit: "100" });
  const action = $("audit-action").value;
  const room = $("audit-room").value.trim();
  if (action) q.set("action", action);
  if (room) q.set("room", room);
  try {
    const r = await api(`/api/moderation/audit?${q}`);
    st.auditError = r.status !== 200 || !r.body || !Array.isArray(r.body.items);
    if (!st.auditError) st.audit = r.body.items;
  } catch (_) {
    st.auditError = true;
  }
  renderAudit();
}

function detailText(e) {
  const d = e.detail && typeof e.detail === "object" ? e.detail : {};
  const parts = [];
  if (typeof d.excerpt === "string") parts.push(d.excerpt);
  if (typeof d.note === "string" && d.note) parts.push(d.note);
  for (const [k, v] of Object.entries(d)) {
    if (k === "excerpt" || k === "note" || k === "evidence") continue;
    if (v == null || typeof v === "object") continue;
    parts.push(`${k}=${v}`);
  }
  if (Array.isArray(d.evidence)) parts.push(`evidence: ${d.evidence.length}`);
  if (e.message_id) parts.push(`id ${e.message_id}`);
  return parts.join(" · ");
}

/** 「ミュート解除」/「BAN解除」 beside a mute or ban in the trail: a person who left the watched room can be let back. */
function undoButton(e) {
  const user = typeof e.target_user === "string" && e.target_user ? e.target_user : null;
  if (!user || (e.action !== "mute" && e.action !== "ban")) return "";
  const nick = nickOf(user);
  const u = { id: user, nick };
  const mute = e.action === "mute";
  return h("button", { type: "button", class: `btn btn-small ${mute ? "act-unmute" : "act-unban"}`,
                       "aria-label": t(mute ? "act_unmute_label" : "act_unban_label", { nick }),
                       onclick: () => (mute ? doUnmute(u) : doUnban(u)) }, t(mute ? "act_unmute" : "act_unban"));
}

function renderAudit() {
  const items = st.audit || [];
  $("audit-rows").replaceChildren(...items.map((e) => h("tr", { dataset: { action: String(e.action) } },
    h("td", {}, timeEl(e.at_ms, true)),
    h("td", {}, label("action", e.action)),
    h("td", {}, `${nickOf(e.actor)}${e.actor_role ? ` (${e.actor_role})` : ""}`),
    h("td", {}, e.target_user ? nickOf(e.target_user) : "—"),
    h("td", {}, e.room ? String(e.room) : "—"),
    h("td", {}, [e.reason ? label("reason", e.reason) : "", e.rule ? String(e.rule) : ""].filter(Boolean).join(" / ") || "—"),
    h("td", { class: "detail" }, detailText(e) || "—"),
    h("td", {}, undoButton(e)))));
  $("audit-status").textContent = st.auditError ? t("audit_error") : st.audit && !items.length ? t("audit_none") : "";
}

// -- start ---------------------------------------------------------------------------------
applyTexts();
let saved = null;
let savedKind = null;
try {
  saved = sessionStorage.getItem(TOKEN_KEY);
  savedKind = sessionStorage.getItem(KIND_KEY);
} catch (_) { /* no storage */ }
if (saved) startSession(saved, savedKind || "service");
else showLogin();
