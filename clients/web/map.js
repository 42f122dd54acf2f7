// The 2D top-down room map on a <canvas>: floor, avatars with nick labels,
// speech bubbles; tap/click or arrow keys to walk. Others glide smoothly
// between the positions the server sends (10 Hz ticks).

const WALK_TILES_PER_S = 4;
const GLIDE_MS = 140; // a little more than one server tick
const BUBBLE_MS = 6000;
const BUBBLE_FADE_MS = 600;
const EDGE = 0.5; // keep our own avatar half a tile inside the walls

const PALETTES = {
  lobby: ["#f7efe2", "#f1e6d4", "#e4d3b8"],
  hall: ["#e9f1f8", "#dfe9f3", "#c3d4e6"],
  stage: ["#f1ecf8", "#e8e0f4", "#cdb9ec"],
  booth: ["#e8f5eb", "#ddefe2", "#b9dcc2"],
  circle: ["#fcf0f1", "#f7e4e7", "#eec3ca"],
};

function hashHue(id) {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return Math.abs(h) % 360;
}

export function avatarColour(id) {
  return `hsl(${hashHue(String(id))} 62% 64%)`;
}

function roundRect(ctx, x, y, w, h, r) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

function fitText(ctx, text, maxWidth) {
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

export class MapView {
  /**
   * canvas: the <canvas>; wrap: its container (sets the space available).
   * opts.onSelfMove(x, y): our avatar moved (the caller throttles the wire).
   * opts.reducedMotion(): true to skip gliding and fades.
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
    this.target = null; // where our avatar walks to
    this.keys = new Set();
    this.tile = 16;
    this.dirty = true;
    this.lastFrame = 0;
    this._frame = this._frame.bind(this);

    canvas.addEventListener("click", (e) => this._onClick(e));
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
    this.onStand = null;
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
    for (const m of members) this.upsert(m, true);
    for (const [id, b] of keepBubbles) if (this.avatars.has(id)) this.avatars.get(id).bubble = b;
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
      if (snap) this._place(a, x, y);
      else this.glideTo(m.id, x, y);
    } else {
      this.avatars.set(m.id, {
        id: m.id, nick: String(m.nick || ""), role: m.role, colour: avatarColour(m.id),
        x, y, fx: x, fy: y, tx: x, ty: y, t0: 0, bubble: null,
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
    }
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
    this._place(me, nx, ny);
    this.opts.onSelfMove(nx, ny);
    const stand = this.stands.find((b) => nx >= b.x && nx <= b.x + b.w && ny >= b.y && ny <= b.y + b.h);
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

  _draw(now) {
    const { ctx, info, tile } = this;
    const dpr = this.dpr || 1;
    const W = info.width * tile;
    const H = info.height * tile;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const pal = PALETTES[info.kind] || PALETTES.lobby;

    // Floor.
    ctx.fillStyle = pal[0];
    ctx.fillRect(0, 0, W, H);
    if (tile >= 8) {
      ctx.fillStyle = pal[1];
      for (let y = 0; y < info.height; y++) {
        for (let x = (y % 2); x < info.width; x += 2) ctx.fillRect(x * tile, y * tile, tile, tile);
      }
    }
    if (info.kind === "stage") {
      ctx.fillStyle = pal[2];
      ctx.fillRect(0, 0, W, Math.min(2, info.height / 4) * tile);
    } else if (info.kind === "circle" || info.kind === "lobby") {
      ctx.fillStyle = pal[2];
      ctx.globalAlpha = 0.45;
      ctx.beginPath();
      ctx.ellipse(W / 2, H / 2, Math.min(W, H) * 0.22, Math.min(W, H) * 0.22, 0, 0, Math.PI * 2);
      ctx.fill();
      ctx.globalAlpha = 1;
    }
    ctx.strokeStyle = pal[2];
    ctx.lineWidth = 2;
    ctx.strokeRect(1, 1, W - 2, H - 2);

    // Booth stands (in halls): a counter with the booth's name; walk onto one to enter.
    if (this.stands.length) {
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.font = `${Math.max(9, Math.min(13, tile * 0.6))}px system-ui, sans-serif`;
      for (const b of this.stands) {
        ctx.fillStyle = "#fff7e6";
        ctx.strokeStyle = "#c9a86a";
        roundRect(ctx, b.x * tile, b.y * tile, b.w * tile, b.h * tile, Math.min(8, tile * 0.4));
        ctx.fill();
        ctx.stroke();
        ctx.fillStyle = "#5a4420";
        ctx.fillText(fitText(ctx, b.title, b.w * tile - 6), (b.x + b.w / 2) * tile, (b.y + b.h / 2) * tile);
      }
    }

    // Where we are walking to.
    if (this.target) {
      ctx.strokeStyle = "#2f6fd6";
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(this.target.x * tile, this.target.y * tile, Math.max(4, tile * 0.25), 0, Math.PI * 2);
      ctx.stroke();
    }

    const r = Math.max(7, Math.min(20, tile * 0.55));
    const list = [...this.avatars.values()].sort((a, b) => a.y - b.y || (a.id === this.selfId) - (b.id === this.selfId));
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.font = "12px system-ui, -apple-system, 'Hiragino Sans', 'Noto Sans JP', sans-serif";
    for (const a of list) {
      const px = a.x * tile;
      const py = a.y * tile;
      const self = a.id === this.selfId;
      // Shadow, body, eyes.
      ctx.fillStyle = "rgba(0,0,0,0.12)";
      ctx.beginPath();
      ctx.ellipse(px, py + r * 0.9, r * 0.9, r * 0.35, 0, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = a.colour;
      ctx.beginPath();
      ctx.arc(px, py, r, 0, Math.PI * 2);
      ctx.fill();
      ctx.lineWidth = self ? 3 : 1.5;
      ctx.strokeStyle = self ? "#2f6fd6" : (a.role && a.role !== "visitor" ? "#b7791f" : "rgba(0,0,0,0.35)");
      ctx.stroke();
      ctx.fillStyle = "#2b2b2b";
      ctx.beginPath();
      ctx.arc(px - r * 0.32, py - r * 0.1, Math.max(1.2, r * 0.11), 0, Math.PI * 2);
      ctx.arc(px + r * 0.32, py - r * 0.1, Math.max(1.2, r * 0.11), 0, Math.PI * 2);
      ctx.fill();
      // Nick label.
      ctx.font = `${self ? "bold " : ""}12px system-ui, -apple-system, 'Hiragino Sans', 'Noto Sans JP', sans-serif`;
      const label = fitText(ctx, a.nick, 96);
      const lw = ctx.measureText(label).width + 8;
      const ly = py + r + 3;
      ctx.fillStyle = self ? "rgba(47,111,214,0.92)" : "rgba(255,255,255,0.88)";
      roundRect(ctx, px - lw / 2, ly, lw, 16, 5);
      ctx.fill();
      ctx.fillStyle = self ? "#fff" : "#222";
      ctx.fillText(label, px, ly + 2);
    }
    // Bubbles on top of everyone.
    ctx.font = "13px system-ui, -apple-system, 'Hiragino Sans', 'Noto Sans JP', sans-serif";
    const reduced = this.opts.reducedMotion();
    for (const a of list) {
      if (!a.bubble) continue;
      const left = a.bubble.until - now;
      ctx.globalAlpha = reduced ? 1 : Math.max(0, Math.min(1, left / BUBBLE_FADE_MS));
      const lines = wrapText(ctx, a.bubble.text, 150, 3);
      const bw = Math.max(...lines.map((l) => ctx.measureText(l).width)) + 14;
      const bh = lines.length * 16 + 8;
      let bx = a.x * tile - bw / 2;
      bx = Math.max(2, Math.min(bx, W - bw - 2));
      let by = a.y * tile - r - bh - 8;
      if (by < 2) by = a.y * tile + r + 22; // no room above: show it below
      ctx.fillStyle = "rgba(255,255,255,0.97)";
      ctx.strokeStyle = "rgba(0,0,0,0.25)";
      ctx.lineWidth = 1;
      roundRect(ctx, bx, by, bw, bh, 8);
      ctx.fill();
      ctx.stroke();
      ctx.fillStyle = "#222";
      ctx.textAlign = "left";
      lines.forEach((l, i) => ctx.fillText(l, bx + 7, by + 4 + i * 16));
      ctx.textAlign = "center";
      ctx.globalAlpha = 1;
    }
  }
}
