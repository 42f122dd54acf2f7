// The visitor web client: entry form, room map, chat, people, help.
// Texts written by other people are only ever inserted with textContent.

import { storedLang, titleIn, toggleLang, translator } from "./i18n.js";
import { TEXTS, DEFAULT_LANG, LANGS, ROOM_CHOICES, HELP_LINES } from "./texts.js";
import { Client, loadStored } from "./client.js";
import { MapView, avatarColour } from "./map.js";
import { BoothPanel, boothChoices } from "./booth.js";
import { FindDialog } from "./find.js";
import { ConsultFinder } from "./consult.js";
import { WhatsOn } from "./whatson.js";
import { standsFor, hallOf } from "./stands.js";
import { AvatarPicker } from "./avatar-picker.js";
import { ReactionBar } from "./reactions.js";
import { StageScreen } from "./stage-screen.js";
import { followUps } from "./tickets.js";
import { CaseHall, askedRoom } from "./case-hall.js";

const $ = (id) => document.getElementById(id);
const LANG_KEY = "tsunagaru.lang";
const NICK_KEY = "tsunagaru.nick";
const MAX_LOG = 200;
const MAX_MEMBERS_SHOWN = 200;
const PRESENCE_LINES_UP_TO = 20; // announce arrivals only in small rooms
const MAX_TEXT = 500;
const MAX_NICK = 20;
const STATUS_MS = 9000;
const MAX_NOTICES = 3;
const NICK_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\u2028\u2029]/u;

// -- language ------------------------------------------------------------------
let lang = storedLang(LANG_KEY, LANGS, DEFAULT_LANG);
const t = translator(TEXTS, DEFAULT_LANG, () => lang);

const timeFormats = {};
function fmtTime(d) {
  if (!timeFormats[lang]) {
    timeFormats[lang] = new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", { hour: "2-digit", minute: "2-digit" });
  }
  return timeFormats[lang].format(d);
}

function nfkcLength(s) {
  return [...s.normalize("NFKC").trim()].length;
}

// -- state ---------------------------------------------------------------------
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
const desktop = window.matchMedia("(min-width: 900px)");
const client = new Client();
const map = new MapView($("map"), $("map-wrap"), {
  onSelfMove: (x, y) => client.move(x, y),
  onStand: (room) => (room.startsWith("case:") ? caseHall.show(room.slice(5)) : client.switchRoom(room)),
  onDoor: (room) => client.switchRoom(room),
  onNear: (stand) => {
    $("stand-caption").textContent = stand ? t("stand_near", { name: stand.title }) : "";
  },
  roomName: (room) => roomLabel(room),
  exitOf: (room) => hallOf(room, ui.booths),
  reducedMotion: () => reducedMotion.matches,
});

const ui = {
  selfId: null,
  room: null,
  info: null,
  status: { state: "stopped" },
  entries: [], // {type: "said", id, from, text, ts, deleted} | {type: "sys", key, vars}
  nodes: new Map(), // message id -> <li>
  tab: "chat",
  venueSupport: [],
  statusTimer: null,
  membersQueued: false,
  fatal: null,
  booths: [], // [{id: "booth:<slug>", title}] for the room picker
  supportNoticeAt: 0, // when the last `notice {code: "support"}` arrived (a crisis hold answers with it)
  support: null, // the open support conversation: {room, from, entries: [], nodes: Map}
};

// Handy for debugging in the console and for the browser tests.
window.__tsunagaru = { client, map };

// -- static texts ----------------------------------------------------------------
function applyTexts() {
  document.documentElement.lang = lang;
  document.title = t("doc_title");
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-aria]")) el.setAttribute("aria-label", t(el.dataset.i18nAria));
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  $("lang-toggle").lang = lang === "ja" ? "en" : "ja";
  renderRoomSelect();
  renderStatus();
  renderMembers();
  renderLog();
  renderHelp();
  renderFatal();
  renderSupport();
  applyLayout();
  updateCount();
  picker.render();
  reactBar.render();
  if (ui.room) {
    $("room-title").textContent = roomLabel(ui.room);
    map.setStands(standsFor(ui.room, ui.info, ui.booths, lang));
  }
  map.refreshScene();
  if (booth.room) booth.render();
}

// -- entry -----------------------------------------------------------------------
function nickProblem(raw) {
  const nick = raw.normalize("NFKC").trim();
  const n = [...nick].length;
  if (n === 0) return t("nick_error_empty");
  if (n > MAX_NICK) return t("nick_error_long", { n });
  if (NICK_FORBIDDEN.test(nick)) return t("nick_error_chars");
  return null;
}

function showEntry(error) {
  $("venue").hidden = true;
  $("entry").hidden = false;
  $("skip-to-chat").hidden = true; // no chat yet: the first Tab stop is the first thing usable here
  $("nick-error").textContent = error || "";
  $("nick").focus();
}

function showVenue() {
  $("entry").hidden = true;
  $("venue").hidden = false;
  $("skip-to-chat").hidden = false;
  ui.fatal = null;
  renderFatal();
  map.resize();
}

$("entry-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const raw = $("nick").value;
  const problem = nickProblem(raw);
  $("nick-error").textContent = problem || "";
  if (problem) {
    $("nick").focus();
    return;
  }
  const nick = raw.normalize("NFKC").trim();
  try {
    sessionStorage.setItem(NICK_KEY, nick);
  } catch (_) { /* no storage */ }
  resetVenue();
  showVenue();
  picker.remember();
  client.start({ nick, age_band: $("age").value || null, lang, avatar: picker.value });
});

$("nick").addEventListener("input", () => {
  if ($("nick-error").textContent) $("nick-error").textContent = "";
});

$("leave-btn").addEventListener("click", () => {
  client.leaveVenue();
  resetVenue();
  showEntry();
});

function resetVenue() {
  booth.enter(null); // the booth sheet folds and goes with the venue
  ui.support = null;
  renderSupport();
  ui.room = null;
  ui.info = null;
  ui.entries = [];
  ui.venueSupport = [];
  $("notices").replaceChildren();
  hideChatStatus();
  renderLog();
  renderMembers();
  renderHelp();
}

// -- header ----------------------------------------------------------------------
$("lang-toggle").addEventListener("click", () => {
  lang = toggleLang(LANG_KEY, lang);
  if (client.profile) client.profile.lang = lang; // used by the next hello
  applyTexts();
});

const dialog = $("help-dialog");
function openHelp() {
  renderHelp();
  consult.open();
  if (typeof dialog.showModal === "function") dialog.showModal();
  else dialog.setAttribute("open", "");
  dialog.scrollTop = 0;
  $("help-title").focus(); // start reading from the top
}
function closeHelp() {
  if (typeof dialog.close === "function") dialog.close();
  else dialog.removeAttribute("open");
}
$("help-open").addEventListener("click", openHelp);
$("help-close").addEventListener("click", closeHelp);
dialog.addEventListener("click", (e) => {
  if (e.target === dialog) closeHelp(); // a tap on the backdrop
});
dialog.addEventListener("close", () => $("help-open").focus());

/**
 * A place to talk, as one list item: its name, its number (a tap calls it) or
 * chat address (a link), and its hours, each on a line of its own, and nothing
 * else. `item` is the server's {name, contact, kind: "phone"|"chat", hours, ...},
 * or the built-in / directory shape {name, tel, url, hours}.
 */
function placeNode(item) {
  if (!item || typeof item !== "object") return null;
  const pick = (...keys) => {
    for (const k of keys) if (typeof item[k] === "string" && item[k].trim()) return item[k].trim();
    return null;
  };
  const name = pick("name", "title");
  const contact = pick("contact");
  const tel = pick("tel", "phone") || (contact && item.kind !== "chat" && !/^https?:/i.test(contact) ? contact : null);
  const url = pick("url") || (contact && /^https?:\/\//i.test(contact) ? contact : null);
  const hours = pick("hours");
  const li = document.createElement("li");
  li.className = "place";
  if (name) {
    const s = document.createElement("span");
    s.className = "name";
    s.textContent = name;
    li.append(s);
  }
  const digits = tel ? tel.replace(/[^\d+]/g, "") : "";
  if (digits) {
    const a = document.createElement("a");
    a.className = "contact tel";
    a.href = `tel:${digits}`;
    a.textContent = tel;
    a.setAttribute("aria-label", t("help_call_label", { name: name || "", tel }));
    li.append(a);
  } else if (url && /^https?:\/\//i.test(url)) {
    const a = document.createElement("a");
    a.className = "contact chat";
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.textContent = url.replace(/^https?:\/\//i, "").replace(/\/$/, "");
    a.setAttribute("aria-label", t("help_chat_label", { name: name || "", url: a.textContent }));
    li.append(a);
  }
  if (hours) {
    const s = document.createElement("span");
    s.className = "hours";
    s.textContent = hours;
    li.append(s);
  }
  if (!name && !li.childNodes.length) return null;
  return li;
}

// The consultation finder (consult.js); the built-in national lines until the directory answers.
const consult = new ConsultFinder(t, () => lang, () => HELP_LINES[lang].map(placeNode).filter(Boolean));

function renderHelp() {
  consult.renderControls();
  consult.render();
  const venue = ui.venueSupport.map(placeNode).filter(Boolean);
  $("help-venue-items").replaceChildren(...venue);
  $("help-venue").hidden = venue.length === 0;
}

// -- room switcher ---------------------------------------------------------------
function baseRoom(room) {
  return typeof room === "string" ? room.split("~")[0] : room;
}

function roomLabel(room) {
  if (!room) return "";
  const [base, k] = room.split("~");
  const choice = ROOM_CHOICES.find((c) => c.id === base);
  const stand = ui.booths.find((b) => b.id === base);
  const name = choice ? t(choice.label)
    : stand ? titleIn(stand, lang)
    : base.startsWith("circle:") ? t("room_circle")
      : ui.room === room && ui.info && ui.info.title ? ui.info.title : room;
  return k ? `${name} (${k})` : name;
}

function renderRoomSelect() {
  const sel = $("room-select");
  const opts = ROOM_CHOICES.map((c) => {
    const o = document.createElement("option");
    o.value = c.id;
    o.textContent = t(c.label);
    return o;
  });
  if (ui.booths.length) {
    const group = document.createElement("optgroup");
    group.label = t("booth_rooms");
    for (const b of ui.booths) {
      const o = document.createElement("option");
      o.value = b.id;
      o.textContent = titleIn(b, lang);
      group.append(o);
    }
    opts.push(group);
  }
  const current = baseRoom(ui.room);
  if (current && !ROOM_CHOICES.some((c) => c.id === current) && !ui.booths.some((b) => b.id === current)) {
    const o = document.createElement("option");
    o.value = current;
    o.textContent = ui.info && ui.info.title ? String(ui.info.title) : t("room_other");
    opts.unshift(o);
  }
  sel.replaceChildren(...opts);
  sel.value = current || "lobby";
}

$("room-select").addEventListener("change", (e) => {
  const room = e.target.value;
  if (baseRoom(ui.room) !== room) client.switchRoom(room);
});

// -- status ----------------------------------------------------------------------
function renderStatus() {
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

function showChatStatus(text, kind = "warn") {
  const el = $("chat-status");
  el.className = `chat-status ${kind}`;
  el.textContent = text;
  el.scrollIntoView({ block: "nearest" });  // seen, with the input (sticky below it) still on screen
  clearTimeout(ui.statusTimer);
  ui.statusTimer = setTimeout(hideChatStatus, STATUS_MS);
}

function hideChatStatus() {
  clearTimeout(ui.statusTimer);
  $("chat-status").textContent = ""; // stays in the page: a live region must exist before it speaks
}

function renderFatal() {
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

$("fatal-action").addEventListener("click", () => {
  const f = ui.fatal;
  ui.fatal = null;
  renderFatal();
  if (f) client.restart(f.kind === "kicked");
});

// -- chat log --------------------------------------------------------------------
function entryNode(e) {
  const li = document.createElement("li");
  if (e.type === "sys") {
    li.className = "sys";
    li.dataset.key = e.key;
    li.textContent = t(e.key, e.vars);
    return li;
  }
  li.className = "msg";
  if (ui.selfId && e.from.id === ui.selfId) li.classList.add("own");
  if (e.deleted) li.classList.add("deleted");
  const ts = Number.isFinite(e.ts) ? new Date(e.ts) : new Date();
  const time = document.createElement("time");
  time.className = "time";
  time.dateTime = ts.toISOString();
  time.textContent = fmtTime(ts);
  const dot = document.createElement("span");
  dot.className = "dot";
  dot.setAttribute("aria-hidden", "true");
  dot.style.background = avatarColour(e.from.id);
  const nick = document.createElement("span");
  nick.className = "nick";
  nick.textContent = String(e.from.nick ?? "");
  li.append(time, dot, nick);
  const role = roleLabel(e.from.role);
  if (role) {
    const r = document.createElement("span");
    r.className = "role";
    r.textContent = role;
    li.append(r);
  }
  const text = document.createElement("span");
  text.className = "text";
  text.textContent = e.deleted ? t("message_deleted") : String(e.text ?? "");
  li.append(text);
  return li;
}

function roleLabel(role) {
  return role && role !== "visitor" && TEXTS[lang][`role_${role}`] ? t(`role_${role}`) : "";
}

function renderLog() {
  const log = $("chat-log");
  ui.nodes.clear();
  const nodes = ui.entries.map((e) => {
    const li = entryNode(e);
    if (e.type === "said") ui.nodes.set(e.id, li);
    return li;
  });
  // A whole history at once is not news: keep screen readers from reading it all out.
  log.setAttribute("aria-busy", "true");
  log.replaceChildren(...nodes);
  log.scrollTop = log.scrollHeight;
  setTimeout(() => log.removeAttribute("aria-busy"), 0);
}

/** 「まだ会話はありません」 says the room is quiet: it goes once someone speaks. */
function dropEmptyRoomLine(log) {
  const at = ui.entries.findIndex((x) => x.type === "sys" && x.key === "chat_empty_room");
  if (at < 0) return;
  ui.entries.splice(at, 1);
  log.querySelector('[data-key="chat_empty_room"]')?.remove();
}

function addEntry(e) {
  const log = $("chat-log");
  if (e.type === "said") dropEmptyRoomLine(log);
  const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 48;
  ui.entries.push(e);
  const li = entryNode(e);
  if (e.type === "said") ui.nodes.set(e.id, li);
  log.append(li);
  while (ui.entries.length > MAX_LOG) {
    const old = ui.entries.shift();
    if (old.type === "said") ui.nodes.delete(old.id);
    log.firstElementChild?.remove();
  }
  if (atBottom || (e.type === "said" && e.from.id === ui.selfId)) log.scrollTop = log.scrollHeight;
}

function saidEntry(ev) {
  const from = ev.from && typeof ev.from === "object" ? ev.from : { id: "", nick: "", role: "visitor" };
  return { type: "said", id: ev.id, from, text: ev.text, ts: ev.ts, deleted: false };
}

// -- chat input ------------------------------------------------------------------
const input = $("chat-input");

function updateCount() {
  const n = nfkcLength(input.value);
  const el = $("chat-count");
  el.textContent = n ? `${n}/${MAX_TEXT}` : "";
  el.classList.toggle("over", n > MAX_TEXT);
}
input.addEventListener("input", updateCount);
input.addEventListener("keydown", (e) => {
  // Enter that confirms an IME conversion (Japanese input) must not send.
  if (e.key === "Enter" && (e.isComposing || e.keyCode === 229)) e.preventDefault();
});

$("chat-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const raw = input.value.trim();
  if (!raw) return;
  const n = nfkcLength(raw);
  if (n > MAX_TEXT) {
    showChatStatus(t("chat_too_long", { n }));
    return;
  }
  if (!client.online) {
    showChatStatus(t("status_reconnecting"));
    return;
  }
  input.value = "";
  updateCount();
  const restore = () => {
    if (!input.value) {
      input.value = raw;
      updateCount();
    }
  };
  client.say(raw, (reply, failure) => {
    if (!reply) {
      restore();
      showChatStatus(t(failure === "not_in_room" ? "chat_not_in_room" : "chat_not_sent"));
    } else if (reply.t === "ok") {
      // A cry for help is answered by the support card (one warm message);
      // only an ordinary hold gets "staff will check it first".
      const support = reply.support === true || Date.now() - ui.supportNoticeAt < 3000;
      if (reply.held && !support) showChatStatus(t("chat_held"), "info");
      else hideChatStatus();
    } else {
      // blocked / too_large / rate_limited: the server says why, kindly.
      restore();
      showChatStatus(reply.message || t("error_generic"));
    }
  });
});

// -- members ---------------------------------------------------------------------
function renderMembers() {
  ui.membersQueued = false;
  const all = [...client.members.values()];
  const self = all.filter((m) => m.id === ui.selfId);
  const staff = all.filter((m) => m.id !== ui.selfId && m.role && m.role !== "visitor");
  const rest = all.filter((m) => m.id !== ui.selfId && (!m.role || m.role === "visitor"));
  const ordered = [...self, ...staff, ...rest];
  const items = ordered.slice(0, MAX_MEMBERS_SHOWN).map((m) => {
    const li = document.createElement("li");
    li.dataset.id = m.id;
    const sw = document.createElement("span");
    sw.className = "swatch";
    sw.setAttribute("aria-hidden", "true");
    sw.style.background = avatarColour(m.id, m.avatar);
    const name = document.createElement("span");
    name.className = "member-nick";
    name.textContent = String(m.nick ?? "");
    li.append(sw, name);
    if (m.id === ui.selfId) {
      const you = document.createElement("span");
      you.className = "you";
      you.textContent = t("you");
      li.append(you);
    }
    const role = roleLabel(m.role);
    if (role) {
      const r = document.createElement("span");
      r.className = "role";
      r.textContent = role;
      li.append(r);
    }
    return li;
  });
  if (ordered.length > MAX_MEMBERS_SHOWN) {
    const li = document.createElement("li");
    li.className = "more";
    li.textContent = t("members_more", { n: ordered.length - MAX_MEMBERS_SHOWN });
    items.push(li);
  }
  $("member-list").replaceChildren(...items);
  $("member-count").textContent = all.length ? `(${all.length})` : "";
}

function queueMembers() {
  if (ui.membersQueued) return;
  ui.membersQueued = true;
  requestAnimationFrame(renderMembers);
  setTimeout(() => ui.membersQueued && renderMembers(), 250); // hidden tabs get no frames
}

// -- tabs and layout -------------------------------------------------------------
const tabs = { chat: $("tab-chat"), members: $("tab-members") };
const panels = { chat: $("panel-chat"), members: $("panel-members") };

function selectTab(name, focus = false) {
  ui.tab = name;
  for (const [k, tab] of Object.entries(tabs)) {
    const on = k === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    panels[k].hidden = !on;
  }
  if (focus) tabs[name].focus();
}

for (const [name, tab] of Object.entries(tabs)) {
  tab.addEventListener("click", () => selectTab(name));
  tab.addEventListener("keydown", (e) => {
    const order = ["chat", "members"];
    const i = order.indexOf(name);
    let next = null;
    if (e.key === "ArrowRight") next = order[(i + 1) % order.length];
    else if (e.key === "ArrowLeft") next = order[(i + order.length - 1) % order.length];
    else if (e.key === "Home") next = order[0];
    else if (e.key === "End") next = order[order.length - 1];
    if (next) {
      e.preventDefault();
      selectTab(next, true);
    }
  });
}

function applyLayout() {
  if (desktop.matches) {
    // Side by side: plain labelled regions, no tabs.
    for (const [k, p] of Object.entries(panels)) {
      p.hidden = false;
      p.setAttribute("role", "region");
      p.removeAttribute("aria-labelledby");
      p.setAttribute("aria-label", t(k === "chat" ? "tab_chat" : "member_list_label"));
    }
  } else {
    for (const [k, p] of Object.entries(panels)) {
      p.setAttribute("role", "tabpanel");
      p.setAttribute("aria-labelledby", tabs[k].id);
      p.removeAttribute("aria-label");
    }
    selectTab(ui.tab);
  }
  map.resize();
}
desktop.addEventListener("change", applyLayout);

// -- notices ---------------------------------------------------------------------
function addNotice(msg) {
  if (msg.code === "support_invite") return; // the support sheet opens instead (client "support" event)
  const box = $("notices");
  const card = document.createElement("div");
  const level = typeof msg.level === "string" ? msg.level.replace(/[^a-z]/g, "") : "info";
  const support = msg.code === "support";
  card.className = `notice level-${level}${support ? " support-card" : ""}`;
  const h = document.createElement("h3");
  h.textContent = t(support ? "notice_support_title" : "notice_title");
  card.append(h);
  if (typeof msg.text === "string" && msg.text) {
    const p = document.createElement("p");
    p.textContent = msg.text;
    card.append(p);
  }
  const items = Array.isArray(msg.items) ? msg.items.filter((it) => it && typeof it === "object") : [];
  if (items.length) {
    // The server lists the lines that answer now first; keep its order.
    const ul = document.createElement("ul");
    ul.className = "help-lines support-lines";
    ul.append(...items.map(placeNode).filter(Boolean));
    card.append(ul);
    if (support) {
      for (const it of items) {
        const key = JSON.stringify([it.name, it.contact || it.tel || it.url]);
        if (!ui.venueSupport.some((v) => JSON.stringify([v.name, v.contact || v.tel || v.url]) === key)) ui.venueSupport.push(it);
      }
      renderHelp();
    }
  }
  if (support) {
    ui.supportNoticeAt = Date.now();
    // The sender of a held cry for help sees this card, never also "shown after review".
    if ($("chat-status").textContent === t("chat_held")) hideChatStatus();
    for (const old of box.querySelectorAll(".support-card")) old.remove(); // one card, the latest
  }
  const actions = document.createElement("div");
  actions.className = "notice-actions";
  if (support) {
    const open = document.createElement("button");
    open.type = "button";
    open.className = "btn btn-help";
    open.textContent = t("notice_open_help");
    open.addEventListener("click", openHelp);
    actions.append(open);
  }
  const close = document.createElement("button");
  close.type = "button";
  close.className = "btn";
  close.textContent = t("dismiss");
  close.setAttribute("aria-label", t("dismiss_label"));
  close.addEventListener("click", () => {
    card.remove();
    input.focus();
  });
  actions.append(close);
  card.append(actions);
  box.append(card);
  while (box.children.length > MAX_NOTICES) box.firstElementChild.remove();
  if (!desktop.matches && ui.tab !== "chat") selectTab("chat");
  if (support) {
    // On a phone the card sits below the map: bring it into view, calmly.
    card.scrollIntoView({ block: "start", behavior: reducedMotion.matches ? "auto" : "smooth" });
  }
}

// -- the support conversation (staff and this visitor only) ---------------------------
const STAFF_ROLES = new Set(["moderator", "admin"]);
const sheet = $("support-sheet");
const supportInput = $("support-input");

/** The staff badge is drawn from the server's role, never from what a nickname says. */
function staffBadge(role) {
  if (!STAFF_ROLES.has(role)) return null;
  const b = document.createElement("span");
  b.className = "role staff-badge";
  b.textContent = t("role_staff");
  return b;
}

function supportEntryNode(e) {
  const li = document.createElement("li");
  if (e.type === "sys") {
    li.className = "sys";
    li.dataset.key = e.key;
    li.textContent = t(e.key, e.vars);
    return li;
  }
  const own = ui.selfId && e.from.id === ui.selfId;
  li.className = `msg${own ? " own" : ""}${e.deleted ? " deleted" : ""}`;
  const ts = Number.isFinite(e.ts) ? new Date(e.ts) : new Date();
  const time = document.createElement("time");
  time.className = "time";
  time.dateTime = ts.toISOString();
  time.textContent = fmtTime(ts);
  const nick = document.createElement("span");
  nick.className = "nick";
  nick.textContent = own ? t("you") : String(e.from.nick ?? "");
  li.append(time, nick);
  const badge = own ? null : staffBadge(e.from.role);
  if (badge) li.append(badge);
  const text = document.createElement("span");
  text.className = "text";
  text.textContent = e.deleted ? t("message_deleted") : String(e.text ?? "");
  li.append(text);
  return li;
}

/** Who the visitor is talking to: the staff in the room (or the one who invited). */
function supportStaff() {
  const sup = ui.support;
  if (!sup) return [];
  const inRoom = client.support ? [...client.support.members.values()].filter((m) => STAFF_ROLES.has(m.role)) : [];
  if (inRoom.length) return inRoom;
  return sup.from && STAFF_ROLES.has(sup.from.role) ? [sup.from] : [];
}

function renderSupport() {
  const sup = ui.support;
  sheet.hidden = !sup;
  document.body.classList.toggle("in-support", !!sup);
  if (!sup) return;
  const who = $("support-who");
  const staff = supportStaff();
  const parts = [];
  if (staff.length) {
    parts.push(t("support_with_before"));
    staff.forEach((m, i) => {
      if (i) parts.push(t("support_with_and"));
      const n = document.createElement("strong");
      n.className = "support-nick";
      n.textContent = String(m.nick ?? "");
      parts.push(n);
      const badge = staffBadge(m.role);
      if (badge) parts.push(badge);
    });
    parts.push(t("support_with_after"));
  } else {
    parts.push(t("support_waiting"));
  }
  who.replaceChildren(...parts);
  // The server's invitation says what the sheet already says (who, staff only, leave at any time) in the
  // client's own words, drawn from the role: it is not repeated.
  renderSupportLog();
}

function renderSupportLog() {
  const sup = ui.support;
  const log = $("support-log");
  if (!sup) {
    log.replaceChildren();
    return;
  }
  sup.nodes = new Map();
  log.replaceChildren(...sup.entries.map((e) => {
    const li = supportEntryNode(e);
    if (e.type === "said") sup.nodes.set(e.id, li);
    return li;
  }));
  log.scrollTop = log.scrollHeight;
}

function addSupportEntry(e) {
  const sup = ui.support;
  if (!sup) return;
  if (e.type === "said" && sup.nodes.has(e.id)) return;
  sup.entries.push(e);
  const li = supportEntryNode(e);
  if (e.type === "said") sup.nodes.set(e.id, li);
  const log = $("support-log");
  log.append(li);
  while (sup.entries.length > MAX_LOG) {
    const old = sup.entries.shift();
    if (old.type === "said") sup.nodes.delete(old.id);
    log.firstElementChild?.remove();
  }
  log.scrollTop = log.scrollHeight;
}

client.on("notice", (m) => {
  if (m.code !== "support_invite" || typeof m.room !== "string") return;
  if (!ui.support || ui.support.room !== m.room) {
    ui.support = { room: m.room, from: m.from && typeof m.from === "object" ? m.from : null, text: "", entries: [], nodes: new Map() };
  }
  ui.support.text = typeof m.text === "string" ? m.text : "";
  renderSupport();
  $("support-title").focus();
});

client.on("support", (ev) => {
  if (ev.state === "open") {
    if (!ui.support || ui.support.room !== ev.room) {
      ui.support = { room: ev.room, from: ev.from || null, text: "", entries: [], nodes: new Map() };
    }
    const seen = new Set(ui.support.entries.filter((e) => e.type === "said").map((e) => e.id));
    const fresh = ev.history.filter((h) => !seen.has(h.id)).map(saidEntry);
    ui.support.entries = [...ui.support.entries, ...fresh];
    ui.support.joined = true;
    renderSupport();
    return;
  }
  if (!ui.support || ui.support.room !== ev.room) return;
  ui.support = null;
  renderSupport();
  addEntry({ type: "sys", key: ev.reason === "left" ? "support_left" : "support_ended" });
  input.focus();
});

client.on("support.said", (ev) => addSupportEntry(saidEntry(ev)));
client.on("support.deleted", (ev) => {
  const sup = ui.support;
  const e = sup && sup.entries.find((x) => x.type === "said" && x.id === ev.id);
  if (!e) return;
  e.deleted = true;
  renderSupportLog();
});
client.on("support.presence", ({ joins, leaves }) => {
  for (const m of joins) {
    if (m.id !== ui.selfId) addSupportEntry({ type: "sys", key: "support_joined", vars: { nick: String(m.nick ?? "") } });
  }
  for (const m of leaves) {
    if (m.nick) addSupportEntry({ type: "sys", key: "support_left_line", vars: { nick: String(m.nick) } });
  }
  renderSupport();
});

$("support-leave").addEventListener("click", () => client.leaveSupport());
$("support-help").addEventListener("click", openHelp);
supportInput.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.isComposing || e.keyCode === 229)) e.preventDefault();
});
$("support-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const raw = supportInput.value.trim();
  if (!raw) return;
  const status = $("support-status");
  const n = nfkcLength(raw);
  if (n > MAX_TEXT) {
    status.textContent = t("chat_too_long", { n });
    return;
  }
  supportInput.value = "";
  client.saySupport(raw, (reply, failure) => {
    if (!reply) {
      if (!supportInput.value) supportInput.value = raw;
      status.textContent = t(failure === "not_in_room" ? "support_not_ready" : "chat_not_sent");
    } else if (reply.t === "ok") {
      status.textContent = reply.held ? t("support_held") : "";
    } else {
      if (!supportInput.value) supportInput.value = raw;
      status.textContent = reply.message || t("error_generic");
    }
  });
});

// -- protocol events -------------------------------------------------------------
client.on("status", (s) => {
  ui.status = s;
  renderStatus();
});

client.on("welcome", ({ user, resumed }) => {
  ui.selfId = user ? user.id : null;
  $("venue").dataset.user = ui.selfId || "";
  $("venue").dataset.resumed = String(resumed);
  ui.fatal = null;
  renderFatal();
});

client.on("room", (ev) => {
  const sameRoom = ui.room === ev.room;
  ui.room = ev.room;
  ui.info = ev.info;
  $("venue").dataset.room = ev.room;
  $("room-title").textContent = roomLabel(ev.room);  // the client's own words for the festival's rooms: one language
  map.setRoom(ev.room, ev.info, ev.members, ui.selfId);
  map.setStands(standsFor(ev.room, ev.info, ui.booths, lang));
  if (!sameRoom) $("stand-caption").textContent = "";
  if (!sameRoom) stage.enter(ev.room, ev.info && ev.info.kind);
  renderRoomSelect();
  booth.enter(ev.room);
  if (!sameRoom) caseHall.enter(ev.room);
  if (asked && ev.room === "lobby") { // a link from a case's page: /?room=hall:3 (after this join has settled)
    const room = asked;
    setTimeout(() => client.switchRoom(room), 0);
  }
  asked = null;
  renderMembers();
  ui.entries = ev.history.map(saidEntry);
  if (!sameRoom) {
    ui.entries.push({ type: "sys", key: "room_entered", vars: { room: roomLabel(ev.room) } });
    if (!ev.history.length) ui.entries.push({ type: "sys", key: "chat_empty_room" });
  }
  renderLog();
});

client.on("presence", ({ joins, leaves }) => {
  const announce = Math.max(client.count || 0, client.members.size) <= PRESENCE_LINES_UP_TO; // not in crowds
  for (const m of joins) {
    map.upsert(m, true);
    if (announce && m.id !== ui.selfId) addEntry({ type: "sys", key: "joined_line", vars: { nick: String(m.nick ?? "") } });
  }
  for (const m of leaves) {
    map.remove(m.id);
    if (announce && m.nick) addEntry({ type: "sys", key: "left_line", vars: { nick: String(m.nick) } });
  }
  queueMembers();
});

client.on("said", (ev) => {
  const e = saidEntry(ev);
  if (e.id && ui.nodes.has(e.id)) return; // seen already
  addEntry(e);
  if (e.from.id) map.bubble(e.from.id, String(ev.text ?? ""));
});

client.on("deleted", (ev) => {
  const e = ui.entries.find((x) => x.type === "said" && x.id === ev.id);
  if (!e) return;
  e.deleted = true;
  const old = ui.nodes.get(ev.id);
  if (old) {
    const li = entryNode(e);
    old.replaceWith(li);
    ui.nodes.set(ev.id, li);
  }
});

client.on("moves", ({ batch }) => {
  for (const [id, x, y] of batch) map.glideTo(id, x, y);
});

client.on("notice", addNotice);

client.on("problem", (p) => {
  if (p.code === "room_full_moving") {
    showChatStatus(t("room_full_moving", { room: roomLabel(p.room), next: roomLabel(p.overflow) }), "info");
  } else if (p.code === "room_full") {
    showChatStatus(p.message || t("room_full"));
  } else {
    showChatStatus(p.message || t("error_generic"));
  }
  renderRoomSelect(); // a refused switch: show where we really are
});

client.on("fatal", (f) => {
  if (f.kind === "nick") {
    client.leaveVenue();
    resetVenue();
    showEntry(f.message ? `${t("fatal_nick")} ${f.message}` : t("fatal_nick"));
    return;
  }
  ui.fatal = f;
  renderFatal();
  $("fatal-action").hidden || $("fatal-action").focus();
});

// -- booths, avatars, reactions --------------------------------------------------
const picker = new AvatarPicker($("avatar-picker"), t);
const reactBar = new ReactionBar($("react-bar"), t, (emote) => client.react(emote));
const stage = new StageScreen(t, () => ui.room, (lines) => {
  map.setScreen(lines);
  $("stand-caption").textContent = lines.join(" ／ ");
});
client.on("reacts", ({ batch }) => {
  for (const [id, emote] of batch) map.react(id, emote);
});

const caseHall = new CaseHall(t, (room) => client.switchRoom(room),
  () => ui.room && map.setStands(standsFor(ui.room, ui.info, ui.booths, lang)));
let asked = askedRoom();
const booth = new BoothPanel(client, t, () => ({ age_band: (client.profile && client.profile.age_band) || null }));
new FindDialog(t, () => ({ age_band: (client.profile && client.profile.age_band) || null }));
new WhatsOn(t, () => lang, (room) => { if (baseRoom(ui.room) !== room) client.switchRoom(room); },
  () => (client.profile && client.profile.age_band) || null);
let followUpsChecked = false;
client.on("welcome", () => {
  if (followUpsChecked) return;
  followUpsChecked = true; // once per page: the day after a visit, ask gently
  followUps(t, (card) => $("notices").append(card));
});
boothChoices().then((list) => {
  ui.booths = list;
  renderRoomSelect();
  if (ui.room) map.setStands(standsFor(ui.room, ui.info, ui.booths, lang));
});

// -- start -----------------------------------------------------------------------
applyTexts();
const stored = loadStored();
try {
  $("nick").value = (stored && stored.nick) || sessionStorage.getItem(NICK_KEY) || "";
} catch (_) { /* no storage */ }
if (stored && stored.nick && !nickProblem(stored.nick)) {
  // A reload: come back to the same session and room (within 60 s the server resumes it).
  if (stored.age_band) $("age").value = stored.age_band;
  showVenue();
  client.start({ nick: stored.nick, age_band: stored.age_band || null, lang, avatar: stored.avatar || null }, stored);
} else {
  $("entry").hidden = false;
}
