// The booth panel: what a booth shows, its live state, Q&A, and "行ってみたい"
// (the handoff, ending with a ticket code and its QR code), in a bottom sheet
// (booth-sheet.js). Everything shown is set with textContent: booth texts are
// written by hosts and never HTML.

import { titleIn, whenText } from "./i18n.js";
import { showTicket, startHandoff } from "./tickets.js";
import { BoothSheet } from "./booth-sheet.js";

const $ = (id) => document.getElementById(id);

async function getJSON(url, options) {
  const r = await fetch(url, options);
  if (!r.ok) throw new Error(`${r.status}`);
  return r.json();
}

export class BoothPanel {
  /** client: the Client; t(key, vars): texts; profile(): {age_band} of the visitor. */
  constructor(client, t, profile) {
    this.client = client;
    this.t = t;
    this.profile = profile;
    this.room = null;
    this.booth = null;
    this.state = {};
    this.mine = new Set(); // ids of questions this visitor asked here
    this.answers = [];
    this.sheet = new BoothSheet($("booth-panel"));
    $("qa-form").addEventListener("submit", (e) => {
      e.preventDefault();
      this.ask();
    });
    $("go-btn").addEventListener("click", () => {
      this.sheet.expand({ focus: false }); // the choices and the ticket need the room: the whole screen
      this.openGo();
    });
    $("go-confirm").addEventListener("click", () => this.confirmGo());
    client.on("booth", (m) => this.onEvent(m));
    client.on("presence", () => this.renderLive());
    // A notice (staff's word, a warning, help after a hard message) must not be hidden behind the sheet.
    client.on("notice", () => this.sheet.collapse({ focus: false }));
  }

  /** The visitor is now in `room` (any room): show or hide the panel. */
  async enter(room) {
    const slug = room && room.startsWith("booth:") ? room.slice(6).split("~")[0] : null;
    if (!slug) {
      this.sheet.hide();
      this.room = null;
      return;
    }
    this.sheet.show();
    if (this.room === room) return;
    this.sheet.collapse({ focus: false }); // another booth: folded, the space in view
    this.room = room;
    this.state = {};
    this.mine.clear();
    this.answers = [];
    $("go-flow").hidden = true;
    $("qa-status").textContent = "";
    $("qa-answers").replaceChildren();
    try {
      this.booth = await getJSON(`/api/booths/${encodeURIComponent(slug)}`);
      const org = await getJSON(`/hsds/organizations/${encodeURIComponent(this.booth.organization_id)}`);
      this.booth.organization = org.name;
    } catch (_) {
      this.booth = { slug, title: room, items: [], service_ids: [] };
    }
    this.state = { ...this.state, ...(this.booth.live || {}), open: this.booth.open, next_open: this.booth.next_open };
    this.render();
  }

  onEvent(m) {
    if (m.t === "booth.state") {
      this.state = { ...this.state, ...m };
      if (m.items && this.booth) this.booth.items = m.items;
      if (m.title && this.booth) {
        this.booth.title = m.title;
        if ("title_en" in m) this.booth.title_en = m.title_en || "";
      }
      this.render();
    } else if (m.t === "qa.line") {
      this.state.line = m.line;
      this.renderPlace();
    } else if (m.t === "qa.answered") {
      this.answers.unshift(m);
      this.renderAnswers();
      if (this.mine.has(m.id)) $("qa-status").textContent = this.t("qa_answered_mine");
    }
  }

  render() {
    const b = this.booth || {};
    $("booth-title").textContent = titleIn(b, document.documentElement.lang);
    $("booth-org").textContent = b.organization ? this.t("booth_org", { org: b.organization }) : "";
    $("booth-desc").textContent = b.description || "";
    const items = (b.items || []).map((item) => {
      const li = document.createElement("li");
      if (item.url && /^https:\/\//.test(item.url)) {
        const a = document.createElement("a");
        a.href = item.url;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        a.textContent = item.title || item.url;
        li.append(a);
      } else {
        li.textContent = item.title ? `${item.title} ${item.text || ""}` : item.text || "";
      }
      if (this.state.presenting && item.id === this.state.presenting) li.className = "presenting";
      return li;
    });
    $("booth-items").replaceChildren(...items);
    const news = (this.state.announcements || []).map((a) => {
      const li = document.createElement("li");
      li.textContent = String(a.text ?? "");
      return li;
    });
    $("booth-news").replaceChildren(...news);
    this.renderLive();
    this.renderPlace();
  }

  renderLive() {
    if (!this.room) return;
    const hosts = [...this.client.members.values()].some((m) => m.role === "host");
    const parts = [this.t(hosts ? "booth_host_online" : "booth_host_away")];
    const presenting = (this.booth && this.booth.items || []).find((i) => i.id === this.state.presenting);
    if (presenting) parts.push(this.t("booth_presenting", { item: presenting.title || "" }));
    if (this.state.open === false) {
      parts.push(this.state.next_open
        ? this.t("booth_closed_next", { when: whenText(this.state.next_open, document.documentElement.lang) })
        : this.t("booth_closed"));
    }
    $("booth-live").textContent = parts.join(" / ");
  }

  renderPlace() {
    const line = this.state.line || [];
    const mine = line.findIndex((id) => this.mine.has(id));
    if (mine >= 0) $("qa-status").textContent = this.t("qa_place", { n: mine + 1 });
  }

  renderAnswers() {
    const items = this.answers.slice(0, 10).map((a) => {
      const li = document.createElement("li");
      li.textContent = this.t("qa_answer_line", { q: String(a.question ?? ""), a: String(a.answer ?? "") });
      return li;
    });
    $("qa-answers").replaceChildren(...items);
  }

  ask() {
    const input = $("qa-input");
    const text = input.value.trim();
    if (!text) return;
    this.client.ask(text, (reply, failure) => {
      if (!reply || failure) {
        $("qa-status").textContent = this.t("go_failed");
      } else if (reply.t === "error") {
        $("qa-status").textContent = reply.message || this.t("qa_blocked");
      } else if (reply.held) {
        $("qa-status").textContent = this.t("qa_held");
        input.value = "";
      } else {
        this.mine.add(reply.id);
        input.value = "";
        $("qa-status").textContent = this.t("qa_place", { n: reply.place || 1 });
      }
    });
  }

  async openGo() {
    const box = $("go-services");
    const ids = (this.booth && this.booth.service_ids) || [];
    const services = [];
    for (const id of ids.slice(0, 8)) {
      try {
        services.push(await getJSON(`/hsds/services/${encodeURIComponent(id)}`));
      } catch (_) { /* gone from the directory */ }
    }
    const radios = services.map((s, i) => {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = "go-service";
      input.value = s.id;
      input.checked = i === 0;
      label.append(input, " ", s.name);
      label.dataset.org = (s.organization && s.organization.name) || "";
      return label;
    });
    box.replaceChildren(...radios);
    $("go-status").textContent = services.length ? "" : this.t("go_none");
    $("go-confirm").disabled = !services.length;
    $("go-flow").hidden = false;
    (radios[0] ? radios[0].querySelector("input") : $("go-confirm")).focus();
  }

  async confirmGo() {
    const chosen = document.querySelector('input[name="go-service"]:checked');
    const mode = document.querySelector('input[name="go-mode"]:checked').value;
    if (!chosen) return;
    const name = chosen.parentElement.textContent.trim();
    const org = chosen.parentElement.dataset.org || "";
    $("go-confirm").disabled = true;
    try {
      const { ok, data } = await startHandoff(chosen.value, mode, this.profile().age_band);
      if (!ok) {
        $("go-status").textContent = (data.error && data.error.message) || this.t("go_failed");
        return;
      }
      $("go-flow").hidden = true;
      if (data.mode === "info") {
        $("go-status").textContent = this.t("go_info_done", { name });
        return;
      }
      showTicket($("ticket"), data.code, name, org, this.t);
      $("ticket").scrollIntoView({ block: "nearest" }); // within the sheet, the one scroll
    } catch (_) {
      $("go-status").textContent = this.t("go_failed");
    } finally {
      $("go-confirm").disabled = false;
    }
  }
}

/** Booth rooms for the room picker: [{id, title, title_en}] (an empty list if the directory is away). */
export async function boothChoices() {
  try {
    const data = await getJSON("/api/booths");
    return (data.booths || []).map((b) => ({ id: b.room, title: b.title, title_en: b.title_en || "", org: b.organization_id,
      open: !!b.open }));
  } catch (_) {
    return [];
  }
}
