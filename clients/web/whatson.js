// 「きょう・今週」: what is on now and next, at the festival (the booths' live
// sessions) and near home (the directory's events in the municipality the
// visitor picked — the same picker and the same remembered choice as 相談する;
// without one, online events). Occurrences come from GET /api/events, already
// expanded with holidays and closures; each links to its public page, and a
// festival session to its booth's room.

import { MunicipalityPicker } from "./places.js";

const $ = (id) => document.getElementById(id);
const DAYS = 7;
const JA_WEEKDAYS = "日月火水木金土";
const EN_WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** YYYY-MM-DD of `date` in Japan (the days of /api/events are JST days). */
export function jstDay(date) {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Tokyo" }).format(date);
}

function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export class WhatsOn {
  /**
   * `t` the client's texts, `lang()` its language, `goRoom(room)` moves the visitor into a room,
   * `ageBand()` the band the visitor stated at hello (or null): events for other ages are left out.
   */
  constructor(t, lang, goRoom, ageBand = () => null) {
    this.t = t;
    this.lang = lang;
    this.goRoom = goRoom;
    this.ageBand = ageBand;
    this.asked = {};
    this.dialog = $("whatson-dialog");
    this.picker = new MunicipalityPicker($("whatson-pref"), $("whatson-city"), this._none(), () => this.loadNear());
    $("whatson-open").addEventListener("click", () => this.open());
    $("whatson-close").addEventListener("click", () => this.dialog.close());
  }

  _none() {
    return { pref: this.t("consult_pick_pref"), city: this.t("consult_pick_city") };
  }

  async open() {
    if (typeof this.dialog.showModal === "function") this.dialog.showModal();
    else this.dialog.setAttribute("open", "");
    $("whatson-title").focus();
    try {
      if (!this.picker.table) await this.picker.load();
      this.picker.setTexts(this._none());
    } catch (_) { /* without the table: online events only */ }
    await Promise.all([this.loadFestival(), this.loadNear()]);
  }

  _window() {
    const from = jstDay(new Date());
    return { from, to: addDays(from, DAYS - 1) };
  }

  async _fetch(params) {
    const r = await fetch(`/api/events?${new URLSearchParams({ ...this._window(), per_page: "50", ...params })}`);
    if (!r.ok) throw new Error(String(r.status));
    return (await r.json()).contents || [];
  }

  async loadFestival() {
    await this._show("whatson-festival", "whatson-festival-status", { source: "festival" }, "whatson_festival_none");
  }

  async loadNear() {
    const code = this.picker.value;
    $("whatson-near-hint").textContent = this.t(code ? "whatson_near_home" : "whatson_near_none");
    const params = code ? { source: "directory", municipality: code } : { source: "directory", online: "true" };
    if (this.ageBand()) params.age_band = this.ageBand();
    await this._show("whatson-near", "whatson-near-status", params, "whatson_near_empty");
  }

  async _show(listId, statusId, params, emptyKey) {
    const list = $(listId);
    const asked = (this.asked[listId] = (this.asked[listId] || 0) + 1); // a later choice wins over a slower answer
    $(statusId).textContent = this.t("whatson_loading");
    let found;
    try {
      found = await this._fetch(params);
    } catch (_) {
      if (asked === this.asked[listId]) $(statusId).textContent = this.t("whatson_failed");
      return;
    }
    if (asked !== this.asked[listId]) return;
    const now = Date.now();
    const current = found.filter((e) => Date.parse(e.end) > now);
    list.replaceChildren(...current.slice(0, 12).map((e) => this._item(e, Date.parse(e.start) <= now)));
    $(statusId).textContent = current.length ? "" : this.t(emptyKey);
  }

  _when(e) {
    const start = new Date(e.start);
    const day = jstDay(start);
    const today = jstDay(new Date());
    const en = this.lang() === "en";
    const parts = new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Tokyo", month: "numeric", day: "numeric",
      weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(start);
    const get = (type) => (parts.find((p) => p.type === type) || {}).value;
    const weekday = EN_WEEKDAYS.indexOf(get("weekday"));
    let label;
    if (day === today) label = this.t("whatson_today");
    else if (day === addDays(today, 1)) label = this.t("whatson_tomorrow");
    else label = en ? `${get("weekday")} ${get("month")}/${get("day")}` : `${get("month")}/${get("day")}(${JA_WEEKDAYS[weekday]})`;
    if (e.all_day) return `${label} ${this.t("whatson_all_day")}`;
    const endAt = new Date(e.end);
    const clock = new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit",
      hourCycle: "h23" }).format(endAt);
    const end = clock === "00:00" && jstDay(endAt) !== day ? "24:00" : clock; // until midnight
    return `${label} ${get("hour")}:${get("minute")}〜${end}`;
  }

  _item(e, now) {
    const li = document.createElement("li");
    li.className = "whatson-item";
    const when = document.createElement("p");
    when.className = "whatson-when";
    if (now) {
      const badge = document.createElement("span");
      badge.className = "whatson-now";
      badge.textContent = this.t("whatson_now");
      when.append(badge, " ");
    }
    when.append(this._when(e));
    const name = document.createElement("a");
    name.className = "whatson-name";
    name.href = e.page;
    name.target = "_blank";
    name.rel = "noopener";
    name.textContent = e.name;
    const where = document.createElement("p");
    where.className = "hint whatson-where";
    where.textContent = [e.booth ? e.note : e.place, e.organizer].filter(Boolean).join(" · ");
    li.append(when, name, where);
    if (e.room) {
      const go = document.createElement("button");
      go.type = "button";
      go.className = "btn";
      go.textContent = this.t(e.booth ? "whatson_go_booth" : "whatson_go_stage");
      go.addEventListener("click", () => {
        this.dialog.close();
        this.goRoom(e.room);
      });
      li.append(go);
    }
    return li;
  }
}
