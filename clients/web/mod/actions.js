// Actions on people and messages: delete, warn, mute, kick, ban and undoing
// them; releasing or dropping a held message.

import { $, h, keepFocus } from "../console/dom.js";
import { t } from "./lang.js";
import { OPEN_ALERTS, STAFF, st } from "./state.js";
import { act } from "./api.js";
import { renderAlerts } from "./alerts.js";
import { confirmThen } from "./confirm.js";
import { markDeleted } from "./feed.js";
import { renderHeld } from "./held.js";

const MAX_MINUTES = 7 * 24 * 60;

$("warn-text").addEventListener("input", (e) => {
  e.target.dataset.edited = "1";
});

function minutes(id) {
  const n = Math.round(Number($(id).value));
  return Number.isFinite(n) ? Math.max(1, Math.min(n, MAX_MINUTES)) : 10;
}

function warnText() {
  const s = $("warn-text").value.trim().slice(0, 200);
  return s || t("warn_text_default");
}

function doDelete(room, id) {
  act({ t: "mod.delete", room, id }, "done_delete", null, () => markDeleted(id));
}

function doWarn(user) {
  act({ t: "mod.warn", user: user.id, text: warnText() }, "done_warn", { nick: user.nick });
}

function doMute(user) {
  const n = minutes("mute-minutes");
  act({ t: "mod.mute", user: user.id, minutes: n }, "done_mute", { nick: user.nick, n });
}

function doKick(user, opener) {
  confirmThen(t("confirm_kick", { nick: user.nick }), opener, () => {
    act({ t: "mod.kick", user: user.id }, "done_kick", { nick: user.nick });
  });
}

function doBan(user, opener) {
  const n = minutes("ban-minutes");
  confirmThen(t("confirm_ban", { nick: user.nick, n }), opener, (opts) => {
    const msg = { t: "mod.ban", user: user.id, minutes: n };
    if (opts.address) msg.address = true; // the server keeps an address ban to 60 minutes at most
    act(msg, "done_ban", { nick: user.nick });
  }, { address: true });
}

export function doUnmute(user) {
  act({ t: "mod.unmute", user: user.id }, "done_unmute", { nick: user.nick });
}

export function doUnban(user) {
  act({ t: "mod.unban", user: user.id }, "done_unban", { nick: user.nick });
}

export function releaseOrDrop(id, release) {
  act({ t: release ? "mod.release" : "mod.drop", id }, release ? "done_release" : "done_drop", null, () => {
    st.held.delete(id);
    // The alert stays open until someone marks it as handled; it only says what became of the message.
    for (const a of st.alerts) if (OPEN_ALERTS.has(a.code) && a.id === id) a.handled = release ? "released" : "dropped";
    keepFocus(() => {
      renderHeld();
      renderAlerts();
    });
  });
}

/** Publishing a young person's cry for help to a room: only after a second, explicit confirmation. */
export function releaseCrisis(id, opener, safety = false) {
  confirmThen(t(safety ? "confirm_release_safety" : "confirm_release_crisis"), opener, () => releaseOrDrop(id, true),
              { yes: "confirm_release_yes" });
}

export function userActions(user, room, messageId) {
  const nick = String(user.nick ?? "?");
  const u = { id: user.id, nick };
  const staff = STAFF.has(user.role);
  const btn = (cls, textKey, labelKey, vars, fn) => {
    const key = `${cls}:${messageId || user.id}`;
    const b = h("button", { type: "button", class: `btn btn-small ${cls}`, "aria-label": t(labelKey, vars),
                            dataset: { focus: key } }, t(textKey));
    b.addEventListener("click", () => fn(b));
    return b;
  };
  const buttons = [];
  if (messageId) buttons.push(btn("act-delete", "act_delete", "act_delete_label", { nick }, () => doDelete(room, messageId)));
  if (!staff && user.id) {
    buttons.push(
      btn("act-warn", "act_warn", "act_warn_label", { nick }, () => doWarn(u)),
      btn("act-mute", "act_mute", "act_mute_label", { nick, n: minutes("mute-minutes") }, () => doMute(u)),
      btn("act-kick", "act_kick", "act_kick_label", { nick }, (b) => doKick(u, b)),
      btn("act-ban", "act_ban", "act_ban_label", { nick, n: minutes("ban-minutes") }, (b) => doBan(u, b)),
      btn("act-unmute", "act_unmute", "act_unmute_label", { nick }, () => doUnmute(u)),
      btn("act-unban", "act_unban", "act_unban_label", { nick }, () => doUnban(u)),
    );
  }
  return h("div", { class: "actions", role: "group", "aria-label": t("actions_label", { nick }) }, buttons);
}
