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
    // The menu marks where the user is (aria-current="page"): the link whose address
    // is the longest prefix of this page's, so a meeting's tracker marks 회의.
    var here = window.location.pathname, best = null, bestLength = 0;
    Array.prototype.forEach.call(document.querySelectorAll("#main-nav a.nav-link[href]"), function (link) {
      var path = link.getAttribute("href").split("?")[0];
      if (path.length > bestLength && here.indexOf(path) === 0 && path !== "/") {
        best = link; bestLength = path.length;
      }
    });
    if (best && !document.querySelector("#main-nav [aria-current]")) {
      best.setAttribute("aria-current", "page");
    }
    // A table wider than the screen scrolls in its wrapper: make the wrapper reachable
    // and named for keyboard users (WCAG 2.1.1; axe scrollable-region-focusable).
    Array.prototype.forEach.call(document.querySelectorAll(".table-responsive, .table-scroll"), function (box) {
      if (box.scrollWidth <= box.clientWidth + 1 || box.hasAttribute("tabindex")) { return; }
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (!box.hasAttribute("aria-label")) {
        var caption = box.querySelector("caption");
        var heading = caption || (box.previousElementSibling && /^H[1-6]$/.test(box.previousElementSibling.tagName) ? box.previousElementSibling : null);
        box.setAttribute("aria-label", heading ? heading.textContent.trim() : (document.querySelector("h1") || {}).textContent || "표");
      }
    });
    if (!button || !menu) { return; }
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("show", open);
    });
  });
})();
