// The alerts' sound: off by default, a short chime made here when the
// moderator turns it on.

import { $ } from "../console/dom.js";
import { t } from "./lang.js";
import { st } from "./state.js";

const SOUND_KEY = "tsunagaru.mod.sound"; // "on" when the moderator asked for a sound (off by default)

try {
  st.sound = localStorage.getItem(SOUND_KEY) === "on";
} catch (_) { /* no storage: off */ }

export function renderSound() {
  const b = $("sound-toggle");
  b.textContent = t(st.sound ? "sound_on" : "sound_off");
  b.setAttribute("aria-pressed", String(st.sound));
}

$("sound-toggle").addEventListener("click", () => {
  st.sound = !st.sound;
  try {
    localStorage.setItem(SOUND_KEY, st.sound ? "on" : "off");
  } catch (_) { /* this page only */ }
  renderSound();
  if (st.sound) chime();
});

let audio = null;
/** A short two-note chime made here (no sound file); only when the moderator turned sound on. */
export function chime() {
  if (!st.sound) return;
  try {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    audio = audio || new Ctx();
    const now = audio.currentTime;
    [880, 660].forEach((hz, i) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, now + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.2, now + i * 0.25 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.25 + 0.22);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.25);
      osc.stop(now + i * 0.25 + 0.25);
    });
  } catch (_) { /* no audio: the title and the section still show it */ }
}
