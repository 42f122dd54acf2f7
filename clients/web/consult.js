// 相談する as a consultation finder: a life stage, worries and the visitor's
// municipality (picked from a list, never an address) → national and local
// windows together from GET /api/consult, open now first, phone numbers as
// tap-to-call. Until the answer comes, or if it cannot, the built-in national
// lines show (texts.js HELP_LINES), so the dialog is never empty.

import { fillSelect, loadVocabulary, MunicipalityPicker, termBoxes } from "./places.js";

const $ = (id) => document.getElementById(id);

export class ConsultFinder {
  /** `t` the client's texts, `lang()` its language, `fallback()` list items of the built-in lines. */
  constructor(t, lang, fallback) {
    this.t = t;
    this.lang = lang;
    this.fallback = fallback;
    this.vocab = null;
    this.windows = null; // the last answer, or null
    this.asked = "";
    this.picker = new MunicipalityPicker($("consult-pref"), $("consult-city"), this._none(), () => this.search());
    $("consult-stage").addEventListener("change", () => this.search());
    $("consult-concerns").addEventListener("change", () => this.search());
  }

  _none() {
    return { pref: this.t("consult_pick_pref"), city: this.t("consult_pick_city") };
  }

  /** Fill the controls (once) and search; called when the dialog opens. */
  async open() {
    this.render();
    if (!this.vocab) {
      try {
        const [vocab] = await Promise.all([loadVocabulary(), this.picker.load()]);
        this.vocab = vocab;
        this.renderControls();
      } catch (_) { /* the built-in lines stay */ }
    }
    await this.search();
  }

  renderControls() {
    this.picker.setTexts(this._none());
    if (!this.vocab) return;
    const lang = this.lang();
    const checked = this._concerns();
    termBoxes($("consult-concerns"), this.vocab.concern, "consult-concern", lang, checked);
    fillSelect($("consult-stage"), this.t("consult_any_stage"),
      this.vocab.life_stage.map((s) => [s.code, lang === "en" ? s.name_en : s.name]), $("consult-stage").value);
  }

  _concerns() {
    return [...document.querySelectorAll('#consult-concerns input[name="consult-concern"]:checked')].map((i) => i.value);
  }

  async search() {
    const p = new URLSearchParams();
    if ($("consult-stage").value) p.set("life_stage", $("consult-stage").value);
    const concerns = this._concerns();
    if (concerns.length) p.set("concern", concerns.join(","));
    if (this.picker.value) p.set("municipality", this.picker.value);
    const query = p.toString();
    this.asked = query;
    try {
      const r = await fetch(`/api/consult?${query}`);
      if (!r.ok) throw new Error(String(r.status));
      const data = await r.json();
      if (this.asked !== query) return; // a newer choice is on its way
      this.windows = data.windows || [];
    } catch (_) {
      this.windows = null;
    }
    this.render();
  }

  render() {
    const list = $("help-lines");
    $("consult-status").textContent = this.windows === null ? ""
      : this.windows.length ? this.t("consult_found", { n: this.windows.length }) : this.t("consult_none");
    if (this.windows === null) {
      list.replaceChildren(...this.fallback());
      return;
    }
    list.replaceChildren(...this.windows.map((w) => this.item(w)));
  }

  item(w) {
    const t = this.t;
    const li = document.createElement("li");
    li.className = "place consult-window";
    li.dataset.scope = w.scope;
    li.dataset.open = String(w.open_now);
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = w.name;
    const badges = document.createElement("span");
    badges.className = "badges";
    const open = document.createElement("span");
    open.className = `badge open-${w.open_now}`;
    open.textContent = t(w.open_now === true ? "consult_open" : w.open_now === false ? "consult_closed" : "consult_ask");
    const scope = document.createElement("span");
    scope.className = "badge scope";
    scope.textContent = w.scope === "nearby" ? t("consult_nearby", { km: w.distance_km })
      : w.scope === "local" ? t("consult_local") : t("consult_national");
    badges.append(open, scope);
    li.append(name, badges);
    const org = [w.organization, w.virtual ? t("consult_remote") : w.municipality, w.place, w.address]
      .filter(Boolean).join(" / ");
    if (org) {
      const s = document.createElement("span");
      s.className = "hours";
      s.textContent = org;
      li.append(s);
    }
    for (const tel of w.phones || []) {
      const digits = tel.replace(/[^\d+]/g, "");
      if (!digits) continue;
      const a = document.createElement("a");
      a.className = "contact tel";
      a.href = `tel:${digits}`;
      a.textContent = tel;
      a.setAttribute("aria-label", t("help_call_label", { name: w.name, tel }));
      li.append(a);
    }
    if (w.url && /^https?:\/\//i.test(w.url)) {
      const a = document.createElement("a");
      a.className = "contact chat";
      a.href = w.url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.textContent = t("consult_web");
      a.setAttribute("aria-label", t("help_chat_label", { name: w.name, url: w.url.replace(/^https?:\/\//i, "") }));
      li.append(a);
    }
    if (w.hours) {
      const s = document.createElement("span");
      s.className = "hours";
      s.textContent = w.hours;
      li.append(s);
    }
    return li;
  }
}
