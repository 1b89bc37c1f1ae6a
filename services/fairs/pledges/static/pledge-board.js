/* The pledge board: drawn from the view the page carries, then kept up to date by polling the board's JSON with
   its ETag (a 304 costs the server one round trip of aggregates). A network drop keeps the last view on screen and
   says "reconnecting"; polling goes on until the network is back. Each pledge is drawn once, keyed by its id. */
(function () {
  "use strict";
  var POLL = 500, RETRY = 2000;  // a 304 costs one round trip of aggregates: twice a second keeps "within a second"
  var root = document.getElementById("board");
  if (!root) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var text = JSON.parse($("board-text").textContent);
  var view = JSON.parse($("board-data").textContent);
  var etag = root.getAttribute("data-etag");
  var seen = null;  // pledge ids already shown: only a new one is highlighted

  function el(tag, cls, content) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (content !== undefined && content !== null) { node.textContent = content; }
    return node;
  }

  function line(kind, have, haveText, needed, neededText) {
    var row = el("div", "line " + kind);
    row.appendChild(el("span", "line-label", haveText));
    row.appendChild(el("span", "line-need", needed && Number(needed) > 0 ? text.of.replace("{needed}", neededText) : ""));
    if (needed && Number(needed) > 0) {
      var meter = el("span", "meter"), fill = el("span", "fill");
      fill.style.width = Math.min(100, 100 * Number(have) / Number(needed)) + "%";
      meter.appendChild(fill);
      row.appendChild(meter);
    }
    return row;
  }

  function draw(v) {
    $("total-money").textContent = v.totals.money_text;
    $("total-in-kind").textContent = v.totals.in_kind_text;
    $("total-count").textContent = v.totals.pledges_text;
    var projects = $("projects");
    projects.textContent = "";
    v.projects.forEach(function (p) {
      var item = el("li", "project");
      item.id = "board-project-" + p.pitch_id;
      item.appendChild(el("span", "project-name", p.team_name + (p.project_title ? " · " + p.project_title : "")));
      item.appendChild(line("money", p.money, p.money_text, p.money_needed, p.money_needed_text));
      if (Number(p.in_kind) > 0 || Number(p.in_kind_needed) > 0) {
        item.appendChild(line("in-kind", p.in_kind, p.in_kind_text + " " + text.in_kind, p.in_kind_needed, p.in_kind_needed_text));
      }
      projects.appendChild(item);
    });
    var list = $("newest");
    list.textContent = "";
    var drawn = {};
    if (!v.newest.length) { list.appendChild(el("li", "empty", text.nothing)); }
    v.newest.forEach(function (p) {
      if (drawn[p.id]) { return; }  // once, whatever the answer holds
      drawn[p.id] = true;
      var item = el("li", "pledge" + (p.kind === "in_kind" ? " in-kind" : "") + (seen && !seen[p.id] ? " fresh" : ""));
      item.id = "board-pledge-" + p.id;
      item.appendChild(el("span", "who", p.partner));
      var what = p.kind === "money" ? p.amount_text : p.description + (p.amount_text ? " (" + p.amount_text + ")" : "");
      item.appendChild(el("span", "what", what + " → " + p.team_name));
      list.appendChild(item);
    });
    seen = drawn;
  }

  function offline(yes) { $("reconnecting").hidden = !yes; }

  function poll() {
    fetch(root.getAttribute("data-poll"), {
      credentials: "same-origin", cache: "no-store",
      headers: { "Accept": "application/json", "If-None-Match": etag }
    }).then(function (r) {
      if (r.status === 304) { return null; }
      if (!r.ok) { throw new Error("status " + r.status); }
      etag = r.headers.get("ETag") || etag;
      return r.json();
    }).then(function (fresh) {
      offline(false);
      if (fresh) { view = fresh; draw(view); }
      setTimeout(poll, POLL);
    }).catch(function () {
      offline(true);  // the last view stays on screen
      setTimeout(poll, RETRY);
    });
  }

  draw(view);
  setTimeout(poll, POLL);
})();
