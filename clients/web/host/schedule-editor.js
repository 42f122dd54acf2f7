// The hours and dates of one activity, as rows a host can edit: every week on
// some days, the nth weekday of the month, dates (each day from–to), days
// closed, 年末年始 closed, "closed on public holidays", and the capacity.
// The rows are HSDS schedule rows written straight into the service document;
// saving sends them with the organisation (PUT /api/organizations/{id}), where
// the import's own checks apply (booths/schedule.py), so a row the server
// cannot use is refused by field, never half saved. A row of another shape
// (from an import: bymonthday, interval…) is shown by its words and kept as it is.

import { h } from "../console/dom.js";
import { t } from "./lang.js";

const DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
const NTH = ["1", "2", "3", "4", "-1"];
const YEAR_END = "12-29/01-03";
const MAX_DAILY_SPAN_DAYS = 31; // booths/events.py MAX_DAILY_SPAN_DAYS
export const KINDS = ["weekly", "monthly", "dates", "closed", "year_end"];

/** Which editor a row fits, or null (kept as it is). */
export function rowKind(row) {
  if (!row || typeof row !== "object") return null;
  const plain = !row.interval || row.interval === 1;
  if (row.x_closed === true || row.closed === true) {
    if (row.x_annual === YEAR_END && !row.opens_at) return "year_end";
    if (typeof row.valid_from === "string" && !row.x_annual && !row.opens_at && !row.freq) return "closed";
    return null;
  }
  if (row.freq === "WEEKLY" && plain && !row.bymonthday) return "weekly";
  if (row.freq === "MONTHLY" && plain && !row.bymonthday && /^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/.test(row.byday || "")) return "monthly";
  if (!row.freq && typeof row.valid_from === "string" && !row.byday && !row.bymonthday && !row.x_annual) return "dates";
  return null;
}

/** A new row of `kind`, as HSDS. */
export function newRow(kind) {
  switch (kind) {
    case "weekly": return { freq: "WEEKLY", byday: "", opens_at: "", closes_at: "", x_holidays: "open", description: "" };
    case "monthly": return { freq: "MONTHLY", byday: "2SA", opens_at: "", closes_at: "", x_holidays: "open", description: "" };
    case "dates": return { valid_from: "", valid_to: "", opens_at: "", closes_at: "", description: "" };
    case "closed": return { x_closed: true, valid_from: "", valid_to: "", description: "" };
    default: return { x_closed: true, x_annual: YEAR_END, description: t("sched_year_end_words") };
  }
}

/** What is missing in a row before it can be sent (the server checks the rest), as text keys. */
export function rowProblems(row) {
  const kind = rowKind(row);
  const out = [];
  if (kind === "weekly" && !row.byday) out.push("sched_need_day");
  if (["weekly", "monthly", "dates"].includes(kind) && (!row.opens_at || !row.closes_at)) out.push("sched_need_times");
  if (["dates", "closed"].includes(kind) && !row.valid_from) out.push("sched_need_date");
  if (kind === "dates" && row.valid_from && row.valid_to
      && (Date.parse(row.valid_to) - Date.parse(row.valid_from)) / 86_400_000 + 1 > MAX_DAILY_SPAN_DAYS) {
    out.push("sched_span_long"); // booths/events.py: a longer range is a period, not every day
  }
  return out;
}

const hhmm = (v) => (typeof v === "string" ? v.slice(0, 5) : "");

function timeInputs(row, id) {
  const time = (key, label) => {
    const input = h("input", { id: `${id}-${key}`, type: "time", value: hhmm(row[key]) });
    input.addEventListener("input", () => { row[key] = input.value; });
    return h("label", { class: "sched-inline", for: input.id }, t(label), " ", input);
  };
  return h("div", { class: "row" }, time("opens_at", "sched_opens"), time("closes_at", "sched_closes"));
}

function dateInputs(row, id) {
  const date = (key, label) => {
    const input = h("input", { id: `${id}-${key}`, type: "date", value: row[key] || "" });
    input.addEventListener("input", () => {
      row[key] = input.value;
      if (key === "valid_from" && !row.valid_to) row.valid_to = input.value; // one day unless said otherwise
      if (key === "valid_from" && row.dtstart) row.dtstart = input.value; // an imported event's start moves with it
    });
    return h("label", { class: "sched-inline", for: input.id }, t(label), " ", input);
  };
  return h("div", { class: "row" }, date("valid_from", "sched_from"), date("valid_to", "sched_to"));
}

function holidayBox(row, id) {
  const box = h("input", { id: `${id}-holidays`, type: "checkbox" });
  box.checked = row.x_holidays === "closed";
  box.addEventListener("change", () => { row.x_holidays = box.checked ? "closed" : "open"; });
  return h("label", { for: box.id }, box, " ", t("sched_holidays_closed"));
}

function dayBoxes(row, id) {
  const chosen = new Set(String(row.byday || "").split(",").filter(Boolean));
  const group = h("fieldset", { class: "sched-days" }, h("legend", { text: t("sched_days") }));
  DAYS.forEach((d, i) => {
    const box = h("input", { id: `${id}-day-${d}`, type: "checkbox", value: d });
    box.checked = chosen.has(d);
    box.addEventListener("change", () => {
      if (box.checked) chosen.add(d); else chosen.delete(d);
      row.byday = DAYS.filter((x) => chosen.has(x)).join(",");
    });
    group.append(h("label", { for: box.id, class: "sched-day" }, box, t(`sched_day_${i}`)));
  });
  return group;
}

function nthPicker(row, id) {
  const m = /^(-1|[1-4])([A-Z]{2})$/.exec(row.byday || "") || [null, "2", "SA"];
  const nth = h("select", { id: `${id}-nth`, "aria-label": t("sched_nth") },
    ...NTH.map((n) => h("option", { value: n, text: t(`sched_nth_${n}`) })));
  const day = h("select", { id: `${id}-weekday`, "aria-label": t("sched_weekday") },
    ...DAYS.map((d, i) => h("option", { value: d, text: t(`sched_day_${i}`) })));
  nth.value = m[1];
  day.value = m[2];
  const sync = () => { row.byday = `${nth.value}${day.value}`; };
  nth.addEventListener("change", sync);
  day.addEventListener("change", sync);
  return h("div", { class: "row" }, nth, day);
}

function rowNode(rows, index, id, rerender) {
  const row = rows[index];
  const kind = rowKind(row);
  const box = h("li", { class: "sched-row", dataset: { kind: kind || "other" } },
    h("p", { class: "sched-kind", text: t(`sched_kind_${kind || "other"}`) }));
  if (kind === "weekly") box.append(dayBoxes(row, id), timeInputs(row, id), holidayBox(row, id));
  if (kind === "monthly") box.append(nthPicker(row, id), timeInputs(row, id), holidayBox(row, id));
  if (kind === "dates") box.append(dateInputs(row, id), timeInputs(row, id));
  if (kind === "closed") box.append(dateInputs(row, id));
  if (kind) {
    const words = h("input", { id: `${id}-description`, type: "text", maxlength: "200", value: row.description || "" });
    words.addEventListener("input", () => { row.description = words.value; });
    box.append(h("label", { for: words.id, class: "sched-words" }, t("sched_words"), " ", words));
  } else {
    box.append(h("p", { class: "hint", text: row.description || t("sched_other_hint") }));
  }
  box.append(h("button", { type: "button", class: "btn btn-quiet", text: t("sched_remove"),
    onclick: () => { rows.splice(index, 1); rerender(); } }));
  return box;
}

function capacityInput(doc, id) {
  const caps = Array.isArray(doc.capacities) ? doc.capacities : [];
  const input = h("input", { id: `${id}-capacity`, type: "number", min: "1", max: "100000", step: "1",
    inputmode: "numeric", value: caps[0] && Number.isInteger(caps[0].maximum) ? String(caps[0].maximum) : "" });
  input.addEventListener("input", () => {
    const n = Number(input.value);
    if (input.value && Number.isInteger(n) && n > 0) doc.capacities = [{ ...(caps[0] || { unit: { name: "人" } }), maximum: n }];
    else if (!input.value) delete doc.capacities;
  });
  return h("label", { for: input.id, class: "sched-inline" }, t("sched_capacity"), " ", input);
}

/**
 * The editor of `doc[key]` (a service's `schedules`, with its capacity; a booth's `live_sessions`);
 * `id` prefixes its element ids, `title` is the text key of its heading.
 */
export function scheduleEditor(doc, id, { key = "schedules", capacity = true, title = "svc_hours" } = {}) {
  const rows = Array.isArray(doc[key]) ? doc[key] : []; // joined to the document when a row is added
  const wrap = h("div", { class: "sched" }, h("p", { class: "svc-hours-title", text: t(title) }));
  const list = h("ul", { class: "sched-rows", id: `${id}-schedules` });
  const render = () => {
    list.replaceChildren(...rows.map((_, i) => rowNode(rows, i, `${id}-sched-${i}`, render)));
    if (!rows.length) list.append(h("li", { class: "empty", text: t("svc_hours_none") }));
  };
  render();
  const adders = h("div", { class: "sched-add" }, ...KINDS.map((k) => h("button", {
    type: "button", class: "btn", id: `${id}-add-${k}`, text: t(`sched_add_${k}`),
    onclick: () => { rows.push(newRow(k)); doc[key] = rows; render(); } })));
  wrap.append(list, adders, h("p", { class: "hint", text: t("sched_hint") }));
  if (capacity) wrap.append(capacityInput(doc, id));
  return wrap;
}
