/* The opinion form (member's and staff's on-behalf entry) and the member's receipt.
 *
 * Everything here is an addition: without JavaScript the form posts normally,
 * always shows one empty point to add another, and "이 의견 빼기" is a checkbox.
 *
 * - "+ 의견 항목 추가" adds a blank copy of the first point, renumbered for the formset.
 * - A point ticked "이 의견 빼기" folds away (it is left out when saved).
 * - Autosave (a form with data-autosave-url, the member's own): what is typed is
 *   sent every few seconds and when a field is left, to a server copy that never
 *   submits or changes the saved opinion; a copy is also kept in this browser's
 *   localStorage (data-autosave-key) while offline or logged out, and offered
 *   back when the form is opened again. The receipt page (data-autosave-clear)
 *   drops it; so does logging out (static/js/nav.js).
 * - A copy button for text that could not be saved (data-copy-target).
 */
(function () {
  "use strict";
  var DELAY = 3000;

  // ---------------------------------------------------------------- points
  var container = document.getElementById("points");
  var addButton = document.querySelector("[data-add-point]");
  var prefix = container && container.getAttribute("data-formset-prefix");
  var total = prefix && document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var max = prefix && document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");

  function points() {
    return container ? container.querySelectorAll("[data-point]") : [];
  }

  function renumber() {
    Array.prototype.forEach.call(points(), function (fieldset, index) {
      var title = fieldset.querySelector("[data-point-title]");
      if (title) { title.textContent = "의견 " + (index + 1); }
    });
  }

  function isEmpty(fieldset) {
    var filled = false;
    Array.prototype.forEach.call(fieldset.querySelectorAll("textarea, select"), function (el) {
      if (el.value.trim()) { filled = true; }
    });
    return !filled;
  }

  function markRemoved(fieldset, removed) {
    fieldset.classList.toggle("is-removed", removed);
  }

  function wire(fieldset) {
    var box = fieldset.querySelector("[data-point-remove]");
    if (box) {
      markRemoved(fieldset, box.checked);
      box.addEventListener("change", function () { markRemoved(fieldset, box.checked); });
    }
  }

  // ids, names and label targets of point n: id_points-n-text, div_id_points-n-text, points-n-text
  var NUMBERED = new RegExp("^((?:id_|div_id_)?" + prefix + "-)\\d+(-)");

  function renumberAttribute(el, name, index) {
    var value = el.getAttribute(name);
    if (value) { el.setAttribute(name, value.replace(NUMBERED, "$1" + index + "$2")); }
  }

  function blankCopy(model, index) {
    var fieldset = model.cloneNode(true);
    fieldset.classList.remove("is-removed");
    Array.prototype.forEach.call(fieldset.querySelectorAll(".form-hint-invalid"), function (el) {
      el.parentNode.removeChild(el);
    });
    Array.prototype.forEach.call(fieldset.querySelectorAll("*"), function (el) {
      ["id", "name", "for", "aria-describedby"].forEach(function (name) {
        renumberAttribute(el, name, index);
      });
      el.classList.remove("is-error");
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
      if (el.tagName === "TEXTAREA") { el.value = ""; el.textContent = ""; }
      if (el.tagName === "SELECT") { el.value = ""; }
      if (el.type === "checkbox") { el.checked = false; }
    });
    return fieldset;
  }

  function addPoint(focus) {
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) { return null; }
    var fieldset = blankCopy(points()[0], index);
    container.appendChild(fieldset);
    total.value = String(index + 1);
    wire(fieldset);
    renumber();
    if (focus) {
      var textarea = fieldset.querySelector("textarea");
      if (textarea) { textarea.focus(); }
    }
    return fieldset;
  }

  if (container && total && points().length) {
    Array.prototype.forEach.call(points(), wire);
    // The empty point kept for browsers without JavaScript: with the add button
    // it is not needed, unless it is the only one (or shows an error).
    var all = points();
    var last = all[all.length - 1];
    if (all.length > 1 && last && isEmpty(last) && !last.querySelector(".form-hint-invalid") &&
        parseInt(total.value, 10) === all.length) {
      last.parentNode.removeChild(last);
      total.value = String(all.length - 1);
    }
    if (addButton) {
      addButton.classList.remove("d-none");
      addButton.addEventListener("click", function () { addPoint(true); });
    }
  }

  // ---------------------------------------------------------------- autosave
  var form = document.querySelector("form[data-autosave-url]");
  var key = form && form.getAttribute("data-autosave-key");
  var status = document.querySelector("[data-autosave-status]");
  var storage = null;
  try { storage = window.localStorage; } catch (e) { storage = null; }

  function say(text) {
    if (status) { status.textContent = text; }
  }

  // The "자동 보관됨" line follows the box being typed in: on a phone the keyboard
  // hides everything far below it. It stays one polite live region, only moved.
  if (form && status) {
    form.addEventListener("focusin", function (event) {
      var box = event.target;
      if (box && box.tagName === "TEXTAREA" && box.nextElementSibling !== status) {
        box.insertAdjacentElement("afterend", status);
      }
    });
  }

  function fields() {
    var out = [];
    Array.prototype.forEach.call(form.querySelectorAll("#points textarea, #points select, #points input[type=checkbox]"), function (el) {
      out.push([el.name, el.type === "checkbox" ? (el.checked ? "on" : "") : el.value]);
    });
    return out;
  }

  function versionValue() {
    var input = form.querySelector("input[name=version]");
    return input ? input.value : "";
  }

  function keepLocal() {
    if (!storage || !key) { return; }
    try {
      storage.setItem(key, JSON.stringify({
        savedAt: Date.now(), version: versionValue(), total: total ? total.value : "", fields: fields()
      }));
    } catch (e) { /* storage full or disabled: the server copy still counts */ }
  }

  function sameAsForm(copy) {
    var now = fields();
    if (now.length !== copy.fields.length) { return false; }
    for (var i = 0; i < now.length; i++) {
      if (now[i][0] !== copy.fields[i][0] || now[i][1] !== copy.fields[i][1]) { return false; }
    }
    return true;
  }

  function restoreLocal() {
    if (!storage || !key) { return; }
    var copy = null;
    try { copy = JSON.parse(storage.getItem(key) || "null"); } catch (e) { copy = null; }
    if (!copy || !copy.fields) { return; }
    if (copy.version !== versionValue()) {  // typed on an older version: saved since
      storage.removeItem(key);
      return;
    }
    var serverSavedAt = parseInt(form.getAttribute("data-saved-at") || "0", 10);
    if (copy.savedAt <= serverSavedAt || sameAsForm(copy)) { return; }
    var wanted = parseInt(copy.total || "0", 10);
    while (total && parseInt(total.value, 10) < wanted && addPoint(false)) { /* add */ }
    copy.fields.forEach(function (pair) {
      var el = form.querySelector("[name='" + pair[0] + "']");
      if (!el) { return; }
      if (el.type === "checkbox") { el.checked = pair[1] === "on"; } else { el.value = pair[1]; }
    });
    Array.prototype.forEach.call(points(), wire);
    var notice = document.querySelector("[data-local-restore-notice]");
    if (notice) { notice.classList.remove("d-none"); }
    var older = document.querySelector("[data-server-restore-notice]");  // superseded
    if (older) { older.classList.add("d-none"); }
    dirty = true;
    schedule();
  }

  var dirty = false;
  var timer = null;
  var sending = false;
  var submitting = false;
  var inFlight = null;

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(send, DELAY);
  }

  function time() {
    var d = new Date();
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  function send() {
    window.clearTimeout(timer);
    if (!dirty || sending || submitting) { return; }
    sending = true;
    dirty = false;
    var data = new FormData(form);
    data.delete("action");
    inFlight = window.AbortController ? new AbortController() : null;
    fetch(form.getAttribute("data-autosave-url"), {
      method: "POST", body: data, credentials: "same-origin", redirect: "manual",
      headers: { "X-Requested-With": "fetch" }, signal: inFlight ? inFlight.signal : undefined
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 0 ||
          response.status === 302 || response.status === 403) {
        say("로그인이 끝나 이 기기에만 보관했습니다(" + time() + "). 다시 로그인하면 이어서 쓸 수 있습니다.");
        dirty = true;
        return null;
      }
      return response.json().then(function (body) {
        if (response.ok && body.ok) {
          say(body.saved_at + " 자동 보관됨 (아직 제출 전)");
          document.dispatchEvent(new CustomEvent("dolbom:session-renewed"));
        } else {
          say(body.message || "자동 보관하지 못했습니다. 이 기기에는 보관되어 있습니다.");
        }
      });
    }).catch(function () {
      if (submitting) { return; }  // cancelled: the form itself is being sent
      say("연결이 끊겨 이 기기에만 보관했습니다(" + time() + ").");
      dirty = true;
    }).then(function () {
      sending = false;
      inFlight = null;
    });
  }

  if (form && key) {
    restoreLocal();
    form.addEventListener("input", function () {
      dirty = true;
      keepLocal();
      schedule();
    });
    form.addEventListener("change", function () {
      dirty = true;
      keepLocal();
    });
    form.addEventListener("focusout", function (event) {
      // Leaving a field saves a copy soon; pressing 임시 저장 or 제출 (which also
      // leaves the field) sends the form instead.
      var to = event.relatedTarget;
      if (to && to.form === form && to.type === "submit") { return; }
      if (event.target.matches && event.target.matches("textarea, select")) {
        window.clearTimeout(timer);
        timer = window.setTimeout(send, 300);
      }
    });
    form.addEventListener("submit", function () {
      submitting = true;
      window.clearTimeout(timer);
      if (inFlight) { inFlight.abort(); }
      keepLocal();  // if this post is lost (the session ended), the copy is here
    });
    window.addEventListener("online", function () { if (dirty) { send(); } });
    window.addEventListener("pageshow", function () { submitting = false; });  // back button
  }

  // ---------------------------------------------------------------- receipt
  var clear = document.querySelector("[data-autosave-clear]");
  if (clear && storage) {
    try { storage.removeItem(clear.getAttribute("data-autosave-clear")); } catch (e) { /* ignore */ }
  }

  // ---------------------------------------------------------------- copy button
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy-target]"), function (button) {
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (!source) { return; }
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      var done = function () { button.textContent = button.getAttribute("data-copied-text"); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(done, function () {
          source.select();
        });
      } else {
        source.select();
        try { if (document.execCommand("copy")) { done(); } } catch (e) { /* selected at least */ }
      }
    });
  });
})();
