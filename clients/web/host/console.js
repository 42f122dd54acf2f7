// Opening the console for the signed-in account's booth, and drawing every
// panel of it again (after a save, or in the other language).

import { $ } from "./dom.js";
import { t } from "./lang.js";
import { state, saveAuth } from "./state.js";
import { api } from "./api.js";
import { conn, renderStatus, showConsoleError } from "./session.js";
import { showLogin } from "./login.js";
import { renderAnnouncements, renderBooth, renderMembers, renderPresent } from "./booth-live.js";
import { renderQueue } from "./questions.js";
import { fillEditForm, renderEditItems } from "./booth-editor.js";
import { loadOrg, renderOrgStatus, renderServices } from "./org-services.js";
import { refreshInbox, renderHandoffs } from "./handoffs.js";
import { loadCases, renderCases } from "./cases.js";
import { loadMatching, renderMatching } from "./matching.js";
import { loadSpace, renderSpace } from "./space.js";

export async function openConsole() {
  const list = await api("GET", "/api/booths", undefined, { auth: false });
  if (list.status !== 200 || !list.body || !Array.isArray(list.body.booths)) {
    showLogin(t("login_failed"));
    return;
  }
  const mine = list.body.booths.find((b) => b.organization_id && b.organization_id === state.auth.organization_id);
  if (!mine) {
    // Nothing to run with this account: forget it, so a reload does not try again.
    state.auth = null;
    saveAuth(null);
    showLogin(t("no_booth"));
    return;
  }
  const detail = await api("GET", `/api/booths/${encodeURIComponent(mine.slug)}`, undefined, { auth: false });
  const d = detail.status === 200 && detail.body ? detail.body : {};
  state.booth = {
    slug: mine.slug,
    room: mine.room || `booth:${mine.slug}`,
    title: d.title || mine.title,
    title_en: d.title_en || mine.title_en || "",
    open: "open" in d ? d.open : mine.open,
    next_open: "next_open" in d ? d.next_open : mine.next_open,
    items: Array.isArray(d.items) ? d.items : [],
    description: typeof d.description === "string" ? d.description : "",
  };
  state.presenting = (d.live && d.live.presenting) || null;
  state.announcements = (d.live && Array.isArray(d.live.announcements)) ? d.live.announcements : [];
  state.questions = new Map();
  state.members = new Map();
  $("login").hidden = true;
  $("console").hidden = false;
  $("logout").hidden = false;
  showConsoleError("");
  fillEditForm();
  state.org = { id: mine.organization_id, doc: null, services: [], loaded: false, saving: false, statusKey: "" };
  $("org-name").textContent = "";
  $("org-form").hidden = true;
  $("org-problems").replaceChildren();
  $("org-result").textContent = "";
  renderAll();
  $("booth-title").focus();
  conn.start();
  refreshInbox();
  loadOrg();
  loadCases();
  loadMatching();
  loadSpace();
}

/** Every panel drawn again from the state. */
export function renderAll() {
  renderBooth();
  renderStatus();
  renderMembers();
  renderQueue();
  renderPresent();
  renderAnnouncements();
  renderHandoffs();
  renderEditItems();
  renderOrgStatus();
  renderServices();
  renderCases();
  renderMatching();
  renderSpace();
}
