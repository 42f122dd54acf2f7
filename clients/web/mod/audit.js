// The audit trail: what moderators did, filtered by action and room, with
// undo beside a mute or a ban.

import { AUDIT_ACTIONS } from "./texts.js";
import { $, h, timeEl } from "./dom.js";
import { label, t } from "./lang.js";
import { nickOf, st } from "./state.js";
import { api } from "./api.js";
import { doUnban, doUnmute } from "./actions.js";

let auditSoon = null;
export function scheduleAudit() {
  clearTimeout(auditSoon);
  auditSoon = setTimeout(loadAudit, 600); // the audit writer works in the background
}

export function renderAuditFilter() {
  const sel = $("audit-action");
  const value = sel.value;
  sel.replaceChildren(h("option", { value: "" }, t("audit_all")),
    ...AUDIT_ACTIONS.map((a) => h("option", { value: a }, label("action", a))));
  sel.value = value;
}

$("audit-form").addEventListener("submit", (e) => {
  e.preventDefault();
  loadAudit();
});
$("audit-action").addEventListener("change", loadAudit);

export async function loadAudit() {
  if (!st.token) return;
  const q = new URLSearchParams({ limit: "100" });
  const action = $("audit-action").value;
  const room = $("audit-room").value.trim();
  if (action) q.set("action", action);
  if (room) q.set("room", room);
  try {
    const r = await api(`/api/moderation/audit?${q}`);
    st.auditError = r.status !== 200 || !r.body || !Array.isArray(r.body.items);
    if (!st.auditError) st.audit = r.body.items;
  } catch (_) {
    st.auditError = true;
  }
  renderAudit();
}

function detailText(e) {
  const d = e.detail && typeof e.detail === "object" ? e.detail : {};
  const parts = [];
  if (typeof d.excerpt === "string") parts.push(d.excerpt);
  if (typeof d.note === "string" && d.note) parts.push(d.note);
  for (const [k, v] of Object.entries(d)) {
    if (k === "excerpt" || k === "note" || k === "evidence") continue;
    if (v == null || typeof v === "object") continue;
    parts.push(`${k}=${v}`);
  }
  if (Array.isArray(d.evidence)) parts.push(`evidence: ${d.evidence.length}`);
  if (e.message_id) parts.push(`id ${e.message_id}`);
  return parts.join(" · ");
}

/** 「ミュート解除」/「BAN解除」 beside a mute or ban in the trail: a person who left the watched room can be let back. */
function undoButton(e) {
  const user = typeof e.target_user === "string" && e.target_user ? e.target_user : null;
  if (!user || (e.action !== "mute" && e.action !== "ban")) return "";
  const nick = nickOf(user);
  const u = { id: user, nick };
  const mute = e.action === "mute";
  return h("button", { type: "button", class: `btn btn-small ${mute ? "act-unmute" : "act-unban"}`,
                       "aria-label": t(mute ? "act_unmute_label" : "act_unban_label", { nick }),
                       onclick: () => (mute ? doUnmute(u) : doUnban(u)) }, t(mute ? "act_unmute" : "act_unban"));
}

export function renderAudit() {
  const items = st.audit || [];
  $("audit-rows").replaceChildren(...items.map((e) => h("tr", { dataset: { action: String(e.action) } },
    h("td", {}, timeEl(e.at_ms, true)),
    h("td", {}, label("action", e.action)),
    h("td", {}, `${nickOf(e.actor)}${e.actor_role ? ` (${e.actor_role})` : ""}`),
    h("td", {}, e.target_user ? nickOf(e.target_user) : "—"),
    h("td", {}, e.room ? String(e.room) : "—"),
    h("td", {}, [e.reason ? label("reason", e.reason) : "", e.rule ? String(e.rule) : ""].filter(Boolean).join(" / ") || "—"),
    h("td", { class: "detail" }, detailText(e) || "—"),
    h("td", {}, undoButton(e)))));
  $("audit-status").textContent = st.auditError ? t("audit_error") : st.audit && !items.length ? t("audit_none") : "";
}
