// Name labels that never overlap: each label tries a few places around its
// avatar (below, further below, above, to the sides) and takes the first that
// touches no label placed before it; our own label is placed first. Greedy and
// O(n²) over the labels in view, which is fine for the ~100 a room shows.

function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * items: [{cx, top, bottom, w, h, first}] (the avatar's middle, the top of its head and the
 * bottom of its feet, the label's size). Returns a {x, y} per item (the label's top left), or null for one left out, in order.
 */
export function placeLabels(items, width, height) {
  const order = items.map((_, i) => i).sort((i, j) => (items[j].first ? 1 : 0) - (items[i].first ? 1 : 0) || items[i].top - items[j].top);
  const placed = [];
  const out = new Array(items.length);
  for (const i of order) {
    const it = items[i];
    const gap = 2;
    const spots = [
      [it.cx - it.w / 2, it.bottom + gap],
      [it.cx - it.w / 2, it.bottom + gap + it.h],
      [it.cx - it.w / 2, it.top - it.h - gap],
      [it.cx + it.h * 0.8, it.bottom - it.h],
      [it.cx - it.w - it.h * 0.8, it.bottom - it.h],
      [it.cx - it.w / 2, it.bottom + gap + it.h * 2],
      [it.cx - it.w / 2, it.top - it.h * 2 - gap],
    ];
    let best = null;
    let bestHits = Infinity;
    for (const [sx, sy] of spots) {
      const r = {
        x: Math.max(1, Math.min(sx, width - it.w - 1)),
        y: Math.max(1, Math.min(sy, height - it.h - 1)),
        w: it.w, h: it.h,
      };
      const hits = placed.reduce((n, p) => n + (overlaps(r, p) ? 1 : 0), 0);
      if (hits < bestHits) {
        best = r;
        bestHits = hits;
        if (!hits) break;
      }
    }
    if (bestHits && !it.first) {
      out[i] = null; // no free place: this name is left out rather than drawn over another (the member list has it)
      continue;
    }
    placed.push(best);
    out[i] = { x: best.x, y: best.y };
  }
  return out;
}
