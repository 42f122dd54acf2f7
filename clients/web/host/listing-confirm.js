// When each activity (listing) was last confirmed by the organisation, and 「内容を確認しました」:
// confirming that a listing is still right without changing it. Saving a changed activity confirms it
// too (the server decides). A listing not confirmed for the platform's number of months, or never,
// is flagged here and to the secretariat.

import { $, h } from "../console/dom.js";
import { fmtDay, t } from "./lang.js";
import { api } from "../console/api.js";
import { errorMessage } from "./api.js";

const known = { months: 6, byId: new Map(), orgId: null };

/** Read the organisation's confirmations; false if they could not be read (the form still works). */
export async function loadConfirmations(orgId) {
  const r = await api("GET", `/api/organizations/${encodeURIComponent(orgId)}/listings`);
  if (r.status !== 200 || !r.body || !Array.isArray(r.body.listings)) return false;
  known.orgId = orgId;
  known.months = r.body.months;
  known.byId = new Map(r.body.listings.map((x) => [x.id, x]));
  renderDueSummary();
  return true;
}

export function renderDueSummary() {
  const node = $("org-due");
  const due = [...known.byId.values()].filter((x) => x.due).length;
  node.textContent = due ? t("confirm_due_summary", { n: due, months: known.months }) : "";
  node.hidden = !due;
}

function stateText(item) {
  if (!item.confirmed_ms) return t("confirm_never");
  return t("confirm_last", { date: fmtDay(item.confirmed_ms) });
}

/** The confirmation line of one saved activity: when, flagged if due, and the button. */
export function confirmNode(serviceId, n) {
  const box = h("div", { class: "svc-confirm", dataset: { confirm: serviceId } });
  fill(box, serviceId, n, "");
  return box;
}

function fill(box, serviceId, n, said) {
  const item = known.byId.get(serviceId);
  if (!item) {
    box.replaceChildren();
    return;
  }
  box.classList.toggle("due", item.due);
  const result = h("p", { class: "result", role: "status", "aria-live": "polite", text: said });
  const button = h("button", { type: "button", class: "btn btn-small", text: t("confirm_button"),
    "aria-label": t("confirm_button_aria", { n }), onclick: async () => {
      button.disabled = true;
      const r = await api("POST", `/api/services/${encodeURIComponent(serviceId)}/confirm`, {});
      button.disabled = false;
      if (r.status !== 200 || !r.body) {
        result.textContent = errorMessage(r);
        return;
      }
      known.byId.set(serviceId, r.body);
      fill(box, serviceId, n, t("confirm_done"));
      box.querySelector("button").focus();
      renderDueSummary();
    } });
  box.replaceChildren(h("p", { class: "svc-confirm-state", text: stateText(item) }));
  if (item.due) {
    box.append(h("p", { class: "svc-due",
      text: item.confirmed_ms ? t("confirm_due", { months: known.months }) : t("confirm_due_never") }));
  }
  box.append(button, result);
}
