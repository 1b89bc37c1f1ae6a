/* A tick-list that keeps working without a network.
 *
 * <form data-offline-list data-url="…json endpoint…" data-csrf="…">: on submit the
 * full list of ticked values is kept in localStorage first, then sent with PUT.
 * Without a network it stays queued and is sent when the phone is back online
 * (or every 20 s). The server replaces the whole list, so a list sent twice
 * changes nothing: no doubling. The list carries the version it was ticked on
 * (data-version): one ticked on an older version than the server's is refused
 * (409) with the current list, which is shown to be checked and saved again.
 * A refusal of the list itself (409, 422) is dropped and shown; a server error, or
 * a session that ended meanwhile (400, 401, 403), keeps the list queued.
 * Without JavaScript the form posts normally.
 */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-offline-list]");
  Array.prototype.forEach.call(forms, function (form) {
    var url = form.getAttribute("data-url");
    var key = "rostok.pending." + url;
    var status = form.querySelector("[data-status]");
    var counter = form.querySelector("[data-count]");
    var boxes = form.querySelectorAll("input[type=checkbox][name]");
    var text = {
      saving: form.getAttribute("data-text-saving"),
      queued: form.getAttribute("data-text-queued"),
      failed: form.getAttribute("data-text-failed"),
      signin: form.getAttribute("data-text-signin")
    };

    function ticked() {
      return Array.prototype.filter.call(boxes, function (b) { return b.checked; })
        .map(function (b) { return parseInt(b.value, 10); });
    }
    function show(message, kind) {
      if (!status) return;
      status.textContent = message;
      status.className = "flash flash-" + kind;
      status.hidden = false;
    }
    function version() {
      var v = parseInt(form.getAttribute("data-version"), 10);
      return isNaN(v) ? null : v;
    }
    function tick(ids) {
      Array.prototype.forEach.call(boxes, function (b) { b.checked = ids.indexOf(parseInt(b.value, 10)) !== -1; });
      count();
    }
    function count() { if (counter) counter.textContent = String(ticked().length); }
    function pending() {
      try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
    }
    function send() {
      var item = pending();
      if (!item) return;
      show(text.saving, "info");
      fetch(url, {
        method: "PUT",
        credentials: "same-origin",
        headers: {
          "Accept": "application/json",
          "Content-Type": "application/json",
          "X-CSRFToken": form.getAttribute("data-csrf")
        },
        body: JSON.stringify(item.base_version === null ? { person_ids: item.person_ids }
                                                       : { person_ids: item.person_ids, base_version: item.base_version })
      }).then(function (response) {
        if (response.status >= 500) throw new Error("server");  // keep it queued: a later try may pass
        return response.json().catch(function () { return {}; }).then(function (body) {
          return { ok: response.ok, status: response.status, body: body };
        });
      }).then(function (result) {
        if (result.ok) {
          var now = pending();
          // only forget what was sent: a newer list ticked meanwhile stays queued
          if (now && now.at === item.at) localStorage.removeItem(key);
          if (typeof result.body.version === "number") form.setAttribute("data-version", String(result.body.version));
          show(result.body.message, "success");
        } else if (result.status === 400 || result.status === 401 || result.status === 403) {
          // signed out (or the page's token expired) while offline: the list is kept for after signing in
          show(text.signin, "warning");
        } else {
          var stillQueued = pending();
          // refused for what it says (409, 422): retrying will not help; a newer list ticked meanwhile stays
          if (stillQueued && stillQueued.at === item.at) localStorage.removeItem(key);
          var current = result.body.current;
          if (current && current.person_ids) {  // changed by someone else meanwhile: show their list
            tick(current.person_ids);
            form.setAttribute("data-version", String(current.version));
          }
          show((result.body.errors && result.body.errors.person_ids) || result.body.message || text.failed, "error");
        }
      }).catch(function () {
        show(text.queued, "warning");  // no network: keep it, send later
      });
    }

    Array.prototype.forEach.call(boxes, function (b) { b.addEventListener("change", count); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      localStorage.setItem(key, JSON.stringify({ person_ids: ticked(), base_version: version(), at: Date.now() }));
      send();
    });
    window.addEventListener("online", send);
    setInterval(function () { if (pending() && navigator.onLine !== false) send(); }, 20000);

    var queued = pending();
    if (queued) {  // a list ticked while offline, page reopened: show it and send it
      if (queued.base_version === undefined) queued.base_version = null;
      tick(queued.person_ids);
      send();
    }
    count();
    // after Back the browser puts the ticks back once the page has loaded, without a change event: count again
    window.addEventListener("pageshow", count);
    window.addEventListener("load", count);
  });
})();
