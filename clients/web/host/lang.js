// The console's language (日本語 first, English second) and how dates and times
// are written in it. Every text itself is in texts.js.

import { storedLang, toggleLang, translator } from "../i18n.js";
import { TEXTS, LANGS, DEFAULT_LANG } from "./texts.js";

const LANG_KEY = "tsunagaru.lang";

export let lang = storedLang(LANG_KEY, LANGS, DEFAULT_LANG);
export const t = translator(TEXTS, DEFAULT_LANG, () => lang);

/** ja ⇄ en, remembered on this device. */
export function switchLang() {
  lang = toggleLang(LANG_KEY, lang);
}

export function fmtDateTime(ms) {
  if (typeof ms !== "number" || !Number.isFinite(ms)) return "";
  return new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", {
    timeZone: "Asia/Tokyo", month: "numeric", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit",
  }).format(new Date(ms));
}

export function fmtTime(ms) {
  if (typeof ms !== "number" || !Number.isFinite(ms)) return "";
  return new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", {
    timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit",
  }).format(new Date(ms));
}

export function fmtDay(ms) {
  if (typeof ms !== "number" || !Number.isFinite(ms)) return "";
  return new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", {
    timeZone: "Asia/Tokyo", year: "numeric", month: "numeric", day: "numeric",
  }).format(new Date(ms));
}
