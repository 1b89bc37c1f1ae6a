/* A queue of form submissions kept in the browser until the server has them.
 *
 *   var queue = RostokQueue.open({ scope: "fairs.3.juror.7", csrf: function () { return token; },
 *                                  onChange: function (queue) {...}, onSent: function (item, body) {...} });
 *   queue.submit({ target: "pitch-12", url: "/fairs/api/v1/…", method: "PUT", body: {...}, label: "3. Эссо-тур" });
 *
 * Each submission is written to localStorage first (it survives a reload, a closed tab, a phone that slept)
 * with its own Idempotency-Key, then sent; without network it waits and goes when the network is back (the
 * "online" event, on every page open, and every 15 s). The key goes with every resend, so the server applies a
 * submission once however many times it arrives. A newer submission for the same target replaces one still
 * waiting (the server takes the latest whole sheet; the older one need not travel).
 *
 * Answers: 2xx sent (forgotten here); a server error, a timeout or no network: waits, tried again later;
 * 401/403/400 (signed out, a replaced link, a page from before the session changed): held, kept, shown with
 * the reason, tried again when the page is opened anew; 404/409/410/422 (refused for what it says): kept and
 * shown with the server's reason, never retried and never silently dropped; the person corrects it (a new
 * submission for the target replaces it) or dismisses it.
 *
 * Several tabs of one page may send at once: the shared key makes that harmless.
 */
(function () {
  "use strict";
  var RETRY_MS = 15000;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function reasonOf(status, body) {
    var parts = [];
    if (body && body.errors) {
      Object.keys(body.errors).forEach(function (field) {
        var value = body.errors[field];
        if (Array.isArray(value)) parts = parts.concat(value.filter(function (v) { return typeof v === "string"; }));
        else if (value && typeof value === "object") {
          Object.keys(value).forEach(function (k) { parts = parts.concat(value[k]); });
        } else if (typeof value === "string") parts.push(value);
      });
    }
    var message = body && body.message ? String(body.message) : "";
    if (message && parts.indexOf(message) === -1) parts.unshift(message);
    return parts.join(" ") || String(status);
  }

  function Queue(options) {
    this.key = "rostok.queue." + options.scope;
    this.csrf = options.csrf || function () { return ""; };
    this.onChange = options.onChange || function () {};
    this.onSent = options.onSent || function () {};
    this.sending = false;
    this.online = true;
    this.lastSent = null;
    var self = this;
    window.addEventListener("online", function () { self.flush(true); });
    window.addEventListener("storage", function (event) { if (event.key === self.key) self.onChange(self); });
    document.addEventListener("visibilitychange", function () { if (!document.hidden) self.flush(); });
    setInterval(function () { self.flush(); }, RETRY_MS);
  }

  Queue.prototype.read = function () {
    try { return JSON.parse(localStorage.getItem(this.key) || "[]") || []; } catch (e) { return []; }
  };
  Queue.prototype.write = function (items) {
    localStorage.setItem(this.key, JSON.stringify(items));
  };
  Queue.prototype.items = function () { return this.read(); };
  Queue.prototype.waiting = function () {
    return this.read().filter(function (i) { return i.state !== "refused"; });
  };
  Queue.prototype.refused = function () {
    return this.read().filter(function (i) { return i.state === "refused"; });
  };
  Queue.prototype.find = function (target) {
    var found = this.read().filter(function (i) { return i.target === target; });
    return found.length ? found[found.length - 1] : null;
  };

  Queue.prototype.submit = function (submission) {
    var item = {
      id: uuid(), target: submission.target, url: submission.url, method: submission.method || "POST",
      body: submission.body, label: submission.label || "", at: Date.now(), state: "waiting", tries: 0
    };
    // the newer whole submission for a target replaces any older one still here (waiting, held or refused)
    var items = this.read().filter(function (i) { return i.target !== item.target; });
    items.push(item);
    this.write(items);  // kept before anything is sent
    this.onChange(this);
    this.flush(true);
    return item;
  };

  Queue.prototype.dismiss = function (id) {
    this.write(this.read().filter(function (i) { return i.id !== id; }));
    this.onChange(this);
  };

  Queue.prototype._update = function (id, change) {
    var items = this.read();
    var found = false;
    items.forEach(function (i) {
      if (i.id === id) { found = true; Object.keys(change).forEach(function (k) { i[k] = change[k]; }); }
    });
    if (found) this.write(items);
    return found;
  };

  /* Send what waits, oldest first, one at a time. ``retryHeld``: also what a sign-in problem held back
   * (a fresh page, the network back), since the reason may be gone. */
  Queue.prototype.flush = function (retryHeld) {
    var self = this;
    if (self.sending) { self.again = self.again || !!retryHeld; return; }
    var next = self.read().filter(function (i) {
      return i.state === "waiting" || (retryHeld && i.state === "held");
    })[0];
    if (!next) { self.onChange(self); return; }
    self.sending = true;
    self.current = next.id;
    self.onChange(self);
    fetch(next.url, {
      method: next.method,
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "Content-Type": "application/json",
        "Idempotency-Key": next.id,
        "X-CSRFToken": self.csrf()
      },
      body: JSON.stringify(next.body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, ok: response.ok, body: body };
      });
    }).then(function (result) {
      self.online = true;
      var s = result.status;
      if (result.ok) {
        self.write(self.read().filter(function (i) { return i.id !== next.id; }));
        self.lastSent = { target: next.target, label: next.label, at: Date.now() };
        self.onSent(next, result.body);
      } else if (s >= 500 || s === 408 || s === 429) {
        self._update(next.id, { tries: (next.tries || 0) + 1 });
        return "later";
      } else if (s === 400 || s === 401 || s === 403) {
        self._update(next.id, { state: "held", status: s, reason: reasonOf(s, result.body) });
        self.lastSent = null;  // "sent" would no longer be the news
      } else {
        self._update(next.id, { state: "refused", status: s, reason: reasonOf(s, result.body), errors: result.body.errors || null });
        self.lastSent = null;
      }
      return "go on";
    }, function () {
      self.online = false;  // no network: it waits here
      return "later";
    }).then(function (how) {
      self.sending = false;
      self.current = null;
      var again = self.again;
      self.again = false;
      if (how === "go on") self.flush(again);
      else self.onChange(self);
    });
  };

  window.RostokQueue = {
    open: function (options) {
      var queue = new Queue(options);
      // what an earlier page left here (held by a sign-in problem too) goes now
      setTimeout(function () { queue.flush(true); }, 0);
      return queue;
    }
  };
})();
