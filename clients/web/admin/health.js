// The directory's health: organisations whose listings their members have not confirmed for the
// platform's number of months (or never: open-data rows until a member claims them), and the latest imports.

import { $, h } from "../console/dom.js";
import { fmtDate, label, t } from "./lang.js";
import { api } from "../console/api.js";
import { usernameOf } from "./accounts.js";

let report = null;

export async function loadHealth() {
  const r = await api("GET", "/api/admin/directory-health");
  if (r.status !== 200) return;
  report = r.body;
  renderHealth();
}

function importResult(x) {
  if (x.refused) return t("import_refused", { code: x.refused });
  return x.committed ? t("import_committed") : t("import_not_committed");
}

export function renderHealth() {
  if (!report) return;
  $("health-summary").textContent = report.due
    ? t("health_summary", { due: report.due, orgs: report.organizations.length, total: report.listings,
      months: report.months })
    : t("health_all_confirmed", { total: report.listings, months: report.months });
  $("health-rows").replaceChildren(...report.organizations.map((o) => h("tr", { "data-org": o.id },
    h("th", { scope: "row" }, o.name, o.municipality ? [h("br"), h("span", { class: "hint" }, o.municipality)] : null),
    h("td", {}, o.listings), h("td", {}, o.due), h("td", {}, o.never),
    h("td", {}, o.oldest_confirmed_ms ? fmtDate(o.oldest_confirmed_ms) : t("health_never")))));
  $("health-orgs").hidden = !report.organizations.length;
  $("import-rows").replaceChildren(...report.imports.map((x) => h("tr", { class: x.committed ? null : "import-failed" },
    h("th", { scope: "row" }, fmtDate(x.at_ms)),
    h("td", {}, x.actor === "cli" ? t("import_cli") : usernameOf(x.actor) || x.actor),
    h("td", {}, label("kind", x.kind)), h("td", {}, x.organizations), h("td", {}, x.services),
    h("td", {}, x.rejected), h("td", {}, importResult(x)))));
  $("imports-none").hidden = report.imports.length > 0;
  $("imports-wrap").hidden = !report.imports.length;
}

$("health-refresh").addEventListener("click", () => loadHealth());
