// The members' meeting space: schedule a meeting in a staff-only room (agenda, times, the
// video link), split its room into breakout groups and bring everyone back, and post notices
// to members (docs/secretariat.md "Members' meeting space"). Times are typed in Japan's time.

import { $, h } from "../console/dom.js";
import { lang, t } from "./lang.js";
import { api } from "../console/api.js";
import { reason, toast } from "./api.js";

const JST = "+09:00"; // the festival's one time zone (rooms/jst.py)
let seen = { meetings: [], notices: [] };

/** A time as the form takes it: in Japan, whatever the secretary's computer is set to. */
function inJapan(ms) {
  return new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", { timeZone: "Asia/Tokyo", month: "numeric",
    day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit" }).format(new Date(ms));
}

export async function loadMeetings() {
  const [meetings, notices] = await Promise.all([api("GET", "/api/meetings"), api("GET", "/api/notices")]);
  seen = {
    meetings: meetings.status === 200 ? meetings.body.meetings : [],
    notices: notices.status === 200 ? notices.body.notices : [],
  };
  renderMeetings();
}

function breakoutControls(m) {
  if (m.groups > 0) {
    return [h("span", { class: "hint" }, t("meeting_groups_open", { n: m.groups })), " ",
      h("button", { class: "btn", type: "button", onclick: () => act(m, "return") }, t("meeting_bring_back"))];
  }
  const size = h("input", { type: "number", min: 2, max: 50, value: 4, class: "meeting-size",
    "aria-label": t("meeting_size_label", { title: m.title }) });
  return [h("label", { class: "hint" }, t("meeting_size"), " ", size), " ",
    h("button", { class: "btn", type: "button", onclick: () => act(m, "breakout", { size: Number(size.value) }) },
      t("meeting_split"))];
}

async function act(meeting, what, body) {
  const r = await api("POST", `/api/meetings/${encodeURIComponent(meeting.id)}/${what}`, body);
  if (r.status !== 200) {
    toast(reason(r), "error");
    return;
  }
  toast(what === "return" ? t("meeting_back_done") : t("meeting_split_done", { n: r.body.groups.length,
    moved: r.body.moved }));
  await loadMeetings();
}

export function renderMeetings() {
  $("meetings").replaceChildren(...seen.meetings.map((m) => h("li", { "data-id": m.id, "data-room": m.room },
    h("strong", {}, m.title), " ", h("span", { class: "hint" }, `${inJapan(m.starts_ms)}–${inJapan(m.ends_ms)} ${m.room}`),
    h("div", { class: "row" }, ...breakoutControls(m)))));
  $("meetings-none").hidden = seen.meetings.length > 0;
  $("notices").replaceChildren(...seen.notices.map((n) => h("li", { "data-id": n.id },
    h("strong", {}, n.title), " ", h("span", { class: "hint" }, inJapan(n.posted_ms)), n.body ? h("p", {}, n.body) : null)));
}

function value(id) {
  return $(id).value.trim();
}

$("meeting-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const link = value("meeting-link-url");
  const doc = {
    title: value("meeting-title"), room: `staff:${value("meeting-room") || "lounge"}`, agenda: $("meeting-agenda").value,
    starts_at: value("meeting-start") ? `${value("meeting-start")}${JST}` : "",
    ends_at: value("meeting-end") ? `${value("meeting-end")}${JST}` : "",
    links: link ? [{ title: value("meeting-link-title") || link, url: link }] : [],
  };
  if (value("meeting-video")) doc.video_url = value("meeting-video");
  const r = await api("POST", "/api/meetings", doc);
  if (r.status !== 201) {
    $("meeting-error").textContent = `${reason(r)} ${r.body?.error?.detail || ""}`.trim();
    return;
  }
  $("meeting-error").textContent = "";
  e.target.reset();
  toast(t("meeting_done", { title: r.body.title }));
  await loadMeetings();
});

$("notice-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const r = await api("POST", "/api/notices", { title: value("notice-title"), body: $("notice-body").value });
  if (r.status !== 201) {
    $("notice-error").textContent = reason(r);
    return;
  }
  $("notice-error").textContent = "";
  e.target.reset();
  toast(t("notice_done"));
  await loadMeetings();
});
