/* While a large import is written (one transaction, one request), show how many rows are done:
 * the form submits as usual, and the page polls the progress until the answer arrives. */
(function () {
  "use strict";
  var form = document.getElementById("import-confirm");
  if (!form) return;
  form.addEventListener("submit", function () {
    var bar = form.querySelector("progress");
    var text = form.querySelector("[data-progress-text]");
    var button = form.querySelector("button");
    button.disabled = true;  // one tap: a second submit would only be refused
    bar.hidden = false;
    text.hidden = false;
    var url = form.getAttribute("data-progress-url");
    setInterval(function () {
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (p) {
        bar.max = p.total;
        bar.value = p.done;
        text.textContent = p.done + " / " + p.total;
      }).catch(function () {});
    }, 700);
  });
})();
