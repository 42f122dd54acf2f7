// Introductions of the organisation, both ways: what it asked for and what it was asked,
// with the steps open to it now (accept with a contact person, decline with a reason,
// withdraw, report how it ended). The other side's contact shows once both said yes.

import { $, h } from "../console/dom.js";
import { t, fmtDateTime } from "./lang.js";
import { api } from "../console/api.js";
import { errorMessage } from "./api.js";

let intros = [];
let open = null; // {id, action} whose small form is shown
let seq = 0;
const NEEDS_REASON = new Set(["decline", "withdraw", "fail"]);

export async function loadIntroductions() {
  const mine = ++seq;
  const r = await api("GET", "/api/matching/introductions");
  if (mine !== seq) return;
  if (r.status === 200 && r.body && Array.isArray(r.body.introductions)) intros = r.body.introductions;
  renderIntroductions();
}

function contactNode(c) {
  const how = [c.email, c.phone].filter(Boolean).join(" / ");
  return h("li", { text: `${c.name}${c.organization ? `(${c.organization})` : ""}: ${how}` });
}

function formNode(i, action) {
  const form = h("form", { class: "mt-act", novalidate: true });
  const fields = [];
  if (action === "accept") {
    fields.push(["name", "mt_contact_name", "text"], ["email", "mt_contact_email", "email"]);
  } else {
    fields.push(["reason", "mt_reason", "text"]);
  }
  for (const [name, key, type] of fields) {
    const id = `mt-${action}-${name}-${i.id}`;
    form.append(h("div", { class: "field" }, h("label", { for: id, text: t(key) }),
      h("input", { id, name, type, maxlength: 200, autocomplete: "off" })));
  }
  const result = h("p", { class: "result", role: "status" });
  form.append(h("button", { class: "btn btn-primary", type: "submit", text: t(`mt_act_${action}`) }), result);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const value = (n) => (form.elements[n] ? form.elements[n].value.trim() : "");
    const body = action === "accept" ? { contact: { name: value("name"), email: value("email") } }
      : { reason: value("reason") || null };
    const r = await api("POST", `/api/matching/introductions/${encodeURIComponent(i.id)}/${action}`, body);
    if (r.status === 200) {
      open = null;
      await loadIntroductions();
      return;
    }
    result.textContent = errorMessage(r);
  });
  return form;
}

function act(i, action) {
  if (NEEDS_REASON.has(action) || action === "accept") {
    open = { id: i.id, action };
    renderIntroductions();
    const first = document.querySelector(`[data-id="${CSS.escape(i.id)}"] .mt-act input`);
    if (first) first.focus();
    return;
  }
  api("POST", `/api/matching/introductions/${encodeURIComponent(i.id)}/${action}`, {}).then(loadIntroductions);
}

function introNode(i) {
  const other = i.part === "asker" ? i.answerer_name : i.asker_name;
  const li = h("li", { class: "handoff mt-intro", dataset: { id: i.id, status: i.status } },
    h("p", {}, h("span", { class: "badge status", dataset: { status: i.status }, text: t(`mt_status_${i.status}`) }),
      " ", h("strong", { text: other }), " ",
      h("span", { class: "hint", text: t(i.part === "asker" ? "mt_you_asked" : "mt_they_asked") })),
    h("p", { class: "hint", text: `${i.need ? i.need.title : ""} ⇄ ${i.offer ? i.offer.title : ""}` }));
  if (i.message) li.append(h("p", { text: i.message }));
  if (i.reason) li.append(h("p", { class: "hint", text: `${t("mt_reason")}: ${i.reason}` }));
  if (i.nudged_ms) li.append(h("p", { class: "case-note", text: t("mt_nudged", { when: fmtDateTime(i.nudged_ms) }) }));
  if (i.contacts) {
    li.append(h("p", { text: t("mt_contacts") }),
      h("ul", { class: "mt-contacts" }, ...Object.values(i.contacts).map(contactNode)));
  }
  const row = h("div", { class: "row" }, ...i.actions.map((a) => h("button", {
    type: "button", class: a === "accept" ? "btn btn-primary" : "btn", dataset: { action: a },
    text: t(`mt_act_${a}`), onclick: () => act(i, a) })));
  li.append(row);
  if (open && open.id === i.id) li.append(formNode(i, open.action));
  return li;
}

export function renderIntroductions() {
  const list = $("mt-intros");
  if (!list) return;
  list.replaceChildren(...intros.map(introNode));
  $("mt-intros-empty").hidden = intros.length > 0;
}
