// The watched room's chat as it happens: each line with the actions on its
// sender; deleted lines stay marked.

import { $, h, keepFocus } from "../console/dom.js";
import { t, timeEl } from "./lang.js";
import { MAX_FEED, st } from "./state.js";
import { userActions } from "./actions.js";
import { renderHeld } from "./held.js";
import { personEl } from "./people.js";

function feedNode(e) {
  if (e.type === "sys") return h("li", { class: "sys" }, t(e.key, e.vars));
  const from = e.from;
  const li = h("li", { class: `msg${e.deleted ? " deleted" : ""}`, dataset: { id: e.id, user: String(from.id ?? "") } },
    h("div", { class: "meta" },
      timeEl(e.ts),
      personEl(from),
      h("span", { class: "msg-id" }, t("message_id", { id: e.id })),
      e.deleted ? h("span", { class: "deleted-mark" }, t("deleted_mark")) : null),
    h("p", { class: "text" }, e.text));
  if (!e.deleted) li.append(userActions(from, st.room, e.id));
  return li;
}

export function renderFeed() {
  const log = $("feed");
  st.feedNodes.clear();
  const nodes = st.feed.map((e) => {
    const li = feedNode(e);
    if (e.type === "said") st.feedNodes.set(e.id, li);
    return li;
  });
  log.setAttribute("aria-busy", "true"); // a whole history at once is not news
  keepFocus(() => log.replaceChildren(...nodes));
  log.scrollTop = log.scrollHeight;
  setTimeout(() => log.removeAttribute("aria-busy"), 0);
  $("feed-empty").hidden = st.feed.some((e) => e.type === "said");
}

export function addFeed(e) {
  if (e.type === "said" && st.feedNodes.has(e.id)) return;
  const log = $("feed");
  const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 48;
  st.feed.push(e);
  const li = feedNode(e);
  if (e.type === "said") st.feedNodes.set(e.id, li);
  log.append(li);
  while (st.feed.length > MAX_FEED) {
    const old = st.feed.shift();
    if (old.type === "said") st.feedNodes.delete(old.id);
    log.firstElementChild?.remove();
  }
  if (atBottom) log.scrollTop = log.scrollHeight;
  if (e.type === "said") $("feed-empty").hidden = true;
}

export function markDeleted(id) {
  const e = st.feed.find((x) => x.type === "said" && x.id === id);
  if (e && !e.deleted) {
    e.deleted = true;
    const old = st.feedNodes.get(id);
    if (old) {
      const li = feedNode(e);
      const hadFocus = old.contains(document.activeElement);
      old.replaceWith(li);
      st.feedNodes.set(id, li);
      if (hadFocus) {
        li.tabIndex = -1;
        li.focus();
      }
    }
  }
  if (st.held.delete(id)) renderHeld();
}
