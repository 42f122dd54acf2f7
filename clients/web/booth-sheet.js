// The booth panel as a bottom sheet. Folded ("peek") it sits in the page under the map and shows
// only what fits at a glance; expanded ("full") it takes the whole screen below the header and is the
// one thing that scrolls, so 「行ってみたい」, the answers and the ticket are reached without a scroll
// box inside a scrolling page. A tap on the handle, a drag of it, or the 全画面 button expands it;
// 閉じる, Escape or a drag down folds it and gives the space back, and so does a notice arriving (it
// is shown in the chat, which the sheet would cover). While it is full, what it covers is
// inert (no Tab stop, not read out) and the focus is in the sheet; the header (相談する) stays usable.
// The handle is for fingers and mice (no Tab stop of its own): keys use 全画面 and 閉じる.
// On a phone a drag is followed (sheet-drag.js): the sheet's top stays under the finger, between
// folded and full, and on release it glides to the one it was flung to or is nearer (at once under
// prefers-reduced-motion). While it is out of the page (dragged, gliding or full) a spot of its folded
// height keeps its place, so the page does not move under it and a drag down ends where it folds to.

import { SheetDrag } from "./sheet-drag.js";
import { desktop, reducedMotion } from "./venue-state.js";

const GLIDE_MS = 200; // .booth-sheet[data-drag="glide"] in style.css

/** Where the expanded sheet's top is: under the header. */
function headerBottom() {
  const header = document.querySelector("header.top");
  return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
}

export class BoothSheet {
  /** el: the sheet; its #booth-handle, #booth-expand, #booth-collapse and #booth-title are used. */
  constructor(el) {
    this.el = el;
    this.handle = el.querySelector("#booth-handle");
    this.expandBtn = el.querySelector("#booth-expand");
    this.title = el.querySelector("#booth-title");
    this.spot = document.createElement("div");
    this.spot.className = "sheet-spot";
    this.spot.hidden = true;
    el.before(this.spot);
    this.covered = [];
    this.range = null; // {top, open, folded} of the drag being followed
    this.glideEnd = null;
    this.fingers = new SheetDrag(this.handle, this);
    this.handle.addEventListener("click", () => {
      if (this.fingers.dragged) return; // the click that ends a drag is not a tap
      if (this.full) this.collapse();
      else this.expand();
    });
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
    this.fingers.forget();
    this.settle();
    this.open(true);
    if (focus) this.title.focus();
  }

  /** Back to the space: folded under the map, the focus on 全画面 unless `focus` is false (it goes there
   * anyway if it was in a part that folding hides). */
  collapse({ focus = true } = {}) {
    this.fingers.forget();
    this.settle();
    this.fold(focus);
  }

  open(rise) {
    if (this.full) return;
    this.holdPlace();
    this.el.style.setProperty("--sheet-top", `${headerBottom()}px`);
    this.el.dataset.state = "full";
    this.el.toggleAttribute("data-rise", rise); // slides in, unless a finger brought it up
    this.setExpanded(true);
    this.cover(true);
    this.el.scrollTop = 0;
  }

  fold(focus) {
    if (!this.full) return;
    const lost = this.el.querySelector(".sheet-more").contains(document.activeElement);
    this.el.dataset.state = "peek";
    this.el.removeAttribute("data-rise");
    if (!this.el.dataset.drag) this.spot.hidden = true; // a glide gives the spot back when it lands
    this.setExpanded(false);
    this.cover(false);
    if (focus || lost) this.expandBtn.focus();
  }

  /** The spot keeps the folded sheet's place in the page while the sheet is out of it. */
  holdPlace() {
    if (!this.spot.hidden) return;
    this.spot.style.height = `${this.el.offsetHeight}px`;
    this.spot.hidden = false;
  }

  // -- a finger on the handle (SheetDrag) ---------------------------------------------------------

  grab() {
    if (desktop.matches) return null; // a panel on the right: it goes the way it is dragged, unfollowed
    const top = this.el.getBoundingClientRect().top;
    this.settle();
    this.holdPlace();
    const open = headerBottom();
    this.range = { top, open, folded: Math.max(open, this.spot.getBoundingClientRect().top) };
    this.follow(top);
    this.el.dataset.drag = "follow";
    this.el.removeAttribute("data-rise");
    document.documentElement.classList.add("sheet-drag");
    return this.range;
  }

  follow(top) {
    this.el.style.setProperty("--drag-top", `${top}px`);
  }

  release(open) {
    if (!this.range) {
      if (open) this.expand();
      else this.collapse();
      return;
    }
    const to = open ? this.range.open : this.range.folded;
    if (open) {
      this.open(false);
      this.title.focus({ preventScroll: true });
    } else {
      this.fold(true);
    }
    this.glide(to);
  }

  cancel() {
    if (this.range) this.glide(this.full ? this.range.open : this.range.folded);
  }

  /** From where the sheet is to `to` (its top), then back in its state's place. */
  glide(to) {
    this.glideEnd?.();
    const from = this.el.getBoundingClientRect().top;
    this.el.dataset.drag = "glide";
    this.follow(to);
    if (reducedMotion.matches || Math.abs(from - to) < 1) {
      this.settle();
      return;
    }
    const done = (e) => {
      if (!e || (e.target === this.el && e.propertyName === "top")) this.settle();
    };
    const timer = setTimeout(done, GLIDE_MS + 150); // in case no transitionend comes
    this.el.addEventListener("transitionend", done);
    this.glideEnd = () => {
      clearTimeout(timer);
      this.el.removeEventListener("transitionend", done);
    };
  }

  /** Any drag or glide ends (the finger, if one is down, is still followed: forget it first to stop
   * that too): the sheet is where its state puts it. */
  settle() {
    this.glideEnd?.();
    this.glideEnd = null;
    this.range = null;
    if (!this.el.dataset.drag) return;
    delete this.el.dataset.drag;
    document.documentElement.classList.remove("sheet-drag");
    this.spot.hidden = !this.full;
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
