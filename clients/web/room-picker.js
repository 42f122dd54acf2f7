// The visitor client's room picker and room names: the festival's rooms in the
// client's own words, the booths in the chosen language, overflow rooms as
// "name (2)".

import { ROOM_CHOICES } from "./texts.js";
import { titleIn } from "./i18n.js";
import { $, t, lang, ui } from "./venue-state.js";

export function baseRoom(room) {
  return typeof room === "string" ? room.split("~")[0] : room;
}

export function roomLabel(room) {
  if (!room) return "";
  const [base, k] = room.split("~");
  const choice = ROOM_CHOICES.find((c) => c.id === base);
  const stand = ui.booths.find((b) => b.id === base);
  const name = choice ? t(choice.label)
    : stand ? titleIn(stand, lang)
    : base.startsWith("circle:") ? t("room_circle")
      : ui.room === room && ui.info && ui.info.title ? ui.info.title : room;
  return k ? `${name} (${k})` : name;
}

export function renderRoomSelect() {
  const sel = $("room-select");
  const opts = ROOM_CHOICES.map((c) => {
    const o = document.createElement("option");
    o.value = c.id;
    o.textContent = t(c.label);
    return o;
  });
  if (ui.booths.length) {
    const group = document.createElement("optgroup");
    group.label = t("booth_rooms");
    for (const b of ui.booths) {
      const o = document.createElement("option");
      o.value = b.id;
      o.textContent = titleIn(b, lang);
      group.append(o);
    }
    opts.push(group);
  }
  const current = baseRoom(ui.room);
  if (current && !ROOM_CHOICES.some((c) => c.id === current) && !ui.booths.some((b) => b.id === current)) {
    const o = document.createElement("option");
    o.value = current;
    o.textContent = ui.info && ui.info.title ? String(ui.info.title) : t("room_other");
    opts.unshift(o);
  }
  sel.replaceChildren(...opts);
  sel.value = current || "lobby";
}

/** A choice in the picker switches rooms (not to the room we are in already). */
export function wireRoomPicker(client) {
  $("room-select").addEventListener("change", (e) => {
    const room = e.target.value;
    if (baseRoom(ui.room) !== room) client.switchRoom(room);
  });
}
