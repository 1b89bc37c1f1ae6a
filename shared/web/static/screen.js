// A screen for the hall (the projector, the pledge board): the light or dark theme, remembered on this computer, and
// full screen. The theme button carries its two labels (data-light, data-dark): it names the theme it switches to.
(function () {
  "use strict";
  var KEY = "rostok.projector.theme";  // one choice for every screen of the hall
  var button = document.getElementById("theme");
  var full = document.getElementById("fullscreen");
  function theme(name) {
    document.body.classList.toggle("theme-light", name === "light");
    document.body.classList.toggle("theme-dark", name !== "light");
    if (button) button.textContent = name === "light" ? button.getAttribute("data-dark") : button.getAttribute("data-light");
    try { localStorage.setItem(KEY, name); } catch (e) { /* private mode: the choice lasts this page */ }
  }
  if (button) {
    button.addEventListener("click", function () {
      theme(document.body.classList.contains("theme-light") ? "dark" : "light");
    });
  }
  if (full) {
    full.addEventListener("click", function () {
      var doc = document.documentElement;
      if (document.fullscreenElement) document.exitFullscreen();
      else if (doc.requestFullscreen) doc.requestFullscreen();
    });
  }
  var saved = null;
  try { saved = localStorage.getItem(KEY); } catch (e) { saved = null; }
  theme(saved === "light" ? "light" : "dark");
})();
