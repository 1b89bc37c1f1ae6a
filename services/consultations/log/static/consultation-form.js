/* The consultation form on a phone.
 * - The people of the ticked teams come first; the cohort's other participants stay reachable
 *   in a collapsed group (ticked people always stay in view).
 * - The anonymous headcount shows only for a webinar.
 * - Changing the kind sets the usual duration of that kind, unless the duration was typed.
 * - Choosing another cohort reloads the form for that cohort's teams and people.
 * Without JavaScript everything shows in one list. */
(function () {
  "use strict";
  var form = document.getElementById("consultation-form");
  if (!form) return;
  var main = document.getElementById("attendees");
  var other = document.getElementById("other-attendees");
  var otherList = other.querySelector("ul");
  var people = Array.prototype.slice.call(main.querySelectorAll("li[data-teams]"));
  var durations = {};
  try { durations = JSON.parse(form.getAttribute("data-durations") || "{}"); } catch (e) { durations = {}; }
  var duration = form.querySelector("input[name=duration_minutes]");
  var typed = false;
  if (duration) duration.addEventListener("input", function () { typed = true; });

  function teams() {
    return Array.prototype.filter.call(form.querySelectorAll("#team-choices input"), function (b) { return b.checked; })
      .map(function (b) { return b.value; });
  }
  function kind() {
    var checked = form.querySelector("input[name=kind]:checked");
    return checked ? checked.value : "individual";
  }
  function arrange() {
    var chosen = teams();
    var others = 0;
    people.forEach(function (li) {
      var of = (li.getAttribute("data-teams") || "").split(" ").filter(Boolean);
      var relevant = chosen.length === 0 || of.some(function (t) { return chosen.indexOf(t) !== -1; });
      var ticked = li.querySelector("input").checked;
      if (relevant || ticked) { main.appendChild(li); } else { otherList.appendChild(li); others += 1; }
    });
    other.hidden = others === 0;
  }
  function refresh(event) {
    var target = event && event.target;
    if (target && target.getAttribute && target.getAttribute("data-reload") === "cohort") {
      var url = new URL(window.location.href);
      url.searchParams.set("cohort", target.value);
      window.location.assign(url.toString());
      return;
    }
    if (target && target.name === "kind" && !typed && duration && durations[kind()]) {
      duration.value = durations[kind()];
    }
    if (!target || target.name === "team_ids") arrange();
    document.getElementById("anonymous").hidden = kind() !== "webinar";
  }
  form.addEventListener("change", refresh);
  refresh();
})();

/* Nothing typed is lost.
 * - What the mentor types is kept on the phone as a draft (it survives the browser's error page and Back) and
 *   put back when the form opens again; a save that reaches the server clears it.
 * - Saved without network, the consultation goes into the shared offline queue (offline-queue.js) with its own
 *   Idempotency-Key and is sent to the API when the network is back, from this page or the consultations home;
 *   the page says plainly that it waits, and keeps a refusal with its reason until the mentor dismisses it. */
(function () {
  "use strict";
  var status = document.getElementById("queue-status");
  if (!status || !window.RostokQueue) return;
  var text = JSON.parse(status.getAttribute("data-text") || "{}");
  var form = document.getElementById("consultation-form");
  var refusedList = document.getElementById("queue-refused");
  // one draft per account: a phone passed between two mentors never shows one the other's notes
  var DRAFT = "rostok.draft.consultation." + status.getAttribute("data-account");

  function fill(template, values) {
    return String(template || "").replace(/%\((\w+)\)[sd]/g, function (_m, k) { return values[k]; });
  }
  var queue = RostokQueue.open({
    scope: "consultations." + status.getAttribute("data-account"),
    csrf: function () { return status.getAttribute("data-csrf"); },
    onChange: render,
    onSent: function () { render(); }
  });

  function render() {
    var waiting = queue.waiting();
    var refused = queue.refused();
    if (waiting.length) {
      status.hidden = false;
      status.textContent = fill(queue.online ? text.waiting : text.offline, { n: waiting.length });
    } else if (queue.lastSent) {
      status.hidden = false;
      status.textContent = text.sent;
    } else {
      status.hidden = true;
    }
    if (!refusedList) return;
    refusedList.textContent = "";
    refused.forEach(function (item) {
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
    refusedList.hidden = refused.length === 0;
  }
  render();
  // back home from the new form: it was saved (or left on purpose), so its draft is done with
  if (!form && /\/consultations\/new(\?|$)/.test(document.referrer.replace(/^[a-z]+:\/\/[^/]+/, ""))) {
    try { localStorage.removeItem(DRAFT); } catch (e) { /* nothing kept */ }
  }
  if (!form || form.getAttribute("data-new") !== "1") return;

  /* the draft: every field's value, restored into an untouched new form */
  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      // the idempotency key too: a draft sent again after a lost answer is the same consultation, never a second
      return el.name && el.name !== "csrf_token" && (el.type !== "hidden" || el.name === "idempotency_key") && el.type !== "submit";
    });
  }
  function saveDraft() {
    var values = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        values[el.name] = values[el.name] || [];
        if (el.checked) values[el.name].push(el.value);
      } else {
        values[el.name] = el.value;
      }
    });
    try { localStorage.setItem(DRAFT, JSON.stringify(values)); } catch (e) { /* full storage: the form still works */ }
  }
  function restoreDraft() {
    var values;
    try { values = JSON.parse(localStorage.getItem(DRAFT) || "null"); } catch (e) { values = null; }
    if (!values || form.getAttribute("data-errors") === "1") return;  // a form back with errors shows what was sent
    fields().forEach(function (el) {
      if (!(el.name in values)) {
        if (el.type === "checkbox") el.checked = false;
        return;
      }
      if (el.type === "checkbox" || el.type === "radio") el.checked = values[el.name].indexOf(el.value) !== -1;
      else el.value = values[el.name];
    });
    var key = form.elements.idempotency_key;
    if (key && values.idempotency_key) key.value = values.idempotency_key;
    changed();
  }
  function changed() {  // the people of the ticked teams first again, the webinar's headcount shown or not
    var team = form.querySelector("#team-choices input");
    (team || form).dispatchEvent(new Event("change", { bubbles: true }));
  }
  function clearDraft() { try { localStorage.removeItem(DRAFT); } catch (e) { /* nothing kept */ } }
  if (form.getAttribute("data-saved") === "1") clearDraft();
  restoreDraft();
  form.addEventListener("input", saveDraft);
  form.addEventListener("change", saveDraft);

  function checked(name) {
    return Array.prototype.filter.call(form.querySelectorAll("input[name=" + name + "]"), function (b) { return b.checked; })
      .map(function (b) { return b.value; });
  }
  function value(name) {
    var el = form.elements[name];
    return el ? String(el.value || "").trim() : "";
  }
  function body() {
    var topics = checked("topics").concat(value("new_topics").split(",").map(function (t) { return t.trim(); }).filter(Boolean));
    var data = {
      kind: checked("kind")[0] || "individual",
      cohort_id: parseInt(value("cohort_id"), 10) || null,
      team_ids: checked("team_ids").map(Number),
      // the form's time is the programme's local time: the page gives that zone's offset
      started_at: value("started_at") + ":00" + form.getAttribute("data-utc-offset"),
      duration_minutes: parseInt(value("duration_minutes"), 10),
      attendee_ids: checked("attendee_ids").map(Number),
      anonymous_attendees: parseInt(value("anonymous_attendees"), 10) || 0,
      topics: topics,
      notes: value("notes") || null,
      next_steps: []
    };
    if (value("step_text")) data.next_steps.push({ text: value("step_text"), owner: value("step_owner") || null, due_on: value("step_due") || null });
    return data;
  }
  function label(data) {
    var teams = Array.prototype.filter.call(form.querySelectorAll("#team-choices input"), function (b) { return b.checked; })
      .map(function (b) { return b.parentNode.textContent.trim(); });
    return value("started_at").replace("T", " ") + (teams.length ? " · " + teams.join(", ") : "");
  }

  form.addEventListener("submit", function (event) {
    if (navigator.onLine !== false) return;  // with network the page saves as usual, with its checks
    if (!value("started_at") || isNaN(parseInt(value("duration_minutes"), 10))) return;  // let the browser say what is missing
    event.preventDefault();
    var data = body();
    queue.submit({ target: "new-" + value("idempotency_key"), url: form.getAttribute("data-api"), method: "POST", body: data, label: label(data) });
    clearDraft();
    // a fresh form for the next one: the queued consultation keeps everything that was typed
    form.reset();
    var key = form.elements.idempotency_key;
    if (key && window.crypto && crypto.randomUUID) key.value = crypto.randomUUID();
    changed();
    status.hidden = false;
    status.scrollIntoView({ block: "center" });
  });
})();
