// The visitor client's room: joining one room at a time (overflow rooms, a
// lobby to fall back to), the join's snapshot, per-room seq tracking with a
// fresh snapshot for a gap, and the router for incoming events. Methods of
// `Client` (client.js mixes them in).

const MAX_OVERFLOW_HOPS = 5;
// Errors without a ref of ours that only mean "this client raced the server".
const QUIET_ERRORS = new Set(["not_member", "bad_request", "bad_frame", "unknown_type", "not_welcomed", "no_such_room"]);

export const roomMethods = {
  _join(room, hops) {
    this.joining = room;
    this.joinBuffer = [];
    const msg = { t: "join", room };
    if (room === this.room && this.myPos) {
      msg.x = this.myPos.x;
      msg.y = this.myPos.y;
    }
    this.conn.request(msg, (reply, failure) => {
      if (!reply) {
        // Disconnected: the welcome of the next connection joins `joining`.
        if (failure === "timeout" && this.joining === room) this.joining = null;
        return;
      }
      if (this.joining !== room) return; // superseded by a newer switch
      if (reply.t === "ok") {
        this._joined(reply, room);
        return;
      }
      this.joining = null;
      this.joinBuffer = [];
      if (reply.code === "room_full" && typeof reply.overflow === "string" && hops < MAX_OVERFLOW_HOPS) {
        this._emit("problem", { code: "room_full_moving", room, overflow: reply.overflow, message: reply.message });
        this._join(reply.overflow, hops + 1);
        return;
      }
      this._emit("problem", { code: reply.code, message: reply.message, room });
      // Nowhere to be: fall back to the lobby so the visitor is never left outside.
      if (!this.inRoom && room !== "lobby") this._join("lobby", hops + 1);
    });
  },

  _joined(ok, asked) {
    const room = typeof ok.room === "string" ? ok.room : asked;
    const prev = this.inRoom ? this.room : null;
    const switched = prev !== null && prev !== room;
    if (this.room && this.room !== room && !prev) this.strays.add(this.room);
    this.room = room;
    this.inRoom = true;
    this.joining = null;
    this.info = ok.info || { kind: "lobby", title: room, capacity: null, width: 20, height: 14 };
    this.seq = typeof ok.seq === "number" ? ok.seq : 0;
    this.members = new Map();
    for (const m of Array.isArray(ok.members) ? ok.members : []) {
      if (m && typeof m.id === "string") this.members.set(m.id, { ...m });
    }
    // Large rooms (docs/protocol.md, "Large rooms"): `count` is everyone, `members` at most K of them.
    this.count = typeof ok.count === "number" ? ok.count : this.members.size;
    this.area = ok.area && typeof ok.area.from === "number" ? ok.area : null;
    this.wanted = new Set();
    const me = this.user && this.members.get(this.user.id);
    if (me) this.myPos = { x: me.x, y: me.y };
    const history = Array.isArray(ok.history) ? ok.history.filter((e) => e && e.t === "said") : [];
    this._persist();
    this._emit("room", {
      room,
      info: this.info,
      members: [...this.members.values()],
      history,
      prev,
      switched,
    });
    // Leave the old room only now: leaving every room would end the session.
    if (switched) this.strays.add(prev);
    for (const stray of this.strays) {
      if (stray !== room) this.conn.request({ t: "leave", room: stray });
    }
    this.strays.clear();
    // Events that arrived while the join was in flight, newer than the snapshot.
    const buffered = this.joinBuffer;
    this.joinBuffer = [];
    for (const ev of buffered) this._sequenced(ev, true);
  },

  _onMessage(m) {
    switch (m.t) {
      case "presence":
      case "said":
      case "deleted":
        if (this.support && m.room === this.support.room) this._supportEvent(m);
        else this._sequenced(m);
        break;
      case "moves":
        this._moves(m);
        break;
      case "appear":
      case "disappear":
        this._area(m);
        break;
      case "crowd":
        if (m.room === this.room && typeof m.count === "number") this.count = m.count;
        break;
      case "reacts":
        if (m.room === this.room && Array.isArray(m.batch)) this._emit("reacts", { room: m.room, batch: m.batch });
        break;
      case "reset":
        this._reset(m.room);
        break;
      case "notice":
        if (m.code === "support_invite") this.openSupport(m.room, m.from && typeof m.from === "object" ? m.from : null);
        this._emit("notice", m);
        break;
      case "booth.state":
      case "qa.line":
      case "qa.answered":
        if (m.room === this.room) this._emit("booth", m);
        break;
      case "error":
        // Errors without a ref of ours, e.g. for a move. Those that only mean
        // "this client raced the server" are not the visitor's business.
        if (QUIET_ERRORS.has(m.code)) console.warn("tsunagaru:", m.code, m.message);
        else this._emit("problem", { code: m.code, message: m.message });
        break;
      default:
        break; // unknown types are ignored (the protocol grows)
    }
  },

  _reset(room) {
    if (typeof room !== "string") return;
    const s = this.support;
    if (s && room === s.room) {
      if (!s.joining) {
        s.inRoom = false;
        this._joinSupport();
      }
      return;
    }
    if (room === this.joining) return; // the join in flight will bring a snapshot
    if (room === this.room) {
      this.inRoom = false;
      this._join(room, 0);
    } else if (this.inRoom) {
      // The session is still in a room we meant to leave.
      this.conn.request({ t: "leave", room });
    } else {
      this.strays.add(room);
    }
  },

  _sequenced(ev, buffered = false) {
    if (ev.room === this.joining) {
      if (!buffered) this.joinBuffer.push(ev);
      return;
    }
    if (ev.room !== this.room || !this.inRoom) return;
    if (typeof ev.seq === "number") {
      if (ev.seq <= this.seq) return; // already seen (replay overlap)
      const first = typeof ev.first === "number" ? ev.first : ev.seq; // a presence may stand for several
      if (first > this.seq + 1 && !this._byArea()) {
        // Buffered events that outran the snapshot are dropped: the next live
        // event shows whether something is really missing.
        if (buffered) return;
        if (this._mayRejoin()) {
          // A gap we cannot fill: take a fresh snapshot.
          this.inRoom = false;
          this._join(this.room, 0);
          this.joinBuffer.push(ev);
          return;
        }
        // Gaps again and again (a confused server): go on rather than loop.
      }
      this.seq = ev.seq;
    }
    if (ev.t === "presence") this._presence(ev);
    else if (ev.t === "said") this._emit("said", ev);
    else if (ev.t === "deleted") this._emit("deleted", ev);
    this._persistSoon();
  },

  _presence(ev) {
    const joins = [];
    const leaves = [];
    let meLeft = false;
    // Leaves first: an aggregated presence names someone who went and came back in both.
    for (const id of Array.isArray(ev.leaves) ? ev.leaves : []) {
      const m = this.members.get(id);
      this.members.delete(id);
      if (this.user && id === this.user.id) meLeft = true;
      else leaves.push(m || { id, nick: "" });
    }
    for (const m of Array.isArray(ev.joins) ? ev.joins : []) {
      if (!m || typeof m.id !== "string") continue;
      this.members.set(m.id, { ...m });
      joins.push(m);
    }
    if (typeof ev.count === "number") this.count = ev.count;
    else this.count = Math.max(this.members.size, (this.count || 0) + joins.length - leaves.length);
    this._emit("presence", { room: ev.room, joins, leaves });
    if (meLeft && this._mayRejoin()) {
      // The server let us go (e.g. our old connection timed out): come back.
      this.inRoom = false;
      this._join(this.room, 0);
    }
  },

  /** At most 3 self-made rejoins in 30 s, so that a confused server cannot make us loop. */
  _mayRejoin() {
    const now = Date.now();
    this.rejoins = (this.rejoins || []).filter((t) => now - t < 30000);
    if (this.rejoins.length >= 3) return false;
    this.rejoins.push(now);
    return true;
  },
};
