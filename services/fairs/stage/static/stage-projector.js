/* The projector follows the stage by itself.
 *
 * It draws what the server's stage view holds (the page carries the first one), then polls it with its ETag
 * every 0.7 s: a 304 costs nothing, a change is drawn at once. The server's view holds only what the hall may
 * see (counts once shown, leaders once revealed), so nothing here can show more. Without network the last
 * view stays up, marked "reconnecting", and the timer keeps counting from what it last heard.
 * Texts come translated from the page (#projector-text).
 */
(function () {
  "use strict";
  var root = document.getElementById("projector");
  if (!root) return;
  var text = JSON.parse(document.getElementById("projector-text").textContent);
  var view = JSON.parse(document.getElementById("projector-data").textContent);
  var etag = root.getAttribute("data-etag");
  var received = Date.now();
  var POLL = 700, RETRY = 2000;
  var shownCode = view.presence || null;  // the code the server drew into the page's QR code

  function $(id) { return document.getElementById(id); }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key] === undefined ? "" : String(values[key]); });
  }
  function clock(s) { s = Math.max(0, s); return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2); }
  function el(tag, cls, content) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function tick() {
    var t = view.timer || { elapsed: 0, running: false, planned: 0 };
    var s = t.elapsed + (t.running ? Math.floor((Date.now() - received) / 1000) : 0);
    $("clock").textContent = view.pitch ? clock(s) : "";
    $("clock").classList.toggle("over", !!view.pitch && t.planned > 0 && s > t.planned);
  }

  function draw() {
    var p = view.pitch;
    $("now-label").textContent = p ? text.on_stage : (view.fair.state === "closed" ? text.closed : view.fair.state === "published" ? text.published : "");
    $("team").textContent = p ? p.position + ". " + p.team_name : (view.fair.state === "draft" || view.fair.state === "open" ? text.nobody : "");
    $("project").textContent = p && p.project_title ? p.project_title : "";
    $("planned").textContent = p ? fill(text.of, { planned: clock(view.timer.planned) }) : "";
    $("sent").textContent = p && view.sheets ? fill(text.sent, view.sheets) : "";
    $("up-next").textContent = view.next ? fill(text.up_next, { position: view.next.position, team: view.next.team_name }) : "";
    tick();

    var leaders = view.leaders || [];
    $("leaders").hidden = leaders.length === 0;
    $("now").hidden = leaders.length > 0;
    var list = $("leader-list");
    list.textContent = "";
    leaders.forEach(function (step) {  // third place first, as the chair revealed them
      var item = el("li", "leader rank-" + step.rank);
      item.appendChild(el("span", "place", fill(text.place, { rank: step.rank }) + (step.tied ? " (" + text.tie + ")" : "")));
      step.pitches.forEach(function (pitch) {
        var who = el("span", "who");
        who.appendChild(el("strong", "", pitch.team_name));
        if (pitch.project_title) who.appendChild(el("span", "title", pitch.project_title));
        item.appendChild(who);
      });
      list.appendChild(item);
    });

    // the vote's QR code while the audience can vote; afterwards the leaders take the whole screen
    var voting = view.fair.state === "open" && view.fair.voting_open;
    $("vote").hidden = !voting && !(view.counts_shown && view.votes);
    $("vote-call").hidden = !voting;
    // phones vote with the hall's code of the minute: the code and the QR code that carries it follow the server
    if (view.presence !== undefined) {
      $("presence").hidden = !view.presence;
      if (view.presence && view.presence !== shownCode) {
        shownCode = view.presence;
        $("presence-code").textContent = view.presence;
        var box = document.querySelector("[data-qr]");
        var img = new Image();
        img.alt = "";
        img.src = box.getAttribute("data-qr") + "?code=" + encodeURIComponent(view.presence);
        img.onload = function () { box.replaceChildren(img); };
      }
    }
    document.body.classList.toggle("no-vote", $("vote").hidden);
    var counts = view.counts_shown && view.votes ? view.votes : null;
    $("counts").hidden = !counts;
    document.body.classList.toggle("with-counts", !!counts);
    var rows = $("count-list");
    rows.textContent = "";
    if (counts) {
      var most = Math.max.apply(null, counts.map(function (c) { return c.count; }).concat([1]));
      counts.forEach(function (c) {
        var row = el("li", "count");
        row.appendChild(el("span", "count-name", c.position + ". " + c.team_name));
        row.appendChild(el("strong", "count-n", String(c.count)));
        var bar = el("span", "count-bar");
        var fillBar = el("span", "count-fill");
        fillBar.style.width = Math.round(100 * c.count / most) + "%";
        bar.appendChild(fillBar);
        row.appendChild(bar);
        rows.appendChild(row);
      });
    }
  }

  function poll() {
    fetch(root.getAttribute("data-poll"), {
      credentials: "same-origin", cache: "no-store",
      headers: { "Accept": "application/json", "If-None-Match": etag }
    }).then(function (r) {
      if (r.status === 304) return null;
      if (!r.ok) throw new Error(String(r.status));
      etag = r.headers.get("ETag") || etag;
      return r.json();
    }).then(function (body) {
      $("reconnecting").hidden = true;
      if (body) { view = body; received = Date.now(); draw(); }
      setTimeout(poll, POLL);
    }).catch(function () {
      $("reconnecting").hidden = false;  // keep the last view up
      setTimeout(poll, RETRY);
    });
  }

  draw();
  setInterval(tick, 250);
  setTimeout(poll, POLL);
})();
