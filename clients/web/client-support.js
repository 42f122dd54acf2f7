// The support room (`support:<id>`, opened by staff with `notice {code:
// "support_invite"}`) is held beside the visitor's ordinary room: it is never
// switched to, never left by a room switch, and resumed with it. Methods of
// `Client` (client.js mixes them in); the UI hears `support`, `support.said`,
// `support.presence` and `support.deleted`.

export const supportMethods = {
  /** Staff opened a support room for us (`notice {code: "support_invite"}`): join it. */
  openSupport(room, from) {
    if (typeof room !== "string" || !room.startsWith("support:")) return;
    if (this.support && this.support.room === room) {
      if (from) this.support.from = from;
      if (!this.support.inRoom && !this.support.joining) this._joinSupport();
      return;
    }
    if (this.support) this.leaveSupport();
    this.support = { room, from: from || null, seq: 0, inRoom: false, joining: false, members: new Map(), info: null, buffer: [] };
    this._persist();
    this._joinSupport();
  },

  /** The visitor leaves the support conversation (at any time). */
  leaveSupport() {
    const s = this.support;
    if (!s) return;
    if (s.inRoom || s.joining) this.conn.request({ t: "leave", room: s.room });
    this._supportClosed("left");
  },

  /** cb(reply | null, failure) like say(). */
  saySupport(text, cb) {
    const s = this.support;
    if (!s || !s.inRoom) {
      cb(null, "not_in_room");
      return;
    }
    this.conn.request({ t: "say", room: s.room, text }, cb);
  },

  _joinSupport() {
    const s = this.support;
    if (!s || !this.user) return; // the welcome joins it
    s.joining = true;
    s.buffer = [];
    this.conn.request({ t: "join", room: s.room }, (reply) => {
      if (this.support !== s) return;
      s.joining = false;
      if (!reply) return; // disconnected: the next welcome joins again
      if (reply.t !== "ok") {
        this._supportClosed(reply.code || "refused");
        return;
      }
      s.inRoom = true;
      s.info = reply.info || { kind: "support" };
      s.seq = typeof reply.seq === "number" ? reply.seq : 0;
      s.members = new Map();
      for (const m of Array.isArray(reply.members) ? reply.members : []) {
        if (m && typeof m.id === "string") s.members.set(m.id, { ...m });
      }
      const history = Array.isArray(reply.history) ? reply.history.filter((e) => e && e.t === "said") : [];
      this._emit("support", { state: "open", room: s.room, from: s.from, info: s.info, members: [...s.members.values()], history });
      const buffered = s.buffer;
      s.buffer = [];
      for (const ev of buffered) this._supportEvent(ev, true);
    });
  },

  _supportClosed(reason) {
    const s = this.support;
    if (!s) return;
    this.support = null;
    this._persist();
    this._emit("support", { state: "closed", room: s.room, reason });
  },

  _supportEvent(ev, buffered = false) {
    const s = this.support;
    if (!s) return;
    if (s.joining) {
      if (!buffered) s.buffer.push(ev);
      return;
    }
    if (!s.inRoom) return;
    if (typeof ev.seq === "number") {
      if (ev.seq <= s.seq) return;
      if (ev.seq > s.seq + 1 && !buffered && this._mayRejoin()) {
        s.inRoom = false;
        this._joinSupport();
        return;
      }
      s.seq = ev.seq;
    }
    if (ev.t === "presence") {
      const joins = [];
      const leaves = [];
      for (const m of Array.isArray(ev.joins) ? ev.joins : []) {
        if (!m || typeof m.id !== "string") continue;
        s.members.set(m.id, { ...m });
        joins.push(m);
      }
      for (const id of Array.isArray(ev.leaves) ? ev.leaves : []) {
        const m = s.members.get(id);
        s.members.delete(id);
        if (this.user && id === this.user.id) {
          this._supportClosed("removed"); // the server let us go (the room was closed)
          return;
        }
        leaves.push(m || { id, nick: "" });
      }
      this._emit("support.presence", { room: ev.room, joins, leaves });
    } else if (ev.t === "said") {
      this._emit("support.said", ev);
    } else if (ev.t === "deleted") {
      this._emit("support.deleted", ev);
    }
  },
};
