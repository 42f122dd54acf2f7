// The 2D top-down room map on a <canvas>: the room's scenery (scenery.js,
// painted once into a background layer), booth tents (stands.js), avatars
// (avatars.js, copied from sprites: avatar-sprites.js) with names that never
// overlap (labels.js, overlays.js), speech bubbles and
// reactions (reactions.js); tap/click or arrow keys to walk, and walk through
// a door to go to the room it leads to. Others glide smoothly between the
// positions the server sends (10 Hz ticks).

import { look } from "./avatars.js";
import { AvatarSprites } from "./avatar-sprites.js";
import { REACT_MS } from "./reactions.js";
import { BUBBLE_MS, BUBBLE_FADE_MS, drawBubbles, drawLabels, drawReactions, font, roundRect } from "./overlays.js";
import { sceneFor, drawScene, drawScreen } from "./scenery.js";
import { drawTent, standAt, standNear } from "./stands.js";

const WALK_TILES_PER_S = 4;
const GLIDE_MS = 140; // a little more than one server tick
const EDGE = 0.5; // keep our own avatar half a tile inside the walls
const WALK_SHOWN_MS = 220; // someone is drawn walking this long after their last step
const NEAR_STAND = 2.2; // tiles: close enough to a stand for the caption to name it
const CROWD = 30; // more people than this in view: avatars drawn with fewer details

/** The colour a member is shown with (the member list and chat use it too). */
export function avatarColour(id, avatar) {
  return look(avatar, id).colour;
}

export class MapView {
  /**
   * canvas: the <canvas>; wrap: its container (sets the space available).
   * opts.onSelfMove(x, y): our avatar moved (the caller throttles the wire).
   * opts.reducedMotion(): true to skip gliding, walking steps, floating and fades.
   * opts.onDoor(room): our avatar walked through a door leading to `room`.
   * opts.onNear(stand | null): the stand our avatar is near, or the pointer is over (its whole name).
   * opts.roomName(room): a room's name for the signs; opts.exitOf(room): where a booth's door leads.
   */
  constructor(canvas, wrap, opts) {
    this.canvas = canvas;
    this.wrap = wrap;
    this.ctx = canvas.getContext("2d");
    this.opts = opts;
    this.room = null;
    this.info = null;
    this.selfId = null;
    this.avatars = new Map(); // id -> avatar
    this.stands = []; // booth stands in this room: {room, title, x, y, w, h} in tiles
    this.byUser = false; // only the visitor's own walking enters a booth, never a programmatic step
    this.onStand = null; // where our avatar stepped onto a stand
    this.scene = null; // doors and decoration of this room (scenery.js)
    this.inDoor = null; // the door our avatar stands in (leaving it re-arms it)
    this.near = null; // the stand named in the caption
    this.bg = document.createElement("canvas"); // the scenery and tents, painted once per room and size
    this.bgKey = "";
    this.target = null; // where our avatar walks to
    this.keys = new Set();
    this.tile = 16;
    this.sprites = new AvatarSprites();
    this.dirty = true;
    this.lastFrame = 0;
    this._frame = this._frame.bind(this);

    canvas.addEventListener("click", (e) => this._onClick(e));
    canvas.addEventListener("pointermove", (e) => this._onPointer(e));
    canvas.addEventListener("pointerleave", () => this._setNear(this._standNear()));
    canvas.addEventListener("keydown", (e) => this._onKey(e, true));
    canvas.addEventListener("keyup", (e) => this._onKey(e, false));
    canvas.addEventListener("blur", () => this.keys.clear());
    if ("ResizeObserver" in window) new ResizeObserver(() => this.resize()).observe(wrap);
    window.addEventListener("resize", () => this.resize());
    requestAnimationFrame(this._frame);
  }

  // -- state -------------------------------------------------------------------
  /** Booth stands drawn in this room; walking onto one calls opts.onStand(room). */
  setStands(stands) {
    this.stands = stands;
    this._armStand();
    this.bgKey = "";
    this.dirty = true;
    this._setNear(this._standNear());
  }

  /** Arriving on a stand (or a door) does not enter it: only stepping onto one does. */
  _armStand() {
    const me = this.avatars.get(this.selfId);
    const on = me && standAt(this.stands, me.x, me.y);
    this.onStand = on ? on.room : null;
  }

  /** Lines on the stage's screen (what is on now and next); [] for none. */
  setScreen(lines) {
    this.screen = lines;
    this.dirty = true;
  }

  /** The signs' names changed (another language): paint the scenery again. */
  refreshScene() {
    this.bgKey = "";
    this.dirty = true;
  }

  setRoom(room, info, members, selfId) {
    const keepBubbles = new Map();
    if (room === this.room) {
      for (const [id, a] of this.avatars) if (a.bubble) keepBubbles.set(id, a.bubble);
    }
    this.room = room;
    this.info = info;
    this.selfId = selfId;
    this.avatars.clear();
    this.target = null;
    this.byUser = false;
    this.scene = info ? sceneFor(room, info, this.opts.exitOf || (() => null)) : null;
    this.screen = [];
    this.inDoor = null;
    this.bgKey = "";
    for (const m of members) this.upsert(m, true);
    for (const [id, b] of keepBubbles) if (this.avatars.has(id)) this.avatars.get(id).bubble = b;
    this._armStand();
    this.resize();
  }

  upsert(m, snap = false) {
    const w = this.info ? this.info.width : 20;
    const h = this.info ? this.info.height : 14;
    const x = Number.isFinite(m.x) ? m.x : w / 2;
    const y = Number.isFinite(m.y) ? m.y : h / 2;
    const a = this.avatars.get(m.id);
    if (a) {
      a.nick = m.nick;
      a.role = m.role;
      a.look = look(m.avatar, m.id);
      if (snap) this._place(a, x, y);
      else this.glideTo(m.id, x, y);
    } else {
      this.avatars.set(m.id, {
        id: m.id, nick: String(m.nick || ""), role: m.role, look: look(m.avatar, m.id),
        x, y, fx: x, fy: y, tx: x, ty: y, t0: 0, bubble: null, react: null, walkedAt: 0, step: 0, face: 0,
      });
    }
    this.dirty = true;
  }

  remove(id) {
    this.avatars.delete(id);
    this.dirty = true;
  }

  /** Another visitor's new position: glide there. */
  glideTo(id, x, y) {
    const a = this.avatars.get(id);
    if (!a || id === this.selfId) return;
    if (this.opts.reducedMotion()) {
      this._place(a, x, y);
    } else {
      a.fx = a.x;
      a.fy = a.y;
      a.tx = x;
      a.ty = y;
      a.t0 = performance.now();
      a.walkedAt = a.t0 + GLIDE_MS;
      if (Math.abs(x - a.fx) > 0.05) a.face = Math.sign(x - a.fx);
    }
    this.dirty = true;
  }

  /** A reaction (emote) floats above someone for a few seconds. */
  react(id, emote) {
    const a = this.avatars.get(id);
    if (!a) return;
    a.react = { emote, t0: performance.now() };
    this.dirty = true;
  }

  bubble(id, text) {
    const a = this.avatars.get(id);
    if (!a) return;
    a.bubble = { text: String(text), until: performance.now() + BUBBLE_MS };
    this.dirty = true;
  }

  selfPosition() {
    const me = this.avatars.get(this.selfId);
    return me ? { x: me.x, y: me.y } : null;
  }

  /** Walk our avatar toward a point (tiles). */
  walkTo(x, y) {
    if (!this.info || !this.avatars.has(this.selfId)) return;
    this.target = { x: this._clampX(x), y: this._clampY(y) };
    this.dirty = true;
  }

  _place(a, x, y) {
    a.x = a.fx = a.tx = x;
    a.y = a.fy = a.ty = y;
  }

  _clampX(x) {
    const w = this.info.width;
    return Math.min(Math.max(x, Math.min(EDGE, w / 2)), Math.max(w - EDGE, w / 2));
  }

  _clampY(y) {
    const h = this.info.height;
    return Math.min(Math.max(y, Math.min(EDGE, h / 2)), Math.max(h - EDGE, h / 2));
  }

  // -- input -------------------------------------------------------------------
  _onClick(e) {
    if (!this.info) return;
    const rect = this.canvas.getBoundingClientRect();
    const x = ((e.clientX - rect.left) / rect.width) * this.info.width;
    const y = ((e.clientY - rect.top) / rect.height) * this.info.height;
    this.byUser = true;
    this.walkTo(x, y);
    this.canvas.focus({ preventScroll: true });
  }

  _onPointer(e) {
    if (!this.info || e.pointerType === "touch") return;
    const rect = this.canvas.getBoundingClientRect();
    const x = ((e.clientX - rect.left) / rect.width) * this.info.width;
    const y = ((e.clientY - rect.top) / rect.height) * this.info.height;
    const over = standAt(this.stands, x, y);
    this._setNear(over || this._standNear());
  }

  /** The stand within reach of our avatar. */
  _standNear() {
    const me = this.avatars.get(this.selfId);
    return me ? standNear(this.stands, me.x, me.y, NEAR_STAND) : null;
  }

  _setNear(stand) {
    if (stand === this.near) return;
    this.near = stand;
    if (this.opts.onNear) this.opts.onNear(stand);
  }

  _onKey(e, down) {
    const dir = { ArrowUp: 1, ArrowDown: 1, ArrowLeft: 1, ArrowRight: 1 }[e.key];
    if (!dir) return;
    e.preventDefault(); // no page scrolling while walking
    if (down) {
      this.byUser = true;
      this.keys.add(e.key);
      this.target = null;
    } else {
      this.keys.delete(e.key);
    }
    this.dirty = true;
  }

  // -- layout ------------------------------------------------------------------
  resize() {
    if (!this.info) return;
    const w = Math.max(1, this.info.width);
    const h = Math.max(1, this.info.height);
    const availW = Math.max(120, this.wrap.clientWidth);
    const availH = Math.max(100, this.wrap.clientHeight || availW);
    const tile = Math.max(6, Math.min(availW / w, availH / h, 56));
    const cssW = Math.floor(w * tile);
    const cssH = Math.floor(h * tile);
    const dpr = Math.min(window.devicePixelRatio || 1, 3);
    if (this.tile !== tile || this.canvas.width !== Math.round(cssW * dpr) || this.canvas.height !== Math.round(cssH * dpr)) {
      this.tile = tile;
      this.canvas.style.width = `${cssW}px`;
      this.canvas.style.height = `${cssH}px`;
      this.canvas.width = Math.round(cssW * dpr);
      this.canvas.height = Math.round(cssH * dpr);
      this.dpr = dpr;
    }
    this.dirty = true;
  }

  // -- animation ---------------------------------------------------------------
  _frame(now) {
    requestAnimationFrame(this._frame);
    const dt = Math.min(0.1, Math.max(0, (now - (this.lastFrame || now)) / 1000));
    this.lastFrame = now;
    if (!this.info) return;
    let animating = this._walk(dt);
    if (!this.info) return; // the door just walked through led out of every room (opts.onDoor)
    const reduced = this.opts.reducedMotion();
    for (const a of this.avatars.values()) {
      if (a.id !== this.selfId && (a.x !== a.tx || a.y !== a.ty)) {
        const k = reduced ? 1 : Math.min(1, (now - a.t0) / GLIDE_MS);
        if (k >= 1) {
          a.x = a.tx;
          a.y = a.ty;
        } else {
          a.x = a.fx + (a.tx - a.fx) * k;
          a.y = a.fy + (a.ty - a.fy) * k;
        }
        animating = true;
      }
      if (!reduced && now - a.walkedAt < WALK_SHOWN_MS) {
        a.step += (now - (a.stepAt || now)) * 0.018;
        animating = true;
      } else {
        a.step = 0;
      }
      a.stepAt = now;
      if (a.react) {
        if (now - a.react.t0 >= REACT_MS) {
          a.react = null;
          this.dirty = true;
        } else if (!reduced) {
          animating = true;
        }
      }
      if (a.bubble) {
        if (now >= a.bubble.until) {
          a.bubble = null;
          this.dirty = true;
        } else if (!reduced && a.bubble.until - now < BUBBLE_FADE_MS) {
          animating = true;
        }
      }
    }
    if (animating || this.dirty) {
      this.dirty = false;
      this._draw(now);
    }
  }

  _walk(dt) {
    const me = this.avatars.get(this.selfId);
    if (!me) return false;
    let dx = 0;
    let dy = 0;
    if (this.keys.size) {
      if (this.keys.has("ArrowLeft")) dx -= 1;
      if (this.keys.has("ArrowRight")) dx += 1;
      if (this.keys.has("ArrowUp")) dy -= 1;
      if (this.keys.has("ArrowDown")) dy += 1;
      const len = Math.hypot(dx, dy);
      if (!len) return false;
      dx = (dx / len) * WALK_TILES_PER_S * dt;
      dy = (dy / len) * WALK_TILES_PER_S * dt;
    } else if (this.target) {
      const rx = this.target.x - me.x;
      const ry = this.target.y - me.y;
      const dist = Math.hypot(rx, ry);
      const step = WALK_TILES_PER_S * dt;
      if (dist <= step || dist < 0.01) {
        dx = rx;
        dy = ry;
        this.target = null;
      } else {
        dx = (rx / dist) * step;
        dy = (ry / dist) * step;
      }
    } else {
      return false;
    }
    const nx = this._clampX(me.x + dx);
    const ny = this._clampY(me.y + dy);
    if (nx === me.x && ny === me.y) {
      if (!this.keys.size) this.target = null;
      return false;
    }
    if (Math.abs(nx - me.x) > 0.001) me.face = Math.sign(nx - me.x);
    this._place(me, nx, ny);
    me.walkedAt = performance.now();
    this.opts.onSelfMove(nx, ny);
    this._setNear(this._standNear());
    const door = this.scene && this.scene.doors.find((d) => nx >= d.x - 0.1 && nx <= d.x + d.w + 0.1 && ny >= d.y - 0.1 && ny <= d.y + d.h + 0.1);
    if (door && this.byUser && this.inDoor !== door) {
      this.inDoor = door;
      this.target = null;
      this.keys.clear();
      if (this.opts.onDoor) this.opts.onDoor(door.to);
      return true;
    } else if (!door) {
      this.inDoor = null;
    }
    const stand = standAt(this.stands, nx, ny);
    if (stand && this.byUser && this.onStand !== stand.room) {
      this.onStand = stand.room;
      this.target = null;
      this.keys.clear();
      if (this.opts.onStand) this.opts.onStand(stand.room);
    } else if (!stand) {
      this.onStand = null;
    }
    return true;
  }

  /** The scenery and the tents, painted again only when the room, the size or the stands change. */
  _background(W, H, dpr) {
    const key = `${this.room}|${this.tile}|${dpr}|${this.stands.length}`;
    if (key === this.bgKey) return this.bg;
    this.bgKey = key;
    const bg = this.bg;
    bg.width = Math.round(W * dpr);
    bg.height = Math.round(H * dpr);
    const ctx = bg.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawScene(ctx, this.scene, this.tile, this.opts.roomName || ((r) => r));
    for (const b of this.stands) drawTent(ctx, b, this.tile, (px) => font(px));
    return bg;
  }

  _draw(now) {
    const { ctx, info, tile } = this;
    const dpr = this.dpr || 1;
    const W = info.width * tile;
    const H = info.height * tile;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this._background(W, H, dpr), 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);

    if (this.screen && this.screen.length && this.scene && this.scene.screen) drawScreen(ctx, this.scene.screen, tile, this.screen);
    // Where we are walking to.
    if (this.target) {
      ctx.strokeStyle = "#2f6fd6";
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(this.target.x * tile, this.target.y * tile, Math.max(4, tile * 0.25), 0, Math.PI * 2);
      ctx.stroke();
    }
    // The stand named in the caption.
    if (this.near) {
      ctx.strokeStyle = "#2f6fd6";
      ctx.lineWidth = 3;
      roundRect(ctx, this.near.x * tile - 2, this.near.y * tile - 2, this.near.w * tile + 4, this.near.h * tile + 4, 6);
      ctx.stroke();
    }

    const r = Math.max(7, Math.min(20, tile * 0.55));
    const reduced = this.opts.reducedMotion();
    const list = [...this.avatars.values()].sort((a, b) => a.y - b.y || (a.id === this.selfId) - (b.id === this.selfId));
    const crowd = list.length > CROWD;
    for (const a of list) {
      this.sprites.draw(ctx, dpr, a.look, a.x * tile, a.y * tile, r, reduced ? 0 : a.step, a.face, a.id === this.selfId, a.role, crowd);
    }

    drawLabels(ctx, list, this.selfId, tile, r, W, H, dpr);
    drawReactions(ctx, list, tile, r, now, reduced);
    drawBubbles(ctx, list, tile, r, W, now, reduced);
  }
}
