/* The plain score sheet (a juror signed in with the account, or a phone without the live page) keeps working
 * without network, like the mentor's form: a sheet saved while the phone is offline goes into the shared offline
 * queue (offline-queue.js) under the same scope as the juror's live page, with its own Idempotency-Key, and is
 * sent when the network is back, from this page, the juror's sheets or the live page. Online, the form posts as
 * a page, with the server's messages. A declaration of conflict needs the network (it is a page post). */
(function () {
  "use strict";
  var form = document.getElementById("sheet");  // absent on the juror's list of sheets, which only sends what waits
  var status = document.getElementById("queue-status");
  if (!status || !window.RostokQueue) return;
  var text = JSON.parse(status.getAttribute("data-text") || "{}");
  var refusedList = document.getElementById("queue-refused");

  function fill(template, values) {
    return String(template || "").replace(/%\((\w+)\)[sd]/g, function (_m, k) { return values[k]; });
  }
  var queue = RostokQueue.open({
    scope: status.getAttribute("data-scope"),
    csrf: function () { return status.getAttribute("data-csrf"); },
    onChange: render,
    onSent: function () { render(); }
  });

  function render() {
    var waiting = queue.waiting();
    if (waiting.length) {
      status.hidden = false;
      status.textContent = fill(text.waiting, { n: waiting.length });
    } else if (queue.lastSent) {
      status.hidden = false;
      status.textContent = text.sent;
    } else {
      status.hidden = true;
    }
    refusedList.textContent = "";
    queue.refused().forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = fill(text.refused, { label: item.label, reason: item.reason || item.status });
      var button = document.createElement("button");
      button.type = "button";
      button.className = "small secondary";
      button.textContent = text.dismiss;
      button.addEventListener("click", function () { queue.dismiss(item.id); });
      li.appendChild(document.createTextNode(" "));
      li.appendChild(button);
      refusedList.appendChild(li);
    });
    refusedList.hidden = queue.refused().length === 0;
  }

  if (form) form.addEventListener("submit", function (event) {
    if (navigator.onLine !== false) return;  // online: the page's own post
    if (form.elements.conflict && form.elements.conflict.checked) return;
    event.preventDefault();
    var scores = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      var match = /^score-(\d+)$/.exec(el.name || "");
      if (!match) return;
      if ((el.type === "radio" && el.checked) || (el.type !== "radio" && el.value !== "")) scores[match[1]] = parseInt(el.value, 10);
    });
    queue.submit({
      target: "pitch-" + form.getAttribute("data-pitch"), url: form.getAttribute("data-api"), method: "PUT",
      body: { scores: scores, comment: form.elements.comment ? form.elements.comment.value : "" },
      label: form.getAttribute("data-label")
    });
    render();
  });
  render();
})();
