// The moderator console's language: the staff consoles' kit (console/lang.js) with this console's
// texts, the words for the server's filter rules, and how times are written here. Every text itself
// is in texts.js (the shared words in ../console/texts.js).

import { h } from "../console/dom.js";
import { dateText, label, lang, t, useTexts } from "../console/lang.js";
import { TEXTS } from "./texts.js";

useTexts(TEXTS, "tsunagaru.mod.lang");
export { label, lang, switchLang, t } from "../console/lang.js";

const TIME = { hour: "2-digit", minute: "2-digit", second: "2-digit" };
const DATE_TIME = { month: "2-digit", day: "2-digit", ...TIME };

/** A time stamp (now, if there is none) as a time of day, or with its date. */
export function fmtTime(ms, withDate = false) {
  return dateText(Number.isFinite(ms) ? ms : Date.now(), withDate ? DATE_TIME : TIME);
}

/** The same as a <time> element. */
export function timeEl(ms, withDate = false) {
  const d = Number.isFinite(ms) ? new Date(ms) : new Date();
  return h("time", { class: "time", datetime: d.toISOString() }, fmtTime(ms, withDate));
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
