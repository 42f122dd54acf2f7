// The reports queue: each report with its evidence, resolving it.

import { $, h, keepFocus } from "../console/dom.js";
import { label, t, timeEl } from "./lang.js";
import { st } from "./state.js";
import { personEl, personText } from "./people.js";
import { act } from "./api.js";
import { renderAlerts } from "./alerts.js";
import { roomTitle } from "./rooms.js";
import { watch } from "./watch.js";

export function loadReports() {
  if (!st.conn || !st.conn.open) return;
  st.conn.request({ t: "mod.reports" }, (reply) => {
    if (!reply || reply.t !== "ok") return;
    st.reports = Array.isArray(reply.reports) ? reply.reports : [];
    keepFocus(renderReports);
  });
}
$("reports-refresh").addEventListener("click", loadReports);

export function renderReports() {
  const reports = st.reports || [];
  $("reports").replaceChildren(...reports.map((r) => {
    const id = String(r.report);
    const evidence = Array.isArray(r.evidence) ? r.evidence : [];
    return h("li", { class: "report", dataset: { report: id } },
      h("p", { class: "report-head" },
        t("report_head", { reason: label("reason", r.reason), room: `${roomTitle(r.room)} (${r.room ?? "?"})` })),
      h("div", { class: "meta" }, timeEl(r.ts, true),
        h("span", {}, t("report_by", { by: personText({ id: r.by }), user: r.user ? personText({ id: r.user }) : "—" }))),
      r.note ? h("p", { class: "note" }, t("report_note", { note: String(r.note) })) : null,
      h("details", { class: "evidence", open: true },
        h("summary", {}, t("evidence_title")),
        evidence.length
          ? h("ol", {}, evidence.map((m) => {
            const hit = r.id && m.id === r.id;
            return h("li", { class: hit ? "hit" : "" },
              timeEl(m.ts), " ",
              personEl(m.from), " ",
              h("span", { class: "text" }, String(m.text ?? "")),
              hit ? h("span", { class: "visually-hidden" }, ` (${t("reported_mark")})`) : null);
          }))
          : h("p", { class: "hint" }, t("evidence_none"))),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "btn btn-small btn-primary act-resolve", dataset: { focus: `resolve:${id}` },
                      "aria-label": t("resolve_label", { id }),
                      onclick: () => act({ t: "mod.resolve", report: r.report }, "done_resolve", null, () => {
                        st.reports = (st.reports || []).filter((x) => x.report !== r.report);
                        st.alerts = st.alerts.filter((a) => a.key !== `report:${r.report}`);
                        renderReports();
                        renderAlerts();
                        $("reports-section").focus();
                      }) }, t("resolve")),
        r.room ? h("button", { type: "button", class: "btn btn-small", dataset: { focus: `rwatch:${id}` },
                               onclick: () => watch(String(r.room)) }, t("watch_this_room")) : null));
  }));
  $("reports-none").hidden = reports.length > 0;
}
