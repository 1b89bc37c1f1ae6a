/* The application form: one more partner or budget line (a copy of the last row, numbered on), and the requested
 * sum as the lines add up. Without the script the form has its rows and the server adds the lines itself. */
(function () {
  "use strict";
  var form = document.getElementById("application");
  if (!form) return;

  function renumber(row, index) {
    Array.prototype.forEach.call(row.querySelectorAll("[name], [id], label[for]"), function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replace(/-(\d+)-/, "-" + index + "-"));
      });
    });
    Array.prototype.forEach.call(row.querySelectorAll("input"), function (input) { input.value = ""; });
    Array.prototype.forEach.call(row.querySelectorAll(".field-error"), function (e) { e.remove(); });
    Array.prototype.forEach.call(row.querySelectorAll(".has-error"), function (e) { e.classList.remove("has-error"); });
  }

  Array.prototype.forEach.call(form.querySelectorAll("[data-add]"), function (button) {
    var kind = button.getAttribute("data-add");
    button.hidden = false;
    button.addEventListener("click", function () {
      var rows = form.querySelectorAll('[data-row="' + kind + '"]');
      var last = rows[rows.length - 1];
      var copy = last.cloneNode(true);
      renumber(copy, rows.length);
      last.parentNode.insertBefore(copy, last.nextSibling);
      copy.querySelector("input").focus();
    });
  });

  var total = document.querySelector("#requested strong");
  var template = form.getAttribute("data-total-text") || "%(sum)s";
  function number(text) {
    var clean = String(text || "").replace(/[\s\u00a0]/g, "").replace(",", ".");
    var value = parseFloat(clean);
    return isFinite(value) ? value : 0;
  }
  function recount() {
    var sum = 0;
    Array.prototype.forEach.call(form.querySelectorAll('[data-row="budget_lines"] input[name$="-amount"]'), function (input) {
      sum += number(input.value);
    });
    total.textContent = template.replace("%(sum)s", sum.toLocaleString(document.documentElement.lang || "ru",
      { maximumFractionDigits: 2 }));
  }
  form.addEventListener("input", function (event) {
    if (/-amount$/.test(event.target.name || "")) recount();
  });
  recount();
})();
