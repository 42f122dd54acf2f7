// Reactions: a small fixed set of emotes (rooms/looks.py EMOTES), drawn in
// code, that float above an avatar for a few seconds. No text, so nothing to
// moderate. The bar under the map sends them; what the server relays
// (`reacts`, ours included) is what is shown, so a dropped one never appears.

export const EMOTES = ["heart", "smile", "wow", "clap", "star"];
export const REACT_MS = 3000;
const PER_S = 1; // the server's budget (rooms/looks.py): the bar rests when it is spent
const BURST = 4;

function heart(ctx, x, y, s) {
  ctx.fillStyle = "#ef4f6f";
  ctx.beginPath();
  ctx.moveTo(x, y + s * 0.38);
  ctx.bezierCurveTo(x - s * 0.62, y - s * 0.02, x - s * 0.38, y - s * 0.55, x, y - s * 0.22);
  ctx.bezierCurveTo(x + s * 0.38, y - s * 0.55, x + s * 0.62, y - s * 0.02, x, y + s * 0.38);
  ctx.fill();
}

function face(ctx, x, y, s, wow) {
  ctx.fillStyle = "#ffd34d";
  ctx.strokeStyle = "#c99a10";
  ctx.lineWidth = Math.max(1, s * 0.05);
  ctx.beginPath();
  ctx.arc(x, y, s * 0.42, 0, Math.PI * 2);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = "#4a3200";
  ctx.beginPath();
  ctx.arc(x - s * 0.14, y - s * 0.08, s * 0.05, 0, Math.PI * 2);
  ctx.arc(x + s * 0.14, y - s * 0.08, s * 0.05, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = "#4a3200";
  ctx.lineWidth = Math.max(1, s * 0.06);
  ctx.beginPath();
  if (wow) {
    ctx.ellipse(x, y + s * 0.16, s * 0.08, s * 0.11, 0, 0, Math.PI * 2);
    ctx.fillStyle = "#4a3200";
    ctx.fill();
  } else {
    ctx.arc(x, y + s * 0.04, s * 0.2, 0.15 * Math.PI, 0.85 * Math.PI);
    ctx.stroke();
  }
}

function clap(ctx, x, y, s) {
  ctx.fillStyle = "#ffcf9e";
  ctx.strokeStyle = "#c7864a";
  ctx.lineWidth = Math.max(1, s * 0.05);
  for (const k of [-1, 1]) {
    ctx.save();
    ctx.translate(x + k * s * 0.1, y + s * 0.06);
    ctx.rotate(k * 0.35);
    ctx.beginPath();
    ctx.ellipse(0, 0, s * 0.16, s * 0.32, 0, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
    ctx.restore();
  }
  ctx.strokeStyle = "#f2a23a";
  ctx.lineWidth = Math.max(1, s * 0.06);
  ctx.beginPath();
  for (const a of [-2.3, -1.57, -0.84]) {
    ctx.moveTo(x + Math.cos(a) * s * 0.38, y - s * 0.1 + Math.sin(a) * s * 0.3);
    ctx.lineTo(x + Math.cos(a) * s * 0.52, y - s * 0.1 + Math.sin(a) * s * 0.42);
  }
  ctx.stroke();
}

function starShape(ctx, x, y, s) {
  ctx.fillStyle = "#ffc83d";
  ctx.strokeStyle = "#d89400";
  ctx.lineWidth = Math.max(1, s * 0.05);
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const r = i % 2 ? s * 0.2 : s * 0.46;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    ctx.lineTo(x + Math.cos(a) * r, y + Math.sin(a) * r);
  }
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
}

/** One emote centred at (x, y), about `s` pixels wide. */
export function drawEmote(ctx, emote, x, y, s) {
  if (emote === "heart") heart(ctx, x, y, s);
  else if (emote === "smile") face(ctx, x, y, s, false);
  else if (emote === "wow") face(ctx, x, y, s, true);
  else if (emote === "clap") clap(ctx, x, y, s);
  else if (emote === "star") starShape(ctx, x, y, s);
}

/** Where a reaction shown at `t0` is now: rise (px) and opacity; still without motion when reduced. */
export function reactionFrame(t0, now, reduced) {
  const k = Math.min(1, Math.max(0, (now - t0) / REACT_MS));
  if (reduced) return { rise: 0, alpha: 1, scale: 1 };
  const pop = Math.min(1, (now - t0) / 180);
  return { rise: k * 18, alpha: k > 0.75 ? (1 - k) / 0.25 : 1, scale: 0.6 + 0.4 * pop };
}

/** The row of reaction buttons under the map; `send(emote)` returns whether it went out. */
export class ReactionBar {
  constructor(el, t, send) {
    this.el = el;
    this.t = t;
    this.send = send;
    this.tokens = BURST;
    this.stamp = performance.now();
    this.buttons = EMOTES.map((emote) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "react-btn";
      b.dataset.emote = emote;
      const c = document.createElement("canvas");
      c.width = 56;
      c.height = 56;
      c.setAttribute("aria-hidden", "true");
      const ctx = c.getContext("2d");
      drawEmote(ctx, emote, 28, 28, 46);
      b.append(c);
      b.addEventListener("click", () => this._press(emote));
      el.append(b);
      return b;
    });
    this.render();
  }

  render() {
    this.el.setAttribute("aria-label", this.t("react_bar"));
    for (const b of this.buttons) {
      const name = this.t(`react_${b.dataset.emote}`);
      b.setAttribute("aria-label", name);
      b.title = name;
    }
  }

  _press(emote) {
    const now = performance.now();
    this.tokens = Math.min(BURST, this.tokens + ((now - this.stamp) / 1000) * PER_S);
    this.stamp = now;
    if (this.tokens < 1) return this._rest();
    if (this.send(emote)) this.tokens -= 1;
    if (this.tokens < 1) this._rest();
  }

  _rest() {
    this.el.dataset.resting = "true";
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      delete this.el.dataset.resting;
    }, 1000 / PER_S);
  }
}
