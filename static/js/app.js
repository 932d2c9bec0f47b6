/* Dealflow: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Filter forms send only the fields in use, so pushed URLs stay short and shareable.
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt.matches || !event.detail.elt.matches("form.filters")) {
      return;
    }
    var parameters = event.detail.parameters;
    Object.keys(parameters).forEach(function (name) {
      if (parameters[name] === "") {
        delete parameters[name];
      }
    });
  });

  // Picking a suggestion from a datalist applies the filter at once (no need to leave the box).
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.list || !input.form || !input.form.matches("form.filters")) {
      return;
    }
    var options = input.list.options;
    for (var i = 0; i < options.length; i++) {
      if (options[i].value === input.value) {
        input.dispatchEvent(new Event("change", { bubbles: true }));
        return;
      }
    }
  });

  // Escape hides the tooltip of a figure (WCAG 1.4.13); moving to another figure shows its own.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.querySelectorAll(".tip").forEach(function (tip) {
        tip.classList.add("dismissed");
      });
    }
  });
  ["focusin", "mouseover"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target.closest && event.target.closest("a.figure")) {
        document.querySelectorAll(".tip.dismissed").forEach(function (tip) {
          tip.classList.remove("dismissed");
        });
      }
    });
  });

  // The sort links in a table header change the sort: keep the form's select in step with them.
  document.addEventListener("htmx:pushedIntoHistory", function () {
    var params = new URLSearchParams(window.location.search);
    document.querySelectorAll("form.filters [data-sync]").forEach(function (field) {
      var value = params.get(field.name);
      if (value !== null) {
        field.value = value;
      }
    });
  });

  // A text box with a limit counts its characters as one types or pastes, and says when the
  // text is too long (the server refuses it too), instead of a maxlength that cuts it silently.
  document.querySelectorAll("textarea[data-max-chars]").forEach(function (box) {
    var limit = Number(box.dataset.maxChars);
    var count = document.createElement("p");
    count.id = box.id + "_count";
    count.className = "help char-count";
    count.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", count);
    box.setAttribute("aria-describedby", count.id);
    function show() {
      // Characters as the server counts them, not UTF-16 units (an emoji is one).
      var used = Array.from(box.value).length;
      var over = used > limit;
      count.textContent = over
        ? "Too long: " + used.toLocaleString("en") + " characters, " +
          (used - limit).toLocaleString("en") + " more than the " +
          limit.toLocaleString("en") + " a paste may hold."
        : used.toLocaleString("en") + " of " + limit.toLocaleString("en") + " characters.";
      count.classList.toggle("over", over);
      box.setAttribute("aria-invalid", over ? "true" : "false");
    }
    box.addEventListener("input", show);
    show();
  });

  // Copy buttons (a feed address): shown only where the clipboard can be written.
  if (navigator.clipboard) {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.hidden = false;
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy]");
    if (!button) {
      return;
    }
    var field = document.getElementById(button.dataset.copy);
    navigator.clipboard.writeText(field.value).then(function () {
      button.textContent = "Copied";
    });
  });
})();
