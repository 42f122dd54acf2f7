// The audit trail: what moderators did, filtered by action and room, with
// undo beside a mute or a ban.

import { AUDIT_ACTIONS } from "./texts.js";
import { $, h } from "../console/dom.js";
import { label, t, timeEl, verdictText } from "./lang.js";
import { nickOf, st } from "./state.js";
import { personText } from "./people.js";
import { api } from "../console/api.js";
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
  const r = await api("GET", `/api/moderation/audit?${q}`, undefined, st.token);
  st.auditError = r.status !== 200 || !r.body || !Array.isArray(r.body.items);
  if (!st.auditError) st.audit = r.body.items;
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

/** Who did it: staff by their account's name (the server's `actor_name`), anyone else by nickname and tag. */
function actorText(e) {
  if (e.actor_role === "system") return label("role", "system");
  if (typeof e.actor_name === "string" && e.actor_name) return `${e.actor_name} (${label("role", e.actor_role)})`;
  return personText({ id: e.actor, role: e.actor_role });
}

/** A person by nickname and tag; a record the secretariat or a member acted on (a case, an account) by its kind and id. */
function targetText(e) {
  if (!e.target_user) return "—";
  if (e.target_kind && e.target_kind !== "person") return `${label("target_kind", e.target_kind)} ${e.target_user}`;
  return personText({ id: e.target_user });
}

// Each cell says what it is (data-label): on a phone, or in the console's narrow column, a row is a card.
const cell = (key, props, ...kids) => h("td", { ...props, "data-label": t(key) }, ...kids);

export function renderAudit() {
  const items = st.audit || [];
  $("audit-rows").replaceChildren(...items.map((e) => h("tr", { dataset: { action: String(e.action) } },
    cell("col_time", {}, timeEl(e.at_ms, true)),
    cell("col_action", { class: "action" }, label("action", e.action)),
    cell("col_actor", { class: "actor" }, actorText(e)),
    cell("col_target", { class: "target" }, targetText(e)),
    cell("col_room", {}, e.room ? String(e.room) : "—"),
    cell("col_reason", { class: "verdict" }, verdictText(e.reason, e.rule) || "—"),
    cell("col_detail", { class: "detail" }, detailText(e) || "—"),
    cell("col_undo", { class: "undo" }, undoButton(e)))));
  $("audit-status").textContent = st.auditError ? t("audit_error") : st.audit && !items.length ? t("audit_none") : "";
}
