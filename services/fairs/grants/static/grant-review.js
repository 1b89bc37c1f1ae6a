/* An expert's sheet saves as they go: every change sends the whole sheet (scores, "does not apply", comment) through
 * the browser's offline queue (offline-queue.js): kept in localStorage with its own Idempotency-Key, sent at once
 * when there is network, later when it comes back (from this page or the list). The plain form still posts without
 * the script. On the list, the script only sends what waits. */
(function () {
  "use strict";
  var status = document.getElementById("queue-status");
  if (!status || !window.RostokQueue) return;
  var form = document.getElementById("sheet");
  var note = document.getElementById("autosave");
  var text = JSON.parse(status.getAttribute("data-text") || "{}");
  var refusedList = document.getElementById("queue-refused");

  function fill(template, values) {
    return String(template || "").replace(/%\((\w+)\)[sd]/g, function (_m, k) { return values[k]; });
  }
  var queue = RostokQueue.open({
    scope: status.getAttribute("data-scope"),
    csrf: function () { return status.getAttribute("data-csrf"); },
    onChange: render,
    onSent: function () { if (note) note.textContent = note.getAttribute("data-saved"); render(); }
  });

  function render() {
    var waiting = queue.waiting();
    status.hidden = waiting.length === 0;
    status.textContent = waiting.length ? fill(text.waiting, { n: waiting.length }) : "";
    refusedList.textContent = "";
    queue.refused().forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = fill(text.refused, { label: item.label, reason: item.reason || item.status }) + " ";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "small secondary";
      button.textContent = text.dismiss;
      button.addEventListener("click", function () { queue.dismiss(item.id); });
      li.appendChild(button);
      refusedList.appendChild(li);
    });
    refusedList.hidden = queue.refused().length === 0;
  }

  function sheet() {
    var scores = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      var match = /^score-(\d+)$/.exec(el.name || "");
      if (!match) return;
      if (el.type === "radio" && !el.checked) return;
      var value = String(el.value).trim();
      if (value === "") return;
      scores[match[1]] = value === "na" ? null : (/^\d+$/.test(value) ? parseInt(value, 10) : value);
    });
    return { scores: scores, comment: form.elements.comment ? form.elements.comment.value : "" };
  }

  var timer = null;
  function save() {
    timer = null;
    queue.submit({ target: "application-" + form.getAttribute("data-application"), url: form.getAttribute("data-api"),
                   method: "PUT", body: sheet(), label: form.getAttribute("data-label") });
    render();
  }
  if (form && !form.querySelector("fieldset[disabled]")) {
    form.addEventListener("change", function () { if (timer) clearTimeout(timer); timer = setTimeout(save, 300); });
    form.addEventListener("input", function (event) {
      if (event.target.name !== "comment") return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, 1200);
    });
    form.addEventListener("submit", function (event) {
      if (navigator.onLine !== false) return;  // online: the page's own post, with the server's messages
      event.preventDefault();
      if (timer) clearTimeout(timer);
      save();
    });
  }
  render();
})();
