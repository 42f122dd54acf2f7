// The moderator console: rooms, a live feed with held messages and priority
// alerts, one-click actions, the reports queue and the audit trail.
// Texts written by other people are only ever inserted as text (textContent or
// text nodes); nothing here parses markup. This module starts the page; each
// panel is a module:
//   login.js, console.js   signing in and out, opening the console
//   session.js             the socket, its events, the status line
//   alerts.js, sound.js    priority alerts and their sound
//   rooms.js, watch.js     the rooms list, watching one room and its tools
//   feed.js, held.js       the watched room's chat and its held messages
//   actions.js, confirm.js actions on people and messages, the confirmation dialog
//   support.js             support conversations (a visitor and staff only)
//   reports.js, audit.js   the reports queue, the audit trail
//   api.js, dom.js, lang.js, state.js, texts.js   shared: requests, elements, language, state, every text
// The panels call each other only when something happens (never while loading).

import { $ } from "./dom.js";
import { lang, switchLang, t } from "./lang.js";
import { updateTitle } from "./alerts.js";
import { renderAuditFilter } from "./audit.js";
import { KIND_KEY, TOKEN_KEY, renderAll, startSession } from "./console.js";
import { showLogin } from "./login.js";
import { renderStatus } from "./session.js";
import { renderSound } from "./sound.js";

function applyTexts() {
  document.documentElement.lang = lang;
  updateTitle();
  renderSound();
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-aria]")) el.setAttribute("aria-label", t(el.dataset.i18nAria));
  $("lang-toggle").lang = lang === "ja" ? "en" : "ja";
  const warn = $("warn-text");
  if (!warn.dataset.edited) warn.value = t("warn_text_default");
  renderAuditFilter();
  renderStatus();
  renderAll();
}

$("lang-toggle").addEventListener("click", () => {
  switchLang();
  applyTexts();
});

// -- start ---------------------------------------------------------------------------------
applyTexts();
let saved = null;
let savedKind = null;
try {
  saved = sessionStorage.getItem(TOKEN_KEY);
  savedKind = sessionStorage.getItem(KIND_KEY);
} catch (_) { /* no storage */ }
if (saved) startSession(saved, savedKind || "service");
else showLogin();
