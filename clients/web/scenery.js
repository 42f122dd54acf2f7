// The festival's scenery, drawn in code (no image files): floors, paths,
// trees, flowers, benches, bunting, the stage, signs and the doors that lead
// to the other rooms. `sceneFor` says where things are (in tiles); `drawScene`
// paints them once per room and size into the map's background layer, so a
// frame only draws the people on top of it. The staff rooms' furniture is in
// scenery-meeting.js.

import { EXIT, LOUNGE, drawMeeting, meetingLayout } from "./scenery-meeting.js";

const ARRIVAL = 0.6; // the entrance, as the server's rooms/rules.py `entrance`: (width / 2, height * 0.6)
const DOOR = 3; // a door's width in tiles

const FLOORS = {
  lobby: { base: "#f6e9cf", alt: "#efdfbf", path: "#fbf5e8", edge: "#d9c39a" },
  hall: { base: "#e8d2ae", alt: "#dfc59c", path: "#c95f5f", edge: "#b89466" },
  stage: { base: "#2f2a4a", alt: "#37315a", path: "#4a3f78", edge: "#221e38" },
  booth: { base: "#eef6e9", alt: "#e2efdb", path: "#fbfdf8", edge: "#b6cfa6" },
  circle: { base: "#bfe3b4", alt: "#b3dba7", path: "#e9dcc0", edge: "#8fbf82" },
  support: { base: "#f4f1fb", alt: "#ece7f7", path: "#ffffff", edge: "#cfc4ea" },
  staff: { base: "#ead7b8", alt: "#dcc49e", path: "#f6ecda", edge: "#9c7650" },
};

function rng(seed) {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return ((h ^= h >>> 16) >>> 0) / 4294967296;
  };
}

/** A door on a wall ("left", "right", "top", "bottom"), centred at `at` along it. */
function door(wall, at, to, w, h) {
  const d = 1.2;
  if (wall === "left") return { wall, to, x: 0, y: at - DOOR / 2, w: d, h: DOOR };
  if (wall === "right") return { wall, to, x: w - d, y: at - DOOR / 2, w: d, h: DOOR };
  if (wall === "top") return { wall, to, x: at - DOOR / 2, y: 0, w: DOOR, h: d };
  return { wall, to, x: at - DOOR / 2, y: h - d, w: DOOR, h: d };
}

/**
 * What a room holds: its doors (to another room id) and decoration.
 * `exitOf(room)` names the room a booth leads back to (its hall), or a staff
 * room's (a breakout group's meeting room; none: EXIT, out of the staff rooms).
 */
export function sceneFor(room, info, exitOf) {
  const { kind, width: w, height: h } = info;
  const base = String(room).split("~")[0];
  const doors = [];
  if (kind === "lobby") {
    doors.push(door("left", h * 0.45, "hall:1", w, h), door("right", h * 0.45, "hall:2", w, h),
      door("top", w / 2, "stage:1", w, h), door("bottom", w * 0.8, "hall:3", w, h)); // hall:3, the 好事例ホール: beside the gate
  } else if (kind === "hall") {
    const other = base === "hall:1" ? "hall:2" : "hall:1";
    doors.push(door("left", h / 2, "lobby", w, h), door("right", h / 2, other, w, h));
  } else if (kind === "stage" || kind === "circle") {
    doors.push(door("bottom", w / 2, "lobby", w, h));
  } else if (kind === "booth") {
    doors.push(door("bottom", w / 2, exitOf(room) || "lobby", w, h));
  } else if (kind === "staff") {
    doors.push(door("bottom", w / 2, exitOf(room) || EXIT, w, h));
  }
  const furniture = kind === "staff" ? meetingLayout(w, h, base === LOUNGE) : null;
  const screen = kind === "stage" ? { x: w / 2 - 5, y: 1.2, w: 10, h: 2.6 } : furniture ? furniture.screen : null;
  return { kind, w, h, doors, entrance: { x: w / 2, y: h * ARRIVAL }, seed: base, screen, furniture };
}

// -- small things ---------------------------------------------------------------
function tree(ctx, x, y, r, hue) {
  ctx.fillStyle = "rgba(40,60,20,0.18)";
  ctx.beginPath();
  ctx.ellipse(x + r * 0.2, y + r * 0.75, r * 0.95, r * 0.4, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = "#8a5a3b";
  ctx.fillRect(x - r * 0.12, y, r * 0.24, r * 0.7);
  for (const [dx, dy, k, l] of [[0, -0.1, 1, 38], [-0.35, 0.05, 0.7, 44], [0.35, 0.0, 0.72, 42], [0.05, -0.45, 0.65, 50]]) {
    ctx.fillStyle = `hsl(${hue} 48% ${l}%)`;
    ctx.beginPath();
    ctx.arc(x + dx * r, y + dy * r - r * 0.3, r * k * 0.8, 0, Math.PI * 2);
    ctx.fill();
  }
}

function flowers(ctx, x, y, s, rand) {
  ctx.fillStyle = "#6aa84f";
  ctx.beginPath();
  ctx.ellipse(x, y, s * 1.2, s * 0.7, 0, 0, Math.PI * 2);
  ctx.fill();
  const colours = ["#ff8fb1", "#ffd166", "#ffffff", "#b28dff", "#ff7a59"];
  for (let i = 0; i < 7; i++) {
    ctx.fillStyle = colours[Math.floor(rand() * colours.length)];
    ctx.beginPath();
    ctx.arc(x + (rand() - 0.5) * s * 1.8, y + (rand() - 0.5) * s * 0.9, Math.max(1.2, s * 0.16), 0, Math.PI * 2);
    ctx.fill();
  }
}

function bench(ctx, x, y, w, t, vertical) {
  ctx.save();
  ctx.translate(x, y);
  if (vertical) ctx.rotate(Math.PI / 2);
  ctx.fillStyle = "rgba(0,0,0,0.12)";
  ctx.fillRect(-w / 2 + 2, t * 0.18, w, t * 0.22);
  ctx.fillStyle = "#a46a3f";
  ctx.fillRect(-w / 2, -t * 0.2, w, t * 0.16);
  ctx.fillRect(-w / 2, t * 0.02, w, t * 0.16);
  ctx.fillStyle = "#6f4526";
  ctx.fillRect(-w / 2 + t * 0.1, -t * 0.22, t * 0.12, t * 0.44);
  ctx.fillRect(w / 2 - t * 0.22, -t * 0.22, t * 0.12, t * 0.44);
  ctx.restore();
}

function lantern(ctx, x, y, s, colour) {
  ctx.fillStyle = colour;
  ctx.beginPath();
  ctx.ellipse(x, y, s * 0.32, s * 0.42, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = "rgba(255,255,255,0.35)";
  ctx.fillRect(x - s * 0.3, y - s * 0.06, s * 0.6, s * 0.1);
  ctx.fillStyle = "#3b2a1a";
  ctx.fillRect(x - s * 0.14, y - s * 0.5, s * 0.28, s * 0.1);
}

function bunting(ctx, x0, x1, y, sag, t) {
  const colours = ["#ff6b6b", "#ffd166", "#06d6a0", "#4cc9f0", "#b388ff", "#ff9f1c"];
  ctx.strokeStyle = "rgba(80,60,40,0.55)";
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(x0, y);
  ctx.quadraticCurveTo((x0 + x1) / 2, y + sag * 2, x1, y);
  ctx.stroke();
  const n = Math.max(3, Math.floor((x1 - x0) / (t * 0.9)));
  for (let i = 0; i < n; i++) {
    const k = (i + 0.5) / n;
    const x = x0 + (x1 - x0) * k;
    const yy = y + sag * 4 * k * (1 - k);
    ctx.fillStyle = colours[i % colours.length];
    ctx.beginPath();
    ctx.moveTo(x - t * 0.28, yy);
    ctx.lineTo(x + t * 0.28, yy);
    ctx.lineTo(x, yy + t * 0.5);
    ctx.closePath();
    ctx.fill();
  }
}

/** A sign: a rounded board with a name, its arrow pointing at the door. */
export function sign(ctx, x, y, text, t, arrow) {
  ctx.font = `bold ${Math.max(10, Math.min(15, t * 0.62))}px system-ui, 'Hiragino Sans', 'Noto Sans JP', sans-serif`;
  const label = `${arrow === "left" ? "◀ " : arrow === "up" ? "▲ " : arrow === "down" ? "▼ " : ""}${text}${arrow === "right" ? " ▶" : ""}`;
  const w = ctx.measureText(label).width + 12;
  const h = Math.max(16, t * 0.95);
  const bx = Math.round(x - w / 2);
  const by = Math.round(y - h / 2);
  ctx.fillStyle = "rgba(0,0,0,0.15)";
  ctx.fillRect(bx + 2, by + 3, w, h);
  ctx.fillStyle = "#3f6e4a";
  ctx.beginPath();
  ctx.roundRect(bx, by, w, h, 5);
  ctx.fill();
  ctx.fillStyle = "#fffbe8";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(label, x, y + 1);
}

function doorway(ctx, d, t, pal) {
  const x = d.x * t;
  const y = d.y * t;
  const w = d.w * t;
  const h = d.h * t;
  ctx.fillStyle = "#5b3d2a";
  ctx.fillRect(x, y, w, h);
  const g = ctx.createLinearGradient(x, y, x + (d.wall === "right" ? -w : w), y + (d.wall === "bottom" ? -h : h));
  g.addColorStop(0, "rgba(255,236,170,0.95)");
  g.addColorStop(1, "rgba(255,236,170,0.15)");
  ctx.fillStyle = g;
  const inset = Math.max(2, t * 0.18);
  ctx.fillRect(x + inset, y + inset, w - inset * 2, h - inset * 2);
  ctx.strokeStyle = pal.edge;
  ctx.lineWidth = 2;
  ctx.strokeRect(x + 1, y + 1, w - 2, h - 2);
}

function floor(ctx, W, H, t, pal, kind) {
  ctx.fillStyle = pal.base;
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = pal.alt;
  if (kind === "hall" || kind === "booth" || kind === "staff") {
    for (let y = 0; y < H; y += t * 0.75) ctx.fillRect(0, Math.round(y), W, 1); // floor boards
  } else if (kind === "circle") {
    const rand = rng("grass");
    for (let i = 0; i < (W * H) / (t * t) * 1.5; i++) ctx.fillRect(rand() * W, rand() * H, 2, 3); // grass
  } else if (t >= 8) {
    for (let y = 0; y < H / t; y += 2) {
      for (let x = (y / 2) % 2 ? 0 : 2; x < W / t; x += 4) ctx.fillRect(x * t, y * t, 2 * t, 2 * t); // plaza stones
    }
  }
}

/** Paint a room's scenery (floor, paths, decoration, doors, signs) at `t` pixels a tile. */
export function drawScene(ctx, scene, t, roomName) {
  const { kind, w, h, doors, entrance } = scene;
  const W = w * t;
  const H = h * t;
  const pal = FLOORS[kind] || FLOORS.lobby;
  const rand = rng(scene.seed);
  floor(ctx, W, H, t, pal, kind);
  // Paths from the entrance to each door.
  ctx.strokeStyle = pal.path;
  ctx.lineCap = "round";
  ctx.lineWidth = kind === "hall" ? t * 2.2 : t * 1.8;
  ctx.globalAlpha = kind === "hall" ? 0.55 : 0.9;
  for (const d of kind === "hall" ? [] : doors) { // a hall's carpet is its path
    ctx.beginPath();
    ctx.moveTo(entrance.x * t, entrance.y * t);
    ctx.lineTo((d.x + d.w / 2) * t, (d.y + d.h / 2) * t);
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  // The welcome mat where newcomers arrive.
  ctx.fillStyle = kind === "stage" ? "rgba(255,255,255,0.08)" : "rgba(255,255,255,0.45)";
  ctx.beginPath();
  ctx.ellipse(entrance.x * t, entrance.y * t, Math.min(w, h) * 0.16 * t, Math.min(w, h) * 0.11 * t, 0, 0, Math.PI * 2);
  ctx.fill();

  if (kind === "lobby") lobby(ctx, scene, t, rand);
  else if (kind === "hall") hall(ctx, scene, t, rand);
  else if (kind === "stage") stage(ctx, scene, t, rand);
  else if (kind === "circle") circle(ctx, scene, t, rand);
  else if (kind === "booth") boothRoom(ctx, scene, t, rand);
  else if (kind === "staff") drawMeeting(ctx, scene, t, rand);

  ctx.strokeStyle = pal.edge;
  ctx.lineWidth = Math.max(3, t * 0.3);
  ctx.strokeRect(0, 0, W, H);
  for (const d of doors) {
    doorway(ctx, d, t, pal);
    const arrow = { left: "left", right: "right", top: "up", bottom: "down" }[d.wall];
    ctx.save();
    ctx.font = `bold ${Math.max(10, Math.min(15, t * 0.62))}px system-ui, sans-serif`;
    const half = ctx.measureText(roomName(d.to)).width / 2 + 18;
    ctx.restore();
    // Beside a bottom door (where people arrive, a sign above it would stand in their way), else inside.
    const sx = d.wall === "left" ? (d.x + d.w) * t + 10 : d.wall === "right" ? d.x * t - 10
      : d.wall === "bottom" ? (d.x + d.w) * t + half + 6 : (d.x + d.w / 2) * t;
    const sy = d.wall === "top" ? (d.y + d.h) * t + t * 0.9 : d.wall === "bottom" ? (d.y + d.h / 2) * t : (d.y - 0.9) * t;
    const cx = d.wall === "left" ? sx + half - 10 : d.wall === "right" ? sx - half + 10 : sx;
    sign(ctx, Math.max(half, Math.min(W - half, cx)), Math.max(t, sy), roomName(d.to), t, arrow);
  }
}

function lobby(ctx, s, t, rand) {
  const { w, h } = s;
  // A fountain in the plaza, flower beds, trees in the corners, benches by the paths.
  const fx = (w / 2) * t;
  const fy = h * 0.38 * t;
  ctx.fillStyle = "#d9c7a3";
  ctx.beginPath();
  ctx.arc(fx, fy, 3.1 * t, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = "#7cc6e8";
  ctx.beginPath();
  ctx.arc(fx, fy, 2.5 * t, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = "rgba(255,255,255,0.6)";
  ctx.beginPath();
  ctx.arc(fx, fy, 0.8 * t, 0, Math.PI * 2);
  ctx.arc(fx - 1.3 * t, fy + 0.6 * t, 0.25 * t, 0, Math.PI * 2);
  ctx.arc(fx + 1.1 * t, fy - 0.8 * t, 0.2 * t, 0, Math.PI * 2);
  ctx.fill();
  for (const [x, y] of [[3, 3], [w - 3, 3], [3, h - 3.5], [w - 3, h - 3.5], [7, 6], [w - 7, 6], [10, h - 6], [w - 10, h - 6]]) {
    tree(ctx, x * t, y * t, 1.6 * t, 95 + rand() * 40);
  }
  for (const [x, y] of [[w / 2 - 6, h * 0.38], [w / 2 + 6, h * 0.38], [w / 2 - 4, h - 2.5], [w / 2 + 4, h - 2.5]]) {
    flowers(ctx, x * t, y * t, 1.1 * t, rand);
  }
  bench(ctx, (w / 2 - 8) * t, (h * 0.58) * t, 2.4 * t, t, false);
  bench(ctx, (w / 2 + 8) * t, (h * 0.58) * t, 2.4 * t, t, false);
  bench(ctx, (w / 2 - 4.5) * t, (h * 0.2) * t, 2.2 * t, t, true);
  bench(ctx, (w / 2 + 4.5) * t, (h * 0.2) * t, 2.2 * t, t, true);
  bunting(ctx, 1 * t, (w / 2 - 2) * t, 1.2 * t, 0.8 * t, t);
  bunting(ctx, (w / 2 + 2) * t, (w - 1) * t, 1.2 * t, 0.8 * t, t);
  // The gate everyone comes in by.
  ctx.fillStyle = "#d9534f";
  ctx.fillRect((w / 2 - 2.6) * t, (h - 1.6) * t, 0.5 * t, 1.6 * t);
  ctx.fillRect((w / 2 + 2.1) * t, (h - 1.6) * t, 0.5 * t, 1.6 * t);
  ctx.fillRect((w / 2 - 3) * t, (h - 1.9) * t, 6 * t, 0.45 * t);
  for (let i = 0; i < 5; i++) lantern(ctx, (w / 2 - 2 + i) * t, (h - 1.1) * t, 0.8 * t, i % 2 ? "#ffb347" : "#ff6f61");
}

function hall(ctx, s, t, rand) {
  const { w, h } = s;
  // A red carpet between the two rows of stands, with plants and benches along it.
  ctx.fillStyle = "rgba(201,95,95,0.55)";
  ctx.fillRect(1.2 * t, (h / 2 - 2.2) * t, (w - 2.4) * t, 4.4 * t);
  ctx.strokeStyle = "rgba(255,215,120,0.7)";
  ctx.lineWidth = 2;
  ctx.strokeRect(1.2 * t, (h / 2 - 2.2) * t, (w - 2.4) * t, 4.4 * t);
  for (let x = 6; x < w - 4; x += 7) {
    tree(ctx, x * t, (h / 2 - 3.6) * t, 0.9 * t, 110 + rand() * 30);
    bench(ctx, (x + 3.5) * t, (h / 2 + 3.3) * t, 2 * t, t, false);
  }
  for (let x = 2; x < w - 1; x += 3) lantern(ctx, x * t, 0.7 * t, 0.7 * t, x % 2 ? "#ffb347" : "#ff6f61");
}

function stage(ctx, s, t, rand) {
  const { w } = s;
  // The platform with curtains and spotlights, floor cushions for the audience.
  ctx.fillStyle = "#8a5a3b";
  ctx.fillRect(2 * t, 0.8 * t, (w - 4) * t, 4.6 * t);
  ctx.fillStyle = "#b07a4f";
  ctx.fillRect(2 * t, 5 * t, (w - 4) * t, 0.5 * t);
  for (const side of [0, 1]) {
    ctx.fillStyle = "#b3263e";
    const x = side ? (w - 4.5) * t : 2 * t;
    ctx.fillRect(x, 0.8 * t, 2.5 * t, 4.2 * t);
    ctx.fillStyle = "rgba(0,0,0,0.18)";
    for (let k = 0.4; k < 2.5; k += 0.6) ctx.fillRect(x + k * t, 0.8 * t, 0.12 * t, 4.2 * t);
  }
  const sc = s.screen;
  ctx.fillStyle = "#fbe7a1";
  ctx.fillRect(sc.x * t, sc.y * t, sc.w * t, sc.h * t);
  const g = ctx.createRadialGradient((w / 2) * t, 3 * t, t, (w / 2) * t, 3 * t, 9 * t);
  g.addColorStop(0, "rgba(255,244,190,0.45)");
  g.addColorStop(1, "rgba(255,244,190,0)");
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w * t, 12 * t);
  const colours = ["#ff8fb1", "#ffd166", "#4cc9f0", "#b388ff", "#06d6a0"];
  for (let row = 0; row < 3; row++) {
    for (let x = 4; x < w - 3; x += 2.4) {
      ctx.fillStyle = colours[Math.floor(rand() * colours.length)];
      ctx.globalAlpha = 0.75;
      ctx.beginPath();
      ctx.roundRect((x - 0.5) * t, (7.5 + row * 2) * t, t, 0.8 * t, 3);
      ctx.fill();
    }
  }
  ctx.globalAlpha = 1;
}

function circle(ctx, s, t, rand) {
  const { w, h } = s;
  const cx = (w / 2) * t;
  const cy = (h * 0.42) * t;
  ctx.fillStyle = "#f3e3c3";
  ctx.beginPath();
  ctx.arc(cx, cy, 3 * t, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = "#d8b98a";
  ctx.lineWidth = 2;
  ctx.stroke();
  lantern(ctx, cx, cy, 1.2 * t, "#ffb347");
  for (let i = 0; i < 8; i++) {
    const a = (i / 8) * Math.PI * 2;
    ctx.fillStyle = ["#ff8fb1", "#ffd166", "#4cc9f0", "#b388ff"][i % 4];
    ctx.beginPath();
    ctx.arc(cx + Math.cos(a) * 3.8 * t, cy + Math.sin(a) * 3.8 * t, 0.45 * t, 0, Math.PI * 2);
    ctx.fill();
  }
  tree(ctx, 1.6 * t, 1.8 * t, 1.2 * t, 100 + rand() * 30);
  tree(ctx, (w - 1.6) * t, 1.8 * t, 1.2 * t, 100 + rand() * 30);
  flowers(ctx, 1.5 * t, (h - 2) * t, 0.8 * t, rand);
  flowers(ctx, (w - 1.5) * t, (h - 2) * t, 0.8 * t, rand);
}

function boothRoom(ctx, s, t, rand) {
  const { w } = s;
  // The counter under a striped awning, posters on the wall, flowers and a bench.
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(1 * t, 0.8 * t, (w - 2) * t, 1.6 * t);
  ctx.strokeStyle = "#b6cfa6";
  ctx.lineWidth = 2;
  ctx.strokeRect(1 * t, 0.8 * t, (w - 2) * t, 1.6 * t);
  const hue = Math.floor(rand() * 360);
  const n = Math.max(5, Math.round(w * 1.2)) | 1;
  for (let i = 0; i < n; i++) {
    ctx.fillStyle = i % 2 ? "#ffffff" : `hsl(${hue} 65% 55%)`;
    const x = (1 + ((w - 2) * i) / n) * t;
    const sw = ((w - 2) / n) * t;
    ctx.beginPath();
    ctx.rect(x, 0.5 * t, sw, 0.7 * t);
    ctx.arc(x + sw / 2, 1.2 * t, sw / 2, 0, Math.PI);
    ctx.fill();
  }
  for (let i = 0; i < 3; i++) {
    ctx.fillStyle = ["#ffe08a", "#a7d8ff", "#ffc2d1"][i];
    ctx.fillRect((2 + i * 3) * t, 3 * t, 1.8 * t, 1.3 * t); // posters on the wall
  }
  flowers(ctx, 1.2 * t, 6 * t, 0.7 * t, rand);
  flowers(ctx, (w - 1.2) * t, 6 * t, 0.7 * t, rand);
  bench(ctx, (w / 2) * t, 5.4 * t, 3 * t, t, false);
}

/**
 * Lines of text on the stage's screen (what is on now and next) or a staff room's whiteboard: as many as fit
 * its height (the first ones), centred, each narrowed to fit its width rather than cut.
 */
export function drawScreen(ctx, sc, t, lines) {
  const px = Math.max(10, Math.min(16, t * 0.62));
  const lh = px * 1.25;
  const shown = lines.slice(0, Math.max(1, Math.floor((sc.h * t) / lh)));
  const top = sc.y * t + (sc.h * t - shown.length * lh) / 2 + lh / 2;
  ctx.fillStyle = "#2a2344";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  shown.forEach((line, i) => {
    ctx.font = `${i ? "" : "bold "}${px}px system-ui, 'Hiragino Sans', 'Noto Sans JP', sans-serif`;
    ctx.fillText(line, (sc.x + sc.w / 2) * t, top + lh * i, sc.w * t - 10);
  });
}
