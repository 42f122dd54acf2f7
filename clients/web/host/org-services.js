// The organisation's activities (HSDS services): loading the organisation with
// every service in full, and the form each service is edited in.
// The organisation is edited as one HSDS document (PUT /api/organizations/{id}, imported strictly):
// the organisation's own fields and locations go back as they came, and every service in full,
// with the fields the server adds when serving it taken out again.
// Checking and saving it is in org-save.js.

import { $, h } from "../console/dom.js";
import { t } from "./lang.js";
import { SERVICE_STATUSES, SERVICE_STATUSES_KEPT } from "./texts.js";
import { state } from "./state.js";
import { api } from "../console/api.js";
import { scheduleEditor } from "./schedule-editor.js";
import { confirmNode, loadConfirmations } from "./listing-confirm.js";

const SERVER_ADDED = ["organization", "x_virtual", "x_municipality_code"];
export const MAX_SERVICE_NAME = 200;
const MAX_SERVICE_TEXT = 4000;

function serviceForm(doc, isNew) {
  const age = (v) => (Number.isInteger(v) ? String(v) : "");
  return {
    doc, isNew,
    name: typeof doc.name === "string" ? doc.name : "",
    description: typeof doc.description === "string" ? doc.description : "",
    status: typeof doc.status === "string" && doc.status ? doc.status : "active",
    fees: typeof doc.fees_description === "string" ? doc.fees_description : "",
    minAge: age(doc.minimum_age),
    maxAge: age(doc.maximum_age),
    invalid: new Set(), // field keys marked aria-invalid after a refusal
  };
}

function cleanService(full) {
  const doc = { ...full };
  for (const k of SERVER_ADDED) delete doc[k];
  doc.service_at_locations = (Array.isArray(full.service_at_locations) ? full.service_at_locations : [])
    .filter((l) => l && typeof l.location_id === "string")
    .map((l) => ({ location_id: l.location_id }));
  return doc;
}

function setOrgStatus(key) {
  if (state.org) state.org.statusKey = key || "";
  renderOrgStatus();
}

export function renderOrgStatus() {
  const node = $("org-status");
  const key = state.org ? state.org.statusKey : "";
  node.textContent = key ? t(key) : "";
  node.hidden = !key;
}

export async function loadOrg() {
  const o = state.org;
  const orgId = o.id;
  const seq = ++state.orgSeq;
  const stale = () => seq !== state.orgSeq || state.org !== o;
  if (!o.loaded) setOrgStatus("org_loading"); // a reload after saving keeps the form (and the focus) where it is
  const failed = () => {
    o.loaded = false;
    $("org-form").hidden = true;
    setOrgStatus("org_load_failed");
    return false;
  };
  // with the token: hidden (非公開) services are served to their own organisation's hosts only
  const r = await api("GET", `/hsds/organizations/${encodeURIComponent(orgId)}`);
  if (stale()) return false;
  if (r.status !== 200 || !r.body || r.body.id !== orgId) return failed();
  const summaries = Array.isArray(r.body.services) ? r.body.services.filter((s) => s && typeof s.id === "string") : [];
  const [full] = await Promise.all([
    Promise.all(summaries.map((s) => api("GET", `/hsds/services/${encodeURIComponent(s.id)}`))),
    loadConfirmations(orgId), // when each was last confirmed; the form works without it
  ]);
  if (stale()) return false;
  // Saving replaces every service of the organisation: without all of them, nothing can be saved.
  if (full.some((x) => x.status !== 200 || !x.body || typeof x.body.id !== "string")) return failed();
  const { services, ...org } = r.body;
  o.doc = org;
  o.services = full.map((x) => serviceForm(cleanService(x.body), false));
  o.loaded = true;
  $("org-name").textContent = typeof org.name === "string" ? org.name : "";
  setOrgStatus(o.services.length ? "" : "org_empty");
  $("org-form").hidden = false;
  $("org-problems").replaceChildren();
  renderServices();
  return true;
}

export function renderServices() {
  const o = state.org;
  if (!o || !o.loaded) return;
  const list = $("svc-list");
  list.replaceChildren(...o.services.map((s, i) => serviceNode(s, i)));
}

function serviceNode(s, i) {
  const n = i + 1;
  const base = `svc-${i}`;
  const li = h("li", { class: "svc", dataset: s.isNew ? { id: s.doc.id, new: "yes" } : { id: s.doc.id } });
  const head = h("p", { class: "item-n", text: t("svc_n", { n }) });
  if (s.isNew) head.append(" ", h("span", { class: "svc-new", text: t("svc_new") }));
  li.append(head);
  if (!s.isNew) li.append(confirmNode(s.doc.id, n));

  const input = (key, node) => {
    node.value = s[key];
    if (s.invalid.has(key)) node.setAttribute("aria-invalid", "true");
    node.addEventListener("input", () => {
      s[key] = node.value;
      if (s.invalid.delete(key)) node.removeAttribute("aria-invalid");
    });
    return node;
  };
  const field = (key, label, node, hint) => {
    const wrap = h("div", { class: "field" }, h("label", { for: node.id, text: t(label) }), node);
    if (hint) {
      const hid = `${node.id}-hint`;
      node.setAttribute("aria-describedby", hid);
      wrap.append(h("p", { id: hid, class: "hint", text: t(hint) }));
    }
    return wrap;
  };

  const name = input("name", h("input", { id: `${base}-name`, type: "text", maxlength: String(MAX_SERVICE_NAME), required: true,
    dataset: { field: "name" } }));
  const description = input("description", h("textarea", { id: `${base}-description`, rows: "4",
    maxlength: String(MAX_SERVICE_TEXT), dataset: { field: "description" } }));
  const status = h("select", { id: `${base}-status`, dataset: { field: "status" } });
  const choices = [...SERVICE_STATUSES];
  if (!choices.includes(s.status)) choices.push(s.status); // kept as it is unless the host chooses
  for (const v of choices) {
    const label = SERVICE_STATUSES.includes(v) || SERVICE_STATUSES_KEPT.includes(v) ? t(`svc_status_${v}`) : v;
    status.append(h("option", { value: v, text: label }));
  }
  input("status", status);
  status.addEventListener("change", () => { s.status = status.value; });
  const fees = input("fees", h("input", { id: `${base}-fees_description`, type: "text", maxlength: String(MAX_SERVICE_TEXT),
    dataset: { field: "fees_description" } }));
  const age = (key, field) => {
    const node = input(key, h("input", { id: `${base}-${field}`, type: "number", inputmode: "numeric",
      min: "0", max: "120", step: "1", class: "age", dataset: { field } }));
    node.addEventListener("input", () => { if (node.validity.badInput) s[key] = "?"; }); // not a number: refused on save
    return node;
  };
  const minAge = age("minAge", "minimum_age");
  const maxAge = age("maxAge", "maximum_age");

  const hoursBox = h("div", { class: "svc-hours" }, scheduleEditor(s.doc, base));

  li.append(
    field("name", "svc_name", name),
    field("description", "svc_description", description),
    field("status", "svc_status", status),
    field("fees", "svc_fees", fees, "svc_fees_hint"),
    h("div", { class: "row ages" },
      field("minAge", "svc_min_age", minAge),
      field("maxAge", "svc_max_age", maxAge)),
    h("p", { class: "hint", text: t("svc_age_hint") }),
    hoursBox,
  );
  if (s.isNew) {
    li.append(h("button", { type: "button", class: "btn btn-quiet", text: t("svc_remove"),
      "aria-label": t("svc_remove_aria", { n }), onclick: () => {
        state.org.services.splice(i, 1);
        renderServices();
        $("svc-add").focus();
      } }));
  }
  return li;
}

$("svc-add").addEventListener("click", () => {
  const o = state.org;
  if (!o || !o.loaded) return;
  const first = (Array.isArray(o.doc.locations) ? o.doc.locations : []).find((l) => l && typeof l.id === "string");
  const doc = {
    id: `${o.id}-svc-${Date.now().toString(36)}`,
    name: "",
    status: "active",
    x_kind: "activity",
    service_at_locations: first ? [{ location_id: first.id }] : [],
  };
  o.services.push(serviceForm(doc, true));
  setOrgStatus("");
  $("org-result").textContent = "";
  renderServices();
  $(`svc-${o.services.length - 1}-name`).focus();
});
