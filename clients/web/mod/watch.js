// Watching a room: its history and held messages, the room's tools (slow
// mode, lock) and stopping.

import { $ } from "../console/dom.js";
import { t } from "./lang.js";
import { MAX_FEED, remember, saidEntry, st } from "./state.js";
import { act, toast } from "./api.js";
import { renderFeed } from "./feed.js";
import { renderHeld } from "./held.js";
import { renderRooms, roomTitle } from "./rooms.js";

export function watch(room, again = false) {
  if (!again && room === st.room) {
    $("feed-section").scrollIntoView({ block: "start", behavior: "smooth" });
    return;
  }
  const previous = st.room;
  if (previous && previous !== room && st.conn && st.conn.open) st.conn.request({ t: "mod.unwatch", room: previous });
  showRoom(room);
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
  showRoom(null);
}

/** The watched room (or none) with an empty feed and no held messages, until the server's reply fills them. */
function showRoom(room) {
  st.room = room;
  st.feed = [];
  st.held.clear();
  renderRooms();
  renderRoomTools();
  renderFeed();
  renderHeld();
}
$("stop-watching").addEventListener("click", stopWatching);

export function renderRoomTools() {
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
