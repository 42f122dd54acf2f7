// Coverage by municipality: where the platform has a member, a service, a consultation window,
// and where it has nothing yet (rows of zeros, marked).

import { $, h } from "../console/dom.js";
import { t } from "./lang.js";
import { api } from "../console/api.js";
import { drawCoverage } from "./coverage-map.js";

let report = null;

export async function loadCoverage(prefecture) {
  const query = prefecture ? `?prefecture=${encodeURIComponent(prefecture)}` : "";
  const r = await api("GET", `/api/admin/coverage${query}`);
  if (r.status !== 200) return;
  report = r.body;
  renderCoverage();
  drawCoverage(report.rows);
}

export function renderCoverage() {
  if (!report) return;
  const select = $("coverage-prefecture");
  if (select.options.length !== report.prefectures.length) {
    select.replaceChildren(...report.prefectures.map((p) => h("option", { value: p }, p)));
  }
  select.value = report.prefecture || "";
  const c = report.covered;
  $("coverage-summary").textContent = t("coverage_summary", { total: report.rows.length, members: c.members,
    services: c.services, windows: c.windows });
  $("coverage-rows").replaceChildren(...report.rows.map((r) => {
    const none = !r.members && !r.services && !r.windows;
    return h("tr", { class: none ? "uncovered" : null, "data-code": r.code },
      h("th", { scope: "row" }, r.name), h("td", {}, r.members), h("td", {}, r.services), h("td", {}, r.windows));
  }));
}

$("coverage-prefecture").addEventListener("change", (e) => loadCoverage(e.target.value));
