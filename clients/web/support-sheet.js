// The support conversation in the visitor client (staff and this visitor
// only, client-support.js on the protocol side): the sheet, who the visitor is
// talking to (the staff badge comes from the server's role, never from a
// nickname), its own log, its own input. Leaving it is always one tap.

import { $, t, nfkcLength, ui, MAX_LOG, MAX_TEXT } from "./venue-state.js";
import { openHelp } from "./help-dialog.js";
import { addEntry, saidEntry, sysLineNode, timeNode, textNode } from "./chat-log.js";
import { input, holdImeEnter } from "./chat-input.js";

const STAFF_ROLES = new Set(["moderator", "admin"]);
const sheet = $("support-sheet");
const supportInput = $("support-input");
let client = null; // set by wireSupport()

/** The staff badge is drawn from the server's role, never from what a nickname says. */
function staffBadge(role) {
  if (!STAFF_ROLES.has(role)) return null;
  const b = document.createElement("span");
  b.className = "role staff-badge";
  b.textContent = t("role_staff");
  return b;
}

function supportEntryNode(e) {
  if (e.type === "sys") return sysLineNode(e);
  const li = document.createElement("li");
  const own = ui.selfId && e.from.id === ui.selfId;
  li.className = `msg${own ? " own" : ""}${e.deleted ? " deleted" : ""}`;
  const nick = document.createElement("span");
  nick.className = "nick";
  nick.textContent = own ? t("you") : String(e.from.nick ?? "");
  li.append(timeNode(e), nick);
  const badge = own ? null : staffBadge(e.from.role);
  if (badge) li.append(badge);
  li.append(textNode(e));
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

export function renderSupport() {
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

/** The client's support events, and the sheet's buttons and input. */
export function wireSupport(visitorClient) {
  client = visitorClient;
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
  holdImeEnter(supportInput);
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
}
