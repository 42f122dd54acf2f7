// 好事例 (good practices): the organisation's cases and the form a host writes one in.
// A case is saved as a draft or submitted to the secretariat, who publishes it
// (docs/members.md). A published case is changed by the secretariat only, so it is
// listed with a link to its public page and not opened in the form.

import { $, h } from "../console/dom.js";
import { t } from "./lang.js";
import { CASE_THEMES } from "./texts.js";
import { state } from "./state.js";
import { api } from "../console/api.js";
import { errorMessage } from "./api.js";
import { fillExtras, readExtras } from "./case-extras.js";

const STATUSES = ["draft", "submitted", "published"];
let cases = []; // the organisation's cases, every status
let editing = null; // {id, version} of the case in the form, or null for a new one
let seq = 0;

export async function loadCases() {
  if (!state.org) return;
  const mine = ++seq;
  const org = encodeURIComponent(state.org.id);
  const found = [];
  for (const status of STATUSES) {
    const r = await api("GET", `/api/cases?organization=${org}&status=${status}&per_page=200`);
    if (mine !== seq) return;
    if (r.status === 200 && r.body && Array.isArray(r.body.contents)) found.push(...r.body.contents);
  }
  cases = found;
  renderCases();
  if (!editing) fillExtras(null); // the partner picker lists the members
}

function fillForm(c) {
  editing = c ? { id: c.id, version: c.version } : null;
  $("case-title").value = c ? c.title : "";
  $("case-municipalities").value = c ? c.municipalities.join(", ") : "";
  for (const box of $("case-themes").querySelectorAll("input")) box.checked = !!c && c.themes.includes(box.value);
  $("case-problem").value = c ? c.problem : "";
  $("case-action").value = c ? c.action : "";
  $("case-outcome").value = c ? c.outcome : "";
  $("case-start").value = c ? c.period.start : "";
  $("case-end").value = c && c.period.end ? c.period.end : "";
  $("case-transfer").value = c ? String(c.transferability) : "2";
  const contact = c && c.contacts[0];
  $("case-contact-name").value = contact ? contact.name : "";
  $("case-contact-email").value = contact ? contact.email || "" : "";
  $("case-problems").textContent = "";
  $("case-new").hidden = !c;
  fillExtras(c);
  showNote(c);
}

/** A case the secretariat sent back: its note (what to change), from the case's history. */
async function showNote(c) {
  const box = $("case-note");
  box.hidden = true;
  if (!c || c.status !== "draft" || c.version < 2) return;
  const r = await api("GET", `/api/cases/${encodeURIComponent(c.id)}/versions`);
  const last = r.status === 200 ? r.body.versions[r.body.versions.length - 1] : null;
  if (!last || !last.note || !editing || editing.id !== c.id) return;
  box.textContent = t("case_note_from_secretariat", { note: last.note });
  box.hidden = false;
}

/** The case themes as tick boxes in `boxes` (made once; ids `<idPrefix>-<theme>`), labelled in the current
 * language. The needs-and-offers form (matching.js) ticks the same themes. */
export function themeBoxes(boxes, idPrefix) {
  if (!boxes.querySelector("input")) {
    for (const id of CASE_THEMES) {
      const box = h("input", { type: "checkbox", value: id, id: `${idPrefix}-${id}` });
      boxes.append(h("label", { class: "check", for: box.id }, box, h("span", { "data-i18n": id })));
    }
  }
  for (const span of boxes.querySelectorAll("[data-i18n]")) span.textContent = t(span.dataset.i18n);
}

export function renderCases() {
  const list = $("case-list");
  if (!list) return;
  themeBoxes($("case-themes"), "case-theme");
  $("case-empty").hidden = cases.length > 0;
  list.replaceChildren(...cases.map((c) => {
    const status = h("span", { class: `pill case-${c.status}`, text: t(`case_status_${c.status}`) });
    const title = c.status === "published"
      ? h("a", { href: `/cases/${encodeURIComponent(c.id)}`, target: "_blank", rel: "noopener", text: c.title })
      : h("button", { type: "button", class: "btn btn-quiet", text: c.title, onclick: () => fillForm(c) });
    return h("li", { class: "case-item", dataset: { id: c.id } }, status, " ", title);
  }));
}

function readForm(status) {
  const contacts = $("case-contact-name").value.trim()
    ? [{ name: $("case-contact-name").value.trim(), email: $("case-contact-email").value.trim() }] : [];
  return {
    title: $("case-title").value.trim(),
    municipalities: $("case-municipalities").value.split(/[\s,、]+/).filter(Boolean),
    themes: [...$("case-themes").querySelectorAll("input:checked")].map((b) => b.value),
    problem: $("case-problem").value.trim(),
    action: $("case-action").value.trim(),
    outcome: $("case-outcome").value.trim(),
    period: { start: $("case-start").value, end: $("case-end").value || null },
    transferability: Number($("case-transfer").value),
    contacts,
    status,
    ...readExtras(),
  };
}

async function save(status) {
  const body = readForm(status);
  const blank = body.figures.findIndex((f) => f.after == null);
  if (blank >= 0) {
    $("case-problems").textContent = t("case_figure_after_needed", { n: blank + 1 });
    return;
  }
  const r = editing
    ? await api("PUT", `/api/cases/${encodeURIComponent(editing.id)}?version=${editing.version}`, body)
    : await api("POST", "/api/cases", body);
  if (r.status === 200 || r.status === 201) {
    $("case-result").textContent = t(status === "submitted" ? "case_submitted" : "case_saved");
    fillForm(null);
    await loadCases();
    return;
  }
  $("case-result").textContent = "";
  const detail = r.body && r.body.error && r.body.error.detail;
  $("case-problems").textContent = detail ? `${errorMessage(r)} (${detail})` : errorMessage(r);
}

const form = $("case-form");
if (form) {
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    save(e.submitter && e.submitter.value === "submitted" ? "submitted" : "draft");
  });
  $("case-new").addEventListener("click", () => fillForm(null));
}
