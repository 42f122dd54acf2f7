// Moves in the visitor client's room: others' positions (`moves`), people
// coming into and out of our area in a large room (`appear` / `disappear`),
// member pages for movers we have no name for, and sending our own position.
// Methods of `Client` (client.js mixes them in).

const MAX_MEMBER_PAGES = 4; // member pages asked for at a time when unknown people move nearby
const MAX_WANTED = 200; // unknown movers remembered until a page names them

export const crowdMethods = {
  /** A room past `area.from` members: we are sent only our area, so gaps in `seq` are expected. */
  _byArea() {
    return !!this.area && this.count > this.area.from;
  },

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
  },

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
  },

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
  },

  _sendMove() {
    this.moveTimer = null;
    if (!this.myPos || !this.inRoom || !this.room || this.joining) return;
    if (this.conn.send({ t: "move", room: this.room, x: this.myPos.x, y: this.myPos.y })) {
      this.lastMoveAt = Date.now();
    }
  },
};
