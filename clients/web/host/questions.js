// The room's questions (Q&A): the waiting queue, answering with or without a
// text, dismissing. Answers being typed survive every redraw.

import { $, h } from "../console/dom.js";
import { t, fmtTime } from "./lang.js";
import { state } from "./state.js";
import { replyError } from "./api.js";
import { conn } from "./session.js";

export function loadQueue() {
  conn.request({ t: "qa.queue", room: state.booth.room }, (reply) => {
    if (!reply || reply.t !== "ok") return;
    state.questions = new Map();
    for (const q of Array.isArray(reply.questions) ? reply.questions : []) addQuestion(q, false);
    renderQueue();
  });
}

export function addQuestion(q, live) {
  if (!q || typeof q.id !== "string" || (q.status && q.status !== "waiting")) return;
  if (state.questions.has(q.id) && !live) return;
  state.questions.set(q.id, { id: q.id, text: String(q.text ?? ""), ts: q.ts, error: "" });
}

export function renderQueue() {
  const list = $("qa-list");
  const questions = [...state.questions.values()].sort((a, b) => (a.ts || 0) - (b.ts || 0));
  // Keep the nodes of questions already shown, so typing is not lost.
  const existing = new Map([...list.children].map((li) => [li.dataset.id, li]));
  const nodes = questions.map((q) => {
    const li = existing.get(q.id) || questionNode(q);
    li.querySelector(".qa-error").textContent = q.error || "";
    return li;
  });
  list.replaceChildren(...nodes);
  $("qa-empty").hidden = questions.length > 0;
  $("qa-count").textContent = questions.length ? t("qa_count", { n: questions.length }) : "";
}

function questionNode(q) {
  const li = h("li", { class: "qa-item", dataset: { id: q.id } });
  const inputId = `qa-answer-${q.id}`;
  const errId = `qa-error-${q.id}`;
  const short = q.text.length > 40 ? `${q.text.slice(0, 40)}…` : q.text;
  li.append(
    h("p", { class: "qa-text", text: q.text }),
    h("p", { class: "qa-meta", text: q.ts ? t("qa_asked_at", { time: fmtTime(q.ts) }) : "" }),
    h("label", { class: "visually-hidden qa-answer-label", for: inputId, text: t("qa_answer_label") }),
  );
  const input = h("textarea", {
    id: inputId, class: "qa-answer", rows: "2", maxlength: "500",
    placeholder: t("qa_answer_placeholder"), "aria-describedby": errId,
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      answer(q.id, true);
    }
  });
  const actions = h("div", { class: "row actions" },
    h("button", { type: "button", class: "btn btn-primary qa-send", text: t("qa_answer"),
      "aria-label": t("qa_answer_aria", { q: short }), onclick: () => answer(q.id, true) }),
    h("button", { type: "button", class: "btn qa-mark", text: t("qa_mark"),
      "aria-label": t("qa_mark_aria", { q: short }), onclick: () => answer(q.id, false) }),
    h("button", { type: "button", class: "btn btn-quiet qa-dismiss", text: t("qa_dismiss"),
      "aria-label": t("qa_dismiss_aria", { q: short }), onclick: () => dismiss(q.id) }),
  );
  li.append(input, actions, h("p", { id: errId, class: "field-error qa-error", role: "alert" }));
  return li;
}

function questionError(id, message) {
  const q = state.questions.get(id);
  if (!q) return;
  q.error = message;
  renderQueue();
}

function removeQuestion(id) {
  const list = $("qa-list");
  const li = list.querySelector(`li[data-id="${CSS.escape(id)}"]`);
  const next = li && (li.nextElementSibling || li.previousElementSibling);
  const hadFocus = li && li.contains(document.activeElement);
  state.questions.delete(id);
  renderQueue();
  if (hadFocus) {
    const target = next && next.isConnected ? next.querySelector("textarea") : $("sec-qa");
    if (target) target.focus();
  }
}

function answer(id, withText) {
  const li = $("qa-list").querySelector(`li[data-id="${CSS.escape(id)}"]`);
  if (!li) return;
  const msg = { t: "qa.answer", room: state.booth.room, id };
  if (withText) {
    const text = li.querySelector("textarea").value.trim();
    if (!text) {
      questionError(id, t("qa_answer_empty"));
      li.querySelector("textarea").focus();
      return;
    }
    msg.text = text;
  }
  const buttons = li.querySelectorAll("button");
  buttons.forEach((b) => { b.disabled = true; });
  conn.request(msg, (reply, failure) => {
    buttons.forEach((b) => { b.disabled = false; });
    if (reply && reply.t === "ok") {
      removeQuestion(id);
      return;
    }
    if (reply && reply.code === "not_found") {
      removeQuestion(id); // answered or dismissed elsewhere
      return;
    }
    questionError(id, replyError(reply, failure, "qa_blocked"));
    if (li.isConnected) li.querySelector("textarea").focus();
  });
}

function dismiss(id) {
  conn.request({ t: "qa.dismiss", room: state.booth.room, id }, (reply, failure) => {
    if (reply && (reply.t === "ok" || reply.code === "not_found")) {
      removeQuestion(id);
      return;
    }
    questionError(id, replyError(reply, failure, "qa_blocked"));
  });
}

/** Draw the queue from scratch with `redraw`: the labels of its nodes are in the old language. Typed answers are kept. */
export function redrawQueue(redraw) {
  const typed = new Map([...$("qa-list").querySelectorAll("li")].map((li) => [li.dataset.id, li.querySelector("textarea").value]));
  $("qa-list").replaceChildren();
  redraw();
  for (const [id, value] of typed) {
    const li = $("qa-list").querySelector(`li[data-id="${CSS.escape(id)}"]`);
    if (li) li.querySelector("textarea").value = value;
  }
}
