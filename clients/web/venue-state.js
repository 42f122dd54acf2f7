// What the visitor page's parts share: the element lookup, the language and
// its translator, the shared limits, the media queries, and `ui`, what the
// page shows now (room, chat entries, support conversation...).

import { storedLang, translator } from "./i18n.js";
import { TEXTS, DEFAULT_LANG, LANGS } from "./texts.js";

export const $ = (id) => document.getElementById(id);
export const LANG_KEY = "tsunagaru.lang";
export const MAX_LOG = 200;
export const MAX_TEXT = 500;

// -- language ------------------------------------------------------------------
export let lang = storedLang(LANG_KEY, LANGS, DEFAULT_LANG);
export const t = translator(TEXTS, DEFAULT_LANG, () => lang);

/** The language toggle's choice (importers see `lang` change). */
export function setLang(v) {
  lang = v;
}

const timeFormats = {};
export function fmtTime(d) {
  if (!timeFormats[lang]) {
    timeFormats[lang] = new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", { hour: "2-digit", minute: "2-digit" });
  }
  return timeFormats[lang].format(d);
}

export function nfkcLength(s) {
  return [...s.normalize("NFKC").trim()].length;
}

export const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
export const desktop = window.matchMedia("(min-width: 900px)");

export const ui = {
  selfId: null,
  room: null,
  info: null,
  status: { state: "stopped" },
  entries: [], // {type: "said", id, from, text, ts, deleted} | {type: "sys", key, vars}
  nodes: new Map(), // message id -> <li>
  tab: "chat",
  venueSupport: [],
  statusTimer: null,
  membersQueued: false,
  fatal: null,
  booths: [], // [{id: "booth:<slug>", title}] for the room picker
  supportNoticeAt: 0, // when the last `notice {code: "support"}` arrived (a crisis hold answers with it)
  support: null, // the open support conversation: {room, from, entries: [], nodes: Map}
};
