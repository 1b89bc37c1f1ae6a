/* The door of an event on a volunteer's phone: find a registrant, check them in, scan a ticket, add a walk-in.
 *
 * The list comes with the page (and is refreshed when the network allows); the search runs here, so it works
 * with the network gone. Every check-in goes through RostokQueue: kept in the phone first, sent when it can be,
 * once (its Idempotency-Key), and the page says how many wait to be sent.
 */
(function () {
  "use strict";
  var root = document.getElementById("door");
  if (!root) return;
  var rows = JSON.parse(document.getElementById("door-rows").textContent || "[]");
  var list = document.getElementById("door-list");
  var search = document.getElementById("door-search");
  var d = root.dataset;
  // the door's copy of the list has only the phones' last four digits: a longer number is looked up on the server
  var serverMatches = { query: null, ids: [] };

  function norm(text) {
    return (text || "").toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ").trim();
  }

  var queue = window.RostokQueue.open({
    scope: d.scope,
    csrf: function () { return d.csrf; },
    onChange: render,
    // a scanned ticket's holder is known to the server only: the list is fetched again to show them present
    onSent: function (item) { if (item.target.indexOf("ticket-") === 0) refresh(); else render(); }
  });

  // the targets waiting in the phone's queue: read once per drawing (the queue lives in localStorage)
  var waitingTargets = {};
  function pendingFor(id) {
    return waitingTargets["reg-" + id] === true;
  }

  function render() {
    waitingTargets = {};
    queue.waiting().forEach(function (i) { waitingTargets[i.target] = true; });
    var needle = norm(search.value);
    var digits = search.value.replace(/\D/g, "");
    var shown = rows.filter(function (r) {
      if (!needle) return true;
      return r.search.indexOf(needle) !== -1 || (digits.length >= 3 && r.search.replace(/\D/g, "").indexOf(digits) !== -1) ||
        (serverMatches.query === search.value && serverMatches.ids.indexOf(r.id) !== -1);
    });
    list.innerHTML = "";
    shown.slice(0, 60).forEach(function (r) {
      var li = document.createElement("li");
      li.className = "card";
      li.style.padding = ".6rem";
      li.dataset.id = r.id;
      var who = document.createElement("div");
      var name = document.createElement("strong");
      name.textContent = r.full_name;
      who.appendChild(name);
      var extra = [r.organisation, r.settlement, r.phone_tail || r.email_hint].filter(Boolean).join(" · ");
      if (r.status === "waitlisted") extra += (extra ? " · " : "") + d.waiting;
      if (r.status === "walk_in") extra += (extra ? " · " : "") + d.walkin;
      var small = document.createElement("div");
      small.className = "muted";
      small.textContent = extra;
      who.appendChild(small);
      li.appendChild(who);
      var pending = pendingFor(r.id);
      if (r.checked_in || pending) {
        var done = document.createElement("span");
        done.className = "tag";
        done.textContent = d.checked + (pending ? " (" + d.queued + ")" : "");
        li.appendChild(done);
      } else {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = d.check;
        button.addEventListener("click", function () { checkIn(r); });
        li.appendChild(button);
      }
      list.appendChild(li);
    });
    if (!shown.length) {
      var none = document.createElement("li");
      none.className = "muted";
      none.textContent = d.nothing;
      list.appendChild(none);
    }
    var present = rows.filter(function (r) { return r.checked_in || pendingFor(r.id); }).length;
    document.getElementById("present-count").textContent = present;
    document.getElementById("listed-count").textContent = rows.length;
    var waiting = queue.waiting().length;
    var box = document.getElementById("door-pending");
    var span = box.querySelector("span");
    span.textContent = span.dataset.template.replace("{n}", waiting);
    box.hidden = waiting === 0;
    var refused = queue.refused();
    var bad = document.getElementById("door-refused");
    bad.hidden = !refused.length;
    bad.textContent = refused.map(function (i) { return i.label + ": " + i.reason; }).join("; ");
  }

  function checkIn(r) {
    r.checked_in = true;
    queue.submit({ target: "reg-" + r.id, url: d.checkinUrl, method: "POST", body: { registration_id: r.id }, label: r.full_name });
  }

  function ticketOf(text) {
    var value = (text || "").trim();
    var match = value.match(/tickets\/([A-Za-z0-9_-]{16,64})/);
    return match ? match[1] : (/^[A-Za-z0-9_-]{16,64}$/.test(value) ? value : null);
  }

  function submitTicket(text) {
    var ticket = ticketOf(text);
    if (!ticket) return false;
    queue.submit({ target: "ticket-" + ticket, url: d.checkinUrl, method: "POST", body: { ticket: ticket }, label: d.scanned });
    return true;
  }

  search.addEventListener("input", function () {
    render();
    var asked = search.value;
    if (asked.replace(/\D/g, "").length < 5) return;
    fetch(d.listUrl + "?q=" + encodeURIComponent(asked), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body || search.value !== asked) return;
        serverMatches = { query: asked, ids: body.registrants.map(function (r) { return r.id; }) };
        render();
      }).catch(function () {});
  });
  document.getElementById("door-scan").addEventListener("submit", function (event) {
    event.preventDefault();
    var field = document.getElementById("door-ticket");
    if (submitTicket(field.value)) field.value = "";
  });
  document.getElementById("door-walkin").addEventListener("submit", function (event) {
    event.preventDefault();
    var name = document.getElementById("walkin-name").value.trim();
    var contact = document.getElementById("walkin-contact").value.trim();
    var organisation = document.getElementById("walkin-organisation").value.trim();
    var error = document.getElementById("walkin-error");
    error.hidden = name.length >= 2 && contact.length >= 3;
    if (!error.hidden) return;
    var body = { full_name: name, organisation: organisation || null };
    if (contact.indexOf("@") !== -1) body.email = contact; else body.phone = contact;
    var local = { id: "new-" + Date.now(), full_name: name, organisation: organisation, settlement: null, phone_tail: null,
                  email_hint: null, status: "walk_in", checked_in: true, search: norm(name + " " + organisation + " " + contact) };
    rows.unshift(local);
    queue.submit({ target: "reg-" + local.id, url: d.checkinUrl, method: "POST", body: body, label: name });
    event.target.reset();
    render();
  });
  document.getElementById("door-anonymous").addEventListener("submit", function (event) {
    event.preventDefault();
    var count = parseInt(document.getElementById("anonymous-count").value, 10);
    if (isNaN(count) || count < 0) return;
    queue.submit({ target: "anonymous", url: d.anonymousUrl, method: "PUT", body: { anonymous_attendees: count }, label: String(count) });
  });

  // the camera, where the phone's browser can read QR codes itself
  var scanBox = document.getElementById("door-scan-box");
  scanBox.addEventListener("toggle", function () {
    if (!scanBox.open || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
    var video = document.getElementById("door-camera");
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      var last = "";
      (function tick() {
        if (!scanBox.open) { stream.getTracks().forEach(function (t) { t.stop(); }); video.hidden = true; return; }
        detector.detect(video).then(function (codes) {
          codes.forEach(function (c) { if (c.rawValue !== last && submitTicket(c.rawValue)) last = c.rawValue; });
        }).catch(function () {}).then(function () { setTimeout(tick, 400); });
      })();
    }).catch(function () {});
  });

  // a fresh list (others' check-ins, new registrations) when the network allows; what waits here stays marked
  function refresh() {
    fetch(d.listUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return;
        var local = rows.filter(function (r) { return String(r.id).indexOf("new-") === 0 && pendingFor(r.id); });
        rows = local.concat(body.registrants);
        render();
      }).catch(function () {});
  }
  render();
  setInterval(refresh, 20000);
})();
