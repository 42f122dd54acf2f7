// The secretariat console's language: the staff consoles' kit (console/lang.js) with this console's
// texts, and how dates are written here. Every text itself is in texts.js (the shared words in
// ../console/texts.js).

import { dateText, useTexts } from "../console/lang.js";
import { TEXTS } from "./texts.js";

useTexts(TEXTS, "tsunagaru.admin.lang");
export { label, lang, switchLang, t } from "../console/lang.js";

const DATE = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" };

export function fmtDate(ms) {
  return dateText(ms, DATE);
}
