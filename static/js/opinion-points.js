/* "의견 항목 추가": clone the formset's empty form from <template id="point-template">.
 * Without JavaScript the page still works: it always renders one extra empty point. */
(function () {
  "use strict";
  var button = document.querySelector("[data-add-point]");
  var container = document.getElementById("points");
  var template = document.getElementById("point-template");
  if (!button || !container || !template) { return; }
  var prefix = container.getAttribute("data-formset-prefix");
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
  button.classList.remove("d-none");
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) { return; }
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fieldset = holder.firstElementChild;
    var legend = fieldset.querySelector("legend");
    if (legend) { legend.textContent = legend.textContent.replace(/.*/, "의견 " + (index + 1)); }
    container.appendChild(fieldset);
    total.value = String(index + 1);
    var textarea = fieldset.querySelector("textarea");
    if (textarea) { textarea.focus(); }
  });
})();
