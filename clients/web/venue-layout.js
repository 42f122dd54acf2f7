// The visitor client's layout: chat and people as tabs on a phone (arrow keys,
// Home, End), side by side as labelled regions from 900 px.

import { $, t, ui, desktop } from "./venue-state.js";

const tabs = { chat: $("tab-chat"), members: $("tab-members") };
const panels = { chat: $("panel-chat"), members: $("panel-members") };

export function selectTab(name, focus = false) {
  ui.tab = name;
  for (const [k, tab] of Object.entries(tabs)) {
    const on = k === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    panels[k].hidden = !on;
  }
  if (focus) tabs[name].focus();
}

let afterLayout = () => {}; // the map fits itself to the new layout

/** The tabs' keys and clicks; `after` runs after each change of layout. */
export function wireLayout(after) {
  afterLayout = after;
  for (const [name, tab] of Object.entries(tabs)) {
    tab.addEventListener("click", () => selectTab(name));
    tab.addEventListener("keydown", (e) => {
      const order = ["chat", "members"];
      const i = order.indexOf(name);
      let next = null;
      if (e.key === "ArrowRight") next = order[(i + 1) % order.length];
      else if (e.key === "ArrowLeft") next = order[(i + order.length - 1) % order.length];
      else if (e.key === "Home") next = order[0];
      else if (e.key === "End") next = order[order.length - 1];
      if (next) {
        e.preventDefault();
        selectTab(next, true);
      }
    });
  }
  desktop.addEventListener("change", applyLayout);
}

export function applyLayout() {
  if (desktop.matches) {
    // Side by side: plain labelled regions, no tabs.
    for (const [k, p] of Object.entries(panels)) {
      p.hidden = false;
      p.setAttribute("role", "region");
      p.removeAttribute("aria-labelledby");
      p.setAttribute("aria-label", t(k === "chat" ? "tab_chat" : "member_list_label"));
    }
  } else {
    for (const [k, p] of Object.entries(panels)) {
      p.setAttribute("role", "tabpanel");
      p.setAttribute("aria-labelledby", tabs[k].id);
      p.removeAttribute("aria-label");
    }
    selectTab(ui.tab);
  }
  afterLayout();
}
