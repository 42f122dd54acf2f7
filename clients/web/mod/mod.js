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
const ROOMS_EVERY_MS = 5000;
const MAX_FEED = 300;
const MAX_ALERTS = 50;
const STAFF = new Set(["moderator", "admin"]);
const MAX_MINUTES = 7 * 24 * 60;

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
  alerts: [], // {code: "crisis"|"report", key, ...the alert}
  locked: new Set(), // rooms this console locked (the server does not say)
  slow: new Map(), // room -> seconds set from this console
  nicks: new Map(), // user id -> nick, from what was seen
  reports: null,
  audit: null,
  auditError: false,
  toastTimer: null,
};

// For the browser tests and for debugging in the console.
window.__tsunagaruMod = st;

// -- static texts ----------------------------------------------------------------
function applyTexts() {
  document.documentElement.lang = lang;
  document.title = t("doc_title");
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
  st.held.clear();
  st.feedNodes.clear();
  showLogin(errorKey);
}

$("logout").addEventListener("click", () => endSession());

// -- the socket ------------------------------------------------------------------
function connect() {
  const conn = new Connection(wsUrl(), {
    onOpen: () => {
      conn.request({ t: "hello", nick: "moderator", token: st.token, lang }, (reply) => onWelcome(conn, reply));
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
    case "notice":
      if (m.text) toast(String(m.text), "warn");
      break;
    case "reset":
      if (m.room === st.room) watch(st.room, true);
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
  confirmThen(t("confirm_ban", { nick: user.nick, n }), opener, () => {
    act({ t: "mod.ban", user: user.id, minutes: n }, "done_ban", { nick: user.nick });
  });
}

function releaseOrDrop(id, release) {
  act({ t: release ? "mod.release" : "mod.drop", id }, release ? "done_release" : "done_drop", null, () => {
    st.held.delete(id);
    st.alerts = st.alerts.filter((a) => !(a.code === "crisis" && a.id === id));
    keepFocus(() => {
      renderHeld();
      renderAlerts();
    });
  });
}

// -- the confirmation dialog ----------------------------------------------------------
const dialog = $("confirm");
let onConfirm = null;
let confirmOpener = null;
function confirmThen(text, opener, fn) {
  $("confirm-text").textContent = text;
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
  onConfirm = null;
  closeConfirm();
  if (fn) fn();
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
function onAlert(m) {
  if (m.code === "crisis") {
    if (st.alerts.some((a) => a.code === "crisis" && a.id === m.id)) return;
    remember(m.from);
    st.alerts.unshift({ ...m, key: `crisis:${m.id}` });
  } else if (m.code === "report") {
    st.alerts.unshift({ ...m, key: `report:${m.report}` });
    // The audit writer stores the report in the background: ask again until it is there.
    for (const ms of [300, 1200, 3000]) setTimeout(loadReports, ms);
  } else {
    return;
  }
  st.alerts = st.alerts.slice(0, MAX_ALERTS);
  keepFocus(renderAlerts);
}

function dismissAlert(key) {
  st.alerts = st.alerts.filter((a) => a.key !== key);
  renderAlerts();
  $("alerts-section").focus();
}

function renderAlerts() {
  $("alerts").replaceChildren(...st.alerts.map((a) => {
    const room = String(a.room ?? "");
    if (a.code === "crisis") {
      const nick = String((a.from && a.from.nick) ?? "?");
      return h("li", { class: "alert crisis", dataset: { id: String(a.id) } },
        h("p", { class: "alert-title" }, t("alert_crisis", { room: `${roomTitle(room)} · ${room}` })),
        h("div", { class: "meta" }, timeEl(a.ts), h("span", { class: "nick" }, nick),
          a.rule ? h("span", { class: "rule" }, t("alert_rule", { rule: String(a.rule) })) : null),
        h("p", { class: "text" }, String(a.text ?? "")),
        h("div", { class: "actions" },
          heldActions(a),
          h("button", { type: "button", class: "btn btn-small act-watch", dataset: { focus: `watch:${a.key}` },
                        onclick: () => watch(room) }, t("watch_this_room"))));
    }
    return h("li", { class: "alert report", dataset: { report: String(a.report) } },
      h("p", { class: "alert-title" }, t("alert_report", { room: `${roomTitle(room)} · ${room}`, reason: label("reason", a.reason) })),
      h("div", { class: "meta" }, timeEl(a.ts)),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "btn btn-small", dataset: { focus: `open:${a.key}` },
                      onclick: () => $("reports-section").focus() }, t("nav_reports")),
        h("button", { type: "button", class: "btn btn-small btn-quiet", "aria-label": t("dismiss_label"),
                      dataset: { focus: `dismiss:${a.key}` }, onclick: () => dismissAlert(a.key) }, t("dismiss"))));
  }));
  $("alerts-none").hidden = st.alerts.length > 0;
  $("alerts-section").classList.toggle("has-alerts", st.alerts.some((a) => a.code === "crisis"));
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

function renderAudit() {
  const items = st.audit || [];
  $("audit-rows").replaceChildren(...items.map((e) => h("tr", { dataset: { action: String(e.action) } },
    h("td", {}, timeEl(e.at_ms, true)),
    h("td", {}, label("action", e.action)),
    h("td", {}, `${nickOf(e.actor)}${e.actor_role ? ` (${e.actor_role})` : ""}`),
    h("td", {}, e.target_user ? nickOf(e.target_user) : "—"),
    h("td", {}, e.room ? String(e.room) : "—"),
    h("td", {}, [e.reason ? label("reason", e.reason) : "", e.rule ? String(e.rule) : ""].filter(Boolean).join(" / ") || "—"),
    h("td", { class: "detail" }, detailText(e) || "—"))));
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
