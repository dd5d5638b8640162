/* The pages' few behaviours, as one static file so that the Content-Security-Policy needs no
   inline script (docs/security.md).  Delegated from the document, so content that htmx
   swaps in works too. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Public pages on a phone: the menu folds behind one button (the nav stays open without JS).
  document.addEventListener("click", function (e) {
    var toggle = e.target.closest && e.target.closest(".nav-toggle");
    if (!toggle) { return; }
    var nav = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (nav) { nav.classList.toggle("open", open); }
  });
  // "更多" on a wide screen: the last public entries drop down under one button; Escape or a
  // click elsewhere folds them again.
  function foldMore(except) {
    document.querySelectorAll(".nav-more-toggle[aria-expanded=true]").forEach(function (b) {
      if (b !== except) { b.setAttribute("aria-expanded", "false"); }
    });
  }
  document.addEventListener("click", function (e) {
    var more = e.target.closest && e.target.closest(".nav-more-toggle");
    if (more) { more.setAttribute("aria-expanded", more.getAttribute("aria-expanded") === "true" ? "false" : "true"); }
    foldMore(more);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { foldMore(null); }
  });
  // Tables read as cards on a narrow screen: each cell names its column (data-label), from
  // the header when the template did not say.
  function label(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("body.public main table").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
      table.querySelectorAll("tbody tr, tfoot tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (!cell.hasAttribute("data-label") && heads[i]) { cell.setAttribute("data-label", heads[i]); }
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { label(document); });
  document.addEventListener("htmx:afterSwap", function (e) { label(document); });
  document.addEventListener("keydown", function (e) {
    var form = e.target.closest && e.target.closest("form[data-submit-shortcut]");
    if (form && e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  // Department pickers where a page has many (the dispatch queue): the options are in the
  // page once (<template id="department-options">) and a picker takes its copy when first
  // used: pressed, reached with the keyboard, shown by opening its <details>, or set by a
  // suggestion.
  function fillDepartments(select) {
    var options = document.getElementById("department-options");
    if (!options || !select.hasAttribute("data-department-options") || select.hasAttribute("data-filled")) { return; }
    select.appendChild(options.content.cloneNode(true));
    select.setAttribute("data-filled", "");
  }
  function fillFrom(e) {
    var select = e.target.closest && e.target.closest("select[data-department-options]");
    if (select) { fillDepartments(select); }
  }
  document.addEventListener("pointerdown", fillFrom, true);
  document.addEventListener("focusin", fillFrom);
  document.addEventListener("toggle", function (e) {
    if (e.target.open && e.target.querySelectorAll) { e.target.querySelectorAll("select[data-department-options]").forEach(fillDepartments); }
  }, true);
  document.addEventListener("click", function (e) {
    var pick = e.target.closest && e.target.closest("[data-pick-department]");
    if (pick) {
      var select = pick.closest(".dispatch-box").querySelector("select[name=department]");
      if (select) {
        fillDepartments(select);
        select.value = pick.getAttribute("data-pick-department");
      }
    }
    if (e.target.closest && e.target.closest("[data-print]")) { window.print(); }
  });
  // Batch actions: the row check boxes belong to the batch form (form="…"); "全选本页" ticks
  // them all, and the bar says how many are ticked.  Plain check boxes and buttons, so Tab,
  // Space and Enter work as everywhere else.
  function batchBoxes(formId) {
    return document.querySelectorAll("input[name=ids][form='" + formId + "']");
  }
  function batchCount(formId) {
    var form = document.getElementById(formId);
    if (!form) { return; }
    var boxes = batchBoxes(formId), ticked = 0;
    boxes.forEach(function (b) { if (b.checked) { ticked += 1; } });
    var count = form.querySelector("[data-batch-count]");
    if (count) { count.textContent = "已选 " + ticked + " 条"; }
    document.querySelectorAll("[data-select-all='" + formId + "']").forEach(function (all) {
      all.checked = boxes.length > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    });
  }
  document.addEventListener("change", function (e) {
    var target = e.target;
    if (!target.matches) { return; }
    if (target.matches("[data-select-all]")) {
      var formId = target.getAttribute("data-select-all");
      batchBoxes(formId).forEach(function (b) { b.checked = target.checked; });
      batchCount(formId);
    } else if (target.matches("input[name=ids][form]")) {
      batchCount(target.getAttribute("form"));
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-batch]").forEach(function (f) { batchCount(f.id); });
  });
  // A wide table scrolls sideways inside its wrapper: keyboard users reach it with Tab and
  // scroll it with the arrow keys.
  function focusableTables(root) {
    root.querySelectorAll(".table-wrap:not([tabindex])").forEach(function (el) { el.tabIndex = 0; });
  }
  document.addEventListener("DOMContentLoaded", function () { focusableTables(document); });
  document.addEventListener("htmx:afterSwap", function (e) { focusableTables(e.target); });
})();
