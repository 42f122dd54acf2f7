// Staff accounts: create one (its one-time code is shown once), disable, re-enable, a new code.

import { $, h } from "../console/dom.js";
import { label, t } from "./lang.js";
import { api } from "../console/api.js";
import { reason, toast } from "./api.js";
import { showIssued } from "./issued.js";

const ROLES = ["host", "moderator", "admin"];
let items = [];

export function renderRoles() {
  const select = $("new-role");
  const was = select.value || "host";
  select.replaceChildren(...ROLES.map((r) => h("option", { value: r }, label("role", r))));
  select.value = was;
  $("new-org-field").hidden = select.value !== "host";
}

/** An account's username by its id (the audit trail and the import reports name accounts by id). */
export function usernameOf(id) {
  const found = items.find((a) => a.id === id);
  return found ? found.username : null;
}

export async function loadAccounts() {
  const r = await api("GET", "/api/admin/accounts");
  if (r.status !== 200) return;
  items = r.body.items;
  renderAccounts();
}

async function act(a, action) {
  if (action === "disable" && !window.confirm(t("confirm_disable", { name: a.username }))) return;
  const r = await api("POST", `/api/admin/accounts/${encodeURIComponent(a.id)}/${action}`);
  if (r.status !== 200) {
    toast(t("failed", { message: reason(r) }), "warn");
    return;
  }
  if (action === "code") showIssued(a.username, r.body.code, r.body.code_expires_ms);
  else toast(t(`done_${action}`, { name: a.username }));
  loadAccounts();
}

function row(a) {
  const state = a.disabled ? "account_disabled" : "account_active";
  return h("li", { class: `account${a.disabled ? " is-disabled" : ""}`, "data-username": a.username },
    h("p", { class: "account-name" }, h("strong", {}, a.username), " ", h("span", { class: "badge" }, t(state))),
    h("p", { class: "hint" }, label("role", a.role), " · ", a.organization_id || t("no_org")),
    h("div", { class: "tool-row" },
      a.disabled
        ? h("button", { class: "btn btn-small", type: "button", onclick: () => act(a, "enable") }, t("enable"))
        : h("button", { class: "btn btn-small btn-danger", type: "button", onclick: () => act(a, "disable") }, t("disable")),
      h("button", { class: "btn btn-small", type: "button", onclick: () => act(a, "code") }, t("new_code"))));
}

export function renderAccounts() {
  $("accounts").replaceChildren(...items.map(row));
}

$("new-role").addEventListener("change", renderRoles);
$("account-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const role = $("new-role").value;
  const body = { username: $("new-username").value.trim(), role };
  if (role === "host") body.organization_id = $("new-org").value.trim();
  const r = await api("POST", "/api/admin/accounts", body);
  if (r.status !== 201) {
    $("account-error").textContent = t("failed", { message: reason(r) });
    return;
  }
  $("account-error").textContent = "";
  $("new-username").value = "";
  $("new-org").value = "";
  showIssued(r.body.account.username, r.body.code, r.body.code_expires_ms);
  loadAccounts();
});
