// The visitor's side of wire protocol v1 (docs: /work/shared/design/PROTOCOL.md):
// hello / resume, joining one room at a time, per-room seq tracking, moves,
// chat. No DOM here: the UI listens to the events this emits.
//
// Events (client.on(type, fn)):
//   status   {state, code?, retryInMs?}   connecting | online | reconnecting | offline | stopped | closed
//   welcome  {session, resumed, user}
//   room     {room, info, members, history, prev, switched}   a join `ok` (fresh snapshot)
//   presence {room, joins: [member], leaves: [member]}   also for `appear`/`disappear` in a crowded room
//            and for people a `members` page named; `client.count` is the room's size (`members` may hold fewer)
//   said     the `said` event
//   deleted  the `deleted` event
//   moves    {room, batch}
//   notice   the `notice` event
//   problem  {code, message, room?, overflow?}   an `error` worth telling the visitor about
//   fatal    {kind: "banned"|"kicked"|"replaced"|"nick", message?}
//   support  {state: "open"|"closed", room, info?, members?, history?, reason?}   the staff support room
//   support.said / support.presence / support.deleted   events of the support room
//
// The support room (`support:<id>`, opened by staff with `notice {code:
// "support_invite"}`) is held beside the visitor's ordinary room: it is never
// switched to, never left by a room switch, and resumed with it.

import { Connection, wsUrl } from "./conn.js";
import { entryCampaign } from "./campaign.js";

const STORE_KEY = "tsunagaru.v1";
const DEVICE_KEY = "tsunagaru.device"; // the server's opaque device credential (localStorage)
const MOVE_INTERVAL_MS = 100; // at most ~10 moves a second
const MAX_OVERFLOW_HOPS = 5;
const CHANNEL = "tsunagaru-sessions";
const MAX_MEMBER_PAGES = 4; // member pages asked for at a time when unknown people move nearby
const MAX_WANTED = 200; // unknown movers remembered until a page names them
const QUIET_ERRORS = new Set(["not_member", "bad_request", "bad_frame", "unknown_type", "not_welcomed", "no_such_room"]);

/** The device credential this browser was given earlier, if any. */
export function loadDevice() {
  try {
    const v = localStorage.getItem(DEVICE_KEY);
    return typeof v === "string" && v ? v : null;
  } catch (_) {
    return null;
  }
}

function storeDevice(device) {
  if (typeof device !== "string" || !device) return;
  try {
    if (localStorage.getItem(DEVICE_KEY) !== device) localStorage.setItem(DEVICE_KEY, device);
  } catch (_) { /* no storage: the device lasts for this page only */ }
}

export function loadStored() {
  try {
    const raw = sessionStorage.getItem(STORE_KEY);
    const v = raw ? JSON.parse(raw) : null;
    return v && typeof v === "object" ? v : null;
  } catch (_) {
    return null;
  }
}

function round2(v) {
  return Math.round(v * 100) / 100;
}

export class Client {
  constructor() {
    this.listeners = new Map();
    this.profile = null; // {nick, age_band, lang}
    this.session = null;
    this.user = null;
    this.room = null; // the room we are in (or were in, before a loss)
    this.inRoom = false; // our snapshot of `room` is valid
    this.info = null;
    this.seq = 0; // last seq applied in `room`
    this.members = new Map();
    this.count = 0; // members in the room (large rooms: more than `members` holds)
    this.area = null; // {from, cell, radius} of the join answer
    this.wanted = new Set(); // ids seen moving that `members` does not hold yet
    this.paging = false;
    this.joining = null; // room id of the join in flight
    this.joinBuffer = [];
    this.strays = new Set(); // rooms the server says we are in, but we left
    this.myPos = null;
    this.lastMoveAt = 0;
    this.moveTimer = null;
    this.helloResumeTried = false;
    this.device = loadDevice();
    // The support room: {room, from, seq, inRoom, joining, members: Map, info}
    this.support = null;
    this.conn = new Connection(wsUrl(), {
      onOpen: () => this._hello(),
      onMessage: (m) => this._onMessage(m),
      onStatus: (s) => this._onStatus(s),
    });
    this._channel = "BroadcastChannel" in window ? new BroadcastChannel(CHANNEL) : null;
    if (this._channel) {
      this._channel.onmessage = (e) => {
        const d = e.data || {};
        if (d.type === "who" && this.session && d.session === this.session && !this.conn.stopped) {
          this._channel.postMessage({ type: "mine", session: this.session });
        }
      };
    }
  }

  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(fn);
  }

  _emit(type, detail) {
    for (const fn of this.listeners.get(type) || []) {
      try {
        fn(detail);
      } catch (err) {
        console.error("tsunagaru: listener failed", type, err);
      }
    }
  }

  // -- public API --------------------------------------------------------------
  /**
   * Start (or, after a page reload, resume) a visit.
   * `stored` is what loadStored() returned: session id and room to come back to.
   */
  async start(profile, stored = null) {
    this.profile = { ...profile };
    this.session = null;
    this.room = null;
    this.support = null;
    if (stored && stored.session && stored.nick === profile.nick) {
      // A duplicated tab carries a copy of sessionStorage: do not fight the
      // original tab for the same session (4011 ping-pong); start afresh.
      if (!(await this._sessionInUseElsewhere(stored.session))) this.session = stored.session;
      if (typeof stored.room === "string") this.room = stored.room;
      // A reload in the middle of a conversation with staff: go back into it.
      const sup = stored.support;
      if (this.session && sup && typeof sup.room === "string" && sup.room.startsWith("support:")) {
        this.support = { room: sup.room, from: sup.from && typeof sup.from === "object" ? sup.from : null, seq: 0,
                         inRoom: false, joining: false, members: new Map(), info: null, buffer: [] };
      }
    }
    this.inRoom = false;
    this.helloResumeTried = false;
    this._persist();
    this.conn.start();
  }

  /** Leave the venue on purpose: close with 1000, which ends the session at once. */
  leaveVenue() {
    this.conn.stop(1000);
    this._supportClosed("left");
    this.session = null;
    this.user = null;
    this.room = null;
    this.inRoom = false;
    this.joining = null;
    this.members.clear();
    try {
      sessionStorage.removeItem(STORE_KEY);
    } catch (_) { /* storage unavailable */ }
  }

  /** Reconnect after a final close (replaced, kicked). `fresh` drops the session. */
  restart(fresh) {
    if (fresh) {
      this.session = null;
      this.inRoom = false;
    }
    this.helloResumeTried = false;
    this.conn.start();
  }

  switchRoom(room) {
    if (room === this.joining) return;
    if (room === this.room && this.inRoom && !this.joining) return;
    this._join(room, 0);
  }

  /** cb(reply | null, failure): reply is `ok` (maybe `held`) or `error`. */
  say(text, cb) {
    if (!this.inRoom || !this.room) {
      cb(null, "not_in_room");
      return;
    }
    this.conn.request({ t: "say", room: this.room, text }, cb);
  }

  /** A question to the booth we are in; cb(reply | null, failure) like say(). */
  ask(text, cb) {
    if (!this.inRoom || !this.room || !this.room.startsWith("booth:")) {
      cb(null, "not_in_room");
      return;
    }
    this.conn.request({ t: "qa.ask", room: this.room, text }, cb);
  }

  /** A reaction over our avatar (fire-and-forget: over the server's budget it is dropped quietly). */
  react(emote) {
    if (!this.inRoom || !this.room || this.joining) return false;
    return !!this.conn.send({ t: "react", room: this.room, emote });
  }

  /** Our own position changed; sent at most every 100 ms, the latest one last. */
  move(x, y) {
    this.myPos = { x: round2(x), y: round2(y) };
    if (this.user && this.members.has(this.user.id)) {
      const me = this.members.get(this.user.id);
      me.x = this.myPos.x;
      me.y = this.myPos.y;
    }
    if (this.moveTimer) return;
    const wait = this.lastMoveAt + MOVE_INTERVAL_MS - Date.now();
    if (wait <= 0) this._sendMove();
    else this.moveTimer = setTimeout(() => this._sendMove(), wait);
  }

  // -- the support room -----------------------------------------------------------
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
  }

  /** The visitor leaves the support conversation (at any time). */
  leaveSupport() {
    const s = this.support;
    if (!s) return;
    if (s.inRoom || s.joining) this.conn.request({ t: "leave", room: s.room });
    this._supportClosed("left");
  }

  /** cb(reply | null, failure) like say(). */
  saySupport(text, cb) {
    const s = this.support;
    if (!s || !s.inRoom) {
      cb(null, "not_in_room");
      return;
    }
    this.conn.request({ t: "say", room: s.room, text }, cb);
  }

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
  }

  _supportClosed(reason) {
    const s = this.support;
    if (!s) return;
    this.support = null;
    this._persist();
    this._emit("support", { state: "closed", room: s.room, reason });
  }

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
  }

  get online() {
    return this.conn.open && !!this.user;
  }

  // -- connection --------------------------------------------------------------
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
  }

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
  }

  _onStatus(s) {
    if (s.state === "closed") {
      const kind = { 4003: "banned", 4010: "kicked", 4011: "replaced" }[s.code] || "closed";
      this._emit("status", { state: "stopped", code: s.code });
      this._emit("fatal", { kind });
      return;
    }
    this._emit("status", s);
  }

  // -- rooms -------------------------------------------------------------------
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
  }

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
  }

  // -- events ------------------------------------------------------------------
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
  }

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
  }

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
  }

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
  }

  /** A room past `area.from` members: we are sent only our area, so gaps in `seq` are expected. */
  _byArea() {
    return !!this.area && this.count > this.area.from;
  }

  /** Someone came into (`appear`) or went out of (`disappear`) our area: drawn or forgotten, not announced. */
  _area(m) {
    if (m.room !== this.room || !this.inRoom || this.joining === m.room) return;
    const joins = [];
    const leaves = [];
    for (const p of m.t === "appear" && Array.isArray(m.members) ? m.members : []) {
      if (!p || typeof p.id !== "string" || (this.user && p.id === this.user.id)) continue;
      this.members.set(p.id, { ...p });
      this.wanted.delete(p.id);
      joins.push(p);
    }
    for (const id of m.t === "disappear" && Array.isArray(m.ids) ? m.ids : []) {
      if (this.user && id === this.user.id) continue;
      const gone = this.members.get(id);
      if (!gone) continue;
      this.members.delete(id);
      leaves.push(gone);
    }
    if (joins.length || leaves.length) this._emit("presence", { room: m.room, joins, leaves });
  }

  /** Positions of people we have no name for (the join gave only K): ask for member pages until
   * they are found, a bounded number of pages at a time, one request in flight. */
  _fetchWanted(after = null, pages = 0) {
    const room = this.room;
    if (this.paging || !this.wanted.size || !this.inRoom) return;
    this.paging = true;
    this.conn.request({ t: "members", room, ...(after ? { after } : {}) }, (reply) => {
      this.paging = false;
      if (!reply || reply.t !== "ok" || room !== this.room) return;
      const found = [];
      for (const p of Array.isArray(reply.members) ? reply.members : []) {
        if (!p || !this.wanted.has(p.id) || this.members.has(p.id)) continue;
        this.members.set(p.id, { ...p });
        this.wanted.delete(p.id);
        found.push(p);
      }
      if (typeof reply.count === "number") this.count = reply.count;
      if (found.length) this._emit("presence", { room, joins: found, leaves: [] });
      if (this.wanted.size && typeof reply.next === "string" && pages + 1 < MAX_MEMBER_PAGES) {
        this._fetchWanted(reply.next, pages + 1);
      } else {
        this.wanted.clear(); // not found (gone meanwhile): the next unknown mover asks again
      }
    });
  }

  /** At most 3 self-made rejoins in 30 s, so that a confused server cannot make us loop. */
  _mayRejoin() {
    const now = Date.now();
    this.rejoins = (this.rejoins || []).filter((t) => now - t < 30000);
    if (this.rejoins.length >= 3) return false;
    this.rejoins.push(now);
    return true;
  }

  _moves(m) {
    if (m.room !== this.room || !this.inRoom || this.joining === m.room || !Array.isArray(m.batch)) return;
    const batch = [];
    for (const item of m.batch) {
      if (!Array.isArray(item) || item.length < 3) continue;
      const [id, x, y] = item;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (this.user && id === this.user.id) continue;
      const member = this.members.get(id);
      if (!member) {
        if (typeof id === "string" && this.wanted.size < MAX_WANTED) this.wanted.add(id);
        continue;
      }
      member.x = x;
      member.y = y;
      batch.push([id, x, y]);
    }
    if (batch.length) this._emit("moves", { room: m.room, batch });
    if (this.wanted.size) this._fetchWanted();
  }

  _sendMove() {
    this.moveTimer = null;
    if (!this.myPos || !this.inRoom || !this.room || this.joining) return;
    if (this.conn.send({ t: "move", room: this.room, x: this.myPos.x, y: this.myPos.y })) {
      this.lastMoveAt = Date.now();
    }
  }

  // -- storage -----------------------------------------------------------------
  _persist() {
    clearTimeout(this._persistTimer);
    this._persistTimer = null;
    if (!this.profile) return;
    try {
      sessionStorage.setItem(STORE_KEY, JSON.stringify({
        nick: this.profile.nick,
        age_band: this.profile.age_band || null,
        avatar: this.profile.avatar || null,
        session: this.session,
        room: this.joining || this.room,
        seq: this.seq,
        support: this.support ? { room: this.support.room, from: this.support.from } : null,
        at: Date.now(),
      }));
    } catch (_) { /* private mode without storage: resume only within the page */ }
  }

  _persistSoon() {
    if (!this._persistTimer) this._persistTimer = setTimeout(() => this._persist(), 1000);
  }

  _sessionInUseElsewhere(session) {
    if (!this._channel) return Promise.resolve(false);
    return new Promise((resolve) => {
      const ch = new BroadcastChannel(CHANNEL);
      const done = (v) => {
        clearTimeout(timer);
        ch.close();
        resolve(v);
      };
      const timer = setTimeout(() => done(false), 200);
      ch.onmessage = (e) => {
        if (e.data && e.data.type === "mine" && e.data.session === session) done(true);
      };
      ch.postMessage({ type: "who", session });
    });
  }
}
