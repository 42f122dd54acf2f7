// Avatars drawn in code: a shape and a colour chosen at entry (no photos), a
// small walking animation, and a badge for staff drawn from the role (never
// from a nickname). The vocabulary is the server's (rooms/looks.py): an
// unknown value is never sent, and one we do not know is drawn as a default.

export const SHAPES = ["maru", "neko", "usagi", "kuma", "hoshi"];
export const COLOURS = {
  sakura: "#f49ac1",
  sora: "#6cb8f0",
  wakaba: "#7fcf7a",
  yamabuki: "#f7c548",
  fuji: "#a98be0",
  sumi: "#5d6b7a",
};
const COLOUR_NAMES = Object.keys(COLOURS);
const STAFF = { host: "#2e9d62", moderator: "#2f6fd6", admin: "#2f6fd6" };

/** A stable number from a string (FNV-1a): the same id gets the same default look, tent colour, etc. */
export function hash(id) {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return Math.abs(h);
}

/** "shape-colour" as sent in `hello.avatar`, or a default chosen from the user id. */
export function look(avatar, id) {
  const [shape, colour] = typeof avatar === "string" ? avatar.split("-") : [];
  if (SHAPES.includes(shape) && colour in COLOURS) return { shape, colour: COLOURS[colour] };
  const h = hash(String(id || ""));
  return { shape: "maru", colour: COLOURS[COLOUR_NAMES[h % COLOUR_NAMES.length]] };
}

export function isAvatar(value) {
  const [shape, colour] = String(value || "").split("-");
  return SHAPES.includes(shape) && colour in COLOURS;
}

function shade(hex, k) {
  const n = parseInt(hex.slice(1), 16);
  const f = (c) => Math.max(0, Math.min(255, Math.round(c * k)));
  return `rgb(${f(n >> 16)},${f((n >> 8) & 255)},${f(n & 255)})`;
}

function star(ctx, x, y, r, points = 5, inner = 0.5) {
  ctx.beginPath();
  for (let i = 0; i < points * 2; i++) {
    const rr = i % 2 ? r * inner : r;
    const a = -Math.PI / 2 + (i * Math.PI) / points;
    ctx.lineTo(x + Math.cos(a) * rr, y + Math.sin(a) * rr);
  }
  ctx.closePath();
}

function ears(ctx, shape, x, y, r, fill) {
  ctx.fillStyle = fill;
  if (shape === "neko") {
    for (const s of [-1, 1]) {
      ctx.beginPath();
      ctx.moveTo(x + s * r * 0.85, y - r * 0.25);
      ctx.lineTo(x + s * r * 0.75, y - r * 1.25);
      ctx.lineTo(x + s * r * 0.2, y - r * 0.8);
      ctx.closePath();
      ctx.fill();
    }
  } else if (shape === "usagi") {
    for (const s of [-1, 1]) {
      ctx.beginPath();
      ctx.ellipse(x + s * r * 0.4, y - r * 1.15, r * 0.22, r * 0.6, s * 0.15, 0, Math.PI * 2);
      ctx.fill();
    }
  } else if (shape === "kuma") {
    for (const s of [-1, 1]) {
      ctx.beginPath();
      ctx.arc(x + s * r * 0.7, y - r * 0.75, r * 0.33, 0, Math.PI * 2);
      ctx.fill();
    }
  }
}

/**
 * One avatar at (x, y) (its feet's middle), radius r. `step` is the walking
 * phase in radians (0 when standing), `face` -1/0/1 the direction it looks. `simple` (in a crowd)
 * leaves out the feet, the highlight and the cheeks: half the paths for a frame with many people.
 */
export function drawAvatar(ctx, lk, x, y, r, step, face, self, role, simple = false) {
  drawShadow(ctx, x, y, r);
  if (!simple) drawFeet(ctx, lk, x, y, r, step);
  drawBody(ctx, lk, x, y - bob(step, r), r, face, self, role, simple);
}

/** How far the body rises above its standing place at walking phase `step`. */
export function bob(step, r) {
  return step ? Math.abs(Math.sin(step)) * r * 0.18 : 0;
}

/** The shadow under an avatar standing at (x, y). */
export function drawShadow(ctx, x, y, r) {
  ctx.fillStyle = "rgba(40,30,20,0.16)";
  ctx.beginPath();
  ctx.ellipse(x, y + r * 0.9, r * 0.85, r * 0.3, 0, 0, Math.PI * 2);
  ctx.fill();
}

/** The feet, swinging with the walking phase `step`. */
export function drawFeet(ctx, lk, x, y, r, step) {
  ctx.fillStyle = lk.dark || (lk.dark = shade(lk.colour, 0.7));
  const swing = step ? Math.sin(step) * r * 0.3 : 0;
  for (const s of [-1, 1]) {
    ctx.beginPath();
    ctx.ellipse(x + s * r * 0.38 + s * swing * 0.3, y + r * 0.78 + (s * swing) * 0.4, r * 0.26, r * 0.17, 0, 0, Math.PI * 2);
    ctx.fill();
  }
}

/** Ears, body, eyes (and the highlight and cheeks unless `simple`) and the staff badge, centred on (x, cy). */
export function drawBody(ctx, lk, x, cy, r, face, self, role, simple) {
  const dark = lk.dark || (lk.dark = shade(lk.colour, 0.7));
  ears(ctx, lk.shape, x, cy, r, lk.colour);
  // Body.
  ctx.fillStyle = lk.colour;
  if (lk.shape === "hoshi") {
    star(ctx, x, cy, r * 1.12, 5, 0.62);
  } else {
    ctx.beginPath();
    ctx.arc(x, cy, r, 0, Math.PI * 2);
  }
  ctx.fill();
  ctx.lineWidth = self ? 3 : 1.5;
  ctx.strokeStyle = self ? "#2f6fd6" : dark;
  ctx.stroke();
  // Belly highlight, cheeks and eyes looking the way it walks.
  if (!simple) {
    ctx.fillStyle = "rgba(255,255,255,0.35)";
    ctx.beginPath();
    ctx.ellipse(x - r * 0.3, cy - r * 0.42, r * 0.3, r * 0.18, -0.5, 0, Math.PI * 2);
    ctx.fill();
  }
  const ex = (face || 0) * r * 0.14;
  ctx.fillStyle = "#2b2b2b";
  ctx.beginPath();
  ctx.arc(x - r * 0.3 + ex, cy - r * 0.05, Math.max(1.2, r * 0.11), 0, Math.PI * 2);
  ctx.arc(x + r * 0.3 + ex, cy - r * 0.05, Math.max(1.2, r * 0.11), 0, Math.PI * 2);
  ctx.fill();
  if (!simple) {
    ctx.fillStyle = "rgba(255,120,120,0.45)";
    ctx.beginPath();
    ctx.arc(x - r * 0.55 + ex, cy + r * 0.22, r * 0.14, 0, Math.PI * 2);
    ctx.arc(x + r * 0.55 + ex, cy + r * 0.22, r * 0.14, 0, Math.PI * 2);
    ctx.fill();
  }
  if (STAFF[role]) staffBadge(ctx, x + r * 0.8, cy - r * 0.8, Math.max(5, r * 0.42), STAFF[role]);
}

/** The staff badge: a white star on the role's colour (hosts green, moderators blue). */
export function staffBadge(ctx, x, y, r, colour) {
  ctx.fillStyle = colour;
  ctx.strokeStyle = "#fff";
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = "#fff";
  star(ctx, x, y, r * 0.62, 5, 0.5);
  ctx.fill();
}

export function isStaff(role) {
  return !!STAFF[role];
}
