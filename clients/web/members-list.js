// The visitor client's list of people in the room: you first, then staff,
// then everyone else, at most MAX_MEMBERS_SHOWN of them.

import { avatarColour } from "./map.js";
import { $, t, ui } from "./venue-state.js";
import { roleLabel } from "./chat-log.js";

const MAX_MEMBERS_SHOWN = 200;

export function renderMembers(client) {
  ui.membersQueued = false;
  const all = [...client.members.values()];
  const self = all.filter((m) => m.id === ui.selfId);
  const staff = all.filter((m) => m.id !== ui.selfId && m.role && m.role !== "visitor");
  const rest = all.filter((m) => m.id !== ui.selfId && (!m.role || m.role === "visitor"));
  const ordered = [...self, ...staff, ...rest];
  const items = ordered.slice(0, MAX_MEMBERS_SHOWN).map((m) => {
    const li = document.createElement("li");
    li.dataset.id = m.id;
    const sw = document.createElement("span");
    sw.className = "swatch";
    sw.setAttribute("aria-hidden", "true");
    sw.style.background = avatarColour(m.id, m.avatar);
    const name = document.createElement("span");
    name.className = "member-nick";
    name.textContent = String(m.nick ?? "");
    li.append(sw, name);
    if (m.id === ui.selfId) {
      const you = document.createElement("span");
      you.className = "you";
      you.textContent = t("you");
      li.append(you);
    }
    const role = roleLabel(m.role);
    if (role) {
      const r = document.createElement("span");
      r.className = "role";
      r.textContent = role;
      li.append(r);
    }
    return li;
  });
  if (ordered.length > MAX_MEMBERS_SHOWN) {
    const li = document.createElement("li");
    li.className = "more";
    li.textContent = t("members_more", { n: ordered.length - MAX_MEMBERS_SHOWN });
    items.push(li);
  }
  $("member-list").replaceChildren(...items);
  $("member-count").textContent = all.length ? `(${all.length})` : "";
}

export function queueMembers(client) {
  if (ui.membersQueued) return;
  ui.membersQueued = true;
  requestAnimationFrame(() => renderMembers(client));
  setTimeout(() => ui.membersQueued && renderMembers(client), 250); // hidden tabs get no frames
}
