// NPO–company matching for the secretariat: open needs nobody offers for, and every introduction
// by status, as tables and CSV; a nudge to the side that has to answer, or closing one with a
// reason. Contacts never reach this console (docs/members.md, "NPO–company matching").

import { $, h } from "../console/dom.js";
import { fmtDate, label, t } from "./lang.js";
import { api } from "../console/api.js";
import { download, reason, toast } from "./api.js";

let unmet = [];
let report = null;
let closing = null; // the introduction id whose close form is open

export async function loadMatching() {
  const [needs, intros] = await Promise.all([api("GET", "/api/admin/matching/unmet"),
    api("GET", "/api/admin/matching/introductions")]);
  if (needs.status === 200 && needs.body) unmet = needs.body.needs;
  if (intros.status === 200 && intros.body) report = intros.body;
  renderMatching();
}

function period(p) {
  return p.end ? `${p.start} – ${p.end}` : `${p.start} –`;
}

function needRow(n) {
  const what = `${label("mt_kind", n.kind)}${n.skill ? ` (${label("mt_skill", n.skill)})` : ""}`;
  return h("tr", { "data-id": n.id }, h("th", { scope: "row" }, n.organization_name || n.organization),
    h("td", {}, what), h("td", {}, n.title), h("td", {}, n.quantity ?? ""), h("td", {}, period(n.period)),
    h("td", {}, n.municipalities.join(", ")));
}

async function act(id, action, body) {
  const r = await api("POST", `/api/matching/introductions/${encodeURIComponent(id)}/${action}`, body);
  if (r.status === 200) {
    closing = null;
    toast(t(`mt_${action}_done`));
    await loadMatching();
  } else {
    toast(reason(r), "error");
  }
}

function closeForm(i) {
  const input = h("input", { type: "text", maxlength: 200, id: `mt-close-${i.id}`, "aria-label": t("mt_close_reason") });
  const form = h("form", { class: "tool-row", novalidate: true }, input,
    h("button", { class: "btn btn-small", type: "submit" }, t("mt_close")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    act(i.id, "close", { reason: input.value.trim() || null });
  });
  return form;
}

function introRow(i) {
  const buttons = i.actions.map((a) => h("button", {
    class: "btn btn-small", type: "button", "data-action": a,
    onclick: () => { if (a === "close") { closing = i.id; renderMatching(); } else act(i.id, a, {}); },
  }, t(`mt_${a}`)));
  return h("tr", { "data-id": i.id, "data-status": i.status },
    h("th", { scope: "row" }, label("mt_status", i.status)),
    h("td", {}, i.need ? `${i.asker === i.need.organization ? i.asker_name : i.answerer_name}: ${i.need.title}` : ""),
    h("td", {}, i.offer ? `${i.asker === i.offer.organization ? i.asker_name : i.answerer_name}: ${i.offer.title}` : ""),
    h("td", {}, i.asker_name), h("td", {}, i.reason || ""),
    h("td", {}, fmtDate(i.updated_ms), i.nudged_ms ? h("div", { class: "hint" }, t("mt_nudged_at", { when: fmtDate(i.nudged_ms) })) : null),
    h("td", {}, buttons, closing === i.id ? closeForm(i) : null));
}

export function renderMatching() {
  const body = $("mt-unmet-rows");
  if (!body) return;
  body.replaceChildren(...unmet.map(needRow));
  $("mt-unmet-none").hidden = unmet.length > 0;
  if (!report) return;
  $("mt-counts").textContent = Object.entries(report.counts)
    .map(([status, n]) => `${label("mt_status", status)} ${n}`).join(" · ");
  $("mt-intro-rows").replaceChildren(...report.introductions.map(introRow));
}

async function csv(path, name) {
  if (!(await download(path, name))) toast(t("mt_csv_failed"), "error");
}

$("mt-unmet-csv").addEventListener("click", () => csv("/api/admin/matching/unmet?format=csv", "unmet-needs.csv"));
$("mt-intro-csv").addEventListener("click", () => csv("/api/admin/matching/introductions?format=csv",
  "introductions.csv"));
