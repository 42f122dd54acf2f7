// The host console's language: the staff consoles' kit (console/lang.js) with this console's texts,
// and how dates and times are written here (always Japan's time). Every text itself is in texts.js
// (the shared words in ../console/texts.js).

import { dateText, useTexts } from "../console/lang.js";
import { TEXTS } from "./texts.js";

useTexts(TEXTS, "tsunagaru.lang");
export { lang, switchLang, t } from "../console/lang.js";

const DATE_TIME = { timeZone: "Asia/Tokyo", month: "numeric", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit" };
const TIME = { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit" };
const DAY = { timeZone: "Asia/Tokyo", year: "numeric", month: "numeric", day: "numeric" };

const written = (options) => (ms) => (typeof ms === "number" && Number.isFinite(ms) ? dateText(ms, options) : "");

export const fmtDateTime = written(DATE_TIME);
export const fmtTime = written(TIME);
export const fmtDay = written(DAY);
