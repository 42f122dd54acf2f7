// Saving the organisation's activities: the same checks the import applies,
// the document sent back, and the refusals shown by the field they are about.

import { $, h } from "../console/dom.js";
import { t } from "./lang.js";
import { state } from "./state.js";
import { api } from "../console/api.js";
import { errorMessage } from "./api.js";
import { MAX_SERVICE_NAME, loadOrg, renderServices } from "./org-services.js";
import { rowProblems } from "./schedule-editor.js";

const AGE_FIELDS = [["minimum_age", "minAge"], ["maximum_age", "maxAge"]];

function parseAge(text) {
  const v = String(text ?? "").trim();
  if (!v) return null;
  if (!/^[0-9]{1,3}$/.test(v) || Number(v) > 120) return undefined;
  return Number(v);
}

function serviceWhere(i) {
  const s = state.org.services[i];
  const name = s ? s.name.trim() : "";
  return name ? t("org_where_service", { n: i + 1, name }) : t("svc_n", { n: i + 1 });
}

const FIELD_OF = { name: "name", description: "description", status: "status", fees_description: "fees",
  minimum_age: "minAge", maximum_age: "maxAge" };
const LABEL_OF = { name: "org_field_name", description: "svc_description", status: "svc_status", fees: "svc_fees",
  minAge: "svc_min_age", maxAge: "svc_max_age" };

function showOrgProblems(title, lines, focusKey) {
  const problems = $("org-problems");
  problems.replaceChildren(h("p", { text: title }));
  if (lines.length) problems.append(h("ul", {}, ...lines.map((l) => h("li", { text: l }))));
  renderServices();
  if (focusKey) {
    const node = $(`svc-${focusKey[0]}-${focusKey[1]}`);
    if (node) node.focus();
  }
}

// Client-side checks: the same rules the import applies to these fields.
function checkServices() {
  const lines = [];
  let focus = null;
  state.org.services.forEach((s, i) => {
    const bad = (key, msg) => {
      s.invalid.add(key);
      lines.push(t("org_problem_line", { where: `${serviceWhere(i)} ${t(LABEL_OF[key])}`, message: t(msg) }));
      if (!focus) focus = [i, { name: "name", minAge: "minimum_age", maxAge: "maximum_age" }[key]];
    };
    const name = s.name.trim();
    if (!name) bad("name", "org_name_missing");
    else if ([...name].length > MAX_SERVICE_NAME) bad("name", "org_name_long");
    const lo = parseAge(s.minAge);
    const hi = parseAge(s.maxAge);
    if (lo === undefined) bad("minAge", "org_age_bad");
    if (hi === undefined) bad("maxAge", "org_age_bad");
    if (lo != null && hi != null && lo > hi) bad("maxAge", "org_age_order");
    (Array.isArray(s.doc.schedules) ? s.doc.schedules : []).forEach((row, j) => {
      for (const msg of rowProblems(row)) {
        lines.push(t("org_problem_line", { where: `${serviceWhere(i)} ${t("sched_row_n", { n: j + 1 })}`, message: t(msg) }));
      }
    });
  });
  return { lines, focus };
}

function buildOrganization() {
  const o = state.org;
  const doc = { ...o.doc };
  doc.locations = Array.isArray(o.doc.locations) ? o.doc.locations : [];
  doc.services = o.services.map((s) => {
    const svc = { ...s.doc, name: s.name.trim(), status: s.status };
    const text = (key, value) => {
      if (value.trim()) svc[key] = value;
      else delete svc[key];
    };
    text("description", s.description);
    text("fees_description", s.fees);
    for (const [key, form] of AGE_FIELDS) {
      const v = parseAge(s[form]);
      if (v == null) delete svc[key];
      else svc[key] = v;
    }
    return svc;
  });
  return doc;
}

// "$[0].services[2].description" → [2, "description"]; the organisation's own fields → [null, key].
function problemPlace(path) {
  const m = /^\$\[0\]\.services\[(\d+)\](?:\.([A-Za-z_]+))?/.exec(String(path || ""));
  if (m) return [Number(m[1]), m[2] || null];
  return [null, null];
}

$("org-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const o = state.org;
  if (!o || !o.loaded || o.saving) return;
  const out = $("org-result");
  out.textContent = "";
  out.dataset.kind = "";
  $("org-problems").replaceChildren();
  for (const s of o.services) s.invalid.clear();
  const checked = checkServices();
  if (checked.lines.length) {
    showOrgProblems(t("org_problems"), checked.lines, checked.focus);
    return;
  }
  const button = $("org-save");
  o.saving = true;
  button.disabled = true;
  button.textContent = t("org_saving");
  const r = await api("PUT", `/api/organizations/${encodeURIComponent(o.id)}`, buildOrganization());
  o.saving = false;
  button.disabled = false;
  button.textContent = t("org_save");
  if (r.status === 200) {
    await loadOrg();
    out.dataset.kind = "ok";
    out.textContent = t("org_saved");
    return;
  }
  if (r.status === 401) return; // back to the login form (api → expired)
  const err = (r.body && r.body.error) || null;
  if (r.status === 422 && err && err.code === "blocked") {
    // The refused text comes back (its first 80 characters): point at the field it is in.
    const detail = typeof err.detail === "string" ? err.detail : "";
    const where = [];
    let focus = null;
    if (detail) {
      o.services.forEach((s, i) => {
        for (const key of ["name", "description"]) {
          const sent = key === "name" ? s.name.trim() : s.description;
          if (sent && sent.startsWith(detail)) {
            s.invalid.add(key);
            where.push(`${serviceWhere(i)} ${t(LABEL_OF[key])}`);
            if (!focus) focus = [i, key];
          }
        }
      });
    }
    showOrgProblems(t("org_blocked"), where.map((w) => t("org_blocked_where", { where: w })), focus);
    return;
  }
  if (r.status === 422 && r.body && Array.isArray(r.body.rejected) && r.body.rejected.length) {
    const lines = [];
    let focus = null;
    for (const p of r.body.rejected) {
      const [i, key] = problemPlace(p && p.path);
      const form = key && FIELD_OF[key];
      let where;
      if (i != null && o.services[i]) {
        where = serviceWhere(i) + (form ? ` ${t(LABEL_OF[form])}` : key ? ` ${key}` : "");
        if (form) {
          o.services[i].invalid.add(form);
          if (!focus) focus = [i, key];
        }
      } else where = p && p.path ? String(p.path) : t("org_where_org");
      lines.push(t("org_problem_line", { where, message: String((p && p.message) || (p && p.code) || "") }));
    }
    showOrgProblems(t("org_problems"), lines, focus);
    return;
  }
  showOrgProblems(errorMessage(r), [], null);
});
