// Finding and building elements. Text goes in as text nodes or textContent
// only: nothing here (or anywhere in the console) parses markup.

import { fmtTime } from "./lang.js";

export const $ = (id) => document.getElementById(id);

/** Build an element. Children that are not nodes become text nodes (never markup). */
export function h(tag, props = {}, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v == null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = String(v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of kids.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function timeEl(ms, withDate = false) {
  const d = Number.isFinite(ms) ? new Date(ms) : new Date();
  return h("time", { class: "time", datetime: d.toISOString() }, fmtTime(ms, withDate));
}

/** Re-render without losing the keyboard focus (elements carry data-focus). */
export function keepFocus(render) {
  const active = document.activeElement;
  const key = active && active.dataset ? active.dataset.focus : null;
  render();
  if (key && !document.body.contains(active)) {
    const again = document.querySelector(`[data-focus="${CSS.escape(key)}"]`);
    if (again) again.focus();
  }
}
