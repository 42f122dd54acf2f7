// The parts of a case form (cases.js) that come in rows: figures (label, before, after, unit),
// images by URL (alt text required, a licence from the short list the server accepts, credit) and
// partner organisations (other members, picked by name; the host's own organisation is always first).
// The server checks every field again (booths/cases.py) and names the one to fix.

import { $, h } from "../console/dom.js";
import { t } from "./lang.js";
import { CASE_LICENCES } from "./texts.js";
import { state } from "./state.js";

let members = null; // [{id, name}] of the directory's member organisations, loaded once
let partners = []; // ids of the partner organisations in the form

async function loadMembers() {
  if (members) return;
  const r = await fetch("/hsds/organizations?per_page=200").catch(() => null);
  const body = r && r.ok ? await r.json().catch(() => null) : null;
  members = body && Array.isArray(body.contents) ? body.contents.map((o) => ({ id: o.id, name: o.name })) : [];
}

const nameOf = (id) => (members && (members.find((m) => m.id === id) || {}).name) || id;

function input(cls, type, value, labelKey, n, extra = {}) {
  const id = `${cls}-${n}-${Math.random().toString(36).slice(2, 8)}`;
  const box = h("input", { id, type, class: cls, ...extra });
  box.value = value == null ? "" : String(value);
  return h("div", { class: "field" }, h("label", { for: id, text: t(labelKey) }), box);
}

function removeButton(row, labelKey, n) {
  return h("button", { type: "button", class: "btn btn-quiet", text: t("case_row_remove"),
                        "aria-label": t(labelKey, { n }), onclick: () => row.remove() });
}

function figureRow(f = {}) {
  const n = $("case-figure-rows").children.length + 1;
  const row = h("fieldset", { class: "case-row case-figure" }, h("legend", { text: t("case_figure_n", { n }) }),
    input("fig-label", "text", f.label, "case_figure_label", n, { maxlength: "200" }),
    input("fig-before", "number", f.before, "case_figure_before", n, { step: "any", inputmode: "decimal" }),
    input("fig-after", "number", f.after, "case_figure_after", n, { step: "any", inputmode: "decimal" }),
    input("fig-unit", "text", f.unit, "case_figure_unit", n, { maxlength: "20" }));
  row.append(removeButton(row, "case_figure_remove", n));
  $("case-figure-rows").append(row);
}

function imageRow(im = {}) {
  const n = $("case-image-rows").children.length + 1;
  const licenceId = `img-licence-${n}-${Math.random().toString(36).slice(2, 8)}`;
  const licence = h("select", { id: licenceId, class: "img-licence" },
    ...CASE_LICENCES.map((l) => h("option", { value: l, text: t(`licence_${l.replace(/[-.]/g, "_")}`) })));
  licence.value = im.licence || CASE_LICENCES[0];
  const row = h("fieldset", { class: "case-row case-image" }, h("legend", { text: t("case_image_n", { n }) }),
    input("img-url", "url", im.url, "case_image_url", n, { maxlength: "500", placeholder: "https://", inputmode: "url" }),
    input("img-alt", "text", im.alt, "case_image_alt", n, { maxlength: "200" }),
    h("div", { class: "field" }, h("label", { for: licenceId, text: t("case_image_licence") }), licence),
    input("img-credit", "text", im.credit, "case_image_credit", n, { maxlength: "200" }));
  row.append(removeButton(row, "case_image_remove", n));
  $("case-image-rows").append(row);
}

function renderPartners() {
  $("case-partner-list").replaceChildren(...partners.map((id) => h("li", {}, nameOf(id), " ",
    h("button", { type: "button", class: "btn btn-quiet", text: t("case_row_remove"),
                   "aria-label": t("case_partner_remove", { name: nameOf(id) }),
                   onclick: () => { partners = partners.filter((p) => p !== id); renderPartners(); } }))));
  const pick = $("case-partner-pick");
  const own = state.org && state.org.id;
  pick.replaceChildren(h("option", { value: "", text: t("case_partner_choose") }),
    ...(members || []).filter((m) => m.id !== own && !partners.includes(m.id))
      .map((m) => h("option", { value: m.id, text: m.name })));
}

/** Fill the rows from a case (or empty them for a new one). */
export async function fillExtras(c) {
  $("case-figure-rows").replaceChildren();
  $("case-image-rows").replaceChildren();
  for (const f of (c && c.figures) || []) figureRow(f);
  for (const im of (c && c.images) || []) imageRow(im);
  const own = state.org && state.org.id;
  partners = ((c && c.organizations) || []).filter((o) => o !== own);
  await loadMembers();
  renderPartners();
}

const num = (box) => (box.value.trim() === "" ? null : Number(box.value));

/** What the rows say, as the API takes it: {organizations, figures, images}. */
export function readExtras() {
  const rows = (id) => [...$(id).children];
  const val = (row, cls) => row.querySelector(`.${cls}`);
  return {
    organizations: [state.org.id, ...partners],
    figures: rows("case-figure-rows").map((r) => ({
      label: val(r, "fig-label").value.trim(), before: num(val(r, "fig-before")), after: num(val(r, "fig-after")),
      unit: val(r, "fig-unit").value.trim() })),
    images: rows("case-image-rows").map((r) => ({
      url: val(r, "img-url").value.trim(), alt: val(r, "img-alt").value.trim(), licence: val(r, "img-licence").value,
      credit: val(r, "img-credit").value.trim() })),
  };
}

if ($("case-figure-add")) {
  $("case-figure-add").addEventListener("click", () => figureRow());
  $("case-image-add").addEventListener("click", () => imageRow());
  $("case-partner-add").addEventListener("click", () => {
    const id = $("case-partner-pick").value;
    if (id && !partners.includes(id)) partners.push(id);
    renderPartners();
  });
}
