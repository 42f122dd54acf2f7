// The stage's screen: what is on now and next and who presents it, from the stage programme (the
// festival's events held in the stage room, GET /api/events?source=festival; the programme's
// `presenter` comes as the event's `organizer`), drawn on the screen above the stage
// and written in the caption under the map (read out by screen readers). Asked again every
// minute while the visitor is on the stage.

import { jstDay } from "./whatson.js";

const REFRESH_MS = 60_000;

function hhmm(iso) {
  return new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

/** The session on now and the next one in `room` today or tomorrow (JST), or nulls. */
export async function nowAndNext(room, now = Date.now()) {
  const from = jstDay(new Date(now));
  const to = jstDay(new Date(now + 24 * 3600 * 1000));
  const r = await fetch(`/api/events?${new URLSearchParams({ source: "festival", from, to, per_page: "50" })}`);
  if (!r.ok) throw new Error(String(r.status));
  const here = ((await r.json()).contents || []).filter((e) => e.room === room && Date.parse(e.end) > now)
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const on = here.find((e) => Date.parse(e.start) <= now) || null;
  const next = here.find((e) => Date.parse(e.start) > now) || null;
  return { on, next };
}

/** Keeps the stage's screen up to date while `room()` is a stage; `show(lines)` draws them. */
export class StageScreen {
  constructor(t, room, show) {
    this.t = t;
    this.room = room;
    this.show = show;
    this.timer = null;
  }

  async enter(room, kind) {
    clearTimeout(this.timer);
    if (kind !== "stage") return;
    let lines;
    try {
      const { on, next } = await nowAndNext(room);
      lines = [on ? this.line("stage_now", on) : this.t("stage_nothing_now")];
      if (next) lines.push(this.line("stage_next", next, { time: hhmm(next.start) }));
    } catch (_) {
      return; // no programme to show: the screen stays blank
    }
    if (this.room() !== room) return;
    this.show(lines);
    this.timer = setTimeout(() => this.enter(room, kind), REFRESH_MS);
  }

  /** One session's line, naming who presents it when the programme says. */
  line(key, e, vars = {}) {
    if (!e.organizer) return this.t(key, { ...vars, name: e.name });
    return this.t(`${key}_by`, { ...vars, name: e.name, by: e.organizer });
  }
}
