// NPO–company matching: the organisation's needs and offers, the partners the matcher suggests
// for one of them (with its reasons, in Japanese) and asking for an introduction
// (docs/members.md, "NPO–company matching"). The introductions themselves: introductions.js.
// Every text written by another member is inserted with textContent only.

import { $, h } from "../console/dom.js";
import { t } from "./lang.js";
import { themeBoxes } from "./cases.js";
import { state } from "./state.js";
import { api } from "../console/api.js";
import { errorMessage } from "./api.js";
import { loadIntroductions, renderIntroductions } from "./introductions.js";

export const KINDS = ["funds", "volunteers", "skills", "venue", "goods", "publicity", "data_it"];
const SKILLS = ["design", "accounting", "legal", "translation", "photo_video", "marketing", "training", "counselling"];
const UNITS = { funds: "円", volunteers: "人", skills: "時間", venue: "回", goods: "点", publicity: "回", data_it: "時間" };
let listings = []; // the organisation's, open and closed
let editing = null; // the listing in the form, or null for a new one
let asking = null; // {need_id, offer_id} the introduction form is for
let seq = 0;

export async function loadMatching() {
  if (!state.org) return;
  const mine = ++seq;
  const org = encodeURIComponent(state.org.id);
  const found = [];
  for (const status of ["open", "closed"]) {
    const r = await api("GET", `/api/matching/listings?organization=${org}&status=${status}`);
    if (mine !== seq) return;
    if (r.status === 200 && r.body && Array.isArray(r.body.listings)) found.push(...r.body.listings);
  }
  listings = found;
  renderMatching();
  loadIntroductions();
}

function options(select, values, prefix) {
  if (select.options.length !== values.length) {
    select.replaceChildren(...values.map((v) => h("option", { value: v })));
  }
  for (const o of select.options) o.textContent = t(`${prefix}${o.value}`);
}

export function renderMatching() {
  const list = $("mt-list");
  if (!list) return;
  options($("mt-kind"), KINDS, "mt_kind_");
  options($("mt-skill"), SKILLS, "mt_skill_");
  themeBoxes($("mt-themes"), "mt-theme");
  syncKind();
  $("mt-empty").hidden = listings.length > 0;
  list.replaceChildren(...listings.map((x) => h("li", { class: "case-item", dataset: { id: x.id } },
    h("span", { class: "pill", text: `${t(`mt_side_${x.side}`)} · ${t(`mt_kind_${x.kind}`)}` }), " ",
    h("button", { type: "button", class: "btn btn-quiet", text: x.title, onclick: () => fillForm(x) }),
    x.status === "closed" ? h("span", { class: "pill", text: t("mt_closed") }) : null,
    x.status === "open" ? h("button", { type: "button", class: "btn", dataset: { action: "suggest" },
      text: t("mt_find"), onclick: () => suggest(x) }) : null)));
  renderIntroductions();
}

function syncKind() {
  const kind = $("mt-kind").value;
  $("mt-skill-field").hidden = kind !== "skills";
  $("mt-unit").textContent = UNITS[kind] || "";
}

function fillForm(x) {
  editing = x || null;
  $("mt-side").value = x ? x.side : "need";
  $("mt-kind").value = x ? x.kind : "volunteers";
  $("mt-skill").value = x && x.skill ? x.skill : "design";
  $("mt-title").value = x ? x.title : "";
  $("mt-quantity").value = x && x.quantity ? String(x.quantity) : "";
  $("mt-start").value = x ? x.period.start : "";
  $("mt-end").value = x && x.period.end ? x.period.end : "";
  $("mt-municipalities").value = x ? x.municipalities.join(", ") : "";
  for (const box of $("mt-themes").querySelectorAll("input")) box.checked = !!x && x.themes.includes(box.value);
  $("mt-sdgs").value = x ? x.sdgs.join(", ") : "";
  $("mt-description").value = x ? x.description : "";
  $("mt-closed").checked = !!x && x.status === "closed";
  $("mt-problems").textContent = "";
  syncKind();
}

function readForm() {
  const kind = $("mt-kind").value;
  const quantity = Number($("mt-quantity").value);
  return {
    organization: editing ? editing.organization : state.org.id,
    side: $("mt-side").value,
    kind,
    skill: kind === "skills" ? $("mt-skill").value : null,
    title: $("mt-title").value.trim(),
    quantity: Number.isInteger(quantity) && quantity > 0 ? quantity : null,
    period: { start: $("mt-start").value, end: $("mt-end").value || null },
    municipalities: $("mt-municipalities").value.split(/[\s,、]+/).filter(Boolean),
    themes: [...$("mt-themes").querySelectorAll("input:checked")].map((b) => b.value),
    sdgs: $("mt-sdgs").value.split(/[\s,、]+/).filter(Boolean).map(Number),
    description: $("mt-description").value.trim(),
    status: $("mt-closed").checked ? "closed" : "open",
  };
}

async function save(e) {
  e.preventDefault();
  const body = readForm();
  const r = editing
    ? await api("PUT", `/api/matching/listings/${encodeURIComponent(editing.id)}`, body)
    : await api("POST", "/api/matching/listings", body);
  if (r.status === 200 || r.status === 201) {
    $("mt-result").textContent = t("mt_saved");
    fillForm(null);
    await loadMatching();
    return;
  }
  $("mt-result").textContent = "";
  const detail = r.body && r.body.error && r.body.error.detail;
  $("mt-problems").textContent = detail ? `${errorMessage(r)} (${detail})` : errorMessage(r);
}

async function suggest(x) {
  const r = await api("GET", `/api/matching/listings/${encodeURIComponent(x.id)}/suggestions`);
  const box = $("mt-suggestions");
  $("mt-suggest-title").textContent = t("mt_suggest_for", { title: x.title });
  $("mt-suggest").hidden = false;
  asking = null;
  $("mt-ask-form").hidden = true;
  if (r.status !== 200 || !r.body) {
    box.replaceChildren(h("li", { class: "empty", text: errorMessage(r) }));
    return;
  }
  const found = r.body.suggestions;
  box.replaceChildren(...(found.length ? found.map((s) => h("li", { class: "mt-suggestion", dataset: { id: s.listing.id } },
    h("p", { text: s.explanation }),
    h("button", { type: "button", class: "btn btn-primary", dataset: { action: "ask" }, text: t("mt_ask"),
      onclick: () => openAsk(x, s.listing) }))) : [h("li", { class: "empty", text: t("mt_none") })]));
  $("mt-suggest").focus();
}

function openAsk(mine, other) {
  asking = mine.side === "need" ? { need_id: mine.id, offer_id: other.id } : { need_id: other.id, offer_id: mine.id };
  $("mt-ask-to").textContent = t("mt_ask_to", { org: other.organization_name, title: other.title });
  $("mt-ask-form").hidden = false;
  $("mt-ask-result").textContent = "";
  $("mt-ask-message").focus();
}

async function ask(e) {
  e.preventDefault();
  if (!asking) return;
  const r = await api("POST", "/api/matching/introductions", {
    ...asking, message: $("mt-ask-message").value.trim(),
    contact: { name: $("mt-ask-name").value.trim(), email: $("mt-ask-email").value.trim() },
  });
  $("mt-ask-result").textContent = r.status === 201 ? t("mt_asked") : errorMessage(r);
  if (r.status === 201) {
    $("mt-ask-form").hidden = true;
    asking = null;
    loadIntroductions();
  }
}

if ($("mt-form")) {
  $("mt-form").addEventListener("submit", save);
  $("mt-kind").addEventListener("change", syncKind);
  $("mt-new").addEventListener("click", () => fillForm(null));
  $("mt-ask-form").addEventListener("submit", ask);
}
