// The language of a staff console (日本語 first, English second): t(), label() and dates written
// in it. One console runs on a page, so this module holds that page's language; the console's own
// lang.js hands it the console's texts (its texts.js, one catalogue per client) with useTexts()
// before anything else reads them, and re-exports what its panels use. The words the consoles say
// alike (console/texts.js) are read with them.

import { storedLang, toggleLang, translator } from "../i18n.js";
import { CONSOLE_TEXTS, DEFAULT_LANG, LANGS } from "./texts.js";

let texts = { ja: {}, en: {} };
let langKey = "";
let translate = (key) => key;

/** The page's language: a live binding, changed only by switchLang(). */
export let lang = "ja";

/** t(key, {name: value}): the text in the page's language, {placeholders} filled. */
export function t(key, vars) {
  return translate(key, vars);
}

/** Read this console's catalogue (over the shared words), and its language as chosen earlier on
 * this device (under `key`). */
export function useTexts(catalogue, key) {
  texts = Object.fromEntries(LANGS.map((l) => [l, { ...CONSOLE_TEXTS[l], ...catalogue[l] }]));
  langKey = key;
  lang = storedLang(key, LANGS, DEFAULT_LANG);
  translate = translator(texts, DEFAULT_LANG, () => lang);
}

/** ja ⇄ en, remembered on this device. */
export function switchLang() {
  lang = toggleLang(langKey, lang);
}

/** A server value (`status_pending`, `role_host`) as words; an unknown one as it came, a missing one
 * as the catalogue's `unknown` text (empty where the catalogue has none). */
export function label(prefix, value) {
  const key = `${prefix}_${value}`;
  if (texts[lang][key] !== undefined) return t(key);
  if (value != null) return String(value);
  return texts[lang].unknown !== undefined ? t("unknown") : "";
}

const formats = new WeakMap(); // Intl options -> {ja, en} formatters, made once

/** `ms` (a time stamp) written with the Intl date `options` in the page's language. */
export function dateText(ms, options) {
  let byLang = formats.get(options);
  if (!byLang) formats.set(options, (byLang = {}));
  if (!byLang[lang]) byLang[lang] = new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", options);
  return byLang[lang].format(new Date(ms));
}
