// The visitor web client: entry form, room map, chat, people, help.
// Texts written by other people are only ever inserted with textContent.
// This module wires the page's parts together and answers the client's
// protocol events; each part is a module of its own (docs/clients.md).

import { toggleLang } from "./i18n.js";
import { Client, loadStored } from "./client.js";
import { MapView } from "./map.js";
import { BoothPanel, boothChoices } from "./booth.js";
import { FindDialog } from "./find.js";
import { WhatsOn } from "./whatson.js";
import { standsFor, hallOf } from "./stands.js";
import { AvatarPicker } from "./avatar-picker.js";
import { ReactionBar } from "./reactions.js";
import { StageScreen } from "./stage-screen.js";
import { followUps } from "./tickets.js";
import { CaseHall, askedRoom } from "./case-hall.js";
import { $, LANG_KEY, lang, setLang, t, ui, reducedMotion } from "./venue-state.js";
import { renderHelp, wireHelp } from "./help-dialog.js";
import { baseRoom, roomLabel, renderRoomSelect, wireRoomPicker } from "./room-picker.js";
import { renderStatus, renderFatal, wireFatal } from "./venue-status.js";
import { showChatStatus, hideChatStatus, entryNode, renderLog, addEntry, saidEntry } from "./chat-log.js";
import { updateCount, wireChatInput } from "./chat-input.js";
import { renderMembers, queueMembers } from "./members-list.js";
import { applyLayout, wireLayout } from "./venue-layout.js";
import { addNotice } from "./notices.js";
import { renderSupport, wireSupport } from "./support-sheet.js";

const NICK_KEY = "tsunagaru.nick";
const PRESENCE_LINES_UP_TO = 20; // announce arrivals only in small rooms
const MAX_NICK = 20;
const NICK_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\u2028\u2029]/u;

// -- state ---------------------------------------------------------------------
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
  renderMembers(client);
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
  renderMembers(client);
  renderHelp();
}

// -- header ----------------------------------------------------------------------
$("lang-toggle").addEventListener("click", () => {
  setLang(toggleLang(LANG_KEY, lang));
  if (client.profile) client.profile.lang = lang; // used by the next hello
  applyTexts();
});

// -- the page's parts (in the order their listeners were always added) -------------
wireHelp();
wireRoomPicker(client);
wireFatal(client);
wireChatInput(client);
wireLayout(() => map.resize());
wireSupport(client);

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
  renderMembers(client);
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
  queueMembers(client);
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