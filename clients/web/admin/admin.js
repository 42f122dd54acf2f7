// The secretariat's console: membership applications and staff accounts. Texts written by
// applicants are only ever inserted as text nodes. This module starts the page; each panel is a module:
//   applications.js   the queue and the three decisions
//   accounts.js       staff accounts: create, disable, re-enable, a new code
//   issued.js         a one-time sign-in code, shown once
//   coverage.js       municipalities of a prefecture with a member, a service, a window
//   matching.js       NPO–company matching: needs nobody offers for, introductions by status, CSV
//   coverage-map.js   the same on a map, and as CSV
//   health.js         listings their members have not confirmed, and the latest imports
//   festival.js       booths, the stage programme, rooms opened and locked
//   indicators.js     measures against targets as a chart (Chart.js), campaign codes, CSV/JSON
//   meetings.js       members' meetings (agenda, video link, breakout groups) and notices to members
//   cases.js          good practices: edit, feature, publish or send back with a note, history
//   api.js, lang.js, texts.js   shared: the status line and downloads, language, every text
//   ../console/   the staff consoles' kit: top bar and sign-in, elements, language, HTTP, kept sign-in
// The token is kept in sessionStorage: this tab only.

import "../console/shell.js"; // first: the top bar and sign-in the panels look for
import { $ } from "../console/dom.js";
import { lang, switchLang, t } from "./lang.js";
import { translatePage } from "../i18n.js";
import { api, keep, kept, session } from "../console/api.js";
import { loadApplications, renderApplications, renderFilter } from "./applications.js";
import { loadAccounts, renderAccounts, renderRoles } from "./accounts.js";
import { loadCoverage, renderCoverage } from "./coverage.js";
import { loadCases, renderCaseFilter, renderCases } from "./cases.js";
import { loadMatching, renderMatching } from "./matching.js";
import { loadHealth, renderHealth } from "./health.js";
import { loadFestival, renderFestival } from "./festival.js";
import { loadIndicators, renderIndicators } from "./indicators.js";
import { loadMeetings, renderMeetings } from "./meetings.js";

const TOKEN_KEY = "tsunagaru.admin.token";

function applyTexts() {
  translatePage(t, lang);
  renderFilter();
  renderRoles();
  renderApplications();
  renderAccounts();
  renderCoverage();
  renderCaseFilter();
  renderCases();
  renderMatching();
  renderHealth();
  renderFestival();
  renderIndicators();
  renderMeetings();
}

function showLogin(errorKey) {
  session.token = null;
  keep(TOKEN_KEY, null);
  $("console").hidden = true;
  $("logout").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = errorKey ? t(errorKey) : "";
}

/** Open the console with `token` if it is an admin's (the applications queue answers only to admins). */
async function open(token) {
  $("login-error").textContent = t("login_checking");
  const r = await api("GET", "/api/admin/applications", undefined, token);
  if (r.status !== 200) {
    showLogin(r.status === 403 ? "login_not_admin" : "login_failed");
    return;
  }
  session.token = token;
  keep(TOKEN_KEY, token);
  $("login").hidden = true;
  $("console").hidden = false;
  $("logout").hidden = false;
  $("login-error").textContent = "";
  loadMatching();
  await Promise.all([loadApplications(), loadAccounts(), loadCoverage(), loadCases(), loadHealth(), loadFestival(), loadIndicators(), loadMeetings()]);
  renderHealth(); // the import reports name accounts, known now
}

$("password-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const username = $("username").value.trim();
  const password = $("password").value;
  if (!username || !password) {
    $("login-error").textContent = t("login_empty");
    return;
  }
  const r = await api("POST", "/api/auth/login", { username, password }, null);
  const body = r.body;
  if (r.status !== 200 || !body || typeof body.token !== "string") {
    $("login-error").textContent = t("login_failed");
    return;
  }
  $("password").value = "";
  if (body.role !== "admin") {
    $("login-error").textContent = t("login_not_admin");
    return;
  }
  open(body.token);
});

$("token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const token = $("service-token").value.trim();
  $("service-token").value = "";
  if (token) open(token);
});

$("logout").addEventListener("click", async () => {
  if (session.token) await api("POST", "/api/auth/logout");
  showLogin();
});

$("lang-toggle").addEventListener("click", () => {
  switchLang();
  applyTexts();
});

session.onExpired = () => showLogin("login_expired");
applyTexts();
const saved = kept(TOKEN_KEY);
if (saved) open(saved);
else showLogin();
