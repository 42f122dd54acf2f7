// The handoff inbox: the organisation's requests from visitors (accept,
// propose a time, decline, complete, fail) and redeeming a ticket code.

import { $, h } from "../console/dom.js";
import { lang, t, fmtDateTime } from "./lang.js";
import { TEXTS, DECLINE_REASONS, FAIL_REASONS } from "./texts.js";
import { state } from "./state.js";
import { api } from "../console/api.js";
import { errorMessage } from "./api.js";

export function scheduleInbox() {
  clearTimeout(state.inboxTimer);
  state.inboxTimer = setTimeout(refreshInbox, 150); // several notices at once: one request
}

export async function refreshInbox() {
  if (!state.auth) return;
  const seq = ++state.inboxSeq;
  const r = await api("GET", "/api/handoff/inbox");
  if (seq !== state.inboxSeq) return; // a newer refresh is on its way
  if (r.status === 200 && r.body && Array.isArray(r.body.handoffs)) {
    state.handoffs = r.body.handoffs;
    renderHandoffs();
  }
}

$("handoff-refresh").addEventListener("click", refreshInbox);

const ACTIONS_BY_STATUS = {
  requested: ["accept", "propose", "decline"],
  accepted: ["propose", "complete", "fail"],
  "in-progress": ["complete", "fail"],
  "on-hold": ["complete", "fail"],
};

export function renderHandoffs() {
  const list = $("handoff-list");
  const rows = [...state.handoffs].sort((a, b) => (b.created_ms || 0) - (a.created_ms || 0));
  const focusedId = document.activeElement && document.activeElement.closest
    && document.activeElement.closest(".handoff")?.dataset.id;
  const focusedClass = focusedId && document.activeElement.dataset.focus;
  list.replaceChildren(...rows.map(handoffNode));
  $("handoff-empty").hidden = rows.length > 0;
  $("handoff-count").textContent = rows.length ? t("handoff_count", { n: rows.length }) : "";
  if (focusedId && focusedClass) {
    const again = list.querySelector(`li[data-id="${CSS.escape(focusedId)}"] [data-focus="${CSS.escape(focusedClass)}"]`);
    if (again) again.focus();
  }
}

function fact(dl, key, value) {
  if (value == null || value === "") return;
  dl.append(h("dt", { text: t(key) }), h("dd", { text: String(value) }));
}

function handoffNode(ho) {
  const li = h("li", { class: "handoff", dataset: { id: ho.id, code: ho.code, status: ho.status } });
  li.append(h("p", { class: "handoff-code" },
    h("span", { class: "visually-hidden", text: `${t("handoff_code")} ` }),
    h("span", { class: "code", text: ho.code }), " ",
    h("span", { class: "badge status", dataset: { status: ho.status }, text: t(`status_${ho.status}`) })));
  li.append(h("p", { class: "handoff-service", text: ho.service_name || t("handoff_service_gone") }));
  const dl = h("dl", { class: "facts" });
  fact(dl, "handoff_mode", t(`mode_${ho.mode}`));
  fact(dl, "handoff_status", t(`status_${ho.status}`));
  fact(dl, "handoff_created", fmtDateTime(ho.created_ms));
  fact(dl, "handoff_proposed", ho.proposed_ms ? fmtDateTime(ho.proposed_ms) : "");
  fact(dl, "handoff_age", ho.age_band);
  fact(dl, "handoff_area", ho.municipality_code);
  fact(dl, "handoff_reason", ho.reason);
  li.append(dl);
  if (ho.mode === "live_referral") {
    const shared = h("div", { class: "shared" }, h("p", { class: "shared-title", text: t("handoff_shared") }));
    const entries = ho.shared && typeof ho.shared === "object" ? Object.entries(ho.shared) : [];
    if (entries.length) {
      const sdl = h("dl", { class: "facts" });
      for (const [k, v] of entries) {
        if (k === "contact" && v && typeof v === "object") {
          const channel = TEXTS[lang][`channel_${v.channel}`] ? t(`channel_${v.channel}`) : String(v.channel ?? "");
          sdl.append(h("dt", { text: t("shared_contact", { channel }) }), h("dd", { text: String(v.value ?? "") }));
        } else {
          const label = k === "nickname" ? t("shared_nickname") : k;
          sdl.append(h("dt", { text: label }), h("dd", { text: typeof v === "string" ? v : JSON.stringify(v) }));
        }
      }
      shared.append(sdl);
    } else shared.append(h("p", { class: "hint", text: t("handoff_shared_none") }));
    li.append(shared);
  }
  const actions = ACTIONS_BY_STATUS[ho.status] || [];
  if (actions.length) {
    const row = h("div", { class: "row actions" });
    for (const a of actions) {
      const primary = a === "accept" || a === "complete";
      const b = h("button", { type: "button", class: `btn ${primary ? "btn-primary" : ""}`, text: t(`act_${a}`),
        dataset: { focus: a, action: a }, "aria-label": `${t(`act_${a}`)} (${ho.code})` });
      if (a === "accept" || a === "complete") b.addEventListener("click", () => act(ho, a, {}));
      else {
        b.setAttribute("aria-expanded", state.openForms.get(ho.id) === a ? "true" : "false");
        b.addEventListener("click", () => {
          state.openForms.set(ho.id, state.openForms.get(ho.id) === a ? null : a);
          state.handoffErrors.delete(ho.id);
          renderHandoffs();
          const first = $("handoff-list").querySelector(`li[data-id="${CSS.escape(ho.id)}"] .subform select, li[data-id="${CSS.escape(ho.id)}"] .subform input`);
          if (first) first.focus();
        });
      }
      row.append(b);
    }
    li.append(row);
    const open = state.openForms.get(ho.id);
    if (open && actions.includes(open)) li.append(subform(ho, open));
  }
  li.append(h("p", { class: "field-error", role: "alert", text: state.handoffErrors.get(ho.id) || "" }));
  return li;
}

function subform(ho, action) {
  const form = h("form", { class: "subform", novalidate: true });
  const base = `ho-${ho.id}-${action}`;
  if (action === "propose") {
    const input = h("input", { id: `${base}-when`, type: "datetime-local", dataset: { focus: "when" } });
    form.append(h("div", { class: "field" }, h("label", { for: input.id, text: t("act_propose_label") }), input));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!input.value) {
        state.handoffErrors.set(ho.id, t("propose_required"));
        renderHandoffs();
        return;
      }
      const value = input.value.length === 16 ? `${input.value}:00` : input.value; // YYYY-MM-DDTHH:MM → seconds
      act(ho, "propose", { proposed: `${value}+09:00` });
    });
    form.append(row(h("button", { type: "submit", class: "btn btn-primary", text: t("act_propose") }), cancelButton(ho)));
    return form;
  }
  const reasons = action === "decline" ? DECLINE_REASONS : FAIL_REASONS;
  const select = h("select", { id: `${base}-reason`, dataset: { focus: "reason" } });
  select.append(h("option", { value: "", text: t("reason_pick") }));
  for (const key of reasons) select.append(h("option", { value: key, text: t(key) }));
  const free = h("input", { id: `${base}-free`, type: "text", maxlength: "150", dataset: { focus: "free" } });
  form.append(
    h("div", { class: "field" }, h("label", { for: select.id, text: t("reason_label") }), select),
    h("div", { class: "field" }, h("label", { for: free.id, text: t("reason_other_label") }), free),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const key = select.value;
    const extra = free.value.trim();
    const isOther = key.endsWith("_other");
    if ((!key && !extra) || (isOther && !extra)) {
      state.handoffErrors.set(ho.id, t("reason_required"));
      const msg = form.closest("li").querySelector(".field-error");
      if (msg) msg.textContent = t("reason_required");
      (isOther ? free : select).focus();
      return;
    }
    const parts = [];
    if (key && !isOther) parts.push(t(key));
    if (extra) parts.push(extra);
    act(ho, action, { reason: parts.join(" / ").slice(0, 200) });
  });
  const confirm = action === "decline" ? "act_confirm_decline" : "act_confirm_fail";
  form.append(row(h("button", { type: "submit", class: "btn btn-primary", text: t(confirm) }), cancelButton(ho)));
  return form;
}

function row(...children) {
  return h("div", { class: "row actions" }, ...children);
}

function cancelButton(ho) {
  return h("button", { type: "button", class: "btn btn-quiet", text: t("act_cancel"), onclick: () => {
    state.openForms.delete(ho.id);
    state.handoffErrors.delete(ho.id);
    renderHandoffs();
  } });
}

async function act(ho, action, body) {
  const r = await api("POST", `/api/handoff/items/${encodeURIComponent(ho.id)}/${action}`, body);
  if (r.status === 200) {
    state.openForms.delete(ho.id);
    state.handoffErrors.delete(ho.id);
  } else {
    const code = r.body && r.body.error && r.body.error.code;
    let msg = errorMessage(r);
    if (code === "conflict") msg = t("act_conflict");
    else if (code === "bad_transition" || code === "terminal") msg = t("act_bad_transition");
    else if (code === "reason_required") msg = t("reason_required");
    state.handoffErrors.set(ho.id, msg);
  }
  await refreshInbox();
  renderHandoffs();
}

$("redeem-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const input = $("redeem-code");
  const out = $("redeem-result");
  const code = input.value.trim().toUpperCase();
  out.dataset.kind = "error";
  if (!code) {
    out.textContent = t("redeem_not_found");
    input.focus();
    return;
  }
  const r = await api("POST", "/api/handoff/redeem", { code });
  if (r.status === 200 && r.body) {
    out.dataset.kind = "ok";
    out.textContent = t("redeem_done", { code: r.body.code || code });
    input.value = "";
  } else if (r.status === 404) {
    out.textContent = t("redeem_not_found");
  } else if (r.body && r.body.error && (r.body.error.code === "bad_transition" || r.body.error.code === "terminal")) {
    out.textContent = t("redeem_bad", { status: r.body.error.message || "" });
  } else {
    out.textContent = errorMessage(r);
  }
  await refreshInbox();
});
