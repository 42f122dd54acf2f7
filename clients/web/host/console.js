// Opening the console for the signed-in account's booth, and drawing every
// panel of it again (after a save, or in the other language).

import { $ } from "../console/dom.js";
import { t } from "./lang.js";
import { state } from "./state.js";
import { api } from "../console/api.js";
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
  const list = await api("GET", "/api/booths", undefined, null);
  if (list.status !== 200 || !list.body || !Array.isArray(list.body.booths)) {
    showLogin(t("login_failed"));
    return;
  }
  const mine = list.body.booths.find((b) => b.organization_id && b.organization_id === state.auth.organization_id);
  // A member without a booth (approved without asking for one) still keeps its listing, cases,
  // matching and the members' meetings here; only the booth's own panels are left out.
  state.booth = mine ? await boothOf(mine) : null;
  state.presenting = (state.booth && state.booth.live && state.booth.live.presenting) || null;
  state.announcements = (state.booth && state.booth.live && Array.isArray(state.booth.live.announcements))
    ? state.booth.live.announcements : [];
  state.questions = new Map();
  state.members = new Map();
  $("login").hidden = true;
  $("console").hidden = false;
  $("logout").hidden = false;
  showConsoleError("");
  fillEditForm();
  showBoothPanels(Boolean(state.booth));
  state.org = { id: state.auth.organization_id, doc: null, services: [], loaded: false, saving: false, statusKey: "" };
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

async function boothOf(mine) {
  const detail = await api("GET", `/api/booths/${encodeURIComponent(mine.slug)}`, undefined, null);
  const d = detail.status === 200 && detail.body ? detail.body : {};
  return {
    slug: mine.slug,
    room: mine.room || `booth:${mine.slug}`,
    title: d.title || mine.title,
    title_en: d.title_en || mine.title_en || "",
    open: "open" in d ? d.open : mine.open,
    next_open: "next_open" in d ? d.next_open : mine.next_open,
    items: Array.isArray(d.items) ? d.items : [],
    description: typeof d.description === "string" ? d.description : "",
    live: d.live || null,
  };
}

const BOOTH_PANELS = ["sec-qa", "sec-announce", "sec-members", "sec-edit"];

/** The booth's own panels, their links and pills shown only to a member that has a booth. */
function showBoothPanels(shown) {
  for (const id of BOOTH_PANELS) {
    $(id).hidden = !shown;
    const link = document.querySelector(`.jump a[href="#${id}"]`);
    if (link) link.hidden = !shown;
  }
  document.querySelector(".booth-kicker").hidden = !shown;
  $("booth-open").hidden = !shown;
  $("visitor-count").hidden = !shown;
  $("no-booth-note").hidden = shown;
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
