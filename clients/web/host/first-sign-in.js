// The first sign-in: the one-time code the secretariat gave (shown to them once at /admin) and a
// password the host chooses now. The code works once; from then on the host signs in with the
// username shown here and that password.

import { $ } from "../console/dom.js";
import { t } from "./lang.js";
import { setAuth } from "./state.js";
import { api } from "../console/api.js";
import { openConsole } from "./console.js";

$("first-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const code = $("first-code").value.trim();
  const password = $("first-password").value;
  const err = $("first-error");
  if (!code || !password) {
    err.textContent = t("first_missing");
    return;
  }
  if (password !== $("first-password-again").value) {
    err.textContent = t("first_mismatch");
    $("first-password-again").focus();
    return;
  }
  err.textContent = "";
  const r = await api("POST", "/api/auth/first-sign-in", { code, password }, null);
  if (r.status !== 200 || !r.body || typeof r.body.token !== "string") {
    const m = r.body && r.body.error && r.body.error.message;
    err.textContent = typeof m === "string" && m ? m : t("login_failed");
    return;
  }
  $("first-code").value = "";
  $("first-password").value = "";
  $("first-password-again").value = "";
  $("first-sign-in").open = false;
  setAuth({ token: r.body.token, username: r.body.username, role: r.body.role,
    organization_id: r.body.organization_id || null });
  window.alert(t("first_done", { username: r.body.username }));
  await openConsole();
});
