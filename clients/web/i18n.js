// The language of a page and how its texts are looked up: one rule for the
// visitor client and both consoles. Each client keeps its own texts file.

/** The language chosen earlier on this device (under `key`), or the default. */
export function storedLang(key, langs, fallback) {
  try {
    const v = localStorage.getItem(key);
    return langs.includes(v) ? v : fallback;
  } catch (_) {
    return fallback;
  }
}

/** The other language (ja ⇄ en), remembered on this device. */
export function toggleLang(key, lang) {
  const next = lang === "ja" ? "en" : "ja";
  try {
    localStorage.setItem(key, next);
  } catch (_) { /* no storage: the choice lasts for this page */ }
  return next;
}

/** t(key, {name: value}): the text in the current language, {placeholders} filled. */
export function translator(texts, fallback, current) {
  return (key, vars) => {
    let s = texts[current()][key] ?? texts[fallback][key] ?? key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
    return s;
  };
}

/** Every [data-i18n] text, [data-i18n-aria] label and [data-i18n-placeholder] of the page, and its language. */
export function translatePage(t, lang) {
  document.documentElement.lang = lang;
  document.title = t("doc_title");
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-aria]")) el.setAttribute("aria-label", t(el.dataset.i18nAria));
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  const toggle = document.getElementById("lang-toggle");
  if (toggle) toggle.lang = lang === "ja" ? "en" : "ja";
}

/** A name the server sends in both languages ({title, title_en}): the English one when chosen and
 * written, else the Japanese (the default, and what every booth has). */
export function titleIn(thing, lang) {
  return String((lang === "en" && thing && thing.title_en) || (thing && thing.title) || "");
}

const JA_WEEKDAYS = "日月火水木金土";
const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A moment as people write it, in Japan's time: 12月5日(土) 13:00 / Sat 5 Dec, 13:00. */
export function whenText(iso, lang) {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  const jst = new Date(at.getTime() + 9 * 3600 * 1000); // read with the UTC getters: Japan has no summer time
  const hh = String(jst.getUTCHours()).padStart(2, "0");
  const mm = String(jst.getUTCMinutes()).padStart(2, "0");
  const day = jst.getUTCDate();
  const weekday = jst.getUTCDay();
  if (lang === "en") {
    const name = new Intl.DateTimeFormat("en-US", { weekday: "short", timeZone: "UTC" }).format(jst);
    return `${name} ${day} ${EN_MONTHS[jst.getUTCMonth()]}, ${hh}:${mm}`;
  }
  return `${jst.getUTCMonth() + 1}月${day}日(${JA_WEEKDAYS[weekday]}) ${hh}:${mm}`;
}
