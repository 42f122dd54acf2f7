// A new account's one-time sign-in code, shown once: the server keeps only its digest, so
// closing this panel is the last time anyone sees it.

import { $ } from "../console/dom.js";
import { fmtDate } from "./lang.js";

/** `mailed`: the server also mailed it to the applicant's contact (an approval, with SMTP set up). */
export function showIssued(username, code, expiresMs, mailed = false) {
  $("issued-mailed").hidden = !mailed;
  $("issued-username").textContent = username;
  $("issued-code").textContent = code;
  $("issued-until").textContent = fmtDate(expiresMs);
  $("issued").hidden = false;
  $("issued").focus();
  $("issued").scrollIntoView({ block: "start" });
}

$("issued-done").addEventListener("click", () => {
  $("issued-code").textContent = "";
  $("issued").hidden = true;
});
