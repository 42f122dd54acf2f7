// A bottom sheet dragged by its handle, as on a phone. Past a few pixels the sheet's top follows the
// finger (or pen, or mouse: pointer events, captured by the handle), held between where the sheet is
// open and where it is folded. On release it goes the way it was flung; released slowly, to the nearer
// of the two. Less movement than that is a tap, left to the handle's click (which `dragged` tells apart).

const SLOP_PX = 8; // moved less than this: a tap
const FLICK_PX_PER_MS = 0.5; // faster than this at release: a flick, its direction decides
const SPEED_MS = 80; // the speed at release is that of the last this many milliseconds

/** Whether a sheet let go with its top at `top`, moving at `speed` px/ms (downwards positive), opens
 * (its top at `open`) rather than folds (its top at `folded`). */
export function settlesOpen(top, speed, open, folded) {
  if (Math.abs(speed) >= FLICK_PX_PER_MS) return speed < 0;
  return top - open < folded - top;
}

/** px/ms over the last SPEED_MS of a trail of [time, y]; 0 for a finger that stood still. */
function speedOf(trail) {
  const [t1, y1] = trail[trail.length - 1];
  const from = trail.find(([t]) => t >= t1 - SPEED_MS);
  return t1 > from[0] ? (y1 - from[1]) / (t1 - from[0]) : 0;
}

export class SheetDrag {
  /** sheet.grab(): called once the finger has moved past the slop; returns {top, open, folded} (px from
   * the viewport's top) for the sheet to follow, or null for one that only goes the way it was dragged.
   * sheet.follow(top) while it moves, sheet.release(open) when it lifts, sheet.cancel() if the browser
   * takes the pointer away. */
  constructor(handle, sheet) {
    this.sheet = sheet;
    this.press = null;
    this.dragged = false; // the last press was a drag (its click is not a tap)
    handle.addEventListener("pointerdown", (e) => {
      if (e.button !== 0 || this.press) return;
      this.dragged = false;
      this.press = { id: e.pointerId, y: e.clientY, trail: [[e.timeStamp, e.clientY]], range: undefined, top: 0 };
      handle.setPointerCapture?.(e.pointerId);
    });
    handle.addEventListener("pointermove", (e) => this.move(e));
    handle.addEventListener("pointerup", (e) => this.lift(e));
    handle.addEventListener("pointercancel", (e) => {
      if (!this.mine(e)) return;
      const followed = this.press.range;
      this.press = null;
      if (followed) this.sheet.cancel(); // back where it was
    });
  }

  mine(e) {
    return !!this.press && e.pointerId === this.press.id;
  }

  /** The press is no longer followed (the sheet was moved some other way). */
  forget() {
    this.press = null;
  }

  move(e) {
    if (!this.mine(e)) return;
    const p = this.press;
    p.trail.push([e.timeStamp, e.clientY]);
    if (p.trail.length > 16) p.trail.shift();
    const dy = e.clientY - p.y;
    if (p.range === undefined) {
      if (Math.abs(dy) < SLOP_PX) return;
      this.dragged = true;
      p.range = this.sheet.grab();
    }
    if (!p.range) return;
    p.top = Math.min(p.range.folded, Math.max(p.range.open, p.range.top + dy));
    this.sheet.follow(p.top);
  }

  lift(e) {
    this.move(e); // where it lifts counts
    if (!this.mine(e)) return;
    const p = this.press;
    this.press = null;
    if (p.range === undefined) return; // a tap: the click decides
    const open = p.range ? settlesOpen(p.top, speedOf(p.trail), p.range.open, p.range.folded) : e.clientY < p.y;
    this.sheet.release(open);
  }
}
