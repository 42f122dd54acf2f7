// The booth as visitors see it now: its title and opening, the people in its
// room, announcements, and the item being presented.

import { $, h } from "../console/dom.js";
import { t, fmtDateTime, fmtTime } from "./lang.js";
import { TEXTS } from "./texts.js";
import { state } from "./state.js";
import { replyError } from "./api.js";
import { conn } from "./session.js";

const MAX_ANNOUNCEMENTS_SHOWN = 5;

export function mergeBoothState(m) {
  const b = state.booth;
  if (typeof m.title === "string") b.title = m.title;
  if (typeof m.open === "boolean") b.open = m.open;
  if ("next_open" in m) b.next_open = m.next_open;
  if ("presenting" in m) state.presenting = m.presenting || null;
  if (Array.isArray(m.announcements)) state.announcements = m.announcements;
  if (Array.isArray(m.items)) b.items = m.items;
  renderBooth();
  renderPresent();
  renderAnnouncements();
}

export function renderBooth() {
  const b = state.booth;
  if (!b) {
    $("booth-title").textContent = t("no_booth_title");
    return;
  }
  $("booth-title").textContent = b.title;
  const open = $("booth-open");
  open.dataset.open = b.open ? "yes" : "no";
  if (b.open) open.textContent = t("booth_open");
  else if (b.next_open) open.textContent = t("booth_closed_next", { when: fmtDateTime(Date.parse(b.next_open)) });
  else open.textContent = t("booth_closed");
}

export function renderMembers() {
  const list = $("member-list");
  const members = [...state.members.values()];
  const rank = { host: 0, moderator: 1, admin: 1, visitor: 2 };
  members.sort((a, b) => (rank[a.role] ?? 3) - (rank[b.role] ?? 3) || String(a.nick).localeCompare(String(b.nick)));
  list.replaceChildren(...members.map((m) => {
    const li = h("li", { class: "member", dataset: { role: m.role || "visitor" } });
    li.append(h("span", { class: "member-nick", text: String(m.nick ?? "") }));
    if (m.id === state.selfId) li.append(h("span", { class: "member-you", text: t("members_you") }));
    li.append(h("span", { class: "badge", text: t(`role_${m.role || "visitor"}`) }));
    return li;
  }));
  $("members-empty").hidden = members.length > 0;
  const visitors = members.filter((m) => (m.role || "visitor") === "visitor").length;
  $("visitor-count").textContent = t("visitor_count", { n: visitors });
}

$("announce-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const box = $("announce-text");
  const out = $("announce-result");
  const text = box.value.trim();
  out.dataset.kind = "error";
  if (!text) {
    out.textContent = t("announce_empty");
    box.focus();
    return;
  }
  conn.request({ t: "booth.announce", room: state.booth.room, text }, (reply, failure) => {
    if (reply && reply.t === "ok") {
      box.value = "";
      out.dataset.kind = "ok";
      out.textContent = t("announce_done");
      return;
    }
    out.textContent = replyError(reply, failure, "announce_blocked");
  });
});

export function renderAnnouncements() {
  const list = $("announce-recent");
  const recent = state.announcements.slice(-MAX_ANNOUNCEMENTS_SHOWN).reverse();
  list.replaceChildren(...recent.map((a) => h("li", {},
    h("span", { class: "time", text: fmtTime(a.ts) }), " ", h("span", { text: String(a.text ?? "") }))));
  $("announce-recent-wrap").hidden = recent.length === 0;
}

function itemLabel(item) {
  return item.title || item.url || item.id;
}

export function renderPresent() {
  const select = $("present-select");
  const items = (state.booth && state.booth.items) || [];
  const chosen = state.presenting || "";
  select.replaceChildren(
    h("option", { value: "", text: t("present_none") }),
    ...items.map((i) => h("option", { value: i.id, text: `${t(`item_${i.type}`)}: ${itemLabel(i)}` })),
  );
  select.value = items.some((i) => i.id === chosen) ? chosen : "";
  const out = $("present-result");
  const showingHint = Object.values(TEXTS).some((x) => x.present_no_items === out.textContent);
  if (!items.length && (!out.textContent || showingHint)) {
    out.dataset.kind = "";
    out.textContent = t("present_no_items");
  } else if (items.length && showingHint) {
    out.textContent = "";
  }
}

$("present-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const id = $("present-select").value;
  const out = $("present-result");
  const msg = { t: "booth.present", room: state.booth.room };
  if (id) msg.id = id;
  conn.request(msg, (reply, failure) => {
    if (reply && reply.t === "ok") {
      state.presenting = reply.presenting || null;
      const item = (state.booth.items || []).find((i) => i.id === state.presenting);
      out.dataset.kind = "ok";
      out.textContent = item ? t("present_done_on", { item: itemLabel(item) }) : t("present_done_off");
      return;
    }
    out.dataset.kind = "error";
    out.textContent = replyError(reply, failure, "error_generic");
  });
});
