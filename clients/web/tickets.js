// Handoff tickets on this device: starting one, showing it (code + QR), and the
// gentle follow-up the day after the visit. The server never knows who holds a
// ticket: the code, kept here, is the only link.

import { loadDevice } from "./client.js";
import { entryCampaign } from "./campaign.js";

const TICKETS_KEY = "tsunagaru.tickets";
const ANSWERED_KEY = "tsunagaru.followups";

export function storedCodes() {
  try {
    const codes = JSON.parse(localStorage.getItem(TICKETS_KEY) || "[]");
    return Array.isArray(codes) ? codes.filter((c) => typeof c === "string") : [];
  } catch (_) {
    return [];
  }
}

function keepCode(code) {
  try {
    const codes = storedCodes().filter((c) => c !== code);
    codes.push(code);
    localStorage.setItem(TICKETS_KEY, JSON.stringify(codes.slice(-20)));
  } catch (_) { /* no storage: the code is still shown */ }
}

/** POST /api/handoff; resolves to {ok, data} (data.code for a ticket, data.mode "info" otherwise). */
export async function startHandoff(serviceId, mode, ageBand) {
  const body = { service_id: serviceId, mode };
  if (ageBand) body.age_band = ageBand;
  const device = loadDevice(); // one live ticket per device and service (docs/handoff.md)
  if (device) body.device = device;
  if (entryCampaign()) body.campaign = entryCampaign(); // the handoff counts for the advert that brought the visit
  const r = await fetch("/api/handoff", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  const data = await r.json().catch(() => ({}));
  const held = r.status === 409 && data.error && data.error.code === "already_holding" && data.error.ticket;
  if (held) return { ok: true, data: data.error.ticket }; // the ticket this device already has, shown again
  if (r.ok && data.code) keepCode(data.code);
  return { ok: r.ok, data };
}

/** Fill a ticket box: `box` holds .ticket-code, img.ticket-qr and .ticket-next. */
export function showTicket(box, code, name, org, t) {
  box.querySelector(".ticket-code").textContent = code;
  const img = box.querySelector(".ticket-qr");
  img.src = `/api/handoff/${encodeURIComponent(code)}/qr.svg`;
  img.alt = t("ticket_qr_alt", { code });
  box.querySelector(".ticket-next").textContent = t("ticket_next", { name, org });
  box.hidden = false;
}

function answered() {
  try {
    return new Set(JSON.parse(localStorage.getItem(ANSWERED_KEY) || "[]"));
  } catch (_) {
    return new Set();
  }
}

/** The day after a visit: "行けた? / まだ / 行かない" as a card, for each ticket whose follow-up is due. */
export async function followUps(t, addCard) {
  const done = answered();
  for (const code of storedCodes()) {
    if (done.has(code)) continue;
    let status;
    try {
      const r = await fetch(`/api/handoff/${encodeURIComponent(code)}`);
      if (!r.ok) continue;
      status = await r.json();
    } catch (_) {
      continue;
    }
    if (!status.follow_up_due) continue;
    const card = document.createElement("div");
    card.className = "notice followup";
    card.setAttribute("role", "group");
    const q = document.createElement("p");
    q.textContent = t("followup_question", { code });
    card.append(q);
    const row = document.createElement("div");
    row.className = "notice-actions";
    for (const answer of ["went", "not_yet", "not_going"]) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "btn";
      b.textContent = t(`followup_${answer}`);
      b.addEventListener("click", async () => {
        await fetch(`/api/handoff/${encodeURIComponent(code)}/follow-up`, {
          method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ answer }),
        }).catch(() => null);
        done.add(code);
        try {
          localStorage.setItem(ANSWERED_KEY, JSON.stringify([...done].slice(-50)));
        } catch (_) { /* fine */ }
        card.replaceChildren(Object.assign(document.createElement("p"), { textContent: t("followup_thanks") }));
      });
      row.append(b);
    }
    card.append(row);
    addCard(card);
  }
}
