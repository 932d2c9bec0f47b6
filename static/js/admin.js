// Django admin leaves some controls without an accessible name: the columns of tabular inlines
// (headed, but not labelled) and the boxes its autocomplete fields (select2) draw. Name each one
// after its label or its column heading, also for rows and boxes added later.
(function () {
  "use strict";

  function columnHeading(control) {
    var cell = control.closest("td");
    var table = control.closest("table");
    if (!cell || !table) return "";
    var headings = table.querySelectorAll("thead th");
    var heading = headings[Array.prototype.indexOf.call(cell.parentNode.children, cell)];
    return heading ? heading.textContent.trim() : "";
  }

  function fieldName(control) {
    var label = control.id && document.querySelector('label[for="' + control.id + '"]');
    return (label && label.textContent.trim().replace(/:$/, "")) || columnHeading(control);
  }

  function nameControls() {
    document.querySelectorAll(".tabular td input, .tabular td select, .tabular td textarea").forEach(function (control) {
      if (control.type !== "hidden" && !control.labels.length && !control.getAttribute("aria-label")) {
        var name = fieldName(control);
        if (name) control.setAttribute("aria-label", name);
      }
    });
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.nextElementSibling;
      if (!box || !box.classList.contains("select2")) return;
      var name = fieldName(select);
      box.querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field').forEach(function (part) {
        if (name && part.getAttribute("aria-label") !== name) part.setAttribute("aria-label", name);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameControls();
    new MutationObserver(nameControls).observe(document.body, { childList: true, subtree: true });
  });
})();
