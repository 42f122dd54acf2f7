// The applications queue: what each organisation said, its private contact, and the three decisions.

import { $, h } from "../console/dom.js";
import { fmtDate, label, t } from "./lang.js";
import { api } from "../console/api.js";
import { reason, toast } from "./api.js";
import { showIssued } from "./issued.js";
import { loadAccounts } from "./accounts.js";

const OPEN = new Set(["pending", "changes_requested"]);
let items = [];
let retentionDays = null;
let places = null; // code → "埼玉県川越市", from the public table (loaded once)

async function loadPlaces() {
  if (places) return;
  const r = await fetch("/api/municipalities").catch(() => null);
  const body = r && r.ok ? await r.json().catch(() => null) : null;
  places = new Map((body ? body.municipalities : []).map(([code, pref, city]) => [code, `${pref}${city}`]));
}

const placeName = (code) => (places && places.get(code)) || code;

export function renderFilter() {
  const select = $("applications-filter");
  const was = select.value || "open";
  select.replaceChildren(h("option", { value: "open" }, t("filter_open")), h("option", { value: "all" }, t("filter_all")),
    ...["pending", "changes_requested", "approved", "declined"].map((s) => h("option", { value: s }, label("status", s))));
  select.value = was;
}

export async function loadApplications() {
  const r = await api("GET", "/api/admin/applications");
  if (r.status !== 200) {
    if (r.status !== 401) toast(t("failed", { message: reason(r) }), "warn");
    return;
  }
  items = r.body.items;
  retentionDays = r.body.contact_retention_days;
  await loadPlaces();
  renderApplications();
}

function fact(name, value) {
  return [h("dt", {}, t(name)), h("dd", {}, value)];
}

function contactText(c) {
  if (!c) return t("field_contact_gone");
  return [c.name, c.email, c.phone].filter(Boolean).join(" / ");
}

function card(a) {
  const facts = h("dl", { class: "facts" },
    fact("field_kind", label("kind", a.kind)), fact("field_tier", a.tier),
    a.corporate_number ? fact("field_number", a.corporate_number) : null,
    fact("field_municipalities", a.municipalities.map(placeName).join("、")),
    fact("field_booth", t(a.wants_booth ? "booth_yes" : "booth_no")),
    fact("field_contact", contactText(a.contact)), fact("field_received", fmtDate(a.created_ms)),
    a.note ? fact("field_note", a.note) : null);
  const li = h("li", { class: `app-card status-${a.status}`, "data-id": a.id },
    h("h3", {}, a.name), h("p", { class: `badge badge-${a.status}` }, label("status", a.status)),
    h("p", { class: "description" }, a.description), facts);
  if (OPEN.has(a.status)) li.append(decisionForm(a));
  return li;
}

function decisionForm(a) {
  const noteId = `note-${a.id}`;
  const note = h("textarea", { id: noteId, rows: "2", maxlength: "500" });
  const error = h("p", { class: "field-error", role: "alert" });
  const decide = (action) => async () => {
    const text = note.value.trim();
    if (action !== "approve" && !text) {
      error.textContent = t("note_needed");
      note.focus();
      return;
    }
    const r = await api("POST", `/api/admin/applications/${encodeURIComponent(a.id)}/${action}`, text ? { note: text } : {});
    if (r.status !== 200) {
      error.textContent = t("failed", { message: reason(r) });
      return;
    }
    toast(t(`done_${action}`, { name: a.name }));
    if (action === "approve") {
      showIssued(r.body.account.username, r.body.code, r.body.code_expires_ms, r.body.mailed === true);
      loadAccounts();
    }
    loadApplications();
  };
  return h("div", { class: "decide" },
    h("label", { for: noteId }, t("note_label")), note, error,
    h("div", { class: "tool-row" },
      h("button", { class: "btn btn-primary", type: "button", onclick: decide("approve") }, t("approve")),
      h("button", { class: "btn", type: "button", onclick: decide("changes") }, t("ask_changes")),
      h("button", { class: "btn btn-danger", type: "button", onclick: decide("decline") }, t("decline"))));
}

export function renderApplications() {
  const filter = $("applications-filter").value || "open";
  const shown = items.filter((a) => filter === "all" || (filter === "open" ? OPEN.has(a.status) : a.status === filter));
  $("applications").replaceChildren(...shown.map(card));
  $("applications-none").hidden = shown.length > 0;
  $("applications-retention").textContent = retentionDays == null ? "" : t("retention", { days: retentionDays });
}

$("applications-filter").addEventListener("change", renderApplications);
$("applications-refresh").addEventListener("click", loadApplications);
