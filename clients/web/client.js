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
// `Client` is this module's state and public API; its methods by subject live
// beside it and are mixed into it: client-greeting.js (hello, welcome, closes),
// client-rooms.js (joins, seqs, the event router), client-crowd.js (moves, areas,
// member pages), client-support.js (the support room); visit-store.js keeps the
// visit across reloads.

import { Connection, wsUrl } from "./conn.js";
import { greetingMethods } from "./client-greeting.js";
import { roomMethods } from "./client-rooms.js";
import { crowdMethods } from "./client-crowd.js";
import { supportMethods } from "./client-support.js";
import { loadDevice, loadStored, saveStored, forgetStored, openSessionChannel, sessionInUseElsewhere } from "./visit-store.js";

export { loadDevice, loadStored }; // importers (app.js, tickets.js) take them from here

export const MOVE_INTERVAL_MS = 100; // at most ~10 moves a second (the host console's staff rooms too)

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
    this._channel = openSessionChannel(() => (this.conn.stopped ? null : this.session));
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
    forgetStored();
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

  get online() {
    return this.conn.open && !!this.user;
  }

  // -- storage -----------------------------------------------------------------
  _persist() {
    clearTimeout(this._persistTimer);
    this._persistTimer = null;
    if (!this.profile) return;
    saveStored({
      nick: this.profile.nick,
      age_band: this.profile.age_band || null,
      avatar: this.profile.avatar || null,
      session: this.session,
      room: this.joining || this.room,
      seq: this.seq,
      support: this.support ? { room: this.support.room, from: this.support.from } : null,
      at: Date.now(),
    });
  }

  _persistSoon() {
    if (!this._persistTimer) this._persistTimer = setTimeout(() => this._persist(), 1000);
  }

  _sessionInUseElsewhere(session) {
    if (!this._channel) return Promise.resolve(false);
    return sessionInUseElsewhere(session);
  }
}

Object.assign(Client.prototype, greetingMethods, roomMethods, crowdMethods, supportMethods);
