// Editing the booth's content: its title, description, items (links,
// videos, texts) and live sessions (the festival programme, as schedule rows),
// saved with PUT /api/booths/{slug}.

import { $, h } from "../console/dom.js";
import { t } from "./lang.js";
import { ITEM_TYPES } from "./texts.js";
import { state } from "./state.js";
import { api } from "../console/api.js";
import { errorMessage } from "./api.js";
import { renderAll } from "./console.js";
import { rowProblems, scheduleEditor } from "./schedule-editor.js";

const LIVE = { key: "live_sessions", capacity: false, title: "edit_live" };

function renderLive() {
  $("edit-live").replaceChildren(scheduleEditor(state.editLive, "live", LIVE));
}

export function fillEditForm() {
  const b = state.booth;
  if (!b) {
    state.editItems = [];
    state.editLive = { live_sessions: [] };
    return;
  }
  $("edit-title").value = b.title || "";
  $("edit-title-en").value = b.title_en || "";
  $("edit-description").value = b.description || "";
  state.editItems = (b.items || []).map((i) => ({ type: i.type, title: i.title || "", url: i.url || "", text: i.text || "" }));
  state.editLive = { live_sessions: JSON.parse(JSON.stringify(b.live_sessions || [])) };
  renderLive();
  $("edit-problems").replaceChildren();
  $("edit-result").textContent = "";
}

export function renderEditItems() {
  const list = $("edit-items");
  list.replaceChildren(...state.editItems.map((item, i) => {
    const n = i + 1;
    const li = h("li", { class: "edit-item", dataset: { index: String(i) } });
    const ids = { type: `item-${i}-type`, title: `item-${i}-title`, url: `item-${i}-url` };
    const type = h("select", { id: ids.type });
    for (const it of ITEM_TYPES) type.append(h("option", { value: it.id, text: t(it.label) }));
    type.value = item.type;
    type.addEventListener("change", () => {
      item.type = type.value;
      renderEditItems();
      $(ids.type).focus();
    });
    const title = h("input", { id: ids.title, type: "text", maxlength: "80" });
    title.value = item.title;
    title.addEventListener("input", () => { item.title = title.value; });
    const isText = item.type === "text";
    const body = isText ? h("textarea", { id: ids.url, rows: "2", maxlength: "2000" })
      : h("input", { id: ids.url, type: "url", inputmode: "url", maxlength: "500", placeholder: "https://" });
    body.value = isText ? item.text : item.url;
    body.addEventListener("input", () => {
      if (isText) item.text = body.value;
      else item.url = body.value;
    });
    const remove = h("button", { type: "button", class: "btn btn-quiet", text: t("edit_item_remove"),
      "aria-label": t("edit_item_remove_aria", { n }) });
    remove.addEventListener("click", () => {
      state.editItems.splice(i, 1);
      renderEditItems();
      const items = $("edit-items").querySelectorAll("select");
      (items[Math.min(i, items.length - 1)] || $("edit-add")).focus();
    });
    li.append(
      h("p", { class: "item-n", text: t("edit_item_n", { n }) }),
      h("div", { class: "field" }, h("label", { for: ids.type, text: t("edit_item_type") }), type),
      h("div", { class: "field" }, h("label", { for: ids.title, text: t("edit_item_title") }), title),
      h("div", { class: "field" }, h("label", { for: ids.url, text: t(isText ? "edit_item_text" : "edit_item_url") }), body),
      remove,
    );
    return li;
  }));
}

$("edit-add").addEventListener("click", () => {
  state.editItems.push({ type: "link", title: "", url: "", text: "" });
  renderEditItems();
  const selects = $("edit-items").querySelectorAll("select");
  selects[selects.length - 1].focus();
});

$("edit-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const problems = $("edit-problems");
  const out = $("edit-result");
  problems.replaceChildren();
  out.textContent = "";
  const items = state.editItems.map((i) => (i.type === "text"
    ? { type: "text", title: i.title, text: i.text }
    : { type: i.type, title: i.title, url: i.url.trim() }));
  const live = state.editLive.live_sessions || [];
  const missing = live.flatMap((row, j) => rowProblems(row).map((msg) => `${t("edit_live_row", { n: j + 1 })}: ${t(msg)}`));
  if (missing.length) {
    problems.append(h("p", { text: t("edit_problems") }), h("ul", {}, ...missing.map((m) => h("li", { text: m }))));
    return;
  }
  const body = { title: $("edit-title").value.trim(), title_en: $("edit-title-en").value.trim(),
    description: $("edit-description").value, items,
    live_sessions: live };
  const r = await api("PUT", `/api/booths/${encodeURIComponent(state.booth.slug)}`, body);
  if (r.status === 200 && r.body) {
    state.booth.title = r.body.title;
    state.booth.title_en = r.body.title_en || "";
    state.booth.description = r.body.description || "";
    state.booth.items = Array.isArray(r.body.items) ? r.body.items : [];
    state.booth.live_sessions = Array.isArray(r.body.live_sessions) ? r.body.live_sessions : [];
    fillEditForm();
    renderAll();
    out.textContent = t("edit_saved");
    return;
  }
  const err = (r.body && r.body.error) || {};
  const lines = [];
  if (err.code === "blocked") lines.push(t("edit_blocked"));
  else if (Array.isArray(err.problems) && err.problems.length) {
    lines.push(t("edit_problems"));
    const ul = h("ul");
    for (const p of err.problems) {
      ul.append(h("li", { text: `${p.path}: ${p.message}` }));
    }
    problems.append(h("p", { text: lines[0] }), ul);
    return;
  } else lines.push(errorMessage(r));
  problems.append(h("p", { text: lines.join(" ") }));
});
