// "つながる先をさがす": a few taps (worries, likes, where they live, when,
// preferences) → places that fit, each explained, → a ticket. Every worry and
// interest of the directory's vocabulary is offered (/hsds/taxonomy_terms); the
// municipality is picked from a list, never an address. Nothing typed, nothing
// that names the visitor; the profile goes to POST /api/handoff/match and is not kept.

import { whenText } from "./i18n.js";
import { loadVocabulary, MunicipalityPicker, termBoxes } from "./places.js";
import { showTicket, startHandoff } from "./tickets.js";

const $ = (id) => document.getElementById(id);
const WHEN = {
  weekday: { days: ["MO", "TU", "WE", "TH", "FR"], start: "15:00", end: "20:00" },
  weekend: { days: ["SA", "SU"], start: "10:00", end: "18:00" },
};

export class FindDialog {
  constructor(t, profile) {
    this.t = t;
    this.profile = profile;
    this.dialog = $("find-dialog");
    this.vocab = null;
    this.picker = new MunicipalityPicker($("find-pref"), $("find-city"), this._none());
    $("find-open").addEventListener("click", () => this.open());
    $("find-close").addEventListener("click", () => this.dialog.close());
    $("find-form").addEventListener("submit", (e) => {
      e.preventDefault();
      this.search();
    });
  }

  open() {
    $("find-status").textContent = "";
    $("find-results").replaceChildren();
    $("find-ticket").hidden = true;
    if (typeof this.dialog.showModal === "function") this.dialog.showModal();
    else this.dialog.setAttribute("open", "");
    $("find-title").focus();
    this.fill();
  }

  _none() {
    return { pref: this.t("consult_pick_pref"), city: this.t("consult_pick_city") };
  }

  /** Every worry and interest of the vocabulary, in the page's language, and the municipality picker. */
  async fill() {
    try {
      if (!this.picker.table) await this.picker.load();
      this.picker.setTexts(this._none());
      this.vocab = this.vocab || await loadVocabulary();
      const lang = document.documentElement.lang === "en" ? "en" : "ja";
      termBoxes($("find-concerns"), this.vocab.concern, "concern", lang, this._checked("concern"));
      termBoxes($("find-interests"), this.vocab.interest, "interest", lang, this._checked("interest"));
    } catch (_) {
      $("find-status").textContent = this.t("go_failed");
    }
  }

  _checked(name) {
    return [...document.querySelectorAll(`#find-form input[name="${name}"]:checked`)].map((i) => i.value);
  }

  async search() {
    const body = { concerns: this._checked("concern"), interests: this._checked("interest"),
                   free: this._checked("when").map((w) => WHEN[w]) };
    for (const p of this._checked("pref")) body[p] = true;
    if (this.picker.value) body.municipality = this.picker.value;
    const band = this.profile().age_band; // the band stated at hello (u15, 15-17, 18-24, 25+), if any
    if (band) body.age_band = band;
    $("find-status").textContent = this.t("find_searching");
    try {
      const r = await fetch("/api/handoff/match", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      const data = await r.json();
      if (!r.ok) throw new Error((data.error && data.error.message) || String(r.status));
      this.render(data.results || []);
    } catch (_) {
      $("find-status").textContent = this.t("go_failed");
    }
  }

  render(results) {
    $("find-status").textContent = results.length ? this.t("find_found", { n: results.length }) : this.t("find_none");
    const items = results.map((m) => {
      const li = document.createElement("li");
      const h = document.createElement("p");
      h.className = "find-name";
      h.textContent = `${m.name}（${m.organization}）`;
      const why = document.createElement("p");
      why.textContent = m.explanation;
      const next = document.createElement("p");
      next.className = "hint";
      const when = m.next_time ? whenText(m.next_time, document.documentElement.lang) : "";
      next.textContent = [m.next_step_text, when].filter(Boolean).join(" / ");
      const go = document.createElement("button");
      go.type = "button";
      go.className = "btn btn-primary";
      go.textContent = this.t("find_ticket");
      go.addEventListener("click", () => this.take(m, "self_connect", go));
      const info = document.createElement("button");
      info.type = "button";
      info.className = "btn";
      info.textContent = this.t("find_info");
      info.addEventListener("click", () => this.take(m, "info", info));
      li.append(h, why, next, go, info);
      return li;
    });
    $("find-results").replaceChildren(...items);
  }

  async take(m, mode, button) {
    button.disabled = true;
    try {
      const { ok, data } = await startHandoff(m.service_id, mode, this.profile().age_band);
      if (!ok) {
        $("find-status").textContent = (data.error && data.error.message) || this.t("go_failed");
      } else if (data.mode === "info") {
        $("find-status").textContent = this.t("go_info_done", { name: m.name });
      } else {
        showTicket($("find-ticket"), data.code, m.name, m.organization, this.t);
        $("find-ticket").scrollIntoView({ block: "nearest" });
      }
    } catch (_) {
      $("find-status").textContent = this.t("go_failed");
    } finally {
      button.disabled = false;
    }
  }
}
