// The console's language (日本語 first, English second) and how dates are written in it.
// Every text itself is in texts.js.

import { storedLang, toggleLang, translator } from "../i18n.js";
import { TEXTS, LANGS, DEFAULT_LANG } from "./texts.js";

const LANG_KEY = "tsunagaru.admin.lang";

export let lang = storedLang(LANG_KEY, LANGS, DEFAULT_LANG);
export const t = translator(TEXTS, DEFAULT_LANG, () => lang);

export function switchLang() {
  lang = toggleLang(LANG_KEY, lang);
}

/** A server value (`status_pending`, `role_host`) as words; an unknown one as it came. */
export function label(prefix, value) {
  const key = `${prefix}_${value}`;
  return TEXTS[lang][key] !== undefined ? t(key) : String(value ?? "");
}

export function fmtDate(ms) {
  const opts = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" };
  return new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", opts).format(new Date(ms));
}
