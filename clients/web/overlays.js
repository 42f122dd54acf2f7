// What is drawn over the people on the map: their names (placed so that none
// covers another), the reactions floating above them and speech bubbles.

import { copySprite, paintSprite } from "./avatar-sprites.js";
import { placeLabels } from "./labels.js";
import { drawEmote, reactionFrame } from "./reactions.js";

export const BUBBLE_MS = 6000;
export const BUBBLE_FADE_MS = 600;
const FONT = "system-ui, -apple-system, 'Hiragino Sans', 'Noto Sans JP', sans-serif";
export const font = (px, bold = true) => `${bold ? "bold " : ""}${px}px ${FONT}`;

export function roundRect(ctx, x, y, w, h, r) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

export function fitText(ctx, text, maxWidth) {
  if (ctx.measureText(text).width <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 1 && ctx.measureText(chars.join("") + "…").width > maxWidth) chars.pop();
  return chars.join("") + "…";
}

function wrapText(ctx, text, maxWidth, maxLines) {
  const lines = [];
  let line = "";
  const chars = [...text.replace(/\s+/g, " ")];
  for (let i = 0; i < chars.length; i++) {
    const next = line + chars[i];
    if (ctx.measureText(next).width > maxWidth && line) {
      lines.push(line);
      line = chars[i] === " " ? "" : chars[i];
      if (lines.length === maxLines) {
        lines[maxLines - 1] = fitText(ctx, lines[maxLines - 1] + chars.slice(i).join(""), maxWidth);
        return lines;
      }
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}


/**
 * Names under (or beside, or above) each avatar, never over one another; ours first. Each name is
 * painted once (per name and pixel density) into a small canvas of its own and copied each frame,
 * on whole device pixels: no text shaping and no rounded box to fill per frame. `scale`: device pixels per CSS pixel.
 */
export function drawLabels(ctx, list, selfId, tile, r, W, H, scale) {
  const labels = list.map((a) => {
    const self = a.id === selfId;
    if (!a.label || a.label.nick !== a.nick || a.label.self !== self) { // measured once per name, not per frame
      ctx.font = font(12, self);
      const text = fitText(ctx, a.nick, 96);
      a.label = { nick: a.nick, self, text, w: ctx.measureText(text).width + 10, h: 16, sprite: null };
    }
    return { label: a.label, cx: a.x * tile, top: a.y * tile - r * 1.3, bottom: a.y * tile + r * 1.1, w: a.label.w, h: 16, first: self };
  });
  const spots = placeLabels(labels, W, H);
  labels.forEach((l, i) => {
    const p = spots[i];
    if (!p) return;
    copySprite(ctx, scale, labelSprite(l.label, scale), p.x, p.y);
  });
}

/** A name's box and text, painted at this pixel density the first time it is shown. */
function labelSprite(label, scale) {
  if (label.sprite && label.scale === scale) return label.sprite;
  label.sprite = paintSprite(scale, Math.ceil(label.w * scale) + 1, Math.ceil(label.h * scale) + 1, 0, 0, (c) => {
    c.fillStyle = label.self ? "rgba(47,111,214,0.95)" : "rgba(255,255,255,0.92)";
    roundRect(c, 0, 0, label.w, label.h, 6);
    c.fill();
    c.font = font(12, label.self);
    c.textAlign = "center";
    c.textBaseline = "top";
    c.fillStyle = label.self ? "#fff" : "#222";
    c.fillText(label.text, label.w / 2, 2);
  });
  label.scale = scale;
  return label.sprite;
}

/** Reactions float up above the head for a few seconds (still, when motion is reduced). */
export function drawReactions(ctx, list, tile, r, now, reduced) {
  for (const a of list) {
    if (!a.react) continue;
    const f = reactionFrame(a.react.t0, now, reduced);
    ctx.globalAlpha = f.alpha;
    const size = Math.max(18, r * 1.5) * f.scale;
    drawEmote(ctx, a.react.emote, a.x * tile, a.y * tile - r * 1.9 - f.rise, size);
    ctx.globalAlpha = 1;
  }
}

/** Speech bubbles on top of everyone. */
export function drawBubbles(ctx, list, tile, r, W, now, reduced) {
  ctx.font = font(13, false);
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  for (const a of list) {
    if (!a.bubble) continue;
    const left = a.bubble.until - now;
    ctx.globalAlpha = reduced ? 1 : Math.max(0, Math.min(1, left / BUBBLE_FADE_MS));
    const lines = wrapText(ctx, a.bubble.text, 150, 3);
    const bw = Math.max(...lines.map((l) => ctx.measureText(l).width)) + 14;
    const bh = lines.length * 16 + 8;
    let bx = a.x * tile - bw / 2;
    bx = Math.max(2, Math.min(bx, W - bw - 2));
    let by = a.y * tile - r - bh - 8 - (a.react ? r * 1.6 : 0);
    if (by < 2) by = a.y * tile + r + 22; // no room above: show it below
    ctx.fillStyle = "rgba(255,255,255,0.97)";
    ctx.strokeStyle = "rgba(0,0,0,0.25)";
    ctx.lineWidth = 1;
    roundRect(ctx, bx, by, bw, bh, 8);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = "#222";
    lines.forEach((l, i) => ctx.fillText(l, bx + 7, by + 4 + i * 16));
    ctx.globalAlpha = 1;
  }
}
