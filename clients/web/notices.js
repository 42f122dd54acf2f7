// The visitor client's notices: cards from staff and the server, at most
// MAX_NOTICES; the support card (a cry for help was heard) brings its places to
// talk, adds them to the help dialog, and is the only one of its kind.

import { $, t, ui, desktop, reducedMotion } from "./venue-state.js";
import { openHelp, placeNode, renderHelp } from "./help-dialog.js";
import { hideChatStatus } from "./chat-log.js";
import { input } from "./chat-input.js";
import { selectTab } from "./venue-layout.js";

const MAX_NOTICES = 3;

export function addNotice(msg) {
  if (msg.code === "support_invite") return; // the support sheet opens instead (client "support" event)
  const box = $("notices");
  const card = document.createElement("div");
  const level = typeof msg.level === "string" ? msg.level.replace(/[^a-z]/g, "") : "info";
  const support = msg.code === "support";
  card.className = `notice level-${level}${support ? " support-card" : ""}`;
  const h = document.createElement("h3");
  h.textContent = t(support ? "notice_support_title" : "notice_title");
  card.append(h);
  if (typeof msg.text === "string" && msg.text) {
    const p = document.createElement("p");
    p.textContent = msg.text;
    card.append(p);
  }
  const items = Array.isArray(msg.items) ? msg.items.filter((it) => it && typeof it === "object") : [];
  if (items.length) {
    // The server lists the lines that answer now first; keep its order.
    const ul = document.createElement("ul");
    ul.className = "help-lines support-lines";
    ul.append(...items.map(placeNode).filter(Boolean));
    card.append(ul);
    if (support) {
      for (const it of items) {
        const key = JSON.stringify([it.name, it.contact || it.tel || it.url]);
        if (!ui.venueSupport.some((v) => JSON.stringify([v.name, v.contact || v.tel || v.url]) === key)) ui.venueSupport.push(it);
      }
      renderHelp();
    }
  }
  if (support) {
    ui.supportNoticeAt = Date.now();
    // The sender of a held cry for help sees this card, never also "shown after review".
    if ($("chat-status").textContent === t("chat_held")) hideChatStatus();
    for (const old of box.querySelectorAll(".support-card")) old.remove(); // one card, the latest
  }
  const actions = document.createElement("div");
  actions.className = "notice-actions";
  if (support) {
    const open = document.createElement("button");
    open.type = "button";
    open.className = "btn btn-help";
    open.textContent = t("notice_open_help");
    open.addEventListener("click", openHelp);
    actions.append(open);
  }
  const close = document.createElement("button");
  close.type = "button";
  close.className = "btn";
  close.textContent = t("dismiss");
  close.setAttribute("aria-label", t("dismiss_label"));
  close.addEventListener("click", () => {
    card.remove();
    input.focus();
  });
  actions.append(close);
  card.append(actions);
  box.append(card);
  while (box.children.length > MAX_NOTICES) box.firstElementChild.remove();
  if (!desktop.matches && ui.tab !== "chat") selectTab("chat");
  if (support) {
    // On a phone the card sits below the map: bring it into view, calmly.
    card.scrollIntoView({ block: "start", behavior: reducedMotion.matches ? "auto" : "smooth" });
  }
}
