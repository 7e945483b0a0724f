/* After a refused submission: focus goes to a summary of what to fix (not <body>),
 * every field with an error is marked aria-invalid, and the page title says so.
 * The words come from the script tag's data attributes (translated in base.html). */
(function () {
  "use strict";
  var script = document.currentScript;
  var words = {
    title: (script && script.getAttribute("data-title")) || "입력 오류",
    heading: (script && script.getAttribute("data-heading")) || "입력한 내용을 확인해 주세요"
  };
  document.addEventListener("DOMContentLoaded", function () {
    var main = document.getElementById("main");
    if (!main) { return; }
    var hints = main.querySelectorAll("form .form-hint-invalid");
    var alert = main.querySelector("form .alert-danger, .alert-danger[role=alert]");
    if (!hints.length && !alert) { return; }
    Array.prototype.forEach.call(
      main.querySelectorAll(".is-error input, .is-error select, .is-error textarea"),
      function (el) { el.setAttribute("aria-invalid", "true"); }
    );
    var target = alert;
    if (hints.length) {
      var summary = document.createElement("div");
      summary.className = "alert alert-danger error-summary";
      summary.setAttribute("role", "alert");
      var heading = document.createElement("p");
      heading.className = "fw-bold mb-1";
      heading.textContent = words.heading + " (" + hints.length + ")";
      summary.appendChild(heading);
      var list = document.createElement("ul");
      list.className = "mb-0";
      Array.prototype.forEach.call(hints, function (hint) {
        var group = hint.closest(".form-group");
        var control = group && group.querySelector("input:not([type=hidden]), select, textarea");
        var label = group && group.querySelector("label, legend");
        var item = document.createElement("li");
        var text = (label ? label.textContent.trim() + ": " : "") + hint.textContent.trim();
        if (control && control.id) {
          var link = document.createElement("a");
          link.href = "#" + control.id;
          link.textContent = text;
          item.appendChild(link);
        } else {
          item.textContent = text;
        }
        list.appendChild(item);
      });
      summary.appendChild(list);
      var form = hints[0].closest("form");
      form.parentNode.insertBefore(summary, form);
      target = summary;
    }
    target.setAttribute("tabindex", "-1");
    target.focus();
    document.title = words.title + ": " + document.title;
  });
})();
