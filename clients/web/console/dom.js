// Finding and building elements, for the three staff consoles (host, mod, admin). Text goes in as
// text nodes or textContent only: nothing here (or anywhere in a console) parses markup, so words
// written by visitors, applicants and members can never become part of the page.

export const $ = (id) => document.getElementById(id);

/** Build an element. `class`, `text`, `dataset` and `on<event>` props are special; children that are
 * not nodes become text nodes (never markup); null, false and "" children are left out. */
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
    if (c == null || c === false || c === "") continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
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
