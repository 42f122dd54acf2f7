// Messages held for a moderator in the watched room: release or drop (a cry
// for help: drop first, release only after a second confirmation).

import { $, h } from "../console/dom.js";
import { t, timeEl, verdictText } from "./lang.js";
import { personEl } from "./people.js";
import { st } from "./state.js";
import { releaseCrisis, releaseOrDrop, userActions } from "./actions.js";

function heldActions(x) {
  const nick = String((x.from && x.from.nick) ?? "?");
  const crisis = x.reason === "support" || x.support === true;
  if (crisis) {
    // A cry for help: keeping it out of the room is the safe default; showing it is secondary and confirmed.
    return h("div", { class: "actions", role: "group", "aria-label": t("actions_label", { nick }) },
      h("button", { type: "button", class: "btn btn-small act-drop", "aria-label": t("drop_label", { nick }),
                    dataset: { focus: `drop:${x.id}` }, onclick: () => releaseOrDrop(x.id, false) }, t("drop")),
      h("button", { type: "button", class: "btn btn-small btn-quiet act-release secondary",
                    "aria-label": t("release_secondary_label", { nick }), dataset: { focus: `release:${x.id}` },
                    onclick: (e) => releaseCrisis(x.id, e.currentTarget) }, t("release")));
  }
  return h("div", { class: "actions", role: "group", "aria-label": t("actions_label", { nick }) },
    h("button", { type: "button", class: "btn btn-small btn-primary act-release", "aria-label": t("release_label", { nick }),
                  dataset: { focus: `release:${x.id}` }, onclick: () => releaseOrDrop(x.id, true) }, t("release")),
    h("button", { type: "button", class: "btn btn-small act-drop", "aria-label": t("drop_label", { nick }),
                  dataset: { focus: `drop:${x.id}` }, onclick: () => releaseOrDrop(x.id, false) }, t("drop")));
}

export function renderHeld() {
  const items = [...st.held.values()].reverse();
  $("held").replaceChildren(...items.map((x) => {
    const crisis = x.reason === "support";
    return h("li", { class: `held${crisis ? " crisis" : ""}`, dataset: { id: String(x.id) } },
      h("div", { class: "meta" },
        timeEl(x.ts),
        personEl(x.from),
        h("span", { class: "reason" }, t("held_reason", { reason: verdictText(x.reason, x.rule) }))),
      h("p", { class: "text" }, String(x.text ?? "")),
      heldActions(x),
      // A cry for help is never punished (docs/moderation.md): no warn, mute, kick or ban beside it.
      !crisis && x.from && x.from.id ? userActions(x.from, x.room, null) : null);
  }));
  $("held-none").hidden = items.length > 0;
}
