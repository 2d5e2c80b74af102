// Kept tiny on purpose: every page works without it (DESIGN.md).
(function () {
  "use strict";
  // Move focus to the error summary so a screen reader announces the errors first (WCAG 3.3.1).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
