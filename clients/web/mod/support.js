// Support conversations: a visitor and staff only, opened from a crisis alert.

import { $, h, keepFocus } from "../console/dom.js";
import { lang, t, timeEl } from "./lang.js";
import { MAX_FEED, nickOf, remember, saidEntry, st } from "./state.js";
import { act, toast } from "./api.js";
import { personEl } from "./people.js";

export function openSupport(user) {
  act({ t: "mod.support", user: user.id }, null, null, (reply) => {
    const room = typeof reply.room === "string" ? reply.room : null;
    if (!room) return;
    if (!st.supports.has(room)) {
      st.supports.set(room, { room, user, entries: [], nodes: new Map(), members: new Map(), joined: false });
    }
    toast(t("support_opened", { nick: user.nick }));
    joinSupport(room, true);
  });
}

export function joinSupport(room, focus = false) {
  const sup = st.supports.get(room);
  if (!sup || !st.conn || !st.conn.open) return;
  st.conn.request({ t: "join", room }, (reply, failure) => {
    if (st.supports.get(room) !== sup) return;
    if (!reply || reply.t !== "ok") {
      toast(t("failed", { message: (reply && (reply.message || reply.code)) || failure || "?" }), "warn");
      return;
    }
    sup.joined = true;
    sup.members = new Map();
    for (const m of Array.isArray(reply.members) ? reply.members : []) {
      if (m && typeof m.id === "string") {
        sup.members.set(m.id, m);
        remember(m);
      }
    }
    const history = Array.isArray(reply.history) ? reply.history.filter((e) => e && e.t !== "presence") : [];
    const seen = new Set(history.map((m) => m.id));
    const live = sup.entries.filter((e) => e.type !== "said" || !seen.has(e.id));
    sup.entries = [...history.map(saidEntry), ...live].slice(-MAX_FEED);
    renderSupports();
    if (focus) {
      const input = document.querySelector(`#supports li[data-room="${CSS.escape(room)}"] .support-input`);
      $("support-section").scrollIntoView({ block: "start" });
      if (input) input.focus();
    }
  });
}

function leaveSupport(room) {
  const sup = st.supports.get(room);
  if (!sup) return;
  st.supports.delete(room);
  if (st.conn && st.conn.open) st.conn.request({ t: "leave", room });
  renderSupports();
  $("alerts-section").focus();
}

export function onSupportEvent(m) {
  const sup = st.supports.get(m.room);
  if (m.t === "said") {
    remember(m.from);
    if (sup.entries.some((e) => e.type === "said" && e.id === m.id)) return;
    sup.entries.push(saidEntry(m));
  } else if (m.t === "deleted") {
    const e = sup.entries.find((x) => x.type === "said" && x.id === m.id);
    if (e) e.deleted = true;
  } else if (m.t === "presence") {
    for (const j of m.joins || []) {
      if (!j || typeof j.id !== "string") continue;
      sup.members.set(j.id, j);
      remember(j);
      sup.entries.push({ type: "sys", key: "support_joined_line", vars: { nick: nickOf(j.id, j.nick) } });
    }
    for (const id of m.leaves || []) {
      sup.members.delete(id);
      const key = id === sup.user.id ? "support_visitor_left" : "support_left_line";
      sup.entries.push({ type: "sys", key, vars: { nick: nickOf(id) } });
    }
  }
  sup.entries = sup.entries.slice(-MAX_FEED);
  renderSupports();
}

function supportLine(e) {
  if (e.type === "sys") return h("li", { class: "sys" }, t(e.key, e.vars));
  return h("li", { class: `msg${e.deleted ? " deleted" : ""}`, dataset: { id: e.id } },
    h("div", { class: "meta" }, timeEl(e.ts), personEl(e.from)),
    h("p", { class: "text" }, e.text));
}

/** One conversation's box, made once (so that a draft and the caret survive new lines). */
function supportBox(sup) {
  const nick = String(sup.user.nick ?? "?");
  const inputId = `support-input-${sup.room.replace(/[^\w-]/g, "_")}`;
  const input = h("input", { id: inputId, type: "text", class: "support-input", maxlength: "500", autocomplete: "off",
                             placeholder: t("support_placeholder"), dataset: { focus: `sinput:${sup.room}` } });
  const log = h("ol", { class: "feed support-log", role: "log", "aria-live": "polite", tabindex: "0",
                        "aria-label": t("support_log_label", { nick }) });
  const form = h("form", { class: "tool-row support-form", autocomplete: "off" },
    h("label", { for: inputId, class: "visually-hidden" }, t("support_input_label", { nick })),
    input,
    h("button", { type: "submit", class: "btn btn-primary btn-small", dataset: { focus: `ssend:${sup.room}` } }, t("support_send")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    act({ t: "say", room: sup.room, text }, null, null, () => {
      if (input.value.trim() === text) input.value = "";
    });
  });
  const li = h("li", { class: "support-conv", dataset: { room: sup.room } },
    h("div", { class: "support-conv-head" },
      h("h3", {}, t("support_with", { nick })),
      h("button", { type: "button", class: "btn btn-small act-support-leave", dataset: { focus: `sleave:${sup.room}` },
                    "aria-label": t("support_leave_label", { nick }), onclick: () => leaveSupport(sup.room) }, t("support_leave"))),
    h("p", { class: "hint" }, t("support_private_note")),
    log, form);
  return { li, log, input, lang };
}

export function renderSupports() {
  const list = $("supports");
  const items = [...st.supports.values()].map((sup) => {
    if (!sup.dom || sup.dom.lang !== lang) {
      const draft = sup.dom ? sup.dom.input.value : "";
      sup.dom = supportBox(sup);
      sup.dom.input.value = draft;
    }
    const log = sup.dom.log;
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 48;
    log.replaceChildren(...sup.entries.map(supportLine));
    if (atBottom || !sup.drawn) log.scrollTop = log.scrollHeight;
    sup.drawn = true;
    return sup.dom.li;
  });
  const current = [...list.children];
  if (current.length !== items.length || current.some((li, i) => li !== items[i])) keepFocus(() => list.replaceChildren(...items));
  $("support-section").hidden = items.length === 0;
}
