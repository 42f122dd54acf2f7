// Priority alerts (a cry for help, a safety risk, a new report): open until a
// moderator acknowledges them, counted in the page title.

import { $, h, keepFocus } from "../console/dom.js";
import { label, ruleText, t, timeEl } from "./lang.js";
import { personEl } from "./people.js";
import { OPEN_ALERTS, remember, st } from "./state.js";
import { act } from "./api.js";
import { releaseCrisis, releaseOrDrop, userActions } from "./actions.js";
import { renderHeld } from "./held.js";
import { loadReports } from "./reports.js";
import { roomTitle } from "./rooms.js";
import { chime } from "./sound.js";
import { openSupport } from "./support.js";
import { watch } from "./watch.js";

const MAX_ALERTS = 50;

/** The page title carries the number of open alerts, so that a background tab shows it too. */
function openAlerts() {
  return st.alerts.filter((a) => OPEN_ALERTS.has(a.code));
}

export function updateTitle() {
  const n = st.token ? openAlerts().length : 0;
  const title = n ? t("title_badge", { n, title: t("doc_title") }) : t("doc_title");
  if (document.title !== title) document.title = title;
  const count = $("alerts-count");
  count.textContent = n ? t("alerts_count", { n }) : "";
  count.hidden = !n;
}

/** An open alert's key: the server's alert id (`alert`), or the held message's id from an older server. */
function alertKey(m) {
  return m.alert != null ? `alert:${m.alert}` : `msg:${m.id}`;
}

/** The open alerts, as the server keeps them (any node): they replace what this console had. */
export function loadAlerts() {
  if (!st.conn || !st.conn.open) return;
  st.conn.request({ t: "mod.alerts" }, (reply) => {
    if (!reply || reply.t !== "ok" || !Array.isArray(reply.alerts)) return;
    const open = [];
    for (const m of reply.alerts) {
      if (!m || typeof m !== "object") continue;
      const code = OPEN_ALERTS.has(m.code) ? m.code : "crisis";
      remember(m.from);
      const old = st.alerts.find((a) => a.key === alertKey(m));
      open.push({ ...m, code, key: alertKey(m), handled: old ? old.handled : null });
    }
    const reports = st.alerts.filter((a) => a.code === "report");
    st.alerts = [...open, ...reports];
    keepFocus(renderAlerts);
  });
}

export function onAlert(m) {
  if (OPEN_ALERTS.has(m.code)) {
    const key = alertKey(m);
    if (st.alerts.some((a) => a.key === key)) return;
    remember(m.from);
    // Oldest first, like mod.alerts: the one waiting longest stays on top.
    const open = openAlerts();
    const reports = st.alerts.filter((a) => a.code === "report");
    st.alerts = [...open, { ...m, key, handled: null }, ...reports];
    chime();
  } else if (m.code === "report") {
    st.alerts.push({ ...m, key: `report:${m.report}` });
    const reports = st.alerts.filter((a) => a.code === "report").slice(-MAX_ALERTS);
    st.alerts = [...openAlerts(), ...reports];
    // The audit writer stores the report in the background: ask again until it is there.
    for (const ms of [300, 1200, 3000]) setTimeout(loadReports, ms);
  } else {
    return;
  }
  keepFocus(renderAlerts);
}

export function onAlertClosed(m) {
  const key = alertKey({ alert: m.alert });
  const before = st.alerts.length;
  const closed = st.alerts.find((a) => a.key === key);
  st.alerts = st.alerts.filter((a) => a.key !== key);
  if (st.alerts.length === before) return;
  if (closed && closed.id != null && st.held.delete(closed.id)) renderHeld();
  const hadFocus = $("alerts").contains(document.activeElement);
  renderAlerts();
  if (hadFocus) $("alerts-section").focus();
}

function dismissAlert(key) {
  st.alerts = st.alerts.filter((a) => a.key !== key);
  renderAlerts();
  $("alerts-section").focus();
}

function ackAlert(a, noteInput) {
  const note = noteInput.value.trim().slice(0, 500);
  const msg = { t: "mod.ack", alert: a.alert };
  if (note) msg.note = note;
  act(msg, "done_ack", null, () => {
    st.alerts = st.alerts.filter((x) => x.key !== a.key);
    if (a.id != null && st.held.delete(a.id)) renderHeld(); // handled: the server keeps the words out of the room
    renderAlerts();
    $("alerts-section").focus();
  });
}

function openAlertNode(a) {
  const room = String(a.room ?? "");
  const nick = String((a.from && a.from.nick) ?? "?");
  const user = a.from && typeof a.from.id === "string" ? { id: a.from.id, nick } : null;
  const crisis = a.code === "crisis";
  const id = String(a.alert ?? a.id);
  const noteId = `ack-note-${id.replace(/[^\w-]/g, "_")}`;
  const note = h("input", { id: noteId, type: "text", class: "ack-note", maxlength: "500", autocomplete: "off",
                            dataset: { focus: `note:${a.key}` } });
  const actions = [];
  if (crisis && user) {
    actions.push(h("button", { type: "button", class: "btn btn-small btn-primary act-support",
                               "aria-label": t("support_open_label", { nick }), dataset: { focus: `support:${a.key}` },
                               onclick: () => openSupport(user) }, t("support_open")));
  }
  actions.push(h("button", { type: "button", class: `btn btn-small act-ack${crisis && user ? "" : " btn-primary"}`,
                             "aria-label": t("ack_label", { nick }), dataset: { focus: `ack:${a.key}` },
                             onclick: () => ackAlert(a, note) }, t("ack")));
  actions.push(h("button", { type: "button", class: "btn btn-small act-watch", dataset: { focus: `watch:${a.key}` },
                             onclick: () => watch(room) }, t("watch_this_room")));
  const held = a.id != null && !a.handled;
  const more = held ? [
    h("button", { type: "button", class: "btn btn-small act-drop", "aria-label": t("drop_label", { nick }),
                  dataset: { focus: `drop:${a.key}` }, onclick: () => releaseOrDrop(a.id, false) }, t("drop")),
    h("button", { type: "button", class: "btn btn-small btn-quiet act-release secondary",
                  "aria-label": t("release_secondary_label", { nick }), dataset: { focus: `release:${a.key}` },
                  onclick: (e) => releaseCrisis(a.id, e.currentTarget, !crisis) }, t("release")),
  ] : [];
  const category = a.category ? h("span", { class: "category" }, t("alert_category", { category: label("category", a.category) })) : null;
  return h("li", { class: `alert ${crisis ? "crisis" : "safety"}`, dataset: { id: String(a.id ?? ""), alert: String(a.alert ?? "") } },
    h("p", { class: "alert-title" }, t(crisis ? "alert_crisis" : "alert_safety", { room: `${roomTitle(room)} · ${room}` })),
    h("div", { class: "meta" }, timeEl(a.ts), personEl(a.from), category,
      a.rule ? h("span", { class: "rule" }, t("alert_rule", { rule: ruleText(a.rule) })) : null),
    h("p", { class: "text" }, String(a.text ?? "")),
    a.handled ? h("p", { class: "handled" }, t(a.handled === "released" ? "alert_released" : "alert_dropped")) : null,
    h("div", { class: "actions", role: "group", "aria-label": t("actions_label", { nick }) }, actions),
    h("div", { class: "ack-row" }, h("label", { for: noteId }, t("ack_note_label")), note),
    more.length ? h("div", { class: "actions secondary-actions" }, more) : null,
    // Someone who pressures a young person (a safety alert) can be acted on; a cry for help never is.
    !crisis && user ? userActions(a.from, room, null) : null);
}

export function renderAlerts() {
  // Keep what a moderator is typing in an alert's note across re-renders.
  const notes = new Map([...document.querySelectorAll("#alerts .ack-note")].map((el) => [el.dataset.focus, el.value]));
  $("alerts").replaceChildren(...st.alerts.map((a) => {
    const room = String(a.room ?? "");
    if (OPEN_ALERTS.has(a.code)) return openAlertNode(a);
    return h("li", { class: "alert report", dataset: { report: String(a.report) } },
      h("p", { class: "alert-title" }, t("alert_report", { room: `${roomTitle(room)} · ${room}`, reason: label("reason", a.reason) })),
      h("div", { class: "meta" }, timeEl(a.ts)),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "btn btn-small", dataset: { focus: `open:${a.key}` },
                      onclick: () => $("reports-section").focus() }, t("nav_reports")),
        h("button", { type: "button", class: "btn btn-small btn-quiet", "aria-label": t("dismiss_label"),
                      dataset: { focus: `dismiss:${a.key}` }, onclick: () => dismissAlert(a.key) }, t("dismiss"))));
  }));
  for (const el of document.querySelectorAll("#alerts .ack-note")) {
    if (notes.has(el.dataset.focus)) el.value = notes.get(el.dataset.focus);
  }
  $("alerts-none").hidden = st.alerts.length > 0;
  $("alerts-section").classList.toggle("has-alerts", openAlerts().length > 0);
  updateTitle();
}
