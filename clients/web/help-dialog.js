// The help dialog of the visitor client: places to talk (the consultation
// finder, consult.js, and the venue's own support lines a `notice` brought),
// and `placeNode`, how one place to talk is shown wherever it is listed.

import { HELP_LINES } from "./texts.js";
import { ConsultFinder } from "./consult.js";
import { $, t, lang, ui } from "./venue-state.js";

const dialog = $("help-dialog");
let consult = null; // the consultation finder, made by wireHelp()

export function openHelp() {
  renderHelp();
  consult.open();
  if (typeof dialog.showModal === "function") dialog.showModal();
  else dialog.setAttribute("open", "");
  dialog.scrollTop = 0;
  $("help-title").focus(); // start reading from the top
}
function closeHelp() {
  if (typeof dialog.close === "function") dialog.close();
  else dialog.removeAttribute("open");
}

/** The dialog's buttons, and the consultation finder; the built-in national lines until the directory answers. */
export function wireHelp() {
  $("help-open").addEventListener("click", openHelp);
  $("help-close").addEventListener("click", closeHelp);
  dialog.addEventListener("click", (e) => {
    if (e.target === dialog) closeHelp(); // a tap on the backdrop
  });
  dialog.addEventListener("close", () => $("help-open").focus());
  consult = new ConsultFinder(t, () => lang, () => HELP_LINES[lang].map(placeNode).filter(Boolean));
}

/**
 * A place to talk, as one list item: its name, its number (a tap calls it) or
 * chat address (a link), and its hours, each on a line of its own, and nothing
 * else. `item` is the server's {name, contact, kind: "phone"|"chat", hours, ...},
 * or the built-in / directory shape {name, tel, url, hours}.
 */
export function placeNode(item) {
  if (!item || typeof item !== "object") return null;
  const pick = (...keys) => {
    for (const k of keys) if (typeof item[k] === "string" && item[k].trim()) return item[k].trim();
    return null;
  };
  const name = pick("name", "title");
  const contact = pick("contact");
  const tel = pick("tel", "phone") || (contact && item.kind !== "chat" && !/^https?:/i.test(contact) ? contact : null);
  const url = pick("url") || (contact && /^https?:\/\//i.test(contact) ? contact : null);
  const hours = pick("hours");
  const li = document.createElement("li");
  li.className = "place";
  if (name) {
    const s = document.createElement("span");
    s.className = "name";
    s.textContent = name;
    li.append(s);
  }
  const digits = tel ? tel.replace(/[^\d+]/g, "") : "";
  if (digits) {
    const a = document.createElement("a");
    a.className = "contact tel";
    a.href = `tel:${digits}`;
    a.textContent = tel;
    a.setAttribute("aria-label", t("help_call_label", { name: name || "", tel }));
    li.append(a);
  } else if (url && /^https?:\/\//i.test(url)) {
    const a = document.createElement("a");
    a.className = "contact chat";
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.textContent = url.replace(/^https?:\/\//i, "").replace(/\/$/, "");
    a.setAttribute("aria-label", t("help_chat_label", { name: name || "", url: a.textContent }));
    li.append(a);
  }
  if (hours) {
    const s = document.createElement("span");
    s.className = "hours";
    s.textContent = hours;
    li.append(s);
  }
  if (!name && !li.childNodes.length) return null;
  return li;
}

export function renderHelp() {
  consult.renderControls();
  consult.render();
  const venue = ui.venueSupport.map(placeNode).filter(Boolean);
  $("help-venue-items").replaceChildren(...venue);
  $("help-venue").hidden = venue.length === 0;
}
