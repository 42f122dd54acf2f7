// The booth panel as a bottom sheet. Folded ("peek") it sits in the page under the map and shows
// only what fits at a glance; expanded ("full") it takes the whole screen below the header and is the
// one thing that scrolls, so 「行ってみたい」, the answers and the ticket are reached without a scroll
// box inside a scrolling page. A tap on the handle, a drag of it, or the 全画面 button expands it;
// 閉じる, Escape or a drag down folds it and gives the space back, and so does a notice arriving (it
// is shown in the chat, which the sheet would cover). While it is full, what it covers is
// inert (no Tab stop, not read out) and the focus is in the sheet; the header (相談する) stays usable.
// The handle is for fingers and mice (no Tab stop of its own): keys use 全画面 and 閉じる.

const DRAG_OPEN_PX = 24; // up this far on the handle expands
const DRAG_CLOSE_PX = 48; // down this far folds

export class BoothSheet {
  /** el: the sheet; its #booth-handle, #booth-expand, #booth-collapse and #booth-title are used. */
  constructor(el) {
    this.el = el;
    this.handle = el.querySelector("#booth-handle");
    this.expandBtn = el.querySelector("#booth-expand");
    this.title = el.querySelector("#booth-title");
    this.covered = [];
    this.drag = null;
    this.dragged = false;
    this.handle.addEventListener("click", () => {
      if (this.dragged) {
        this.dragged = false; // the click that ends a drag is not a tap
        return;
      }
      if (this.full) this.collapse();
      else this.expand();
    });
    this.handle.addEventListener("pointerdown", (e) => {
      this.drag = { id: e.pointerId, y: e.clientY };
      this.handle.setPointerCapture?.(e.pointerId);
    });
    this.handle.addEventListener("pointerup", (e) => this.endDrag(e));
    this.handle.addEventListener("pointercancel", () => { this.drag = null; });
    this.expandBtn.addEventListener("click", () => this.expand());
    el.querySelector("#booth-collapse").addEventListener("click", () => this.collapse());
    document.addEventListener("keydown", (e) => {
      // Escape folds the sheet, unless a dialog above it (help, find) is the one being closed.
      if (e.key === "Escape" && this.full && !document.querySelector("dialog[open]")) {
        e.preventDefault();
        this.collapse();
      }
    });
  }

  get full() {
    return this.el.dataset.state === "full";
  }

  endDrag(e) {
    const d = this.drag;
    this.drag = null;
    if (!d || d.id !== e.pointerId) return;
    const dy = e.clientY - d.y;
    if (Math.abs(dy) < 8) return; // a tap: the click decides
    this.dragged = true;
    if (!this.full && dy <= -DRAG_OPEN_PX) this.expand();
    else if (this.full && dy >= DRAG_CLOSE_PX) this.collapse();
  }

  show() {
    this.el.hidden = false;
  }

  /** Out of a booth: folded and gone, without moving the focus. */
  hide() {
    this.collapse({ focus: false });
    this.el.hidden = true;
  }

  /** The whole screen below the header; the focus goes to the booth's name unless `focus` is false. */
  expand({ focus = true } = {}) {
    if (this.el.hidden) return;
    if (!this.full) {
      const header = document.querySelector("header.top");
      this.el.style.setProperty("--sheet-top", `${header ? Math.max(0, header.getBoundingClientRect().bottom) : 0}px`);
      this.el.dataset.state = "full";
      this.setExpanded(true);
      this.cover(true);
      this.el.scrollTop = 0;
    }
    if (focus) this.title.focus();
  }

  /** Back to the space: folded under the map, the focus on 全画面 unless `focus` is false (it goes there
   * anyway if it was in a part that folding hides). */
  collapse({ focus = true } = {}) {
    if (!this.full) return;
    const lost = this.el.querySelector(".sheet-more").contains(document.activeElement);
    this.el.dataset.state = "peek";
    this.setExpanded(false);
    this.cover(false);
    if (focus || lost) this.expandBtn.focus();
  }

  setExpanded(on) {
    this.handle.setAttribute("aria-expanded", String(on));
    this.expandBtn.setAttribute("aria-expanded", String(on));
    this.el.setAttribute("role", on ? "dialog" : "region");
    document.documentElement.classList.toggle("sheet-open", on);
  }

  /** Everything of the venue beside the sheet (each ancestor's other children) made inert, or back. */
  cover(on) {
    for (const node of this.covered) node.inert = false;
    this.covered = [];
    if (!on) return;
    const venue = this.el.closest("#venue") || document.body;
    for (let node = this.el; node && node !== venue; node = node.parentElement) {
      for (const sib of node.parentElement.children) {
        if (sib !== node && !sib.inert) {
          sib.inert = true;
          this.covered.push(sib);
        }
      }
    }
  }
}
