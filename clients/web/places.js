// What the visitor client and the public map share: the directory's vocabulary
// (every worry, interest and life stage, from /hsds/taxonomy_terms) and the
// municipality picker (prefecture, then municipality; never an address).

let vocabulary = null;
let municipalities = null;

/** {concern: [...], interest: [...], life_stage: [...]} of {code, id, name, name_en}, life stages by age. */
export async function loadVocabulary() {
  if (!vocabulary) {
    vocabulary = (async () => {
      const r = await fetch("/hsds/taxonomy_terms?per_page=200");
      if (!r.ok) throw new Error(String(r.status));
      const out = { concern: [], interest: [], life_stage: [], audience: [] };
      for (const t of (await r.json()).contents || []) {
        if (out[t.taxonomy_id]) out[t.taxonomy_id].push({ id: t.id, code: t.code, name: t.name, name_en: t.x_name_en || t.name, min_age: t.x_min_age });
      }
      out.life_stage.sort((a, b) => (a.min_age ?? 0) - (b.min_age ?? 0));
      return out;
    })();
    vocabulary.catch(() => { vocabulary = null; }); // try again next time
  }
  return vocabulary;
}

/** The bundled table: {prefectures: [...], byCode: Map(code → {code, pref, city, lat, lon}), rows: [...]}. */
export async function loadMunicipalities() {
  if (!municipalities) {
    municipalities = (async () => {
      const r = await fetch("/api/municipalities");
      if (!r.ok) throw new Error(String(r.status));
      const data = await r.json();
      const rows = data.municipalities.map(([code, pref, city, lat, lon]) => ({ code, pref, city, lat, lon }));
      return { prefectures: data.prefectures, rows, byCode: new Map(rows.map((m) => [m.code, m])) };
    })();
    municipalities.catch(() => { municipalities = null; });
  }
  return municipalities;
}

/** Checkboxes (one label each) for `terms` named `name`, in `box`; labels in the page's language. */
export function termBoxes(box, terms, name, lang, checked = []) {
  box.replaceChildren(...terms.map((term) => {
    const label = document.createElement("label");
    label.className = "chip";
    const input = document.createElement("input");
    input.type = "checkbox";
    input.name = name;
    input.value = term.code;
    input.checked = checked.includes(term.code);
    label.append(input, " ", lang === "en" ? term.name_en : term.name);
    return label;
  }));
}

/** Options of a <select>: a first empty choice labelled `none`, then [value, label] pairs. */
export function fillSelect(select, none, pairs, value = "") {
  const first = document.createElement("option");
  first.value = "";
  first.textContent = none;
  select.replaceChildren(first, ...pairs.map(([v, label]) => {
    const o = document.createElement("option");
    o.value = v;
    o.textContent = label;
    return o;
  }));
  select.value = pairs.some(([v]) => v === value) ? value : "";
}

const HOME_KEY = "tsunagaru.home"; // the municipality a visitor picked, on this device only

/**
 * Two selects: prefecture, then municipality. `onChange(code | "")` when the
 * municipality changes; the choice is remembered on this device (never sent
 * anywhere but the searches the visitor makes).
 */
export class MunicipalityPicker {
  constructor(prefSelect, citySelect, noneText, onChange = () => {}) {
    this.pref = prefSelect;
    this.city = citySelect;
    this.noneText = noneText;
    this.onChange = onChange;
    this.table = null;
    this.pref.addEventListener("change", () => { this._cities(""); this._changed(); });
    this.city.addEventListener("change", () => this._changed());
  }

  async load() {
    this.table = await loadMunicipalities();
    let saved = "";
    try { saved = localStorage.getItem(HOME_KEY) || ""; } catch (_) { /* no storage */ }
    const home = this.table.byCode.get(saved);
    fillSelect(this.pref, this.noneText.pref, this.table.prefectures.map((p) => [p, p]), home ? home.pref : "");
    this._cities(home ? home.code : "");
  }

  setTexts(noneText) {
    this.noneText = noneText;
    if (this.table) {
      const code = this.value;
      fillSelect(this.pref, noneText.pref, this.table.prefectures.map((p) => [p, p]), this.pref.value);
      this._cities(code);
    }
  }

  _cities(code) {
    const rows = this.table ? this.table.rows.filter((m) => m.pref === this.pref.value) : [];
    fillSelect(this.city, this.noneText.city, rows.map((m) => [m.code, m.city]), code);
    this.city.disabled = rows.length === 0;
  }

  _changed() {
    try { localStorage.setItem(HOME_KEY, this.value); } catch (_) { /* the choice lasts for this page */ }
    this.onChange(this.value);
  }

  /** The chosen municipality's code, or "". */
  get value() {
    return this.city.value || "";
  }

  /** The chosen municipality's row, or null. */
  get place() {
    return this.table && this.value ? this.table.byCode.get(this.value) || null : null;
  }
}
