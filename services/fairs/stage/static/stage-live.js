/* The juror's phone on the fair day: it follows the stage and sends sheets through the offline queue.
 *
 * The page carries the juror's own sheets, the criteria and the stage (#live-data) and its texts, translated
 * (#live-text). The stage is polled with its ETag; when the chair brings on the next pitch its sheet opens by
 * itself, unless the juror is in the middle of another one (then a banner offers it). Earlier pitches stay one
 * tap away. What the juror types is kept on the phone as a draft at once, so a reload or a closed tab loses
 * nothing; "Send" hands the whole sheet to the queue (offline-queue.js), which keeps it until the server has it.
 */
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root || !window.RostokQueue) return;
  var data = JSON.parse(document.getElementById("live-data").textContent);
  var text = JSON.parse(document.getElementById("live-text").textContent);
  var scope = root.getAttribute("data-scope");
  var form = document.getElementById("live-sheet");
  var stage = data.stage;
  var etag = null;
  var shown = null;
  var stagePitch = stage.pitch ? stage.pitch.id : null;
  var DRAFTS = "rostok.draft." + scope;
  var POLL = 2500, RETRY = 5000;

  function $(id) { return document.getElementById(id); }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k] === undefined ? "" : String(values[k]); });
  }
  function pitch(id) { return data.lineup.filter(function (p) { return p.id === id; })[0] || null; }
  function label(p) { return p.position + ". " + p.team_name; }
  function drafts() { try { return JSON.parse(localStorage.getItem(DRAFTS) || "{}") || {}; } catch (e) { return {}; } }
  function saveDrafts(all) { localStorage.setItem(DRAFTS, JSON.stringify(all)); }
  function target(id) { return "pitch-" + id; }

  var queue = RostokQueue.open({
    scope: scope,
    csrf: function () { return root.getAttribute("data-csrf"); },
    onChange: function () { render(); },
    onSent: function (item, body) {
      var id = parseInt(item.target.replace("pitch-", ""), 10);
      data.sheets[id] = { scores: body.scores || {}, comment: body.comment || "", state: body.state,
                          recusal: body.recusal || null, correction: body.correction ? { reason: body.correction.reason } : null };
      if (stage.mine && stage.mine[id]) stage.mine[id].state = body.state;
      if (id === shown && !drafts()[id]) load(id);
      render();
    }
  });

  /* What a sheet holds on this phone: a draft (typed after any sending), else the whole sheet waiting in the
   * queue, else the server's. */
  function current(id) {
    var draft = drafts()[id];
    if (draft) return draft;
    var queued = queue.find(target(id));
    if (queued) return queued.body;
    var sheet = data.sheets[id] || {};
    return { scores: sheet.scores || {}, comment: sheet.comment || "" };
  }

  function stateOf(id) {
    var queued = queue.find(target(id));
    if (queued) return queued.state === "refused" ? "refused" : "waiting";
    var mine = stage.mine && stage.mine[id];
    return (mine && mine.state) || (data.sheets[id] && data.sheets[id].state) || "not_started";
  }

  function load(id) {
    var p = pitch(id);
    if (!p) return;
    shown = id;
    var values = current(id);
    Array.prototype.forEach.call(form.querySelectorAll("[data-criterion]"), function (box) {
      var cid = box.getAttribute("data-criterion");
      var value = values.scores ? values.scores[cid] : undefined;
      var number = box.querySelector("input[type=number]");
      if (number) number.value = value === undefined || value === null ? "" : String(value);
      Array.prototype.forEach.call(box.querySelectorAll("input[type=radio]"), function (r) {
        r.checked = value !== undefined && value !== null && String(value) === r.value;
      });
      box.classList.remove("has-error");
      var error = box.querySelector(".field-error");
      error.hidden = true;
      error.textContent = "";
    });
    form.elements.comment.value = values.comment || "";
    $("sheet-title").textContent = label(p);
    $("sheet-project").textContent = p.project_title || "";
    $("sheet-error").hidden = true;
    var link = $("conflict-link");
    link.href = link.getAttribute("data-href").replace("{pitch}", String(id));
    render();
  }

  function collect() {
    var scores = {};
    Array.prototype.forEach.call(form.querySelectorAll("[data-criterion]"), function (box) {
      var cid = box.getAttribute("data-criterion");
      var checked = box.querySelector("input[type=radio]:checked");
      var number = box.querySelector("input[type=number]");
      var raw = checked ? checked.value : number ? number.value.trim() : "";
      if (raw !== "" && !isNaN(parseInt(raw, 10))) scores[cid] = parseInt(raw, 10);
    });
    return { scores: scores, comment: form.elements.comment.value };
  }

  function keepDraft() {
    if (shown === null) return;
    var all = drafts();
    all[shown] = collect();
    saveDrafts(all);
    render();
  }

  function showRefusalOnForm(item) {
    var errors = (item && item.errors && item.errors.scores) || null;
    if (errors && typeof errors === "object" && !Array.isArray(errors)) {
      Object.keys(errors).forEach(function (cid) {
        var box = form.querySelector('[data-criterion="' + cid + '"]');
        if (!box) return;
        box.classList.add("has-error");
        var e = box.querySelector(".field-error");
        e.textContent = [].concat(errors[cid]).join(" ");
        e.hidden = false;
      });
    }
  }

  function render() {
    // the chips: where each pitch stands, the one on stage, the one shown
    Array.prototype.forEach.call(document.querySelectorAll("#pitches .chip"), function (chip) {
      var id = parseInt(chip.getAttribute("data-pitch"), 10);
      var skipped = (stage.lineup || []).some(function (p) { return p.id === id && p.skipped; });
      chip.className = "chip state-" + stateOf(id) + (id === stagePitch ? " on-stage" : "") + (drafts()[id] ? " draft" : "") +
        (skipped ? " skipped" : "");
      if (id === shown) chip.setAttribute("aria-current", "true"); else chip.removeAttribute("aria-current");
    });
    // the queue, said plainly
    var waiting = queue.waiting();
    var status = $("queue-status");
    if (waiting.length) {
      var held = waiting.some(function (i) { return i.state === "held"; });
      status.textContent = fill(held ? text.held : queue.online ? text.waiting : text.waiting_offline, { n: waiting.length });
      status.className = "flash flash-warning queue-status";
      status.hidden = false;
    } else if (queue.lastSent && !queue.refused().length) {
      status.textContent = text.sent;
      status.className = "flash flash-success queue-status";
      status.hidden = false;
    } else {
      status.hidden = true;
    }
    var list = $("refusals");
    list.textContent = "";
    queue.refused().forEach(function (item) {
      var li = document.createElement("li");
      li.className = "flash flash-error";
      li.appendChild(document.createTextNode(fill(text.refused, { label: item.label, reason: item.reason })));
      var dismiss = document.createElement("button");
      dismiss.type = "button";
      dismiss.className = "secondary small";
      dismiss.textContent = text.dismiss;
      dismiss.addEventListener("click", function () { queue.dismiss(item.id); });
      li.appendChild(document.createTextNode(" "));
      li.appendChild(dismiss);
      list.appendChild(li);
    });
    // the chair moved on while this juror is busy with another sheet
    var banner = $("on-stage");
    if (stage.fair.state === "open" && stagePitch !== null && stagePitch !== shown && pitch(stagePitch)) {
      $("on-stage-text").textContent = fill(text.on_stage, { position: pitch(stagePitch).position, team: pitch(stagePitch).team_name });
      $("go-on-stage").textContent = text.go;
      banner.hidden = false;
    } else {
      banner.hidden = true;
    }
    var state = stage.fair.state;
    var closed = $("fair-closed");
    closed.hidden = state === "open";
    closed.textContent = state === "closed" ? text.scoring_closed : state === "published" ? text.published : text.scoring_not_open;
    if (shown === null) return;
    // the sheet shown: its state, a recusal, the chair's correction request
    var mine = (stage.mine && stage.mine[shown]) || data.sheets[shown] || {};
    var recusal = mine.recusal || (data.sheets[shown] && data.sheets[shown].recusal);
    $("sheet-recused").hidden = !recusal;
    $("sheet-recused").textContent = recusal ? (text.recused[recusal] || recusal) : "";
    form.hidden = !!recusal;
    var queued = queue.find(target(shown));
    var s = stateOf(shown);
    $("sheet-state").textContent = (shown === stagePitch ? text.now + " · " : "") + (text.states[s] || s) +
      (drafts()[shown] && !queued ? " · " + text.saved_here : "");
    $("sheet-state").className = "sheet-state state-" + s;
    var correction = (mine && mine.correction) || (data.sheets[shown] && data.sheets[shown].correction);
    $("sheet-correction").hidden = !correction;
    $("sheet-correction").textContent = correction ? fill(text.correction, { reason: correction.reason }) : "";
    $("send-sheet").disabled = state !== "open";
    if (queued && queued.state === "refused") showRefusalOnForm(queued);
  }

  function follow(body) {
    stage = body;
    var now = body.pitch ? body.pitch.id : null;
    if (now !== stagePitch) {
      stagePitch = now;
      // the chair brought on another pitch: its sheet opens by itself unless this juror is mid-sheet
      if (now !== null && pitch(now) && !(shown !== null && drafts()[shown])) load(now);
    }
    render();
  }

  function poll() {
    var headers = { "Accept": "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(root.getAttribute("data-stage"), { credentials: "same-origin", cache: "no-store", headers: headers })
      .then(function (r) {
        if (r.status === 304) return null;
        if (r.status === 401 || r.status === 403) throw new Error("link");  // a replaced link: the phone keeps its sheets
        if (!r.ok) throw new Error(String(r.status));
        etag = r.headers.get("ETag");
        return r.json();
      })
      .then(function (body) {
        $("connection").hidden = true;
        if (body) follow(body);
        setTimeout(poll, POLL);
      })
      .catch(function (error) {
        $("connection").textContent = error && error.message === "link" ? text.link_dead : text.offline;
        $("connection").hidden = false;
        setTimeout(poll, RETRY);
      });
  }

  form.addEventListener("change", keepDraft);
  form.addEventListener("input", keepDraft);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (shown === null) return;
    var body = collect();
    if (!Object.keys(body.scores).length) {
      $("sheet-error").textContent = text.nothing;
      $("sheet-error").hidden = false;
      return;
    }
    $("sheet-error").hidden = true;
    var p = pitch(shown);
    queue.submit({ target: target(shown), url: root.getAttribute("data-scores").replace("{pitch}", String(shown)),
                   method: "PUT", body: body, label: label(p) });
    var all = drafts();
    delete all[shown];
    saveDrafts(all);
    render();
  });
  Array.prototype.forEach.call(document.querySelectorAll("#pitches .chip"), function (chip) {
    chip.addEventListener("click", function () { load(parseInt(chip.getAttribute("data-pitch"), 10)); });
  });
  $("go-on-stage").addEventListener("click", function () { if (stagePitch !== null) load(stagePitch); });

  // the first sheet: the pitch on stage, else the first one not yet sent
  var first = stagePitch !== null && pitch(stagePitch) ? stagePitch : null;
  if (first === null) {
    var open = data.lineup.filter(function (p) { return stateOf(p.id) !== "complete" && stateOf(p.id) !== "recused"; })[0];
    first = open ? open.id : (data.lineup[0] ? data.lineup[0].id : null);
  }
  if (first !== null) load(first); else render();
  setTimeout(poll, POLL);
})();
