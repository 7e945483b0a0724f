/* Warn ~5 minutes before the login session expires while a form is open.
 *
 * <body data-session-seconds="3600"> (base.html) gives the idle lifetime; a form
 * with data-keepalive-url="…" marks a page worth protecting. "로그인 유지" sends a
 * GET to that URL, which renews the session (SESSION_SAVE_EVERY_REQUEST), and
 * the countdown starts again. No inline script, no framework. */
(function () {
  "use strict";
  var seconds = parseInt(document.body.getAttribute("data-session-seconds") || "", 10);
  var form = document.querySelector("[data-keepalive-url]");
  if (!form || !seconds || seconds <= 0) { return; }
  var url = form.getAttribute("data-keepalive-url");
  var WARN_BEFORE = Math.min(300, Math.floor(seconds / 2));
  var warnTimer = null;
  var expireTimer = null;
  var box = null;

  function removeBox() {
    if (box && box.parentNode) { box.parentNode.removeChild(box); }
    box = null;
  }

  function showBox(text, withButton) {
    removeBox();
    box = document.createElement("div");
    box.className = "alert alert-warning session-timeout-alert shadow";
    box.setAttribute("role", "alert");
    var p = document.createElement("p");
    p.className = "mb-2";
    p.textContent = text;
    box.appendChild(p);
    if (withButton) {
      var stay = document.createElement("button");
      stay.type = "button";
      stay.className = "btn btn-primary";
      stay.textContent = "로그인 유지";
      stay.addEventListener("click", keepAlive);
      box.appendChild(stay);
    }
    document.body.appendChild(box);
    var focusable = box.querySelector("button");
    if (focusable) { focusable.focus(); }
  }

  function schedule() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(expireTimer);
    warnTimer = window.setTimeout(function () {
      showBox("로그인이 약 " + Math.max(1, Math.round(WARN_BEFORE / 60)) +
        "분 뒤 끝납니다. 작성 중인 내용을 잃지 않으려면 ‘로그인 유지’를 누르거나 임시 저장하세요.", true);
    }, (seconds - WARN_BEFORE) * 1000);
    expireTimer = window.setTimeout(function () {
      showBox("로그인이 끝났습니다. 작성한 내용을 복사해 두신 뒤 다시 로그인해 주세요.", false);
    }, seconds * 1000);
  }

  function keepAlive() {
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (response.ok) {
          removeBox();
          schedule();
        } else {
          showBox("로그인을 유지하지 못했습니다. 작성한 내용을 복사해 두세요.", false);
        }
      })
      .catch(function () {
        showBox("연결이 끊겼습니다. 작성한 내용을 복사해 두세요.", false);
      });
  }

  // Autosave (static/js/opinion-form.js) renews the session as the member types.
  document.addEventListener("dolbom:session-renewed", function () {
    removeBox();
    schedule();
  });

  schedule();
})();
