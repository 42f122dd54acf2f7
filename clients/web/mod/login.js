// Signing in: a staff account's name and password, or a service token.

import { $ } from "../console/dom.js";
import { t } from "./lang.js";
import { STAFF } from "./state.js";
import { api } from "../console/api.js";
import { startSession } from "./console.js";
import { renderStatus } from "./session.js";

export function showLogin(errorKey) {
  $("console").hidden = true;
  $("logout").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = errorKey ? t(errorKey) : "";
  renderStatus();
  $("username").focus();
}

function loginError(key) {
  $("login-error").textContent = t(key);
}

$("password-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const username = $("username").value.trim();
  const password = $("password").value;
  if (!username || !password) {
    loginError("login_empty");
    $(username ? "password" : "username").focus();
    return;
  }
  $("login-error").textContent = t("login_checking");
  const r = await api("POST", "/api/auth/login", { username, password }, null);
  const body = r.body;
  if (r.status !== 200 || !body || typeof body.token !== "string") {
    loginError("login_failed");
    return;
  }
  if (!STAFF.has(body.role)) {
    loginError("login_not_staff");
    return;
  }
  $("password").value = "";
  startSession(body.token, "login");
});

$("token-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const token = $("service-token").value.trim();
  if (!token) {
    loginError("login_empty");
    $("service-token").focus();
    return;
  }
  $("login-error").textContent = t("login_checking");
  const r = await api("GET", "/api/moderation/rooms", undefined, token);
  if (r.status === 403) {
    loginError("login_not_staff");
    return;
  }
  if (r.status !== 200) {
    loginError("login_failed");
    return;
  }
  $("service-token").value = "";
  startSession(token, "service", r.body);
});
