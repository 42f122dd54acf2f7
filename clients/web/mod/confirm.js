// The confirmation dialog before a kick, a ban or showing a cry for help; the
// safe choice (cancel) has the focus first.

import { $ } from "../console/dom.js";
import { t } from "./lang.js";

const dialog = $("confirm");
let onConfirm = null;
let confirmOpener = null;
export function confirmThen(text, opener, fn, opts = {}) {
  $("confirm-text").textContent = text;
  $("confirm-address").checked = false; // never on by default
  $("confirm-address-row").hidden = !opts.address;
  $("confirm-ok").textContent = t(opts.yes || "confirm_yes");
  onConfirm = fn;
  confirmOpener = opener || null;
  if (typeof dialog.showModal === "function") dialog.showModal();
  else dialog.setAttribute("open", "");
  $("confirm-cancel").focus(); // the safe choice first
}
function closeConfirm() {
  if (typeof dialog.close === "function") dialog.close();
  else dialog.removeAttribute("open");
}
$("confirm-cancel").addEventListener("click", () => {
  onConfirm = null;
  closeConfirm();
});
$("confirm-ok").addEventListener("click", () => {
  const fn = onConfirm;
  const address = !$("confirm-address-row").hidden && $("confirm-address").checked;
  onConfirm = null;
  closeConfirm();
  if (fn) fn({ address });
});
dialog.addEventListener("close", () => {
  onConfirm = null;
  if (confirmOpener && document.body.contains(confirmOpener)) confirmOpener.focus();
  confirmOpener = null;
});
