// Kept tiny on purpose: every page works without it (DESIGN.md).
(function () {
  "use strict";

  // Move focus to the error summary so a screen reader announces the errors first (WCAG 3.3.1).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // Warn two minutes before an idle session ends and let the person extend it (WCAG 2.2.1).
  var warning = document.getElementById("session-warning");
  if (warning) {
    var timeout = Number(warning.getAttribute("data-timeout-seconds")) * 1000;
    var warnAfter = Math.max(timeout - 120000, timeout / 2);
    var returnFocus = null;
    var timer = null;
    var schedule = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        returnFocus = document.activeElement;
        warning.hidden = false;
        warning.focus();
      }, warnAfter);
    };
    warning.querySelector("[data-session-extend]").addEventListener("submit", function (event) {
      event.preventDefault();
      window.fetch(event.target.action, {method: "POST", body: new FormData(event.target), credentials: "same-origin"})
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          warning.hidden = true;
          if (returnFocus && returnFocus.focus) { returnFocus.focus(); }
          schedule();
        })
        .catch(function () { event.target.submit(); });
    });
    schedule();
    // The session's absolute end cannot be put off: two minutes before it, the warning says so.
    var endsIn = warning.getAttribute("data-ends-in-seconds");
    if (endsIn !== null) {
      window.setTimeout(function () {
        window.clearTimeout(timer);
        warning.querySelector("[data-session-extend]").hidden = true;
        document.getElementById("session-warning-text").hidden = true;
        warning.querySelector("[data-session-ending]").hidden = false;
        warning.setAttribute("aria-describedby", "session-ending-text");
        returnFocus = document.activeElement;
        warning.hidden = false;
        warning.focus();
      }, Math.max(Number(endsIn) * 1000 - 120000, 0));
    }
  }

  // A new API token: a button that copies it, for people for whom selecting text is hard.
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!source || !status || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var range = document.createRange();
      range.selectNodeContents(source);
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        status.textContent = status.getAttribute("data-done");
      });
    });
  });
})();
