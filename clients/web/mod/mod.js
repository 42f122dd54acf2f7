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
//   api.js, lang.js, state.js, texts.js   shared: mod.* requests and the status line, language, state, every text
//   ../console/   the staff consoles' kit: top bar and sign-in, elements, language, HTTP, kept sign-in
// The panels call each other only when something happens (never while loading).

import "../console/shell.js"; // first: the top bar and sign-in the panels look for
import { $ } from "../console/dom.js";
import { kept } from "../console/api.js";
import { lang, switchLang, t } from "./lang.js";
import { translatePage } from "../i18n.js";
import { updateTitle } from "./alerts.js";
import { renderAuditFilter } from "./audit.js";
import { KIND_KEY, TOKEN_KEY, renderAll, startSession } from "./console.js";
import { showLogin } from "./login.js";
import { renderStatus } from "./session.js";
import { renderSound } from "./sound.js";

function applyTexts() {
  translatePage(t, lang);
  updateTitle(); // the page's title with the count of open alerts
  renderSound();
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
const saved = kept(TOKEN_KEY);
const savedKind = kept(KIND_KEY);
if (saved) startSession(saved, savedKind || "service");
else showLogin();
