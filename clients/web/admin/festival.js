// The festival at a glance, read from the APIs the other consoles use: the booths and whether each is
// open, the stage programme and the booths' live sessions (the festival's events), and every room with
// how many are in it and whether a moderator locked it.

import { $, h } from "../console/dom.js";
import { fmtDate, label, t } from "./lang.js";
import { api } from "../console/api.js";

let seen = { booths: [], events: [], rooms: [] };

export async function loadFestival() {
  const [booths, events, rooms] = await Promise.all([
    api("GET", "/api/booths"), api("GET", "/api/events?source=festival&per_page=50"),
    api("GET", "/api/moderation/rooms")]);
  seen = {
    booths: booths.status === 200 ? booths.body.booths : [],
    events: events.status === 200 ? events.body.contents : [],
    rooms: rooms.status === 200 ? rooms.body.rooms : [],
  };
  renderFestival();
}

function roomTitle(id) {
  const room = seen.rooms.find((r) => r.room === id);
  return room ? room.title : id || "";
}

export function renderFestival() {
  const open = seen.booths.filter((b) => b.open).length;
  $("festival-summary").textContent = t("festival_summary", { booths: seen.booths.length, open,
    rooms: seen.rooms.length, locked: seen.rooms.filter((r) => r.locked).length,
    people: seen.rooms.reduce((n, r) => n + r.members, 0) });
  $("festival-booths").replaceChildren(...seen.booths.map((b) => h("li", { "data-slug": b.slug },
    h("span", { class: `badge ${b.open ? "badge-approved" : ""}` }, t(b.open ? "booth_open" : "booth_closed")), " ",
    b.title, b.open || !b.next_open ? null : h("span", { class: "hint" }, ` ${t("booth_next", { when: fmtDate(Date.parse(b.next_open)) })}`))));
  $("festival-booths-none").hidden = seen.booths.length > 0;
  $("festival-programme").replaceChildren(...seen.events.map((e) => h("li", { "data-id": e.id },
    h("strong", {}, fmtDate(Date.parse(e.start))), " ", e.name, h("span", { class: "hint" }, ` ${roomTitle(e.room)}`))));
  $("festival-programme-none").hidden = seen.events.length > 0;
  $("festival-rooms").replaceChildren(...seen.rooms.map((r) => h("tr", { "data-room": r.room, class: r.locked ? "locked" : null },
    h("th", { scope: "row" }, r.title), h("td", {}, label("room_kind", r.kind)), h("td", {}, r.members),
    h("td", {}, r.locked ? t("room_locked") : t("room_unlocked")))));
}

$("festival-refresh").addEventListener("click", () => loadFestival());
