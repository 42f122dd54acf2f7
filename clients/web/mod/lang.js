// The console's language (日本語 first, English second), the words for the
// server's codes (reasons, actions, roles), and how times are written in it.
// Every text itself is in texts.js.

import { storedLang, toggleLang, translator } from "../i18n.js";
import { TEXTS, LANGS, DEFAULT_LANG } from "./texts.js";

const LANG_KEY = "tsunagaru.mod.lang";

export let lang = storedLang(LANG_KEY, LANGS, DEFAULT_LANG);
export const t = translator(TEXTS, DEFAULT_LANG, () => lang);

/** ja ⇄ en, remembered on this device. */
export function switchLang() {
  lang = toggleLang(LANG_KEY, lang);
}

export function label(prefix, value) {
  const key = `${prefix}_${value}`;
  return TEXTS[lang][key] !== undefined ? t(key) : String(value ?? t("unknown"));
}

const formats = {};
export function fmtTime(ms, withDate = false) {
  const key = `${lang}:${withDate}`;
  if (!formats[key]) {
    const opts = withDate
      ? { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }
      : { hour: "2-digit", minute: "2-digit", second: "2-digit" };
    formats[key] = new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", opts);
  }
  const d = Number.isFinite(ms) ? new Date(ms) : new Date();
  return formats[key].format(d);
}

/** A filter's rule (`crisis:self_harm`, `personal_data:phone:split`) as words; an unknown one as it came. */
export function ruleText(rule) {
  if (rule == null || rule === "") return "";
  const [family, kind, extra] = String(rule).split(":");
  if (TEXTS[lang][`rule_${family}`] === undefined) return String(rule);
  const name = t(`rule_${family}`);
  const kindKey = `rulekind_${family}_${kind}`;
  const kindText = kind ? (TEXTS[lang][kindKey] !== undefined ? t(kindKey) : kind) : "";
  const text = kindText ? t("rule_with_kind", { rule: name, kind: kindText }) : name;
  return extra === "split" ? t("rule_split", { rule: text }) : text;
}

/** A message's reason and rule together, once each (a rule that says no more than its reason is left out). */
export function verdictText(reason, rule) {
  return [reason ? label("reason", reason) : "", ruleText(rule)].filter(Boolean).join(" / ");
}
