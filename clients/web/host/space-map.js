// The staff room drawn as a map in the host console: the visitor client's MapView with the
// staff rooms' scenery (scenery-meeting.js). Staff walk in it (tap, click or the arrow keys),
// see who is where and what they say, read the meeting's title and agenda on the whiteboard,
// and walk out through its door (a breakout group's door leads back to its meeting room).

import { $ } from "../console/dom.js";
import { MOVE_INTERVAL_MS } from "../client.js";
import { MapView } from "../map.js";
import { lang, t } from "./lang.js";
import { conn } from "./session.js";

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

/**
 * The map of the staff room this console is in. opts.onDoor(room), opts.roomName(room) (for the
 * door's sign: EXIT included), opts.exitOf(room) (where its door leads; null: out).
 */
export function spaceMap(opts) {
  const move = { room: null, pos: null, timer: null, lastAt: 0 };
  const sendMove = () => {
    move.timer = null;
    if (!move.room || !move.pos) return;
    if (conn.send({ t: "move", room: move.room, x: move.pos.x, y: move.pos.y })) move.lastAt = Date.now();
  };
  const map = new MapView($("space-map"), $("space-map-wrap"), {
    onSelfMove: (x, y) => {
      move.pos = { x, y };
      if (move.timer) return;
      const wait = move.lastAt + MOVE_INTERVAL_MS - Date.now();
      if (wait <= 0) sendMove();
      else move.timer = setTimeout(sendMove, wait);
    },
    onDoor: (room) => opts.onDoor(room),
    roomName: (room) => opts.roomName(room),
    exitOf: (room) => opts.exitOf(room),
    reducedMotion: () => reducedMotion.matches,
  });
  let painted = lang; // the language the door's sign was painted in
  return {
    map,
    /** Entering `room` (null: out of every staff room). */
    show(room, info, members, selfId) {
      move.room = room;
      move.pos = null;
      map.setRoom(room, room ? info : null, room ? members : [], selfId);
    },
    presence(m) {
      for (const j of Array.isArray(m.joins) ? m.joins : []) if (j && typeof j.id === "string") map.upsert(j, true);
      for (const id of Array.isArray(m.leaves) ? m.leaves : []) map.remove(typeof id === "string" ? id : id && id.id);
    },
    moves(batch) {
      for (const item of Array.isArray(batch) ? batch : []) {
        const [id, x, y] = Array.isArray(item) ? item : [];
        if (Number.isFinite(x) && Number.isFinite(y)) map.glideTo(id, x, y);
      }
    },
    said(m) {
      if (m.from && typeof m.from.id === "string") map.bubble(m.from.id, String(m.text ?? ""));
    },
    /** The whiteboard (the room's name, the pinned meeting's title and agenda) and the texts in this language. */
    render(title, pinned) {
      const lines = [title];
      if (pinned && pinned.title && pinned.title !== title) lines.push(pinned.title);
      for (const line of String(pinned?.agenda || "").split("\n")) if (line.trim()) lines.push(line.trim());
      map.setScreen(lines); // as many as the whiteboard holds at this size (scenery.drawScreen)
      $("space-map").setAttribute("aria-label", t("space_map_label"));
      if (painted !== lang) {
        painted = lang;
        map.refreshScene();
      }
    },
  };
}
