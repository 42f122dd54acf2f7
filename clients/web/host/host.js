// The booth host console: sign in, run the booth (people, Q&A, announcements,
// presenting, content, the organisation's activities) and answer handoffs.
// Every text written by someone else is inserted with textContent only; nothing
// here uses HTML parsing. This module starts the page; each panel is a module:
//   login.js, console.js   signing in and out, opening the console
//   session.js             the socket, its events, the status line
//   booth-live.js          the booth now: opening, people, announcements, presenting
//   questions.js           the Q&A queue
//   booth-editor.js        the booth's content
//   org-services.js, org-save.js   the organisation's activities (HSDS)
//   handoffs.js            the handoff inbox and ticket codes
//   cases.js               好事例: the organisation's good-practice cases and their form
//   matching.js, introductions.js   needs and offers, suggested partners, introductions
//   space.js               the members' space: notices, meetings, the lounge and meeting rooms
//   api.js, lang.js, state.js, texts.js   shared: the words for errors, language, state, every text
//   ../console/   the staff consoles' kit: top bar and sign-in, elements, language, HTTP, kept sign-in
// The panels call each other only when something happens (never while loading).

import "../console/shell.js"; // first: the top bar and sign-in the panels look for
import { $ } from "../console/dom.js";
import { lang, t, switchLang } from "./lang.js";
import { translatePage } from "../i18n.js";
import { state, loadAuth, setAuth } from "./state.js";
import { showLogin } from "./login.js";
import { openConsole, renderAll } from "./console.js";
import { redrawQueue } from "./questions.js";
import "./org-save.js";
import "./first-sign-in.js";

function applyTexts() {
  translatePage(t, lang);
  if (state.booth) redrawQueue(renderAll);
}

$("lang-toggle").addEventListener("click", () => {
  switchLang();
  applyTexts();
});

// -- start ------------------------------------------------------------------------------------
applyTexts();
setAuth(loadAuth());
if (state.auth) openConsole();
else showLogin("");
