// Booth stands in the halls: where they stand, and each drawn as a festival
// tent in its organisation's colour with a short name that is never cut (a
// whole word or two lines); the whole name is read from the caption under the
// map when one walks near a stand or points at it, and from the room picker.

import { hash } from "./avatars.js";
import { titleIn } from "./i18n.js";

const HALLS = ["hall:1", "hall:2"];
export const CASE_HALL = "hall:3"; // the 好事例ホール: its stands are the featured cases (case-hall.js sets them)
let caseStands = [];
// Tent colours; an organisation keeps its colour (a stable hash of its id: the directory has no colour field).
const TENTS = ["#e4572e", "#2e86ab", "#f3a712", "#4caf50", "#9c6ade", "#e84a8a", "#17a398", "#ff7f50"];


export function tentColour(org) {
  return TENTS[hash(String(org || "")) % TENTS.length];
}

/** The booths of a hall: the booths split over hall:1 and hall:2, in two rows along the top and bottom walls;
 * each named in the visitor's language `lang`. */
export function standsFor(room, info, booths, lang) {
  const base = String(room || "").split("~")[0];
  const i = HALLS.indexOf(base);
  const cases = base === CASE_HALL;
  if (!info || (i < 0 && !cases) || !(cases ? caseStands : booths).length) return [];
  const per = Math.ceil(booths.length / HALLS.length);
  const mine = cases ? caseStands : booths.slice(i * per, (i + 1) * per);
  const cols = Math.max(1, Math.ceil(mine.length / 2));
  const colW = (info.width - 2) / cols;
  const w = Math.max(1.5, colW - 0.6);
  const h = 2.5;
  return mine.map((b, k) => ({
    room: b.id, title: titleIn(b, lang), colour: tentColour(b.org), open: !!b.open,
    x: 1 + (k % cols) * colW + 0.3, y: k < cols ? 1.5 : info.height - 1.5 - h, w, h,
  }));
}

/** The good-practice hall's stands, [{id: "case:<id>", title, org}], as the server generated them. */
export function setCaseStands(list) {
  caseStands = list;
}

/** The stand at a point (tiles), if any. */
export function standAt(stands, x, y) {
  return stands.find((b) => x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h) || null;
}

/** The stand nearest to a point within `reach` tiles of its edge, if any. */
export function standNear(stands, x, y, reach) {
  let best = null;
  let bestD = reach;
  for (const b of stands) {
    const d = Math.hypot(Math.max(b.x - x, 0, x - (b.x + b.w)), Math.max(b.y - y, 0, y - (b.y + b.h)));
    if (d <= bestD) {
      best = b;
      bestD = d;
    }
  }
  return best;
}

/** The hall a booth's door leads back to (the one its stand is in). */
export function hallOf(room, booths) {
  const k = booths.findIndex((b) => b.id === room);
  if (k < 0) return null;
  return HALLS[Math.min(HALLS.length - 1, Math.floor(k / Math.ceil(booths.length / HALLS.length)))];
}

/** The lines of a stand's sign: the whole name on one or two lines at the largest size that fits,
 * else its first words (a short name, never cut inside a word) — the caption gives the whole one. */
export function signLines(ctx, title, maxWidth, font) {
  for (const px of [13, 12, 11, 10]) {
    ctx.font = font(px);
    if (ctx.measureText(title).width <= maxWidth) return { px, lines: [title], whole: true };
  }
  for (const px of [13, 12, 11, 10]) { // two lines broken between words, at the largest size that allows it
    ctx.font = font(px);
    const two = split(ctx, title, maxWidth);
    if (two && two.cost < 5) return { px, lines: two.lines, whole: true };
  }
  const two = split(ctx, title, maxWidth);
  if (two) return { px: 10, lines: two.lines, whole: true };
  ctx.font = font(10);
  const words = title.split(/[\s・／/]+/).filter(Boolean);
  let short = words[0] || title;
  for (const wd of words.slice(1)) {
    if (ctx.measureText(`${short} ${wd}`).width > maxWidth) break;
    short = `${short} ${wd}`;
  }
  // "A", "My", "The" alone say nothing: take the next word too, on a second line or narrowed.
  if (short === words[0] && short.length <= 3 && words[1]) short = `${short} ${words[1]}`;
  const lines = ctx.measureText(short).width <= maxWidth ? [short] : (split(ctx, short, maxWidth) || { lines: [short] }).lines;
  return { px: 10, lines, whole: false };
}

const SCRIPTS = [/[\u3040-\u309f]/, /[\u30a0-\u30ff]/, /[\u4e00-\u9fff]/, /[A-Za-z0-9]/];
const LATIN = 3;
const NEVER = Infinity;
const script = (ch) => SCRIPTS.findIndex((re) => re.test(ch));

/** How bad a line break between two characters is: after a space, ・ or の is best, then where the
 * script changes (ひらがな → カタカナ → 漢字 → Latin), inside a Japanese word last, and inside an
 * English word never (「For / est」 reads as two words: the first words are shown instead). */
function breakCost(before, after) {
  if (/[\s・の]/.test(before)) return 0;
  if (script(before) === LATIN && script(after) === LATIN) return NEVER;
  if (script(before) !== script(after)) return 1;
  return 5;
}

function split(ctx, text, maxWidth) {
  const chars = [...text];
  let best = null;
  for (let i = 1; i < chars.length; i++) {
    const a = chars.slice(0, i).join("").trim();
    const b = chars.slice(i).join("").trim();
    const cost = breakCost(chars[i - 1], chars[i]);
    if (cost !== NEVER && ctx.measureText(a).width <= maxWidth && ctx.measureText(b).width <= maxWidth) {
      const score = cost * 100 + Math.abs(a.length - b.length);
      if (!best || score < best.score) best = { score, cost, lines: [a, b] };
    }
  }
  return best;
}

/** One stand as a tent: striped awning in the organisation's colour, a counter, the name on a sign. */
export function drawTent(ctx, b, t, font) {
  const x = b.x * t;
  const y = b.y * t;
  const w = b.w * t;
  const h = b.h * t;
  const awning = Math.max(8, h * 0.36);
  ctx.fillStyle = "rgba(0,0,0,0.14)";
  ctx.fillRect(x + 3, y + 4, w, h);
  ctx.fillStyle = "#fffaf0";
  ctx.fillRect(x, y + awning * 0.6, w, h - awning * 0.6);
  const stripes = Math.max(5, Math.round(w / 9)) | 1; // odd: both edges in the organisation's colour
  for (let i = 0; i < stripes; i++) {
    ctx.fillStyle = i % 2 ? "#ffffff" : b.colour;
    ctx.beginPath();
    const sx = x + (w * i) / stripes;
    const sw = w / stripes;
    ctx.moveTo(sx, y);
    ctx.lineTo(sx + sw, y);
    ctx.lineTo(sx + sw, y + awning);
    ctx.arc(sx + sw / 2, y + awning, sw / 2, 0, Math.PI);
    ctx.closePath();
    ctx.fill();
  }
  ctx.strokeStyle = b.colour;
  ctx.lineWidth = 1.5;
  ctx.strokeRect(x, y, w, h);
  // The sign on the counter.
  const signH = h - awning - 6;
  const sy = y + awning + 3;
  const pad = 4;
  const fit = signLines(ctx, b.title, w - pad * 2 - 4, font);
  ctx.fillStyle = b.colour;
  ctx.beginPath();
  ctx.roundRect(x + pad, sy, w - pad * 2, Math.max(signH, fit.lines.length * (fit.px + 2) + 4), 4);
  ctx.fill();
  ctx.fillStyle = "#ffffff";
  ctx.font = font(fit.px);
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  const mid = sy + Math.max(signH, fit.lines.length * (fit.px + 2) + 4) / 2;
  // fillText's maxWidth narrows a line that is still too wide instead of cutting it
  fit.lines.forEach((line, i) => ctx.fillText(line, x + w / 2, mid + (i - (fit.lines.length - 1) / 2) * (fit.px + 2), w - pad * 2 - 2));
  if (b.open) {
    ctx.fillStyle = "#3ddc84";
    ctx.strokeStyle = "#ffffff";
    ctx.beginPath();
    ctx.arc(x + w - 6, y + 6, 4.5, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
  }
}
