// The rooms list: every room with its number of people, refreshed every few
// seconds; choosing one watches it.

import { $, h, keepFocus } from "../console/dom.js";
import { t } from "./lang.js";
import { st } from "./state.js";
import { api } from "../console/api.js";
import { endSession } from "./console.js";
import { watch } from "./watch.js";

export async function refreshRooms() {
  if (!st.token) return;
  const r = await api("GET", "/api/moderation/rooms", undefined, st.token);
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
  keepFocus(renderRooms);
}

export function roomTitle(room) {
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

export function renderRooms() {
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
