// The visitor client's greeting (wire protocol v1): `hello` (a new visit, or a
// resume with the rooms and seqs we hold), the `welcome` that answers it, and
// what a closed connection means. Methods of `Client` (client.js mixes them in).

import { entryCampaign } from "./campaign.js";
import { loadDevice, storeDevice } from "./visit-store.js";

export const greetingMethods = {
  _hello() {
    const p = this.profile;
    const hello = { t: "hello", nick: p.nick, lang: p.lang || "ja" };
    if (p.age_band) hello.age_band = p.age_band;
    if (p.avatar) hello.avatar = p.avatar;
    if (entryCampaign()) hello.campaign = entryCampaign(); // counted by the server per code, nothing per person
    this.device = loadDevice() || this.device;
    if (this.device) hello.device = this.device;
    const resuming = !!this.session && !this.helloResumeTried;
    if (resuming) {
      // With a valid snapshot, ask for the events we missed; without one (a
      // page reload), list no room: the server answers `reset` and we join again.
      const rooms = this.inRoom && this.room ? { [this.room]: this.seq } : {};
      if (this.support && this.support.inRoom) rooms[this.support.room] = this.support.seq;
      hello.resume = { session: this.session, rooms };
    }
    this.user = null;
    this.conn.request(hello, (reply, failure) => {
      if (failure === "timeout") {
        this.conn.stop(4000);
        this.conn.start();
        return;
      }
      if (!reply) return; // disconnected: the next connection says hello again
      if (reply.t === "welcome") {
        this._welcome(reply);
        return;
      }
      // An error. A refused resume: try once more as a new visit, on a new socket
      // (a second `hello` on the same socket is refused). Otherwise it is the nick.
      if (resuming) {
        this.helloResumeTried = true;
        this.session = null;
        this.inRoom = false;
        this.conn.stop(4000);
        this.conn.start();
        return;
      }
      this.conn.stop(1000);
      this._emit("fatal", { kind: "nick", message: reply.message || "" });
    });
  },

  _welcome(w) {
    const resumed = !!w.resumed && w.session === this.session;
    this.session = w.session;
    this.user = w.user || null;
    if (typeof w.device === "string" && w.device) {
      this.device = w.device;
      storeDevice(w.device);
    }
    this.helloResumeTried = false;
    this.conn.welcomed(w.heartbeat_s);
    this._emit("status", { state: "online" });
    this._emit("welcome", { session: w.session, resumed, user: this.user });
    const target = this.joining || this.room || "lobby";
    if (resumed && this.inRoom) {
      // The server replays what we missed (or sends `reset`). Only an
      // interrupted room switch needs to be asked again.
      if (this.joining) this._join(this.joining, 0);
    } else {
      this.inRoom = false;
      this.joining = null;
      this._join(target, 0);
    }
    const s = this.support;
    if (s && (!resumed || !s.inRoom)) {
      // A new session (or an interrupted join): ask to be let in again.
      s.inRoom = false;
      this._joinSupport();
    }
    this._persist();
  },

  _onStatus(s) {
    if (s.state === "closed") {
      const kind = { 4003: "banned", 4010: "kicked", 4011: "replaced" }[s.code] || "closed";
      this._emit("status", { state: "stopped", code: s.code });
      this._emit("fatal", { kind });
      return;
    }
    this._emit("status", s);
  },
};
