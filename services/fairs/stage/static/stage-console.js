/* The chair's console: it refreshes itself and counts the pitch's time.
 *
 * #console[data-poll] names the console's JSON view; it is polled with its ETag (a 304 costs nothing). When it
 * changed, the page itself is fetched again and its #console-live part swapped in, so the server renders the
 * one truth. Not while the chair is typing in it (a reason, a length): then the swap waits for the next poll.
 * Forms carrying data-confirm ask first. Every button is a plain form: without JavaScript the console still works.
 */
(function () {
  "use strict";
  var root = document.getElementById("console");
  if (!root) return;
  var etag = root.getAttribute("data-etag");
  var offline = document.getElementById("console-offline");
  var INTERVAL = 1500;

  function busy() {
    var live = document.getElementById("console-live");
    var active = document.activeElement;
    if (active && live.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) return true;
    return Array.prototype.some.call(live.querySelectorAll("input[name=reason]"), function (i) { return i.value !== ""; });
  }

  function swap() {
    // marked as a refresh: the page it fetches leaves the session's messages to the page the chair opens next
    return fetch(location.pathname + location.search, { credentials: "same-origin", headers: { "Accept": "text/html", "X-Rostok-Refresh": "1" } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("console-live");
        var live = document.getElementById("console-live");
        if (!fresh || !live) return;
        var open = Array.prototype.map.call(live.querySelectorAll("details[open][id]"), function (d) { return d.id; });
        live.replaceWith(fresh);
        open.forEach(function (id) { var d = document.getElementById(id); if (d) d.open = true; });
        startTimer();
      });
  }

  var pending = false;
  function poll() {
    fetch(root.getAttribute("data-poll"), { credentials: "same-origin", headers: { "Accept": "application/json", "If-None-Match": etag }, cache: "no-store" })
      .then(function (r) {
        if (offline) offline.hidden = true;
        if (r.status === 304) return null;
        if (!r.ok) throw new Error(String(r.status));
        etag = r.headers.get("ETag") || etag;
        pending = true;
      })
      .catch(function () {
        if (offline) { offline.textContent = root.getAttribute("data-text-offline"); offline.hidden = false; }
      })
      .then(function () {
        if (pending && !busy()) { pending = false; return swap().catch(function () { pending = true; }); }
      })
      .then(function () { setTimeout(poll, INTERVAL); });
  }

  var ticking = null;
  function startTimer() {
    if (ticking) clearInterval(ticking);
    var box = document.querySelector("[data-timer]");
    if (!box) return;
    var clock = box.querySelector("[data-clock]");
    var elapsed = parseInt(box.getAttribute("data-elapsed"), 10) || 0;
    var planned = parseInt(box.getAttribute("data-planned"), 10) || 0;
    var running = box.getAttribute("data-running") === "true";
    var since = Date.now();
    function show() {
      var s = elapsed + (running ? Math.floor((Date.now() - since) / 1000) : 0);
      clock.textContent = Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
      box.classList.toggle("over", planned > 0 && s > planned);
    }
    show();
    if (running) ticking = setInterval(show, 250);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
  startTimer();
  setTimeout(poll, INTERVAL);
})();
