// The avatar choice at entry: a shape and a colour (radio buttons, so a
// keyboard and a screen reader can choose too), previewed as the map draws
// them. No photos. Remembered on this device only.

import { SHAPES, COLOURS, drawAvatar, look } from "./avatars.js";

const KEY = "tsunagaru.avatar";

function remembered() {
  try {
    const v = localStorage.getItem(KEY);
    const [shape, colour] = String(v || "").split("-");
    if (SHAPES.includes(shape) && colour in COLOURS) return { shape, colour };
  } catch (_) { /* no storage */ }
  const names = Object.keys(COLOURS);
  return { shape: SHAPES[Math.floor(Math.random() * SHAPES.length)], colour: names[Math.floor(Math.random() * names.length)] };
}

export class AvatarPicker {
  /** el: an empty <fieldset>; t: the text catalogue's lookup. */
  constructor(el, t) {
    this.el = el;
    this.t = t;
    this.choice = remembered();
    this.legend = document.createElement("legend");
    this.shapes = this._group("avatar-shape", SHAPES, "shape");
    this.colours = this._group("avatar-colour", Object.keys(COLOURS), "colour");
    el.append(this.legend, this.shapes.row, this.colours.row);
    this.render();
  }

  /** "shape-colour", as `hello.avatar` takes it. */
  get value() {
    return `${this.choice.shape}-${this.choice.colour}`;
  }

  set value(v) {
    const [shape, colour] = String(v || "").split("-");
    if (SHAPES.includes(shape) && colour in COLOURS) this.choice = { shape, colour };
    this.render();
  }

  remember() {
    try {
      localStorage.setItem(KEY, this.value);
    } catch (_) { /* no storage */ }
  }

  _group(name, values, part) {
    const row = document.createElement("div");
    row.className = `avatar-row avatar-${part}s`;
    row.setAttribute("role", "radiogroup");
    const items = values.map((v) => {
      const label = document.createElement("label");
      label.className = "avatar-option";
      const input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = v;
      input.className = "visually-hidden";
      input.addEventListener("change", () => {
        this.choice = { ...this.choice, [part]: v };
        this.render();
      });
      const canvas = document.createElement("canvas");
      canvas.width = 88;
      canvas.height = 88;
      canvas.setAttribute("aria-hidden", "true");
      const text = document.createElement("span");
      text.className = "visually-hidden";
      label.append(input, canvas, text);
      row.append(label);
      return { v, input, canvas, text };
    });
    return { row, items, part };
  }

  render() {
    this.legend.textContent = this.t("avatar_label");
    this.shapes.row.setAttribute("aria-label", this.t("avatar_shape"));
    this.colours.row.setAttribute("aria-label", this.t("avatar_colour"));
    for (const group of [this.shapes, this.colours]) {
      for (const it of group.items) {
        it.input.checked = this.choice[group.part] === it.v;
        it.text.textContent = this.t(`avatar_${it.v}`);
        it.canvas.parentElement.title = it.text.textContent;
        const ctx = it.canvas.getContext("2d");
        ctx.clearRect(0, 0, 88, 88);
        const shape = group.part === "shape" ? it.v : this.choice.shape;
        const colour = group.part === "colour" ? it.v : this.choice.colour;
        drawAvatar(ctx, look(`${shape}-${colour}`), 44, 50, 22, 0, 0, false, "visitor");
      }
    }
  }
}
