// Avatars on the map drawn from sprites: each look (shape, colour, size, the way it faces, ours
// or not, staff or not, crowd detail or not) is painted once by avatars.js into a small canvas
// of its own at the screen's pixel density and then copied, instead of filling four to eight
// antialiased paths per avatar and frame. With a hundred people the paths were most of a
// frame's raster time (issue 17); a copy is one image blit. Sprites are placed on whole device
// pixels, so a standing avatar is copied pixel for pixel; a moving one is within half a device
// pixel of where the paths would put it. The walking feet stay paths (they swing).

import { bob, drawBody, drawFeet, drawShadow, isStaff } from "./avatars.js";

const MAX_SPRITES = 256; // looks × sizes; a resize makes new sizes, so the old ones are dropped past this

export class AvatarSprites {
  constructor() {
    this.sprites = new Map(); // key -> {canvas, ox, oy} (ox, oy: the centre, in device pixels)
  }

  /** One avatar as drawAvatar (avatars.js) draws it, on a context scaled by `scale` (device pixels per CSS pixel). */
  draw(ctx, scale, lk, x, y, r, step, face, self, role, simple) {
    const shadow = this._sprite(`s|${r}|${scale}`, scale, r * 0.85 + 1, r * 0.85 + 1, 1 - r * 0.6, r * 1.2 + 1, (c) => drawShadow(c, 0, 0, r));
    copySprite(ctx, scale, shadow.canvas, x, y, shadow.ox, shadow.oy);
    if (!simple) drawFeet(ctx, lk, x, y, r, step);
    const badge = isStaff(role) ? Math.max(5, r * 0.42) + 1 : 0;
    const key = `b|${lk.shape}|${lk.colour}|${r}|${scale}|${face || 0}|${self ? 1 : 0}|${role}|${simple ? 1 : 0}`;
    const body = this._sprite(key, scale, r * 1.25 + 2, Math.max(r * 1.25, r * 0.8 + badge) + 2,
      Math.max(r * 1.85, r * 0.8 + badge) + 2, r * 1.2 + 2, (c) => drawBody(c, lk, 0, 0, r, face, self, role, simple));
    copySprite(ctx, scale, body.canvas, x, y - bob(step, r), body.ox, body.oy);
  }

  /** A sprite reaching left/right/up/down CSS pixels from its centre, painted by paint(ctx) around (0, 0). */
  _sprite(key, scale, left, right, up, down, paint) {
    let s = this.sprites.get(key);
    if (s) return s;
    if (this.sprites.size >= MAX_SPRITES) this.sprites.clear();
    const ox = Math.ceil(left * scale);
    const oy = Math.ceil(up * scale);
    s = { canvas: paintSprite(scale, ox + Math.ceil(right * scale), oy + Math.ceil(down * scale), ox, oy, paint), ox, oy };
    this.sprites.set(key, s);
    return s;
  }
}

/** A canvas of w × h device pixels, painted by paint(ctx) in CSS pixels with (0, 0) at device pixel (ox, oy). */
export function paintSprite(scale, w, h, ox, oy, paint) {
  const canvas = document.createElement("canvas");
  canvas.width = w;
  canvas.height = h;
  const c = canvas.getContext("2d");
  c.setTransform(scale, 0, 0, scale, ox, oy);
  paint(c);
  return canvas;
}

/** Copies a sprite so that its device pixel (ox, oy) lands on the device pixel nearest (x, y) (CSS pixels):
 * whole device pixels, so a still sprite is copied pixel for pixel. */
export function copySprite(ctx, scale, canvas, x, y, ox = 0, oy = 0) {
  const dx = Math.round(x * scale) - ox;
  const dy = Math.round(y * scale) - oy;
  ctx.drawImage(canvas, dx / scale, dy / scale, canvas.width / scale, canvas.height / scale);
}
