// Small behaviours every page may use, attached from here (no inline handlers: the pages run under a
// Content-Security-Policy that allows only scripts served by the app).
//   <form data-confirm="Question?">        asks before submitting
//   <button data-print>                    prints the page
//   <select|input data-autosubmit>         submits its form when changed
//   <button data-copy data-copied="Done">  copies the value of the field just before it
//   <a data-back>                          goes back one page
//   <button data-menu-toggle aria-controls="id">  opens and closes the phone's navigation
//   <input class="select-on-focus">        selects its text when focused (a link to copy)
(function () {
  "use strict";
  // with JavaScript the phone's navigation folds behind its menu button (rostok.css)
  document.documentElement.classList.add("js");
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field && field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print],[data-copy],[data-back],[data-menu-toggle]") : null;
    if (!button) return;
    if (button.hasAttribute("data-menu-toggle")) {
      var menu = document.getElementById(button.getAttribute("aria-controls"));
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      if (menu) menu.classList.toggle("open", open);
      return;
    }
    if (button.hasAttribute("data-back")) {
      event.preventDefault();
      window.history.back();
      return;
    }
    if (button.hasAttribute("data-print")) {
      window.print();
      return;
    }
    var field = button.previousElementSibling;
    if (!field) return;
    field.select();
    if (navigator.clipboard) navigator.clipboard.writeText(field.value);
    button.textContent = button.dataset.copied || button.textContent;
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.classList && (event.target.classList.contains("copy-field") || event.target.classList.contains("select-on-focus"))) event.target.select();
  });
})();
