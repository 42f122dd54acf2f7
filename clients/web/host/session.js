// The live session: the socket to this node (hello with the token, joining the
// booth's room), the events it brings, and the status line above the console.

import { Connection, wsUrl } from "../conn.js";
import { $ } from "../console/dom.js";
import { lang, t } from "./lang.js";
import { state } from "./state.js";
import { expired } from "./login.js";
import { mergeBoothState, renderMembers } from "./booth-live.js";
import { addQuestion, loadQueue, renderQueue } from "./questions.js";
import { refreshInbox, scheduleInbox } from "./handoffs.js";
import { rejoinSpace, spaceMessage } from "./space.js";

const MAX_NICK = 20;

export const conn = new Connection(wsUrl(), {
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
    rejoinSpace();
  });
}

function join() {
  if (!state.booth) { // a member without a booth: only the members' space and the inbox
    refreshInbox();
    return;
  }
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

function onStatus(s) {
  if (s.code === 4001) {
    // The token expired or was revoked: back to the login form.
    expired();
    return;
  }
  setStatus(s);
}

function onMessage(m) {
  if (spaceMessage(m)) return; // the lounge, a meeting room or a breakout group
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

function setStatus(s) {
  state.status = s;
  renderStatus();
}

export function renderStatus() {
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

export function showConsoleError(text) {
  $("console-error").textContent = text || "";
}
