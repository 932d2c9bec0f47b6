/* Dealflow review pages: keyboard shortcuts and evidence links. The pages work without it. */
(function () {
  "use strict";

  function isTyping(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  // Keys shown on the page: an element with data-shortcut="a" is clicked (or focused, if a field).
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (isTyping(event.target)) {
      if (event.key === "Escape") {
        event.target.blur();
      }
      return;
    }
    if (event.key === "Enter" && document.getElementById("start-review")) {
      document.getElementById("start-review").click();
      return;
    }
    var target = document.querySelector('[data-shortcut="' + event.key + '"]');
    if (!target) {
      return;
    }
    event.preventDefault();
    if (isTyping(target)) {
      target.focus();
      target.select();
    } else {
      target.click();
    }
  });

  // A field's evidence button scrolls to its words in the article and makes them flash.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.ev") : null;
    if (!button) {
      return;
    }
    var wanted = button.dataset.spans.split(" ");
    var marks = Array.prototype.filter.call(document.querySelectorAll("mark[data-spans]"), function (mark) {
      return mark.dataset.spans.split(" ").some(function (id) { return wanted.indexOf(id) !== -1; });
    });
    if (!marks.length) {
      return;
    }
    marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
    marks.forEach(function (mark) {
      mark.classList.remove("flash");
      void mark.offsetWidth; // restart the animation
      mark.classList.add("flash");
    });
  });

  // The next proposal starts at the top, with the keys ready (nothing keeps the focus).
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "proposal-page") {
      window.scrollTo(0, 0);
      if (document.activeElement && document.activeElement !== document.body) {
        document.activeElement.blur();
      }
    }
  });
})();
