/* The menu button on narrow screens: shows and hides the navigation (no framework).
 * Loaded in <head> so the menu is hidden before the first paint; without
 * JavaScript .nav-js is never set and the menu simply stays open. */
(function () {
  "use strict";
  document.documentElement.classList.add("nav-js");
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-nav-toggle]");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    // Logging out drops the opinion drafts this browser kept (static/js/opinion-form.js):
    // a shared computer keeps nothing of what was typed.
    var logout = document.querySelector("form[data-logout]");
    if (logout) {
      logout.addEventListener("submit", function () {
        try {
          for (var i = window.localStorage.length - 1; i >= 0; i--) {
            var name = window.localStorage.key(i);
            if (name && name.indexOf("dolbom-opinion:") === 0) { window.localStorage.removeItem(name); }
          }
        } catch (e) { /* storage disabled: nothing kept */ }
      });
    }
    if (!button || !menu) { return; }
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("show", open);
    });
  });
})();
