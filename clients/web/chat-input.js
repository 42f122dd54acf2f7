// The visitor client's chat input: the character count (NFKC, as the server
// counts), Enter that confirms an IME conversion never sends, and sending
// with the text put back when it could not be sent.

import { $, t, nfkcLength, ui, MAX_TEXT } from "./venue-state.js";
import { showChatStatus, hideChatStatus } from "./chat-log.js";

export const input = $("chat-input");

export function updateCount() {
  const n = nfkcLength(input.value);
  const el = $("chat-count");
  el.textContent = n ? `${n}/${MAX_TEXT}` : "";
  el.classList.toggle("over", n > MAX_TEXT);
}

/** Enter that confirms an IME conversion (Japanese input) must not send the form `field` is in. */
export function holdImeEnter(field) {
  field.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.isComposing || e.keyCode === 229)) e.preventDefault();
  });
}

export function wireChatInput(client) {
  input.addEventListener("input", updateCount);
  holdImeEnter(input);

  $("chat-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const raw = input.value.trim();
    if (!raw) return;
    const n = nfkcLength(raw);
    if (n > MAX_TEXT) {
      showChatStatus(t("chat_too_long", { n }));
      return;
    }
    if (!client.online) {
      showChatStatus(t("status_reconnecting"));
      return;
    }
    input.value = "";
    updateCount();
    const restore = () => {
      if (!input.value) {
        input.value = raw;
        updateCount();
      }
    };
    client.say(raw, (reply, failure) => {
      if (!reply) {
        restore();
        showChatStatus(t(failure === "not_in_room" ? "chat_not_in_room" : "chat_not_sent"));
      } else if (reply.t === "ok") {
        // A cry for help is answered by the support card (one warm message);
        // only an ordinary hold gets "staff will check it first".
        const support = reply.support === true || Date.now() - ui.supportNoticeAt < 3000;
        if (reply.held && !support) showChatStatus(t("chat_held"), "info");
        else hideChatStatus();
      } else {
        // blocked / too_large / rate_limited: the server says why, kindly.
        restore();
        showChatStatus(reply.message || t("error_generic"));
      }
    });
  });
}
