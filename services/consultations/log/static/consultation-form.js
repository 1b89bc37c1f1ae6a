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
