// Signing in: a staff account's name and password, or a service token.

import { $ } from "./dom.js";
import { lang, t } from "./lang.js";
import { STAFF } from "./state.js";
import { api } from "./api.js";
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
  try {
    const r = await fetch("/api/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept-Language": lang },
      body: JSON.stringify({ username, password }),
    });
    const body = await r.json().catch(() => null);
    if (!r.ok || !body || typeof body.token !== "string") {
      loginError("login_failed");
      return;
    }
    if (!STAFF.has(body.role)) {
      loginError("login_not_staff");
      return;
    }
    $("password").value = "";
    startSession(body.token, "login");
  } catch (_) {
    loginError("login_failed");
  }
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
  try {
    const r = await api("/api/moderation/rooms", token);
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
  } catch (_) {
    loginError("login_failed");
  }
});
