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
    this._blit(ctx, scale, shadow, x, y);
    if (!simple) drawFeet(ctx, lk, x, y, r, step);
    const badge = isStaff(role) ? Math.max(5, r * 0.42) + 1 : 0;
    const key = `b|${lk.shape}|${lk.colour}|${r}|${scale}|${face || 0}|${self ? 1 : 0}|${role}|${simple ? 1 : 0}`;
    const body = this._sprite(key, scale, r * 1.25 + 2, Math.max(r * 1.25, r * 0.8 + badge) + 2,
      Math.max(r * 1.85, r * 0.8 + badge) + 2, r * 1.2 + 2, (c) => drawBody(c, lk, 0, 0, r, face, self, role, simple));
    this._blit(ctx, scale, body, x, y - bob(step, r));
  }

  /** A sprite reaching left/right/up/down CSS pixels from its centre, painted by paint(ctx) around (0, 0). */
  _sprite(key, scale, left, right, up, down, paint) {
    let s = this.sprites.get(key);
    if (s) return s;
    if (this.sprites.size >= MAX_SPRITES) this.sprites.clear();
    const ox = Math.ceil(left * scale);
    const oy = Math.ceil(up * scale);
    const canvas = document.createElement("canvas");
    canvas.width = ox + Math.ceil(right * scale);
    canvas.height = oy + Math.ceil(down * scale);
    const c = canvas.getContext("2d");
    c.setTransform(scale, 0, 0, scale, ox, oy);
    paint(c);
    s = { canvas, ox, oy };
    this.sprites.set(key, s);
    return s;
  }

  /** Copies a sprite with its centre on the device pixel nearest (x, y) (CSS pixels). */
  _blit(ctx, scale, s, x, y) {
    const dx = Math.round(x * scale) - s.ox;
    const dy = Math.round(y * scale) - s.oy;
    ctx.drawImage(s.canvas, dx / scale, dy / scale, s.canvas.width / scale, s.canvas.height / scale);
  }
}
