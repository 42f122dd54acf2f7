// The members' space: the secretariat's notices, upcoming meetings, and one staff
// room at a time (the lounge, a meeting room or a breakout group) on the same
// socket as the booth: its pinned agenda, who is there, and its chat, with the room
// drawn as a map to walk in (space-map.js). When the
// secretariat splits a meeting, this console goes to the group it was given and
// comes back when told (docs/secretariat.md "Breakout groups").

import { $, h } from "../console/dom.js";
import { t, fmtDateTime, fmtTime } from "./lang.js";
import { api } from "../console/api.js";
import { errorMessage, replyError } from "./api.js";
import { state } from "./state.js";
import { conn } from "./session.js";
import { spaceMap } from "./space-map.js";
import { EXIT, LOUNGE } from "../scenery-meeting.js";

const LINES_KEPT = 100;

const space = {
  room: null, // the staff room this console is in
  title: "",
  pinned: null, // the meeting pinned in it
  members: new Map(),
  lines: [], // said events
  meetings: [],
  notices: [],
  note: "", // the last thing to tell (moved to a group, back, a refusal)
};
const drawn = spaceMap({
  onDoor: (room) => (room === EXIT ? leaveRoom() : enterRoom(room)),
  roomName: (room) => (room === EXIT ? t("space_exit") : roomName(room)),
  exitOf: (room) => meetingOf(room),
});
window.__space = space; // for the browser tests
window.__spaceMap = drawn.map;

export async function loadSpace() {
  const [meetings, notices] = await Promise.all([api("GET", "/api/meetings"), api("GET", "/api/notices")]);
  space.meetings = meetings.status === 200 && Array.isArray(meetings.body?.meetings) ? meetings.body.meetings : [];
  space.notices = notices.status === 200 && Array.isArray(notices.body?.notices) ? notices.body.notices : [];
  $("space-error").textContent = meetings.status === 200 ? "" : errorMessage(meetings);
  renderSpace();
}

/** Enter a staff room (leaving the one this console was in). */
export function enterRoom(room, note = "") {
  const before = space.room;
  conn.request({ t: "join", room }, (reply, failure) => {
    if (!reply || reply.t !== "ok") {
      space.note = replyError(reply, failure, "error_generic");
      renderSpace();
      return;
    }
    if (before && before !== room) conn.request({ t: "leave", room: before });
    space.room = room;
    space.title = reply.info && typeof reply.info.title === "string" ? reply.info.title : room;
    space.pinned = null;
    space.members = new Map((reply.members || []).filter((m) => m && typeof m.id === "string").map((m) => [m.id, m]));
    space.lines = (reply.history || []).filter((e) => e && e.t === "said");
    space.note = note;
    drawn.show(room, reply.info, [...space.members.values()], state.selfId);
    renderSpace();
  });
}

export function leaveRoom() {
  if (!space.room) return;
  conn.request({ t: "leave", room: space.room });
  space.room = null;
  space.pinned = null;
  space.note = "";
  drawn.show(null);
  renderSpace();
}

/** After a reconnection: the new session is in no room yet. */
export function rejoinSpace() {
  if (space.room) enterRoom(space.room);
}

/** A socket message about the members' space; true when it was one. */
export function spaceMessage(m) {
  if (m.t === "breakout") {
    if (m.room !== space.room) return true;
    const mine = m.assign && typeof m.assign === "object" ? m.assign[state.selfId] : null;
    if (typeof mine === "string") enterRoom(mine, t("space_moved_to_group", { room: groupName(mine) }));
    else if (typeof m.back_to === "string") enterRoom(m.back_to, t("space_moved_back"));
    return true;
  }
  if (!space.room || m.room !== space.room) return m.t === "pinned";
  if (m.t === "moves") { // 10 a second: the map only, no list drawn again
    drawn.moves(m.batch);
    return true;
  }
  switch (m.t) {
    case "pinned":
      space.pinned = m.meeting && typeof m.meeting === "object" ? m.meeting : null;
      break;
    case "presence":
      for (const j of Array.isArray(m.joins) ? m.joins : []) if (j && typeof j.id === "string") space.members.set(j.id, j);
      for (const id of Array.isArray(m.leaves) ? m.leaves : []) space.members.delete(id);
      drawn.presence(m);
      break;
    case "said":
      space.lines = [...space.lines, m].slice(-LINES_KEPT);
      drawn.said(m);
      break;
    case "deleted":
      space.lines = space.lines.filter((l) => l.id !== m.id);
      break;
    case "reset":
      enterRoom(space.room);
      return true;
    default:
      return false;
  }
  renderSpace();
  return true;
}

function groupName(room) {
  const k = /-g(\d+)$/.exec(room);
  return k ? t("space_group", { n: k[1] }) : room;
}

/** A breakout group's meeting room (`staff:<key>-g<k>` → `staff:<key>`); null for any other room. */
function meetingOf(room) {
  const k = /^(staff:.+)-g\d+$/.exec(room);
  return k ? k[1] : null;
}

function roomName(room) {
  if (room === LOUNGE) return t("space_lounge");
  return groupName(room) !== room ? groupName(room) : (space.meetings.find((x) => x.room === room)?.title || room);
}

function linkItem(title, url) {
  // Only https links reach here (the server refuses others); still, never anything but https.
  if (typeof url !== "string" || !url.startsWith("https://")) return null;
  return h("li", {}, h("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: title || url }));
}

function renderPinned() {
  const box = $("space-pinned");
  const p = space.pinned;
  box.hidden = !p;
  if (!p) return;
  $("space-pinned-title").textContent = `${p.title} (${fmtDateTime(p.starts_ms)}–${fmtTime(p.ends_ms)})`;
  $("space-pinned-agenda").textContent = p.agenda || "";
  const links = [];
  if (p.video_url) links.push(linkItem(t("space_video"), p.video_url));
  for (const l of Array.isArray(p.links) ? p.links : []) links.push(linkItem(l.title, l.url));
  $("space-pinned-links").replaceChildren(...links.filter(Boolean));
}

function renderRoom() {
  const inRoom = !!space.room;
  $("space-room").hidden = !inRoom;
  $("space-note").textContent = space.note;
  if (!inRoom) return;
  $("space-room-title").textContent = roomName(space.room);
  drawn.render(roomName(space.room), space.pinned);
  renderPinned();
  const people = [...space.members.values()].sort((a, b) => String(a.nick).localeCompare(String(b.nick)));
  $("space-people").textContent = t("space_people", { n: people.length, names: people.map((p) => p.nick).join("、") });
  $("space-lines").replaceChildren(...space.lines.map((l) => h("li", {},
    h("span", { class: "time", text: fmtTime(l.ts) }), " ",
    h("strong", { text: String(l.from?.nick ?? "") }), " ", h("span", { text: String(l.text ?? "") }))));
}

function renderLists() {
  $("notice-empty").hidden = space.notices.length > 0;
  $("notice-list").replaceChildren(...space.notices.map((n) => h("li", { class: "notice" },
    h("strong", { text: n.title }), " ", h("span", { class: "time", text: fmtDateTime(n.posted_ms) }),
    n.body ? h("p", { text: n.body }) : null)));
  $("meeting-empty").hidden = space.meetings.length > 0;
  $("meeting-list").replaceChildren(...space.meetings.map((m) => h("li", { class: "meeting" },
    h("strong", { text: m.title }), " ",
    h("span", { class: "time", text: `${fmtDateTime(m.starts_ms)}–${fmtTime(m.ends_ms)}` }), " ",
    h("button", { class: "btn", type: "button", dataset: { room: m.room }, text: t("space_enter"),
                   "aria-label": t("space_enter_meeting", { title: m.title }), onclick: () => enterRoom(m.room) }))));
}

export function renderSpace() {
  renderLists();
  renderRoom();
}

$("space-lounge").addEventListener("click", () => enterRoom(LOUNGE));
$("space-leave").addEventListener("click", () => leaveRoom());
$("space-say-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const box = $("space-say-text");
  const text = box.value.trim();
  if (!text || !space.room) return;
  conn.request({ t: "say", room: space.room, text }, (reply, failure) => {
    if (reply && reply.t === "ok") {
      box.value = "";
      space.note = reply.held ? t("space_held") : "";
    } else space.note = replyError(reply, failure, "space_blocked");
    renderSpace();
  });
});
