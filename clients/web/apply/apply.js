// The membership application page: the public form of POST /api/applications and the applicant's
// status check with its key. Texts from the server and the applicant are inserted as text only.

import { storedLang, toggleLang, translatePage, translator } from "../i18n.js";
import { TEXTS, LANGS, DEFAULT_LANG } from "./texts.js";

const LANG_KEY = "tsunagaru.apply.lang";
const KINDS = ["npo", "municipality", "company", "social_welfare_council", "other"];
const TIERS = ["正会員", "協力会員", "賛助会員"];
let lang = storedLang(LANG_KEY, LANGS, DEFAULT_LANG);
const t = translator(TEXTS, DEFAULT_LANG, () => lang);
const $ = (id) => document.getElementById(id);
let table = { prefectures: [], municipalities: [] };
const chosen = new Set();
let resending = null; // {id, key} while the applicant corrects an application the secretariat sent back

function option(value, text) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = text;
  return o;
}

function renderChoices() {
  const kind = $("kind").value || "npo";
  $("kind").replaceChildren(...KINDS.map((k) => option(k, t(`kind_${k}`))));
  $("kind").value = kind;
  const tier = $("tier").value || TIERS[1];
  $("tier").replaceChildren(...TIERS.map((x) => option(x, x)));
  $("tier").value = tier;
}

function renderPlaces() {
  const pref = $("prefecture").value;
  $("places").replaceChildren(...table.municipalities.filter((m) => m[1] === pref && m[2]).map(([code, , city]) => {
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = code;
    box.checked = chosen.has(code);
    box.addEventListener("change", () => (box.checked ? chosen.add(code) : chosen.delete(code)));
    const label = document.createElement("label");
    label.className = "place";
    label.append(box, " ", city);
    return label;
  }));
}

async function loadPlaces() {
  const r = await fetch("/api/municipalities").catch(() => null);
  table = (r && r.ok && (await r.json().catch(() => null))) || table;
  $("prefecture").replaceChildren(...table.prefectures.map((p) => option(p, p)));
  $("prefecture").value = table.prefectures.includes("埼玉県") ? "埼玉県" : table.prefectures[0] || "";
  renderPlaces();
}

async function post(method, path, body) {
  const r = await fetch(path, { method, headers: { "Content-Type": "application/json", "Accept-Language": lang },
    body: JSON.stringify(body) }).catch(() => null);
  return { status: r ? r.status : 0, body: r ? await r.json().catch(() => null) : null };
}

const message = (r) => (r.body && r.body.error && r.body.error.message) || String(r.status);
const text = (id) => $(id).value.trim() || null;

$("apply-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const error = $("apply-error");
  if (!chosen.size) {
    error.textContent = t("need_place");
    return;
  }
  error.textContent = t("sending");
  const form = {
    name: text("name") || "", kind: $("kind").value, tier: $("tier").value, corporate_number: text("corporate-number"),
    municipalities: [...chosen], description: text("description") || "", wants_booth: $("wants-booth").checked,
    contact_name: text("contact-name") || "", contact_email: text("contact-email"), contact_phone: text("contact-phone"),
  };
  if (resending) {
    const again = await post("PUT", `/api/applications/${encodeURIComponent(resending.id)}`, { ...form, key: resending.key });
    if (again.status !== 200) {
      error.textContent = t("failed", { message: message(again) });
      return;
    }
    error.textContent = "";
    resending = null;
    $("apply-form").hidden = true;
    $("status-answer").textContent = t("resent");
    $("resend").hidden = true;
    return;
  }
  const r = await post("POST", "/api/applications", form);
  if (r.status !== 201) {
    error.textContent = t("failed", { message: message(r) });
    return;
  }
  error.textContent = "";
  $("apply-form").hidden = true;
  $("applied-id").textContent = r.body.id;
  $("applied-key").textContent = r.body.key;
  $("status-id").value = r.body.id;
  $("applied").hidden = false;
  $("applied").focus();
});

$("status-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const id = $("status-id").value.trim();
  const r = await post("POST", `/api/applications/${encodeURIComponent(id)}/status`, { key: $("status-key").value.trim() });
  const out = $("status-answer");
  if (r.status !== 200) {
    out.textContent = r.status === 404 ? t("status_not_found") : t("failed", { message: message(r) });
    return;
  }
  const lines = [t("status_line", { name: r.body.name, status: t(`status_${r.body.status}`) })];
  if (r.body.note) lines.push(t("status_note", { note: r.body.note }));
  out.textContent = lines.join("\n");
  $("resend").hidden = r.body.status !== "changes_requested";
  if (r.body.status === "changes_requested") resending = { id, key: $("status-key").value.trim(), name: r.body.name };
});

$("resend").addEventListener("click", () => {
  $("applied").hidden = true;
  $("apply-form").hidden = false;
  $("name").value = resending ? resending.name : "";
  $("submit").textContent = t("resend_submit");
  $("form-title").textContent = t("resend_title");
  $("name").focus();
});

$("prefecture").addEventListener("change", renderPlaces);
$("lang-toggle").addEventListener("click", () => {
  lang = toggleLang(LANG_KEY, lang);
  translatePage(t, lang);
  renderChoices();
});

translatePage(t, lang);
renderChoices();
loadPlaces();
