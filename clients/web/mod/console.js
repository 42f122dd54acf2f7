// Opening and closing the console (the token is kept in sessionStorage: this
// tab only), and drawing every panel of it again.

import { $ } from "../console/dom.js";
import { api, keep } from "../console/api.js";
import { st } from "./state.js";
import { renderAlerts, updateTitle } from "./alerts.js";
import { loadAudit, renderAudit } from "./audit.js";
import { renderFeed } from "./feed.js";
import { renderHeld } from "./held.js";
import { showLogin } from "./login.js";
import { renderReports } from "./reports.js";
import { refreshRooms, renderRooms } from "./rooms.js";
import { connect } from "./session.js";
import { renderSupports } from "./support.js";
import { renderRoomTools } from "./watch.js";

export const TOKEN_KEY = "tsunagaru.mod.token"; // sessionStorage only: gone when the tab closes
export const KIND_KEY = "tsunagaru.mod.kind"; // "login" (revocable) or "service"
const ROOMS_EVERY_MS = 5000;

export function renderAll() {
  renderSupports();
  renderRooms();
  renderRoomTools();
  renderFeed();
  renderHeld();
  renderAlerts();
  renderReports();
  renderAudit();
}

export function startSession(token, kind, roomsBody) {
  st.token = token;
  st.kind = kind;
  keep(TOKEN_KEY, token);
  keep(KIND_KEY, kind);
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

export function endSession(errorKey) {
  const { token, kind } = st;
  clearInterval(st.roomsTimer);
  st.roomsTimer = null;
  if (st.conn) {
    const conn = st.conn;
    st.conn = null;
    conn.stop(1000);
  }
  if (token && kind === "login") {
    api("POST", "/api/auth/logout", undefined, token);
  }
  keep(TOKEN_KEY, null);
  keep(KIND_KEY, null);
  Object.assign(st, { token: null, kind: null, rooms: null, room: null, feed: [], reports: null, audit: null,
                      alerts: [], status: { state: "stopped" } });
  st.supports.clear();
  st.held.clear();
  updateTitle();
  st.feedNodes.clear();
  showLogin(errorKey);
}

$("logout").addEventListener("click", () => endSession());
