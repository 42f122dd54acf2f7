// The visitor client's chat log: the room's messages and the client's own
// lines ("... came in"), kept to the last MAX_LOG, and the status line under
// it that says what went wrong with a message or a room. Texts written by
// others are set with textContent only.

import { TEXTS } from "./texts.js";
import { avatarColour } from "./map.js";
import { $, t, lang, fmtTime, ui, MAX_LOG } from "./venue-state.js";

const STATUS_MS = 9000;

export function showChatStatus(text, kind = "warn") {
  const el = $("chat-status");
  el.className = `chat-status ${kind}`;
  el.textContent = text;
  el.scrollIntoView({ block: "nearest" });  // seen, with the input (sticky below it) still on screen
  clearTimeout(ui.statusTimer);
  ui.statusTimer = setTimeout(hideChatStatus, STATUS_MS);
}

export function hideChatStatus() {
  clearTimeout(ui.statusTimer);
  $("chat-status").textContent = ""; // stays in the page: a live region must exist before it speaks
}

/** A line of the client's own ("... came in"); this and the next two are the parts both logs (the room's, the support conversation's) share. */
export function sysLineNode(e) {
  const li = document.createElement("li");
  li.className = "sys";
  li.dataset.key = e.key;
  li.textContent = t(e.key, e.vars);
  return li;
}

/** When a message was said. */
export function timeNode(e) {
  const ts = Number.isFinite(e.ts) ? new Date(e.ts) : new Date();
  const time = document.createElement("time");
  time.className = "time";
  time.dateTime = ts.toISOString();
  time.textContent = fmtTime(ts);
  return time;
}

/** What a message says (or that it was deleted). */
export function textNode(e) {
  const text = document.createElement("span");
  text.className = "text";
  text.textContent = e.deleted ? t("message_deleted") : String(e.text ?? "");
  return text;
}

export function entryNode(e) {
  if (e.type === "sys") return sysLineNode(e);
  const li = document.createElement("li");
  li.className = "msg";
  if (ui.selfId && e.from.id === ui.selfId) li.classList.add("own");
  if (e.deleted) li.classList.add("deleted");
  const dot = document.createElement("span");
  dot.className = "dot";
  dot.setAttribute("aria-hidden", "true");
  dot.style.background = avatarColour(e.from.id);
  const nick = document.createElement("span");
  nick.className = "nick";
  nick.textContent = String(e.from.nick ?? "");
  li.append(timeNode(e), dot, nick);
  const role = roleLabel(e.from.role);
  if (role) {
    const r = document.createElement("span");
    r.className = "role";
    r.textContent = role;
    li.append(r);
  }
  li.append(textNode(e));
  return li;
}

export function roleLabel(role) {
  return role && role !== "visitor" && TEXTS[lang][`role_${role}`] ? t(`role_${role}`) : "";
}

export function renderLog() {
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

export function addEntry(e) {
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

export function saidEntry(ev) {
  const from = ev.from && typeof ev.from === "object" ? ev.from : { id: "", nick: "", role: "visitor" };
  return { type: "said", id: ev.id, from, text: ev.text, ts: ev.ts, deleted: false };
}
