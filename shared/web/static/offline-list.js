/* A tick-list that keeps working without a network.
 *
 * <form data-offline-list data-url="…json endpoint…" data-csrf="…">: on submit the
 * full list of ticked values is kept in localStorage first, then sent with PUT.
 * Without a network it stays queued and is sent when the phone is back online
 * (or every 20 s). The server replaces the whole list, so a list sent twice
 * changes nothing: no doubling. Without JavaScript the form posts normally.
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
      failed: form.getAttribute("data-text-failed")
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
        body: JSON.stringify({ person_ids: item.person_ids })
      }).then(function (response) {
        if (response.status >= 500) throw new Error("server");  // keep it queued: a later try may pass
        return response.json().catch(function () { return {}; }).then(function (body) {
          return { ok: response.ok, body: body };
        });
      }).then(function (result) {
        if (result.ok) {
          var now = pending();
          // only forget what was sent: a newer list ticked meanwhile stays queued
          if (now && now.at === item.at) localStorage.removeItem(key);
          show(result.body.message, "success");
        } else {
          localStorage.removeItem(key);  // refused by the server: retrying will not help
          show((result.body.errors && result.body.errors.person_ids) || result.body.message || text.failed, "error");
        }
      }).catch(function () {
        show(text.queued, "warning");  // no network: keep it, send later
      });
    }

    Array.prototype.forEach.call(boxes, function (b) { b.addEventListener("change", count); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      localStorage.setItem(key, JSON.stringify({ person_ids: ticked(), at: Date.now() }));
      send();
    });
    window.addEventListener("online", send);
    setInterval(function () { if (pending() && navigator.onLine !== false) send(); }, 20000);

    var queued = pending();
    if (queued) {  // a list ticked while offline, page reopened: show it and send it
      Array.prototype.forEach.call(boxes, function (b) {
        b.checked = queued.person_ids.indexOf(parseInt(b.value, 10)) !== -1;
      });
      send();
    }
    count();
  });
})();
