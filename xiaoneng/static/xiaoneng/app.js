/* The pages' few behaviours, as one static file so that the Content-Security-Policy needs no
   inline script (docs/security.md).  Delegated from the document, so content that htmx
   swaps in works too. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    var form = e.target.closest && e.target.closest("form[data-submit-shortcut]");
    if (form && e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  document.addEventListener("click", function (e) {
    var pick = e.target.closest && e.target.closest("[data-pick-department]");
    if (pick) {
      var select = pick.closest(".dispatch-box").querySelector("select[name=department]");
      if (select) { select.value = pick.getAttribute("data-pick-department"); }
    }
    if (e.target.closest && e.target.closest("[data-print]")) { window.print(); }
  });
  // A wide table scrolls sideways inside its wrapper: keyboard users reach it with Tab and
  // scroll it with the arrow keys.
  function focusableTables(root) {
    root.querySelectorAll(".table-wrap:not([tabindex])").forEach(function (el) { el.tabIndex = 0; });
  }
  document.addEventListener("DOMContentLoaded", function () { focusableTables(document); });
  document.addEventListener("htmx:afterSwap", function (e) { focusableTables(e.target); });
})();
