// Signing in and out. The token is kept in sessionStorage: this tab only.

import { $ } from "../console/dom.js";
import { t } from "./lang.js";
import { state, setAuth } from "./state.js";
import { api, session } from "../console/api.js";
import { conn } from "./session.js";
import { openConsole } from "./console.js";

export function showLogin(message) {
  $("console").hidden = true;
  $("login").hidden = false;
  $("logout").hidden = true;
  $("login-error").textContent = message || "";
  $("password").value = "";
  $("username").focus();
}

export function expired() {
  conn.stop(1000);
  setAuth(null);
  showLogin(t("login_expired"));
}

$("login-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const username = $("username").value.trim();
  const password = $("password").value;
  const err = $("login-error");
  if (!username || !password) {
    err.textContent = t("login_missing");
    (username ? $("password") : $("username")).focus();
    return;
  }
  const button = $("login-button");
  button.disabled = true;
  err.textContent = "";
  button.textContent = t("login_busy");
  const r = await api("POST", "/api/auth/login", { username, password }, null);
  button.disabled = false;
  button.textContent = t("login_button");
  if (r.status === 200 && r.body && typeof r.body.token === "string") {
    if (r.body.role !== "host" && r.body.role !== "admin") {
      err.textContent = t("login_not_host");
      return;
    }
    setAuth({ token: r.body.token, username, role: r.body.role, organization_id: r.body.organization_id || null });
    $("password").value = "";
    await openConsole();
    return;
  }
  if (r.status === 401 || r.status === 400) err.textContent = t("login_wrong");
  else if (r.status === 429) err.textContent = t("login_rate_limited");
  else err.textContent = t("login_failed");
  $("password").focus();
});

$("logout").addEventListener("click", async () => {
  const auth = state.auth;
  conn.stop(1000);
  if (auth) await api("POST", "/api/auth/logout", undefined);
  setAuth(null);
  showLogin("");
});

session.onExpired = expired;
