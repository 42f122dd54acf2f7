// Who someone is on screen: a visitor's nickname with a short tag that tells
// two visitors of the same nickname apart, a staff member by name. The tag is
// a hash of the session's user id (4 characters), stable for the session and
// never the id itself: a moderator can say 「はる #k3f9」 to a colleague.

import { hash } from "../avatars.js";
import { h } from "../console/dom.js";
import { label, t } from "./lang.js";
import { st } from "./state.js";

/** The tag of a user id: "#" and 4 characters of [0-9a-z]; "" without an id. */
export function tagOf(id) {
  if (typeof id !== "string" || !id) return "";
  return `#${(hash(`tsunagaru-mod|${id}`) % 1679616).toString(36).padStart(4, "0")}`;
}

/** A person as elements: nickname, then the tag for a visitor or the role for staff. */
export function personEl(user) {
  const nick = String((user && user.nick) ?? (user && st.nicks.get(user.id)) ?? "?");
  const role = user && user.role && user.role !== "visitor" ? user.role : null;
  const tag = role ? "" : tagOf(user && user.id);
  return h("span", { class: "person" },
    h("span", { class: "nick" }, nick),
    role ? h("span", { class: "role" }, label("role", role)) : null,
    tag ? h("span", { class: "tag", title: t("visitor_tag_label", { tag }) }, tag) : null);
}

/** The same as text, for a table cell or a sentence. */
export function personText(user) {
  const nick = String((user && user.nick) ?? (user && st.nicks.get(user.id)) ?? t("unknown"));
  const role = user && user.role && user.role !== "visitor" ? user.role : null;
  return role ? `${nick} (${label("role", role)})` : `${nick} ${tagOf(user && user.id)}`.trim();
}
