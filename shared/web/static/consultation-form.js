/* The consultation form on a phone: show the people of the ticked teams first,
 * and the anonymous headcount only for a webinar. Without JavaScript everything shows. */
(function () {
  "use strict";
  var form = document.getElementById("consultation-form");
  if (!form) return;
  function teams() {
    return Array.prototype.filter.call(form.querySelectorAll("#team-choices input"), function (b) { return b.checked; })
      .map(function (b) { return b.value; });
  }
  function kind() {
    var checked = form.querySelector("input[name=kind]:checked");
    return checked ? checked.value : "individual";
  }
  function refresh() {
    var chosen = teams();
    Array.prototype.forEach.call(form.querySelectorAll("#attendees li"), function (li) {
      var of = (li.getAttribute("data-teams") || "").split(" ").filter(Boolean);
      var relevant = chosen.length === 0 || of.some(function (t) { return chosen.indexOf(t) !== -1; });
      var ticked = li.querySelector("input").checked;
      li.hidden = !(relevant || ticked);
    });
    document.getElementById("anonymous").hidden = kind() !== "webinar";
  }
  form.addEventListener("change", refresh);
  refresh();
})();
