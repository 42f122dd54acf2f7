// The staff rooms' scenery (`staff:<slug>`: the members' lounge, meeting rooms and
// breakout groups), drawn in code like the rest of scenery.js: a wooden floor, a rug
// under a long table with its chairs, a whiteboard on the top wall, potted plants and,
// in the lounge, a sofa corner. The whiteboard is the scene's `screen`: the map writes
// the meeting's title and agenda on it (map.setScreen) when the console knows them.
// Nothing here moves, so there is nothing for prefers-reduced-motion to stop.

export const LOUNGE = "staff:lounge"; // the members' lounge (server/realtime/festival.py)
export const EXIT = "exit"; // a door that leads out of the staff rooms, back to the console's room list

/** Where the furniture stands, in tiles: what `drawMeeting` paints (and the browser tests read). */
export function meetingLayout(w, h, lounge) {
  const board = { x: w / 2 - 6, y: 0.6, w: 12, h: 3.6 };
  const table = lounge ? { x: 2.4, y: 5.4, w: 8, h: 2 } : { x: w / 2 - 5.5, y: 5.4, w: 11, h: 2 };
  const chairs = [];
  const n = Math.round(table.w / 2); // chairs along each long side
  for (let i = 0; i < n; i++) {
    const x = table.x + (table.w * (i + 0.5)) / n;
    chairs.push({ x, y: table.y - 0.6, back: "up" }, { x, y: table.y + table.h + 0.6, back: "down" });
  }
  chairs.push({ x: table.x - 0.65, y: table.y + table.h / 2, back: "left" },
    { x: table.x + table.w + 0.65, y: table.y + table.h / 2, back: "right" });
  const plants = [[1.4, 1.7], [w - 1.4, 1.7], [1.4, h - 1.9], [w - 1.4, h - 1.9]].map(([x, y]) => ({ x, y }));
  // The lounge's sofa corner: a rug, an L-shaped sofa along its top and right, a low table.
  const sofa = lounge ? { x: w - 10, y: 5, w: 8, h: 6.5 } : null;
  const screen = { x: board.x + 0.4, y: board.y + 0.25, w: board.w - 0.8, h: board.h - 0.6 };
  return { board, table, chairs, plants, sofa, screen };
}

function rug(ctx, x, y, w, h, t, fill, border) {
  ctx.fillStyle = fill;
  ctx.beginPath();
  ctx.roundRect(x * t, y * t, w * t, h * t, t * 0.4);
  ctx.fill();
  ctx.strokeStyle = border;
  ctx.lineWidth = Math.max(2, t * 0.18);
  ctx.beginPath();
  ctx.roundRect((x + 0.35) * t, (y + 0.35) * t, (w - 0.7) * t, (h - 0.7) * t, t * 0.3);
  ctx.stroke();
}

function whiteboard(ctx, b, t) {
  ctx.fillStyle = "rgba(0,0,0,0.14)";
  ctx.fillRect((b.x + 0.15) * t, (b.y + 0.2) * t, b.w * t, b.h * t);
  ctx.fillStyle = "#8e99a6"; // the aluminium frame
  ctx.fillRect(b.x * t, b.y * t, b.w * t, b.h * t);
  ctx.fillStyle = "#fdfdfa";
  ctx.fillRect((b.x + 0.2) * t, (b.y + 0.2) * t, (b.w - 0.4) * t, (b.h - 0.6) * t);
  ctx.fillStyle = "#b9c1ca"; // the marker tray, with three markers
  ctx.fillRect((b.x + 1) * t, (b.y + b.h - 0.35) * t, (b.w - 2) * t, 0.25 * t);
  ["#d64545", "#2f6fd6", "#2e9e5b"].forEach((c, i) => {
    ctx.fillStyle = c;
    ctx.fillRect((b.x + 1.6 + i * 0.9) * t, (b.y + b.h - 0.33) * t, 0.6 * t, 0.16 * t);
  });
  for (const [dx, c] of [[0.6, "#ff8fb1"], [b.w - 0.6, "#ffd166"]]) { // two magnets
    ctx.fillStyle = c;
    ctx.beginPath();
    ctx.arc((b.x + dx) * t, (b.y + 0.55) * t, 0.16 * t, 0, Math.PI * 2);
    ctx.fill();
  }
}

function table(ctx, tb, t, rand) {
  ctx.fillStyle = "rgba(60,35,15,0.22)";
  ctx.beginPath();
  ctx.roundRect((tb.x + 0.2) * t, (tb.y + 0.3) * t, tb.w * t, tb.h * t, t * 0.35);
  ctx.fill();
  ctx.fillStyle = "#8b5a34";
  ctx.beginPath();
  ctx.roundRect(tb.x * t, tb.y * t, tb.w * t, tb.h * t, t * 0.35);
  ctx.fill();
  ctx.fillStyle = "#a8713f";
  ctx.beginPath();
  ctx.roundRect((tb.x + 0.15) * t, (tb.y + 0.12) * t, (tb.w - 0.3) * t, (tb.h - 0.35) * t, t * 0.3);
  ctx.fill();
  ctx.strokeStyle = "rgba(90,55,25,0.35)"; // the grain
  ctx.lineWidth = 1;
  for (let k = 0.5; k < tb.h - 0.3; k += 0.5) {
    ctx.beginPath();
    ctx.moveTo((tb.x + 0.4) * t, (tb.y + k) * t);
    ctx.lineTo((tb.x + tb.w - 0.4) * t, (tb.y + k) * t);
    ctx.stroke();
  }
  // Papers and a cup at each place.
  const n = Math.round(tb.w / 2);
  for (let i = 0; i < n; i++) {
    const x = tb.x + (tb.w * (i + 0.5)) / n;
    for (const [y, tilt] of [[tb.y + 0.25, -1], [tb.y + tb.h - 0.95, 1]]) {
      ctx.save();
      ctx.translate(x * t, (y + 0.35) * t);
      ctx.rotate(tilt * (0.05 + rand() * 0.12));
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(-0.3 * t, -0.3 * t, 0.6 * t, 0.65 * t);
      ctx.fillStyle = "#c9ced6";
      for (let l = 0; l < 3; l++) ctx.fillRect(-0.2 * t, (-0.18 + l * 0.17) * t, 0.4 * t, Math.max(1, 0.05 * t));
      ctx.restore();
      ctx.fillStyle = ["#ffffff", "#ffe7a8", "#cfe8ff"][i % 3];
      ctx.beginPath();
      ctx.arc((x + 0.55) * t, (y + 0.35) * t, 0.16 * t, 0, Math.PI * 2);
      ctx.fill();
    }
  }
}

function chair(ctx, c, t) {
  const s = 0.8 * t;
  const x = c.x * t;
  const y = c.y * t;
  ctx.fillStyle = "rgba(0,0,0,0.15)";
  ctx.beginPath();
  ctx.roundRect(x - s / 2 + 2, y - s / 2 + 3, s, s, s * 0.25);
  ctx.fill();
  ctx.fillStyle = "#4f7cac";
  ctx.beginPath();
  ctx.roundRect(x - s / 2, y - s / 2, s, s, s * 0.25);
  ctx.fill();
  ctx.fillStyle = "#35597f"; // the backrest, away from the table
  const k = s * 0.28;
  if (c.back === "up") ctx.fillRect(x - s / 2, y - s / 2, s, k);
  else if (c.back === "down") ctx.fillRect(x - s / 2, y + s / 2 - k, s, k);
  else if (c.back === "left") ctx.fillRect(x - s / 2, y - s / 2, k, s);
  else ctx.fillRect(x + s / 2 - k, y - s / 2, k, s);
}

function plant(ctx, p, t) {
  const x = p.x * t;
  const y = p.y * t;
  ctx.fillStyle = "rgba(0,0,0,0.15)";
  ctx.beginPath();
  ctx.ellipse(x + 2, y + 0.55 * t, 0.6 * t, 0.22 * t, 0, 0, Math.PI * 2);
  ctx.fill();
  for (let i = 0; i < 7; i++) { // leaves fanning out of the pot
    const a = -Math.PI / 2 + (i - 3) * 0.42;
    ctx.fillStyle = i % 2 ? "#3f8f4e" : "#5bb06a";
    ctx.beginPath();
    ctx.ellipse(x + Math.cos(a) * 0.55 * t, y - 0.1 * t + Math.sin(a) * 0.55 * t, 0.5 * t, 0.18 * t, a, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.fillStyle = "#c46a3f"; // the pot
  ctx.beginPath();
  ctx.moveTo(x - 0.42 * t, y - 0.05 * t);
  ctx.lineTo(x + 0.42 * t, y - 0.05 * t);
  ctx.lineTo(x + 0.3 * t, y + 0.55 * t);
  ctx.lineTo(x - 0.3 * t, y + 0.55 * t);
  ctx.closePath();
  ctx.fill();
  ctx.fillStyle = "#a4532e";
  ctx.fillRect(x - 0.46 * t, y - 0.12 * t, 0.92 * t, 0.16 * t);
}

function sofaCorner(ctx, s, t) {
  rug(ctx, s.x, s.y, s.w, s.h, t, "#e7c9d9", "#cf9fb9");
  const arm = 1.3; // the sofa's depth
  const cushion = (x, y, w, h) => {
    ctx.fillStyle = "#7fb5a8";
    ctx.beginPath();
    ctx.roundRect(x * t + 1, y * t + 1, w * t - 2, h * t - 2, t * 0.2);
    ctx.fill();
  };
  ctx.fillStyle = "rgba(0,0,0,0.16)";
  ctx.fillRect((s.x + 0.6) * t, (s.y + 0.3) * t, (s.w - 0.4) * t, arm * t);
  ctx.fillRect((s.x + s.w - arm + 0.2) * t, (s.y + 0.3) * t, arm * t, (s.h - 0.4) * t);
  ctx.fillStyle = "#4e8a7c"; // the frame: along the top and down the right
  ctx.fillRect((s.x + 0.4) * t, s.y * t, (s.w - 0.4) * t, arm * t);
  ctx.fillRect((s.x + s.w - arm) * t, s.y * t, arm * t, (s.h - 0.2) * t);
  for (let x = s.x + 0.6; x < s.x + s.w - arm - 0.5; x += 1.6) cushion(x, s.y + 0.35, 1.6, arm - 0.35);
  for (let y = s.y + arm; y < s.y + s.h - 1; y += 1.6) cushion(s.x + s.w - arm, y, arm - 0.35, 1.6);
  ctx.fillStyle = "#f2d36b"; // a cushion to lean on
  ctx.beginPath();
  ctx.roundRect((s.x + s.w - arm - 0.2) * t, (s.y + 0.25) * t, 0.9 * t, 0.9 * t, t * 0.2);
  ctx.fill();
  const lx = s.x + 1.6; // the low table, with a cup and a book
  const ly = s.y + 2.4;
  ctx.fillStyle = "#9a6a44";
  ctx.beginPath();
  ctx.roundRect(lx * t, ly * t, 3.2 * t, 2 * t, t * 0.3);
  ctx.fill();
  ctx.fillStyle = "#ffffff";
  ctx.beginPath();
  ctx.arc((lx + 0.8) * t, (ly + 0.7) * t, 0.2 * t, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = "#e26d5a";
  ctx.fillRect((lx + 1.6) * t, (ly + 0.6) * t, 1 * t, 0.7 * t);
}

/** Paint the furniture of a staff room (the floor, doors and signs are scenery.js's). */
export function drawMeeting(ctx, scene, t, rand) {
  const f = scene.furniture;
  const tb = f.table;
  rug(ctx, tb.x - 1.6, tb.y - 1.6, tb.w + 3.2, tb.h + 3.2, t, "#c9d8c0", "#a9bf9c");
  whiteboard(ctx, f.board, t);
  if (f.sofa) sofaCorner(ctx, f.sofa, t);
  for (const c of f.chairs) chair(ctx, c, t);
  table(ctx, tb, t, rand);
  for (const p of f.plants) plant(ctx, p, t);
}
