// Indicators against targets, and campaign codes: each measure with its target as a bar chart
// (Chart.js, vendored, loaded only when this panel is first drawn), the same figures as a table,
// the target form, the campaign codes with their counts, and the report as CSV or JSON.
// Counts under 5 arrive as "<5" and are shown as such; a hidden value has no bar.

import { $, h } from "../console/dom.js";
import { label, lang, t } from "./lang.js";
import { api } from "../console/api.js";
import { download, reason, toast } from "./api.js";

const MEASURES = ["booth_visits", "handoffs", "accepted", "visited", "closed_loop_rate", "median_days_to_response",
  "members", "municipalities_covered"];
const COLOURS = { met: "#1f7a4d", overdue: "#b3261e", going: "#2f5fb3" };
let report = null;
let chart = null;
let chartLib = null;

function loadChartLib() {
  if (window.Chart) return Promise.resolve(window.Chart);
  chartLib = chartLib || new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = "/static/vendor/chartjs/chart.umd.js";
    s.onload = () => resolve(window.Chart);
    s.onerror = () => { chartLib = null; reject(new Error("chart library")); };
    document.head.append(s);
  });
  return chartLib;
}

export async function loadIndicators() {
  const r = await api("GET", "/api/admin/indicators");
  if (r.status !== 200) return;
  report = r.body;
  renderIndicators();
}

function shown(value) {
  if (value === null || value === undefined) return t("ind_withheld");
  if (value === "<5") return t("ind_hidden");
  return typeof value === "number" ? value.toLocaleString(lang === "ja" ? "ja-JP" : "en-GB") : String(value);
}

function state(p) {
  if (p.met) return "met";
  return p.overdue ? "overdue" : "going";
}

function progressText(p) {
  if (p.share === null) return t("ind_no_progress");
  return t(`ind_state_${state(p)}`, { pct: Math.round(p.share * 100), days: Math.abs(p.days_left) });
}

export function renderIndicators() {
  const select = $("target-measure");
  const chosen = select.value;
  select.replaceChildren(...MEASURES.map((m) => h("option", { value: m }, label("measure", m))));
  if (chosen) select.value = chosen;
  if (!report) return;
  $("ind-as-of").textContent = t("ind_as_of", { date: report.as_of });
  const targets = new Map(report.targets.map((p) => [p.measure, p]));
  $("ind-rows").replaceChildren(...MEASURES.map((m) => {
    const p = targets.get(m);
    return h("tr", { "data-measure": m, class: p ? `target-${state(p)}` : null },
      h("th", { scope: "row" }, label("measure", m)), h("td", {}, shown(report.measures[m])),
      h("td", {}, p ? [shown(p.target), h("span", { class: "ind-deadline" }, t("ind_by", { date: p.deadline }))] : "—"),
      h("td", {}, p ? [progressText(p), h("button", { class: "btn btn-small", type: "button",
        onclick: () => dropTarget(m), "aria-label": t("ind_drop_label", { name: label("measure", m) }) },
      t("ind_drop"))] : ""));
  }));
  $("ind-no-targets").hidden = report.targets.length > 0;
  renderCampaigns();
  drawChart(report.targets);
}

async function drawChart(targets) {
  const box = $("ind-chart-box");
  box.hidden = targets.length === 0;
  if (!targets.length) return;
  let Chart;
  try {
    Chart = await loadChartLib();
  } catch (_) {
    $("ind-chart-status").textContent = t("ind_chart_failed");
    return;
  }
  const canvas = $("ind-chart");
  box.style.height = `${56 + targets.length * 44}px`;
  canvas.setAttribute("aria-label", t("ind_chart_label") + " " + targets.map((p) =>
    `${label("measure", p.measure)}: ${progressText(p)}`).join(" / "));
  const data = {
    labels: targets.map((p) => label("measure", p.measure)),
    datasets: [{ label: t("ind_chart_axis"), data: targets.map((p) => (p.share === null ? 0 : Math.round(p.share * 100))),
      backgroundColor: targets.map((p) => COLOURS[state(p)]) }],
  };
  if (chart) chart.destroy();
  chart = new Chart(canvas, {
    type: "bar", data,
    options: {
      indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
      scales: { x: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` } } },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => {
        const p = targets[c.dataIndex];
        return t("ind_chart_tip", { current: shown(p.current), target: shown(p.target), deadline: p.deadline });
      } } } },
    },
  });
  canvas.dataset.bars = String(targets.length);
}

function renderCampaigns() {
  $("campaign-rows").replaceChildren(...report.campaigns.map((c) => h("tr", { "data-code": c.code },
    h("th", { scope: "row" }, h("span", { class: "campaign-label" }, c.label),
      h("code", { class: "campaign-url" }, `${location.origin}/?c=${c.code}`)),
    h("td", {}, shown(c.arrivals)), h("td", {}, shown(c.booth_visits)), h("td", {}, shown(c.handoffs)))));
  $("campaigns-none").hidden = report.campaigns.length > 0;
}

async function dropTarget(measure) {
  const r = await api("DELETE", `/api/admin/indicators/targets/${measure}`);
  if (r.status !== 200) {
    toast(reason(r), "warn");
    return;
  }
  toast(t("ind_dropped", { name: label("measure", measure) }));
  await loadIndicators();
}

$("target-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const measure = $("target-measure").value;
  const value = Number($("target-value").value);
  const deadline = $("target-deadline").value;
  if ($("target-value").value.trim() === "" || !Number.isFinite(value) || !deadline) {
    $("target-error").textContent = t("ind_target_needed");
    return;
  }
  const note = $("target-note").value.trim();
  const r = await api("PUT", `/api/admin/indicators/targets/${measure}`, { value, deadline, note: note || null });
  if (r.status !== 200 && r.status !== 201) {
    $("target-error").textContent = reason(r);
    return;
  }
  $("target-error").textContent = "";
  $("target-value").value = "";
  $("target-note").value = "";
  toast(t("ind_saved", { name: label("measure", measure) }));
  await loadIndicators();
});

$("campaign-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const code = $("campaign-code").value.trim();
  const labelText = $("campaign-label").value.trim();
  if (!code || !labelText) {
    $("campaign-error").textContent = t("campaign_needed");
    return;
  }
  const r = await api("POST", "/api/admin/campaigns", { code, label: labelText });
  if (r.status !== 201) {
    $("campaign-error").textContent = reason(r);
    return;
  }
  $("campaign-error").textContent = "";
  $("campaign-code").value = "";
  $("campaign-label").value = "";
  toast(t("campaign_saved", { code }));
  await loadIndicators();
});

for (const [id, kind] of [["ind-csv", "csv"], ["ind-json", "json"]]) {
  $(id).addEventListener("click", async () => {
    const done = await download(`/api/admin/indicators.${kind}`, `indicators-${report ? report.as_of : "now"}.${kind}`);
    $("ind-export-status").textContent = t(done ? "ind_export_done" : "ind_export_failed");
  });
}
