// The socket: one WebSocket at a time, JSON subprotocol, batches, refs,
// heartbeat and reconnection with backoff. It knows nothing about rooms;
// client.js speaks the protocol on top of it.

export const SUBPROTOCOL = "tsunagaru.v1.json";

// Close codes after which we do not reconnect by ourselves (PROTOCOL.md).
const FINAL_CLOSES = new Set([4003, 4010, 4011]);
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];
const REQUEST_TIMEOUT_MS = 15000;
const REPLIES = new Set(["ok", "error", "welcome", "pong"]);

export function wsUrl(loc = window.location) {
  const scheme = loc.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${loc.host}/ws`;
}

export class Connection {
  /**
   * handlers: onOpen() (send hello here), onMessage(msg), onStatus({state, code, retryInMs})
   */
  constructor(url, handlers) {
    this.url = url;
    this.h = handlers;
    this.ws = null;
    this.nextRef = 1;
    this.pending = new Map(); // ref -> {cb, timer}
    this.attempt = 0;
    this.retryTimer = null;
    this.heartbeatTimer = null;
    this.heartbeatMs = 0;
    this.lastRx = 0;
    this.stopped = true;
    // Back online, or back in the foreground: do not wait for the backoff.
    window.addEventListener("online", () => this.nudge());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.nudge();
    });
  }

  get open() {
    return !!this.ws && this.ws.readyState === WebSocket.OPEN;
  }

  start() {
    this.stopped = false;
    this.attempt = 0;
    this._connect();
  }

  /** Close on purpose. 1000 ends the session on the server at once. */
  stop(code = 1000) {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this._stopHeartbeat();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = ws.onmessage = ws.onerror = ws.onopen = null;
      try { ws.close(code); } catch (_) { /* already closed */ }
    }
    this._failPending();
    this.h.onStatus({ state: "stopped", code });
  }

  /**
   * Back online or in the foreground: reconnect now if we are waiting between
   * attempts; if the socket looks open, check it (a phone that slept may hold
   * a dead one that will never report its close).
   */
  nudge() {
    if (this.stopped) return;
    if (!this.ws) {
      this._retryNow();
      return;
    }
    if (!this.open || !this.heartbeatTimer) return;
    const ws = this.ws;
    const asked = Date.now();
    this.request({ t: "ping" });
    setTimeout(() => {
      if (this.ws === ws && this.lastRx < asked) this._drop(ws);
    }, 5000);
  }

  /** Give up on a silent socket; the close handler resumes on a new one. */
  _drop(ws) {
    try { ws.close(4000, "silent"); } catch (_) { /* ignore */ }
    ws.onclose({ code: 4000, reason: "silent" });
  }

  /** The welcome arrived: the link is healthy, start the heartbeat. */
  welcomed(heartbeatS) {
    this.attempt = 0;
    const s = Number(heartbeatS);
    this.heartbeatMs = Number.isFinite(s) && s > 0 ? Math.max(5, Math.min(s, 120)) * 1000 : 25000;
    this._startHeartbeat();
  }

  /** Send a message without waiting for a reply. False if not connected. */
  send(msg) {
    if (!this.open) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  /**
   * Send a request with a fresh ref. `cb(reply, failure)` is called exactly once:
   * with the reply (`ok`, `error`, `welcome`, `pong`) synchronously, in frame
   * order, so that events that follow a reply in the same batch see its effect;
   * or with failure "disconnected" / "timeout".
   */
  request(msg, cb = () => {}) {
    if (!this.open) {
      cb(null, "disconnected");
      return null;
    }
    const ref = this.nextRef++;
    const timer = setTimeout(() => {
      if (this.pending.delete(ref)) cb(null, "timeout");
    }, REQUEST_TIMEOUT_MS);
    this.pending.set(ref, { cb, timer });
    this.ws.send(JSON.stringify({ ...msg, ref }));
    return ref;
  }

  // -- internals -------------------------------------------------------------
  _connect() {
    clearTimeout(this.retryTimer);
    this.h.onStatus({ state: this.attempt === 0 ? "connecting" : "reconnecting" });
    let ws;
    try {
      ws = new WebSocket(this.url, [SUBPROTOCOL]);
    } catch (_) {
      this._scheduleRetry(1006);
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.lastRx = Date.now();
      this.h.onOpen();
    };
    ws.onmessage = (ev) => this._onFrame(ev.data);
    ws.onerror = () => { /* a close event follows */ };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this._stopHeartbeat();
      this._failPending();
      if (this.stopped) return;
      if (FINAL_CLOSES.has(ev.code)) {
        this.stopped = true;
        this.h.onStatus({ state: "closed", code: ev.code, reason: ev.reason });
        return;
      }
      this._scheduleRetry(ev.code);
    };
  }

  _onFrame(data) {
    if (typeof data !== "string") return; // JSON connection: text frames only
    this.lastRx = Date.now();
    let value;
    try {
      value = JSON.parse(data);
    } catch (_) {
      return;
    }
    const batch = Array.isArray(value) ? value : [value];
    for (const msg of batch) {
      if (!msg || typeof msg !== "object" || typeof msg.t !== "string") continue;
      try {
        if (REPLIES.has(msg.t) && msg.ref != null && this.pending.has(msg.ref)) {
          const p = this.pending.get(msg.ref);
          this.pending.delete(msg.ref);
          clearTimeout(p.timer);
          p.cb(msg, null);
        } else if (msg.t !== "pong") {
          this.h.onMessage(msg);
        }
      } catch (err) {
        console.error("tsunagaru: handler failed", err); // keep reading the batch
      }
    }
  }

  _failPending() {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) {
      clearTimeout(p.timer);
      try { p.cb(null, "disconnected"); } catch (err) { console.error(err); }
    }
  }

  _scheduleRetry(code) {
    if (this.stopped) return;
    let delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    if (code === 4008) delay = Math.max(delay, 5000); // flood: calm down first
    if (code === 1001) delay = Math.min(delay, 1000); // drain: another node is ready
    delay = Math.round(delay * (0.75 + Math.random() * 0.5));
    this.attempt += 1;
    const offline = typeof navigator !== "undefined" && navigator.onLine === false;
    this.h.onStatus({ state: offline ? "offline" : "reconnecting", code, retryInMs: delay });
    this.retryTimer = setTimeout(() => this._connect(), delay);
  }

  _retryNow() {
    clearTimeout(this.retryTimer);
    this._connect();
  }

  _startHeartbeat() {
    this._stopHeartbeat();
    this.heartbeatTimer = setInterval(() => {
      if (!this.open) return;
      if (Date.now() - this.lastRx > this.heartbeatMs * 2 + 5000) {
        this._drop(this.ws); // silent link (a phone that changed networks): resume elsewhere
        return;
      }
      this.request({ t: "ping" });
    }, this.heartbeatMs);
  }

  _stopHeartbeat() {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }
}
