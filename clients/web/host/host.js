// The booth host console: log in, run the booth (people, Q&A, announcements,
// presenting, content) and answer handoffs. Every text written by someone
// else is inserted with textContent only; nothing here uses HTML parsing.

import { storedLang, toggleLang, translator } from "../i18n.js";
import { Connection, wsUrl } from "../conn.js";
import {
  TEXTS, LANGS, DEFAULT_LANG, ITEM_TYPES, DECLINE_REASONS, FAIL_REASONS, SERVICE_STATUSES, SERVICE_STATUSES_KEPT,
} from "./texts.js";

const $ = (id) => document.getElementById(id);
const AUTH_KEY = "tsunagaru.host"; // sessionStorage only: {token, username, role, organization_id}
const LANG_KEY = "tsunagaru.lang";
const MAX_NICK = 20;
const MAX_ANNOUNCEMENTS_SHOWN = 5;

// -- language ------------------------------------------------------------------
let lang = storedLang(LANG_KEY, LANGS, DEFAULT_LANG);
const t = translator(TEXTS, DEFAULT_LANG, () => lang);

function fmtDateTime(ms) {
  if (typeof ms !== "number" || !Number.isFinite(ms)) return "";
  return new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", {
    timeZone: "Asia/Tokyo", month: "numeric", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit",
  }).format(new Date(ms));
}

function fmtTime(ms) {
  if (typeof ms !== "number" || !Number.isFinite(ms)) return "";
  return new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", {
    timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit",
  }).format(new Date(ms));
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v == null || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k === "className") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

// -- state ---------------------------------------------------------------------
const state = {
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
  org: null, // {id, doc (the organisation minus services), services: [serviceForm], loaded, saving, statusKey}
  orgSeq: 0,
};

function loadAuth() {
  try {
    const v = JSON.parse(sessionStorage.getItem(AUTH_KEY) || "null");
    return v && typeof v.token === "string" ? v : null;
  } catch (_) {
    return null;
  }
}

function saveAuth(auth) {
  try {
    if (auth) sessionStorage.setItem(AUTH_KEY, JSON.stringify(auth));
    else sessionStorage.removeItem(AUTH_KEY);
  } catch (_) { /* no storage: this tab only */ }
}

// -- HTTP ----------------------------------------------------------------------
async function api(method, path, body, { auth = true } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": lang };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (auth && state.auth) headers.Authorization = `Bearer ${state.auth.token}`;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (_) {
    return { status: 0, body: null };
  }
  let data = null;
  try {
    data = await res.json();
  } catch (_) { /* not JSON */ }
  if (res.status === 401 && auth && state.auth) expired();
  return { status: res.status, body: data };
}

function errorMessage(r) {
  if (r.status === 403) return t("error_forbidden");
  const m = r.body && r.body.error && r.body.error.message;
  return typeof m === "string" && m ? m : t("error_generic");
}

// -- the socket ----------------------------------------------------------------
const conn = new Connection(wsUrl(), {
  onOpen: () => hello(),
  onMessage: (m) => onMessage(m),
  onStatus: (s) => onStatus(s),
});

window.__host = { conn, state }; // for debugging and the browser tests

function hello() {
  const nick = [...(state.auth.username || "host").normalize("NFKC").trim()].slice(0, MAX_NICK).join("");
  conn.request({ t: "hello", nick, token: state.auth.token, lang }, (reply) => {
    if (!reply) return; // disconnected: the next connection says hello again
    if (reply.t !== "welcome") {
      showConsoleError(reply.message || t("error_generic"));
      conn.stop(1000);
      return;
    }
    state.selfId = reply.user && reply.user.id;
    conn.welcomed(reply.heartbeat_s);
    setStatus({ state: "online" });
    join();
  });
}

function join() {
  const room = state.booth.room;
  conn.request({ t: "join", room }, (reply) => {
    if (!reply) return;
    if (reply.t !== "ok") {
      showConsoleError(t("join_failed", { msg: reply.message || reply.code || "" }));
      return;
    }
    state.members = new Map();
    for (const m of Array.isArray(reply.members) ? reply.members : []) {
      if (m && typeof m.id === "string") state.members.set(m.id, m);
    }
    renderMembers();
    loadQueue();
    refreshInbox();
  });
}

function loadQueue() {
  conn.request({ t: "qa.queue", room: state.booth.room }, (reply) => {
    if (!reply || reply.t !== "ok") return;
    state.questions = new Map();
    for (const q of Array.isArray(reply.questions) ? reply.questions : []) addQuestion(q, false);
    renderQueue();
  });
}

function onStatus(s) {
  if (s.code === 4001) {
    // The token expired or was revoked: back to the login form.
    expired();
    return;
  }
  setStatus(s);
}

function onMessage(m) {
  const room = state.booth && state.booth.room;
  switch (m.t) {
    case "presence":
      if (m.room !== room) return;
      for (const j of Array.isArray(m.joins) ? m.joins : []) if (j && typeof j.id === "string") state.members.set(j.id, j);
      for (const id of Array.isArray(m.leaves) ? m.leaves : []) state.members.delete(typeof id === "string" ? id : id && id.id);
      renderMembers();
      break;
    case "qa.asked":
      if (m.room !== room || !m.question) return;
      addQuestion(m.question, true);
      renderQueue();
      break;
    case "qa.answered":
      if (m.room !== room) return;
      if (state.questions.delete(m.id)) renderQueue();
      break;
    case "qa.line":
      if (m.room !== room || !Array.isArray(m.line)) return;
      {
        const waiting = new Set(m.line);
        let changed = false;
        for (const id of [...state.questions.keys()]) {
          if (!waiting.has(id)) {
            state.questions.delete(id);
            changed = true;
          }
        }
        if (changed) renderQueue();
      }
      break;
    case "booth.state":
      if (m.room !== room) return;
      mergeBoothState(m);
      break;
    case "reset":
      if (m.room === room) join();
      break;
    case "notice":
      if (m.handoff && typeof m.handoff === "object") scheduleInbox();
      else if (typeof m.text === "string" && m.text) showConsoleError(t("notice_line", { text: m.text }));
      break;
    default:
      break;
  }
}

function addQuestion(q, live) {
  if (!q || typeof q.id !== "string" || (q.status && q.status !== "waiting")) return;
  if (state.questions.has(q.id) && !live) return;
  state.questions.set(q.id, { id: q.id, text: String(q.text ?? ""), ts: q.ts, error: "" });
}

function mergeBoothState(m) {
  const b = state.booth;
  if (typeof m.title === "string") b.title = m.title;
  if (typeof m.open === "boolean") b.open = m.open;
  if ("next_open" in m) b.next_open = m.next_open;
  if ("presenting" in m) state.presenting = m.presenting || null;
  if (Array.isArray(m.announcements)) state.announcements = m.announcements;
  if (Array.isArray(m.items)) b.items = m.items;
  renderBooth();
  renderPresent();
  renderAnnouncements();
}

// -- status line -----------------------------------------------------------------
function setStatus(s) {
  state.status = s;
  renderStatus();
}

function renderStatus() {
  const s = state.status;
  const node = $("conn-status");
  node.dataset.state = s.state;
  let text;
  if (s.state === "online") text = t("status_online");
  else if (s.state === "connecting") text = t("status_connecting");
  else if (s.state === "offline") text = t("status_offline");
  else if (s.state === "reconnecting") {
    text = s.retryInMs ? t("status_reconnect_in", { s: Math.max(1, Math.round(s.retryInMs / 1000)) }) : t("status_reconnecting");
  } else text = t("status_stopped");
  node.textContent = text;
}

function showConsoleError(text) {
  $("console-error").textContent = text || "";
}

// -- login -------------------------------------------------------------------------
function showLogin(message) {
  $("console").hidden = true;
  $("login").hidden = false;
  $("logout").hidden = true;
  $("login-error").textContent = message || "";
  $("password").value = "";
  $("username").focus();
}

function expired() {
  conn.stop(1000);
  state.auth = null;
  saveAuth(null);
  showLogin(t("login_expired"));
}

$("login-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const username = $("username").value.trim();
  const password = $("password").value;
  const err = $("login-error");
  if (!username || !password) {
    err.textContent = t("login_missing");
    (username ? $("password") : $("username")).focus();
    return;
  }
  const button = $("login-button");
  button.disabled = true;
  err.textContent = "";
  button.textContent = t("login_busy");
  const r = await api("POST", "/api/auth/login", { username, password }, { auth: false });
  button.disabled = false;
  button.textContent = t("login_button");
  if (r.status === 200 && r.body && typeof r.body.token === "string") {
    if (r.body.role !== "host" && r.body.role !== "admin") {
      err.textContent = t("login_not_host");
      return;
    }
    state.auth = { token: r.body.token, username, role: r.body.role, organization_id: r.body.organization_id || null };
    saveAuth(state.auth);
    $("password").value = "";
    await openConsole();
    return;
  }
  if (r.status === 401 || r.status === 400) err.textContent = t("login_wrong");
  else if (r.status === 429) err.textContent = t("login_rate_limited");
  else err.textContent = t("login_failed");
  $("password").focus();
});

$("logout").addEventListener("click", async () => {
  const auth = state.auth;
  conn.stop(1000);
  if (auth) await api("POST", "/api/auth/logout", undefined);
  state.auth = null;
  saveAuth(null);
  showLogin("");
});

// -- opening the console -------------------------------------------------------------
async function openConsole() {
  const list = await api("GET", "/api/booths", undefined, { auth: false });
  if (list.status !== 200 || !list.body || !Array.isArray(list.body.booths)) {
    showLogin(t("login_failed"));
    return;
  }
  const mine = list.body.booths.find((b) => b.organization_id && b.organization_id === state.auth.organization_id);
  if (!mine) {
    // Nothing to run with this account: forget it, so a reload does not try again.
    state.auth = null;
    saveAuth(null);
    showLogin(t("no_booth"));
    return;
  }
  const detail = await api("GET", `/api/booths/${encodeURIComponent(mine.slug)}`, undefined, { auth: false });
  const d = detail.status === 200 && detail.body ? detail.body : {};
  state.booth = {
    slug: mine.slug,
    room: mine.room || `booth:${mine.slug}`,
    title: d.title || mine.title,
    open: "open" in d ? d.open : mine.open,
    next_open: "next_open" in d ? d.next_open : mine.next_open,
    items: Array.isArray(d.items) ? d.items : [],
    description: typeof d.description === "string" ? d.description : "",
  };
  state.presenting = (d.live && d.live.presenting) || null;
  state.announcements = (d.live && Array.isArray(d.live.announcements)) ? d.live.announcements : [];
  state.questions = new Map();
  state.members = new Map();
  $("login").hidden = true;
  $("console").hidden = false;
  $("logout").hidden = false;
  showConsoleError("");
  fillEditForm();
  state.org = { id: mine.organization_id, doc: null, services: [], loaded: false, saving: false, statusKey: "" };
  $("org-name").textContent = "";
  $("org-form").hidden = true;
  $("org-problems").replaceChildren();
  $("org-result").textContent = "";
  renderAll();
  $("booth-title").focus();
  conn.start();
  refreshInbox();
  loadOrg();
}

// -- rendering -------------------------------------------------------------------------
function renderAll() {
  renderBooth();
  renderStatus();
  renderMembers();
  renderQueue();
  renderPresent();
  renderAnnouncements();
  renderHandoffs();
  renderEditItems();
  renderOrgStatus();
  renderServices();
}

function renderBooth() {
  const b = state.booth;
  if (!b) return;
  $("booth-title").textContent = b.title;
  const open = $("booth-open");
  open.dataset.open = b.open ? "yes" : "no";
  if (b.open) open.textContent = t("booth_open");
  else if (b.next_open) open.textContent = t("booth_closed_next", { when: fmtDateTime(Date.parse(b.next_open)) });
  else open.textContent = t("booth_closed");
}

function renderMembers() {
  const list = $("member-list");
  const members = [...state.members.values()];
  const rank = { host: 0, moderator: 1, admin: 1, visitor: 2 };
  members.sort((a, b) => (rank[a.role] ?? 3) - (rank[b.role] ?? 3) || String(a.nick).localeCompare(String(b.nick)));
  list.replaceChildren(...members.map((m) => {
    const li = el("li", { className: "member", dataset: { role: m.role || "visitor" } });
    li.append(el("span", { className: "member-nick", text: String(m.nick ?? "") }));
    if (m.id === state.selfId) li.append(el("span", { className: "member-you", text: t("members_you") }));
    li.append(el("span", { className: "badge", text: t(`role_${m.role || "visitor"}`) }));
    return li;
  }));
  $("members-empty").hidden = members.length > 0;
  const visitors = members.filter((m) => (m.role || "visitor") === "visitor").length;
  $("visitor-count").textContent = t("visitor_count", { n: visitors });
}

function renderQueue() {
  const list = $("qa-list");
  const questions = [...state.questions.values()].sort((a, b) => (a.ts || 0) - (b.ts || 0));
  // Keep the nodes of questions already shown, so typing is not lost.
  const existing = new Map([...list.children].map((li) => [li.dataset.id, li]));
  const nodes = questions.map((q) => {
    const li = existing.get(q.id) || questionNode(q);
    li.querySelector(".qa-error").textContent = q.error || "";
    return li;
  });
  list.replaceChildren(...nodes);
  $("qa-empty").hidden = questions.length > 0;
  $("qa-count").textContent = questions.length ? t("qa_count", { n: questions.length }) : "";
}

function questionNode(q) {
  const li = el("li", { className: "qa-item", dataset: { id: q.id } });
  const inputId = `qa-answer-${q.id}`;
  const errId = `qa-error-${q.id}`;
  const short = q.text.length > 40 ? `${q.text.slice(0, 40)}…` : q.text;
  li.append(
    el("p", { className: "qa-text", text: q.text }),
    el("p", { className: "qa-meta", text: q.ts ? t("qa_asked_at", { time: fmtTime(q.ts) }) : "" }),
    el("label", { className: "visually-hidden qa-answer-label", for: inputId, text: t("qa_answer_label") }),
  );
  const input = el("textarea", {
    id: inputId, className: "qa-answer", rows: "2", maxlength: "500",
    placeholder: t("qa_answer_placeholder"), "aria-describedby": errId,
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      answer(q.id, true);
    }
  });
  const actions = el("div", { className: "row actions" },
    el("button", { type: "button", className: "btn btn-primary qa-send", text: t("qa_answer"),
      "aria-label": t("qa_answer_aria", { q: short }), onclick: () => answer(q.id, true) }),
    el("button", { type: "button", className: "btn qa-mark", text: t("qa_mark"),
      "aria-label": t("qa_mark_aria", { q: short }), onclick: () => answer(q.id, false) }),
    el("button", { type: "button", className: "btn btn-quiet qa-dismiss", text: t("qa_dismiss"),
      "aria-label": t("qa_dismiss_aria", { q: short }), onclick: () => dismiss(q.id) }),
  );
  li.append(input, actions, el("p", { id: errId, className: "field-error qa-error", role: "alert" }));
  return li;
}

function questionError(id, message) {
  const q = state.questions.get(id);
  if (!q) return;
  q.error = message;
  renderQueue();
}

function replyError(reply, failure, blockedKey) {
  if (!reply) return t(failure === "disconnected" ? "status_reconnecting" : "error_generic");
  if (reply.code === "blocked") return t(blockedKey);
  if (reply.code === "forbidden") return t("error_forbidden");
  return reply.message || t("error_generic");
}

function removeQuestion(id) {
  const list = $("qa-list");
  const li = list.querySelector(`li[data-id="${CSS.escape(id)}"]`);
  const next = li && (li.nextElementSibling || li.previousElementSibling);
  const hadFocus = li && li.contains(document.activeElement);
  state.questions.delete(id);
  renderQueue();
  if (hadFocus) {
    const target = next && next.isConnected ? next.querySelector("textarea") : $("sec-qa");
    if (target) target.focus();
  }
}

function answer(id, withText) {
  const li = $("qa-list").querySelector(`li[data-id="${CSS.escape(id)}"]`);
  if (!li) return;
  const msg = { t: "qa.answer", room: state.booth.room, id };
  if (withText) {
    const text = li.querySelector("textarea").value.trim();
    if (!text) {
      questionError(id, t("qa_answer_empty"));
      li.querySelector("textarea").focus();
      return;
    }
    msg.text = text;
  }
  const buttons = li.querySelectorAll("button");
  buttons.forEach((b) => { b.disabled = true; });
  conn.request(msg, (reply, failure) => {
    buttons.forEach((b) => { b.disabled = false; });
    if (reply && reply.t === "ok") {
      removeQuestion(id);
      return;
    }
    if (reply && reply.code === "not_found") {
      removeQuestion(id); // answered or dismissed elsewhere
      return;
    }
    questionError(id, replyError(reply, failure, "qa_blocked"));
    if (li.isConnected) li.querySelector("textarea").focus();
  });
}

function dismiss(id) {
  conn.request({ t: "qa.dismiss", room: state.booth.room, id }, (reply, failure) => {
    if (reply && (reply.t === "ok" || reply.code === "not_found")) {
      removeQuestion(id);
      return;
    }
    questionError(id, replyError(reply, failure, "qa_blocked"));
  });
}

// -- announcements and presenting -----------------------------------------------------
$("announce-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const box = $("announce-text");
  const out = $("announce-result");
  const text = box.value.trim();
  out.dataset.kind = "error";
  if (!text) {
    out.textContent = t("announce_empty");
    box.focus();
    return;
  }
  conn.request({ t: "booth.announce", room: state.booth.room, text }, (reply, failure) => {
    if (reply && reply.t === "ok") {
      box.value = "";
      out.dataset.kind = "ok";
      out.textContent = t("announce_done");
      return;
    }
    out.textContent = replyError(reply, failure, "announce_blocked");
  });
});

function renderAnnouncements() {
  const list = $("announce-recent");
  const recent = state.announcements.slice(-MAX_ANNOUNCEMENTS_SHOWN).reverse();
  list.replaceChildren(...recent.map((a) => el("li", {},
    el("span", { className: "time", text: fmtTime(a.ts) }), " ", el("span", { text: String(a.text ?? "") }))));
  $("announce-recent-wrap").hidden = recent.length === 0;
}

function itemLabel(item) {
  return item.title || item.url || item.id;
}

function renderPresent() {
  const select = $("present-select");
  const items = (state.booth && state.booth.items) || [];
  const chosen = state.presenting || "";
  select.replaceChildren(
    el("option", { value: "", text: t("present_none") }),
    ...items.map((i) => el("option", { value: i.id, text: `${t(`item_${i.type}`)}: ${itemLabel(i)}` })),
  );
  select.value = items.some((i) => i.id === chosen) ? chosen : "";
  const out = $("present-result");
  const showingHint = Object.values(TEXTS).some((x) => x.present_no_items === out.textContent);
  if (!items.length && (!out.textContent || showingHint)) {
    out.dataset.kind = "";
    out.textContent = t("present_no_items");
  } else if (items.length && showingHint) {
    out.textContent = "";
  }
}

$("present-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const id = $("present-select").value;
  const out = $("present-result");
  const msg = { t: "booth.present", room: state.booth.room };
  if (id) msg.id = id;
  conn.request(msg, (reply, failure) => {
    if (reply && reply.t === "ok") {
      state.presenting = reply.presenting || null;
      const item = (state.booth.items || []).find((i) => i.id === state.presenting);
      out.dataset.kind = "ok";
      out.textContent = item ? t("present_done_on", { item: itemLabel(item) }) : t("present_done_off");
      return;
    }
    out.dataset.kind = "error";
    out.textContent = replyError(reply, failure, "error_generic");
  });
});

// -- editing the booth ------------------------------------------------------------------
function fillEditForm() {
  const b = state.booth;
  $("edit-title").value = b.title || "";
  $("edit-description").value = b.description || "";
  state.editItems = (b.items || []).map((i) => ({ type: i.type, title: i.title || "", url: i.url || "", text: i.text || "" }));
  $("edit-problems").replaceChildren();
  $("edit-result").textContent = "";
}

function renderEditItems() {
  const list = $("edit-items");
  list.replaceChildren(...state.editItems.map((item, i) => {
    const n = i + 1;
    const li = el("li", { className: "edit-item", dataset: { index: String(i) } });
    const ids = { type: `item-${i}-type`, title: `item-${i}-title`, url: `item-${i}-url` };
    const type = el("select", { id: ids.type });
    for (const it of ITEM_TYPES) type.append(el("option", { value: it.id, text: t(it.label) }));
    type.value = item.type;
    type.addEventListener("change", () => {
      item.type = type.value;
      renderEditItems();
      $(ids.type).focus();
    });
    const title = el("input", { id: ids.title, type: "text", maxlength: "80" });
    title.value = item.title;
    title.addEventListener("input", () => { item.title = title.value; });
    const isText = item.type === "text";
    const body = isText ? el("textarea", { id: ids.url, rows: "2", maxlength: "2000" })
      : el("input", { id: ids.url, type: "url", inputmode: "url", maxlength: "500", placeholder: "https://" });
    body.value = isText ? item.text : item.url;
    body.addEventListener("input", () => {
      if (isText) item.text = body.value;
      else item.url = body.value;
    });
    const remove = el("button", { type: "button", className: "btn btn-quiet", text: t("edit_item_remove"),
      "aria-label": t("edit_item_remove_aria", { n }) });
    remove.addEventListener("click", () => {
      state.editItems.splice(i, 1);
      renderEditItems();
      const items = $("edit-items").querySelectorAll("select");
      (items[Math.min(i, items.length - 1)] || $("edit-add")).focus();
    });
    li.append(
      el("p", { className: "item-n", text: t("edit_item_n", { n }) }),
      el("div", { className: "field" }, el("label", { for: ids.type, text: t("edit_item_type") }), type),
      el("div", { className: "field" }, el("label", { for: ids.title, text: t("edit_item_title") }), title),
      el("div", { className: "field" }, el("label", { for: ids.url, text: t(isText ? "edit_item_text" : "edit_item_url") }), body),
      remove,
    );
    return li;
  }));
}

$("edit-add").addEventListener("click", () => {
  state.editItems.push({ type: "link", title: "", url: "", text: "" });
  renderEditItems();
  const selects = $("edit-items").querySelectorAll("select");
  selects[selects.length - 1].focus();
});

$("edit-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const problems = $("edit-problems");
  const out = $("edit-result");
  problems.replaceChildren();
  out.textContent = "";
  const items = state.editItems.map((i) => (i.type === "text"
    ? { type: "text", title: i.title, text: i.text }
    : { type: i.type, title: i.title, url: i.url.trim() }));
  const body = { title: $("edit-title").value.trim(), description: $("edit-description").value, items };
  const r = await api("PUT", `/api/booths/${encodeURIComponent(state.booth.slug)}`, body);
  if (r.status === 200 && r.body) {
    state.booth.title = r.body.title;
    state.booth.description = r.body.description || "";
    state.booth.items = Array.isArray(r.body.items) ? r.body.items : [];
    fillEditForm();
    renderAll();
    out.textContent = t("edit_saved");
    return;
  }
  const err = (r.body && r.body.error) || {};
  const lines = [];
  if (err.code === "blocked") lines.push(t("edit_blocked"));
  else if (Array.isArray(err.problems) && err.problems.length) {
    lines.push(t("edit_problems"));
    const ul = el("ul");
    for (const p of err.problems) {
      ul.append(el("li", { text: `${p.path}: ${p.message}` }));
    }
    problems.append(el("p", { text: lines[0] }), ul);
    return;
  } else lines.push(errorMessage(r));
  problems.append(el("p", { text: lines.join(" ") }));
});

// -- the organisation's activities (HSDS services) -----------------------------------------
// The organisation is edited as one HSDS document (PUT /api/organizations/{id}, imported strictly):
// the organisation's own fields and locations go back as they came, and every service in full,
// with the fields the server adds when serving it taken out again.
const SERVER_ADDED = ["organization", "x_virtual", "x_municipality_code"];
const MAX_SERVICE_NAME = 200;
const MAX_SERVICE_TEXT = 4000;
const AGE_FIELDS = [["minimum_age", "minAge"], ["maximum_age", "maxAge"]];

function serviceForm(doc, isNew) {
  const age = (v) => (Number.isInteger(v) ? String(v) : "");
  return {
    doc, isNew,
    name: typeof doc.name === "string" ? doc.name : "",
    description: typeof doc.description === "string" ? doc.description : "",
    status: typeof doc.status === "string" && doc.status ? doc.status : "active",
    fees: typeof doc.fees_description === "string" ? doc.fees_description : "",
    minAge: age(doc.minimum_age),
    maxAge: age(doc.maximum_age),
    invalid: new Set(), // field keys marked aria-invalid after a refusal
  };
}

function cleanService(full) {
  const doc = { ...full };
  for (const k of SERVER_ADDED) delete doc[k];
  doc.service_at_locations = (Array.isArray(full.service_at_locations) ? full.service_at_locations : [])
    .filter((l) => l && typeof l.location_id === "string")
    .map((l) => ({ location_id: l.location_id }));
  return doc;
}

function setOrgStatus(key) {
  if (state.org) state.org.statusKey = key || "";
  renderOrgStatus();
}

function renderOrgStatus() {
  const node = $("org-status");
  const key = state.org ? state.org.statusKey : "";
  node.textContent = key ? t(key) : "";
  node.hidden = !key;
}

async function loadOrg() {
  const o = state.org;
  const orgId = o.id;
  const seq = ++state.orgSeq;
  const stale = () => seq !== state.orgSeq || state.org !== o;
  if (!o.loaded) setOrgStatus("org_loading"); // a reload after saving keeps the form (and the focus) where it is
  const failed = () => {
    o.loaded = false;
    $("org-form").hidden = true;
    setOrgStatus("org_load_failed");
    return false;
  };
  // with the token: hidden (非公開) services are served to their own organisation's hosts only
  const r = await api("GET", `/hsds/organizations/${encodeURIComponent(orgId)}`);
  if (stale()) return false;
  if (r.status !== 200 || !r.body || r.body.id !== orgId) return failed();
  const summaries = Array.isArray(r.body.services) ? r.body.services.filter((s) => s && typeof s.id === "string") : [];
  const full = await Promise.all(summaries.map((s) => api("GET", `/hsds/services/${encodeURIComponent(s.id)}`)));
  if (stale()) return false;
  // Saving replaces every service of the organisation: without all of them, nothing can be saved.
  if (full.some((x) => x.status !== 200 || !x.body || typeof x.body.id !== "string")) return failed();
  const { services, ...org } = r.body;
  o.doc = org;
  o.services = full.map((x) => serviceForm(cleanService(x.body), false));
  o.loaded = true;
  $("org-name").textContent = typeof org.name === "string" ? org.name : "";
  setOrgStatus(o.services.length ? "" : "org_empty");
  $("org-form").hidden = false;
  $("org-problems").replaceChildren();
  renderServices();
  return true;
}

function renderServices() {
  const o = state.org;
  if (!o || !o.loaded) return;
  const list = $("svc-list");
  list.replaceChildren(...o.services.map((s, i) => serviceNode(s, i)));
}

function serviceNode(s, i) {
  const n = i + 1;
  const base = `svc-${i}`;
  const li = el("li", { className: "svc", dataset: s.isNew ? { id: s.doc.id, new: "yes" } : { id: s.doc.id } });
  const head = el("p", { className: "item-n", text: t("svc_n", { n }) });
  if (s.isNew) head.append(" ", el("span", { className: "svc-new", text: t("svc_new") }));
  li.append(head);

  const input = (key, node) => {
    node.value = s[key];
    if (s.invalid.has(key)) node.setAttribute("aria-invalid", "true");
    node.addEventListener("input", () => {
      s[key] = node.value;
      if (s.invalid.delete(key)) node.removeAttribute("aria-invalid");
    });
    return node;
  };
  const field = (key, label, node, hint) => {
    const wrap = el("div", { className: "field" }, el("label", { for: node.id, text: t(label) }), node);
    if (hint) {
      const hid = `${node.id}-hint`;
      node.setAttribute("aria-describedby", hid);
      wrap.append(el("p", { id: hid, className: "hint", text: t(hint) }));
    }
    return wrap;
  };

  const name = input("name", el("input", { id: `${base}-name`, type: "text", maxlength: String(MAX_SERVICE_NAME), required: true,
    dataset: { field: "name" } }));
  const description = input("description", el("textarea", { id: `${base}-description`, rows: "4",
    maxlength: String(MAX_SERVICE_TEXT), dataset: { field: "description" } }));
  const status = el("select", { id: `${base}-status`, dataset: { field: "status" } });
  const choices = [...SERVICE_STATUSES];
  if (!choices.includes(s.status)) choices.push(s.status); // kept as it is unless the host chooses
  for (const v of choices) {
    const label = SERVICE_STATUSES.includes(v) || SERVICE_STATUSES_KEPT.includes(v) ? t(`svc_status_${v}`) : v;
    status.append(el("option", { value: v, text: label }));
  }
  input("status", status);
  status.addEventListener("change", () => { s.status = status.value; });
  const fees = input("fees", el("input", { id: `${base}-fees_description`, type: "text", maxlength: String(MAX_SERVICE_TEXT),
    dataset: { field: "fees_description" } }));
  const age = (key, field) => {
    const node = input(key, el("input", { id: `${base}-${field}`, type: "number", inputmode: "numeric",
      min: "0", max: "120", step: "1", className: "age", dataset: { field } }));
    node.addEventListener("input", () => { if (node.validity.badInput) s[key] = "?"; }); // not a number: refused on save
    return node;
  };
  const minAge = age("minAge", "minimum_age");
  const maxAge = age("maxAge", "maximum_age");

  const schedules = Array.isArray(s.doc.schedules) ? s.doc.schedules : [];
  const hours = schedules.map((x) => (x && typeof x.description === "string" ? x.description.trim() : "")).filter(Boolean);
  const hoursBox = el("div", { className: "svc-hours" }, el("p", { className: "svc-hours-title", text: t("svc_hours") }));
  if (hours.length) hoursBox.append(el("ul", { className: "plain-list" }, ...hours.map((h) => el("li", { text: h }))));
  else hoursBox.append(el("p", { className: "empty", text: t("svc_hours_none") }));
  hoursBox.append(el("p", { className: "hint", text: t("svc_hours_hint") }));

  li.append(
    field("name", "svc_name", name),
    field("description", "svc_description", description),
    field("status", "svc_status", status),
    field("fees", "svc_fees", fees, "svc_fees_hint"),
    el("div", { className: "row ages" },
      field("minAge", "svc_min_age", minAge),
      field("maxAge", "svc_max_age", maxAge)),
    el("p", { className: "hint", text: t("svc_age_hint") }),
    hoursBox,
  );
  if (s.isNew) {
    li.append(el("button", { type: "button", className: "btn btn-quiet", text: t("svc_remove"),
      "aria-label": t("svc_remove_aria", { n }), onclick: () => {
        state.org.services.splice(i, 1);
        renderServices();
        $("svc-add").focus();
      } }));
  }
  return li;
}

$("svc-add").addEventListener("click", () => {
  const o = state.org;
  if (!o || !o.loaded) return;
  const first = (Array.isArray(o.doc.locations) ? o.doc.locations : []).find((l) => l && typeof l.id === "string");
  const doc = {
    id: `${o.id}-svc-${Date.now().toString(36)}`,
    name: "",
    status: "active",
    x_kind: "activity",
    service_at_locations: first ? [{ location_id: first.id }] : [],
  };
  o.services.push(serviceForm(doc, true));
  setOrgStatus("");
  $("org-result").textContent = "";
  renderServices();
  $(`svc-${o.services.length - 1}-name`).focus();
});

function parseAge(text) {
  const v = String(text ?? "").trim();
  if (!v) return null;
  if (!/^[0-9]{1,3}$/.test(v) || Number(v) > 120) return undefined;
  return Number(v);
}

function serviceWhere(i) {
  const s = state.org.services[i];
  const name = s ? s.name.trim() : "";
  return name ? t("org_where_service", { n: i + 1, name }) : t("svc_n", { n: i + 1 });
}

const FIELD_OF = { name: "name", description: "description", status: "status", fees_description: "fees",
  minimum_age: "minAge", maximum_age: "maxAge" };
const LABEL_OF = { name: "org_field_name", description: "svc_description", status: "svc_status", fees: "svc_fees",
  minAge: "svc_min_age", maxAge: "svc_max_age" };

function showOrgProblems(title, lines, focusKey) {
  const problems = $("org-problems");
  problems.replaceChildren(el("p", { text: title }));
  if (lines.length) problems.append(el("ul", {}, ...lines.map((l) => el("li", { text: l }))));
  renderServices();
  if (focusKey) {
    const node = $(`svc-${focusKey[0]}-${focusKey[1]}`);
    if (node) node.focus();
  }
}

// Client-side checks: the same rules the import applies to these fields.
function checkServices() {
  const lines = [];
  let focus = null;
  state.org.services.forEach((s, i) => {
    const bad = (key, msg) => {
      s.invalid.add(key);
      lines.push(t("org_problem_line", { where: `${serviceWhere(i)} ${t(LABEL_OF[key])}`, message: t(msg) }));
      if (!focus) focus = [i, { name: "name", minAge: "minimum_age", maxAge: "maximum_age" }[key]];
    };
    const name = s.name.trim();
    if (!name) bad("name", "org_name_missing");
    else if ([...name].length > MAX_SERVICE_NAME) bad("name", "org_name_long");
    const lo = parseAge(s.minAge);
    const hi = parseAge(s.maxAge);
    if (lo === undefined) bad("minAge", "org_age_bad");
    if (hi === undefined) bad("maxAge", "org_age_bad");
    if (lo != null && hi != null && lo > hi) bad("maxAge", "org_age_order");
  });
  return { lines, focus };
}

function buildOrganization() {
  const o = state.org;
  const doc = { ...o.doc };
  doc.locations = Array.isArray(o.doc.locations) ? o.doc.locations : [];
  doc.services = o.services.map((s) => {
    const svc = { ...s.doc, name: s.name.trim(), status: s.status };
    const text = (key, value) => {
      if (value.trim()) svc[key] = value;
      else delete svc[key];
    };
    text("description", s.description);
    text("fees_description", s.fees);
    for (const [key, form] of AGE_FIELDS) {
      const v = parseAge(s[form]);
      if (v == null) delete svc[key];
      else svc[key] = v;
    }
    return svc;
  });
  return doc;
}

// "$[0].services[2].description" → [2, "description"]; the organisation's own fields → [null, key].
function problemPlace(path) {
  const m = /^\$\[0\]\.services\[(\d+)\](?:\.([A-Za-z_]+))?/.exec(String(path || ""));
  if (m) return [Number(m[1]), m[2] || null];
  return [null, null];
}

$("org-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const o = state.org;
  if (!o || !o.loaded || o.saving) return;
  const out = $("org-result");
  out.textContent = "";
  out.dataset.kind = "";
  $("org-problems").replaceChildren();
  for (const s of o.services) s.invalid.clear();
  const checked = checkServices();
  if (checked.lines.length) {
    showOrgProblems(t("org_problems"), checked.lines, checked.focus);
    return;
  }
  const button = $("org-save");
  o.saving = true;
  button.disabled = true;
  button.textContent = t("org_saving");
  const r = await api("PUT", `/api/organizations/${encodeURIComponent(o.id)}`, buildOrganization());
  o.saving = false;
  button.disabled = false;
  button.textContent = t("org_save");
  if (r.status === 200) {
    await loadOrg();
    out.dataset.kind = "ok";
    out.textContent = t("org_saved");
    return;
  }
  if (r.status === 401) return; // back to the login form (api → expired)
  const err = (r.body && r.body.error) || null;
  if (r.status === 422 && err && err.code === "blocked") {
    // The refused text comes back (its first 80 characters): point at the field it is in.
    const detail = typeof err.detail === "string" ? err.detail : "";
    const where = [];
    let focus = null;
    if (detail) {
      o.services.forEach((s, i) => {
        for (const key of ["name", "description"]) {
          const sent = key === "name" ? s.name.trim() : s.description;
          if (sent && sent.startsWith(detail)) {
            s.invalid.add(key);
            where.push(`${serviceWhere(i)} ${t(LABEL_OF[key])}`);
            if (!focus) focus = [i, key];
          }
        }
      });
    }
    showOrgProblems(t("org_blocked"), where.map((w) => t("org_blocked_where", { where: w })), focus);
    return;
  }
  if (r.status === 422 && r.body && Array.isArray(r.body.rejected) && r.body.rejected.length) {
    const lines = [];
    let focus = null;
    for (const p of r.body.rejected) {
      const [i, key] = problemPlace(p && p.path);
      const form = key && FIELD_OF[key];
      let where;
      if (i != null && o.services[i]) {
        where = serviceWhere(i) + (form ? ` ${t(LABEL_OF[form])}` : key ? ` ${key}` : "");
        if (form) {
          o.services[i].invalid.add(form);
          if (!focus) focus = [i, key];
        }
      } else where = p && p.path ? String(p.path) : t("org_where_org");
      lines.push(t("org_problem_line", { where, message: String((p && p.message) || (p && p.code) || "") }));
    }
    showOrgProblems(t("org_problems"), lines, focus);
    return;
  }
  showOrgProblems(errorMessage(r), [], null);
});

// -- handoffs ----------------------------------------------------------------------------
function scheduleInbox() {
  clearTimeout(state.inboxTimer);
  state.inboxTimer = setTimeout(refreshInbox, 150); // several notices at once: one request
}

async function refreshInbox() {
  if (!state.auth) return;
  const seq = ++state.inboxSeq;
  const r = await api("GET", "/api/handoff/inbox");
  if (seq !== state.inboxSeq) return; // a newer refresh is on its way
  if (r.status === 200 && r.body && Array.isArray(r.body.handoffs)) {
    state.handoffs = r.body.handoffs;
    renderHandoffs();
  }
}

$("handoff-refresh").addEventListener("click", refreshInbox);

const ACTIONS_BY_STATUS = {
  requested: ["accept", "propose", "decline"],
  accepted: ["propose", "complete", "fail"],
  "in-progress": ["complete", "fail"],
  "on-hold": ["complete", "fail"],
};

function renderHandoffs() {
  const list = $("handoff-list");
  const rows = [...state.handoffs].sort((a, b) => (b.created_ms || 0) - (a.created_ms || 0));
  const focusedId = document.activeElement && document.activeElement.closest
    && document.activeElement.closest(".handoff")?.dataset.id;
  const focusedClass = focusedId && document.activeElement.dataset.focus;
  list.replaceChildren(...rows.map(handoffNode));
  $("handoff-empty").hidden = rows.length > 0;
  $("handoff-count").textContent = rows.length ? t("handoff_count", { n: rows.length }) : "";
  if (focusedId && focusedClass) {
    const again = list.querySelector(`li[data-id="${CSS.escape(focusedId)}"] [data-focus="${CSS.escape(focusedClass)}"]`);
    if (again) again.focus();
  }
}

function fact(dl, key, value) {
  if (value == null || value === "") return;
  dl.append(el("dt", { text: t(key) }), el("dd", { text: String(value) }));
}

function handoffNode(h) {
  const li = el("li", { className: "handoff", dataset: { id: h.id, code: h.code, status: h.status } });
  li.append(el("p", { className: "handoff-code" },
    el("span", { className: "visually-hidden", text: `${t("handoff_code")} ` }),
    el("span", { className: "code", text: h.code }), " ",
    el("span", { className: "badge status", dataset: { status: h.status }, text: t(`status_${h.status}`) })));
  const dl = el("dl", { className: "facts" });
  fact(dl, "handoff_mode", t(`mode_${h.mode}`));
  fact(dl, "handoff_status", t(`status_${h.status}`));
  fact(dl, "handoff_created", fmtDateTime(h.created_ms));
  fact(dl, "handoff_proposed", h.proposed_ms ? fmtDateTime(h.proposed_ms) : "");
  fact(dl, "handoff_age", h.age_band);
  fact(dl, "handoff_area", h.municipality_code);
  fact(dl, "handoff_reason", h.reason);
  li.append(dl);
  if (h.mode === "live_referral") {
    const shared = el("div", { className: "shared" }, el("p", { className: "shared-title", text: t("handoff_shared") }));
    const entries = h.shared && typeof h.shared === "object" ? Object.entries(h.shared) : [];
    if (entries.length) {
      const sdl = el("dl", { className: "facts" });
      for (const [k, v] of entries) {
        if (k === "contact" && v && typeof v === "object") {
          const channel = TEXTS[lang][`channel_${v.channel}`] ? t(`channel_${v.channel}`) : String(v.channel ?? "");
          sdl.append(el("dt", { text: t("shared_contact", { channel }) }), el("dd", { text: String(v.value ?? "") }));
        } else {
          const label = k === "nickname" ? t("shared_nickname") : k;
          sdl.append(el("dt", { text: label }), el("dd", { text: typeof v === "string" ? v : JSON.stringify(v) }));
        }
      }
      shared.append(sdl);
    } else shared.append(el("p", { className: "hint", text: t("handoff_shared_none") }));
    li.append(shared);
  }
  const actions = ACTIONS_BY_STATUS[h.status] || [];
  if (actions.length) {
    const row = el("div", { className: "row actions" });
    for (const a of actions) {
      const primary = a === "accept" || a === "complete";
      const b = el("button", { type: "button", className: `btn ${primary ? "btn-primary" : ""}`, text: t(`act_${a}`),
        dataset: { focus: a, action: a }, "aria-label": `${t(`act_${a}`)} (${h.code})` });
      if (a === "accept" || a === "complete") b.addEventListener("click", () => act(h, a, {}));
      else {
        b.setAttribute("aria-expanded", state.openForms.get(h.id) === a ? "true" : "false");
        b.addEventListener("click", () => {
          state.openForms.set(h.id, state.openForms.get(h.id) === a ? null : a);
          state.handoffErrors.delete(h.id);
          renderHandoffs();
          const first = $("handoff-list").querySelector(`li[data-id="${CSS.escape(h.id)}"] .subform select, li[data-id="${CSS.escape(h.id)}"] .subform input`);
          if (first) first.focus();
        });
      }
      row.append(b);
    }
    li.append(row);
    const open = state.openForms.get(h.id);
    if (open && actions.includes(open)) li.append(subform(h, open));
  }
  li.append(el("p", { className: "field-error", role: "alert", text: state.handoffErrors.get(h.id) || "" }));
  return li;
}

function subform(h, action) {
  const form = el("form", { className: "subform", novalidate: true });
  const base = `ho-${h.id}-${action}`;
  if (action === "propose") {
    const input = el("input", { id: `${base}-when`, type: "datetime-local", dataset: { focus: "when" } });
    form.append(el("div", { className: "field" }, el("label", { for: input.id, text: t("act_propose_label") }), input));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!input.value) {
        state.handoffErrors.set(h.id, t("propose_required"));
        renderHandoffs();
        return;
      }
      const value = input.value.length === 16 ? `${input.value}:00` : input.value; // YYYY-MM-DDTHH:MM → seconds
      act(h, "propose", { proposed: `${value}+09:00` });
    });
    form.append(row(el("button", { type: "submit", className: "btn btn-primary", text: t("act_propose") }), cancelButton(h)));
    return form;
  }
  const reasons = action === "decline" ? DECLINE_REASONS : FAIL_REASONS;
  const select = el("select", { id: `${base}-reason`, dataset: { focus: "reason" } });
  select.append(el("option", { value: "", text: t("reason_pick") }));
  for (const key of reasons) select.append(el("option", { value: key, text: t(key) }));
  const free = el("input", { id: `${base}-free`, type: "text", maxlength: "150", dataset: { focus: "free" } });
  form.append(
    el("div", { className: "field" }, el("label", { for: select.id, text: t("reason_label") }), select),
    el("div", { className: "field" }, el("label", { for: free.id, text: t("reason_other_label") }), free),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const key = select.value;
    const extra = free.value.trim();
    const isOther = key.endsWith("_other");
    if ((!key && !extra) || (isOther && !extra)) {
      state.handoffErrors.set(h.id, t("reason_required"));
      const msg = form.closest("li").querySelector(".field-error");
      if (msg) msg.textContent = t("reason_required");
      (isOther ? free : select).focus();
      return;
    }
    const parts = [];
    if (key && !isOther) parts.push(t(key));
    if (extra) parts.push(extra);
    act(h, action, { reason: parts.join(" / ").slice(0, 200) });
  });
  const confirm = action === "decline" ? "act_confirm_decline" : "act_confirm_fail";
  form.append(row(el("button", { type: "submit", className: "btn btn-primary", text: t(confirm) }), cancelButton(h)));
  return form;
}

function row(...children) {
  return el("div", { className: "row actions" }, ...children);
}

function cancelButton(h) {
  return el("button", { type: "button", className: "btn btn-quiet", text: t("act_cancel"), onclick: () => {
    state.openForms.delete(h.id);
    state.handoffErrors.delete(h.id);
    renderHandoffs();
  } });
}

async function act(h, action, body) {
  const r = await api("POST", `/api/handoff/items/${encodeURIComponent(h.id)}/${action}`, body);
  if (r.status === 200) {
    state.openForms.delete(h.id);
    state.handoffErrors.delete(h.id);
  } else {
    const code = r.body && r.body.error && r.body.error.code;
    let msg = errorMessage(r);
    if (code === "conflict") msg = t("act_conflict");
    else if (code === "bad_transition" || code === "terminal") msg = t("act_bad_transition");
    else if (code === "reason_required") msg = t("reason_required");
    state.handoffErrors.set(h.id, msg);
  }
  await refreshInbox();
  renderHandoffs();
}

$("redeem-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const input = $("redeem-code");
  const out = $("redeem-result");
  const code = input.value.trim().toUpperCase();
  out.dataset.kind = "error";
  if (!code) {
    out.textContent = t("redeem_not_found");
    input.focus();
    return;
  }
  const r = await api("POST", "/api/handoff/redeem", { code });
  if (r.status === 200 && r.body) {
    out.dataset.kind = "ok";
    out.textContent = t("redeem_done", { code: r.body.code || code });
    input.value = "";
  } else if (r.status === 404) {
    out.textContent = t("redeem_not_found");
  } else if (r.body && r.body.error && (r.body.error.code === "bad_transition" || r.body.error.code === "terminal")) {
    out.textContent = t("redeem_bad", { status: r.body.error.message || "" });
  } else {
    out.textContent = errorMessage(r);
  }
  await refreshInbox();
});

// -- language -------------------------------------------------------------------------------
function applyTexts() {
  document.documentElement.lang = lang;
  document.title = t("doc_title");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-aria]")) node.setAttribute("aria-label", t(node.dataset.i18nAria));
  $("lang-toggle").lang = lang === "ja" ? "en" : "ja";
  if (state.booth) {
    // Drop cached question nodes: their labels are in the old language. Typed answers are kept.
    const typed = new Map([...$("qa-list").querySelectorAll("li")].map((li) => [li.dataset.id, li.querySelector("textarea").value]));
    $("qa-list").replaceChildren();
    renderAll();
    for (const [id, value] of typed) {
      const li = $("qa-list").querySelector(`li[data-id="${CSS.escape(id)}"]`);
      if (li) li.querySelector("textarea").value = value;
    }
  }
}

$("lang-toggle").addEventListener("click", () => {
  lang = toggleLang(LANG_KEY, lang);
  applyTexts();
});

// -- start ------------------------------------------------------------------------------------
applyTexts();
state.auth = loadAuth();
if (state.auth) openConsole();
else showLogin("");
