// Good practices (好事例): the secretariat reads what members submitted, edits the texts, features a
// case in the festival's 好事例ホール, publishes it or sends it back with a note, and reads its history.
// Members' words go in as text nodes only. Every save names the version it started from (409 if
// someone saved in between); the other fields (figures, images, contacts...) are kept as they are.

import { $, h } from "../console/dom.js";
import { fmtDate, label, t } from "./lang.js";
import { api } from "../console/api.js";
import { reason, toast } from "./api.js";

const FILTERS = ["submitted", "published", "draft"];
const TEXT_FIELDS = [["title", 120, 1], ["problem", 4000, 4], ["action", 4000, 4], ["outcome", 4000, 4]];
let items = [];
let seq = 0; // the newest load: an older answer arriving late (another filter) is dropped

export function renderCaseFilter() {
  const select = $("cases-filter");
  const was = select.value || "submitted";
  select.replaceChildren(...FILTERS.map((s) => h("option", { value: s }, label("case_status", s))));
  select.value = was;
}

export async function loadCases() {
  const status = $("cases-filter").value || "submitted";
  const mine = ++seq;
  const r = await api("GET", `/api/cases?status=${status}&per_page=100`);
  if (mine !== seq) return;
  if (r.status !== 200) {
    if (r.status !== 401) toast(t("failed", { message: reason(r) }), "warn");
    return;
  }
  items = r.body.contents;
  renderCases();
}

/** The case as the API takes it back: every field of the record but the ones only the server sets. */
function input(c) {
  const { id, version, updated_ms, organization_names, ...doc } = c; // eslint-disable-line no-unused-vars
  return doc;
}

function field(c, name, max, rows) {
  const id = `case-${c.id}-${name}`;
  const el = rows > 1 ? h("textarea", { id, rows: String(rows), maxlength: String(max) })
    : h("input", { id, type: "text", maxlength: String(max) });
  el.value = c[name] || "";
  return [h("label", { for: id }, t(`case_field_${name}`)), el];
}

async function history(c, box) {
  const r = await api("GET", `/api/cases/${encodeURIComponent(c.id)}/versions`);
  if (r.status !== 200) {
    box.replaceChildren(h("p", { class: "field-error", role: "alert" }, t("failed", { message: reason(r) })));
    return;
  }
  box.replaceChildren(h("ol", { class: "case-versions" }, ...r.body.versions.map((v) => h("li", {},
    t("case_version_line", { n: v.version, status: label("case_status", v.status), who: label("role", v.actor_role),
                             when: fmtDate(v.at_ms) }),
    v.note ? h("span", { class: "case-note" }, ` — ${v.note}`) : null))));
}

function editor(c) {
  const inputs = Object.fromEntries(TEXT_FIELDS.map(([name]) => [name, null]));
  const parts = TEXT_FIELDS.map(([name, max, rows]) => {
    const [lab, el] = field(c, name, max, rows);
    inputs[name] = el;
    return h("div", { class: "field" }, lab, el);
  });
  const featured = h("input", { id: `case-${c.id}-featured`, type: "checkbox" });
  featured.checked = !!c.featured;
  const noteId = `case-${c.id}-note`;
  const note = h("textarea", { id: noteId, rows: "2", maxlength: "1000" });
  const error = h("p", { class: "field-error", role: "alert" });
  const versions = h("div", { class: "case-history" });
  const doc = (status) => ({ ...input(c), status, featured: featured.checked,
                             ...Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value])) });
  const save = (status) => async () => {
    error.textContent = "";
    const r = await api("PUT", `/api/cases/${encodeURIComponent(c.id)}?version=${c.version}`, doc(status));
    if (r.status !== 200) {
      error.textContent = t("failed", { message: [reason(r), r.body && r.body.error && r.body.error.detail].filter(Boolean).join(": ") });
      return;
    }
    toast(t(status === "published" && c.status !== "published" ? "case_done_published" : "case_done_save", { title: r.body.title }));
    loadCases();
  };
  const sendBack = async () => {
    const text = note.value.trim();
    if (!text) {
      error.textContent = t("case_note_needed");
      note.focus();
      return;
    }
    const r = await api("POST", `/api/cases/${encodeURIComponent(c.id)}/status`, { status: "draft", note: text });
    if (r.status !== 200) {
      error.textContent = t("failed", { message: reason(r) });
      return;
    }
    toast(t("case_done_draft", { title: c.title }));
    loadCases();
  };
  return h("div", { class: "decide case-editor" }, ...parts,
    h("label", { class: "check" }, featured, " ", t("case_field_featured")),
    h("label", { for: noteId }, t("case_note_label")), note, error,
    h("div", { class: "tool-row" },
      h("button", { class: "btn btn-primary", type: "button", onclick: save("published") },
        t(c.status === "published" ? "case_save" : "case_publish")),
      c.status === "published" ? null : h("button", { class: "btn", type: "button", onclick: save(c.status) }, t("case_save")),
      c.status === "draft" ? null : h("button", { class: "btn", type: "button", onclick: sendBack }, t("case_send_back")),
      h("button", { class: "btn btn-small", type: "button", onclick: () => history(c, versions) }, t("case_versions"))),
    versions);
}

function card(c) {
  const li = h("li", { class: `app-card case-card status-${c.status}`, "data-id": c.id },
    h("h3", {}, c.title),
    h("p", {}, h("span", { class: `badge badge-case-${c.status}` }, label("case_status", c.status)),
      c.featured ? h("span", { class: "badge badge-featured" }, t("case_featured")) : null),
    h("p", { class: "hint" }, `${c.organization_names.join("、")} · ${t("case_version", { n: c.version })} · ${fmtDate(c.updated_ms)}`),
    c.status === "published" ? h("p", {}, h("a", { href: `/cases/${encodeURIComponent(c.id)}` }, t("case_page"))) : null);
  const details = h("details", {}, h("summary", {}, t("case_edit")), editor(c));
  li.append(details);
  return li;
}

export function renderCases() {
  $("cases").replaceChildren(...items.map(card));
  $("cases-none").hidden = items.length > 0;
}

$("cases-filter").addEventListener("change", loadCases);
$("cases-refresh").addEventListener("click", loadCases);
