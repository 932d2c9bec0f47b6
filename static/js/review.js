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

/* The reverse of the evidence buttons: clicking highlighted words goes to their field. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest("#article-text mark[data-spans]") : null;
    if (!mark) {
      return;
    }
    var ids = mark.dataset.spans.split(" ");
    var buttons = document.querySelectorAll("#review-form button.ev");
    for (var i = 0; i < buttons.length; i++) {
      var spans = buttons[i].dataset.spans.split(" ");
      if (spans.some(function (id) { return ids.indexOf(id) !== -1; })) {
        var box = buttons[i].closest(".field, td");
        var field = box && box.querySelector("input:not([type=hidden]):not([type=checkbox]), select");
        if (field) {
          field.focus();
          field.scrollIntoView({ block: "nearest" });
        }
        return;
      }
    }
  });
})();

/* A renamed company or investor no longer matches the record picked for the old name. */
(function () {
  "use strict";

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.closest || !input.closest("#review-form") || input.type !== "text") {
      return;
    }
    var box = input.closest("tr.investor-row") || (input.name === "company_name" ? input.closest(".row") : null);
    var record = box && box.querySelector("select[name$=choice]");
    if (record) {
      record.value = "";
    }
  });
})();

/* The queue's header checkbox picks every row shown, for a bulk rejection. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var all = event.target;
    if (!all.dataset || !all.dataset.checkAll || !all.form) {
      return;
    }
    all.form.querySelectorAll('input[name="' + all.dataset.checkAll + '"]').forEach(function (box) {
      box.checked = all.checked;
    });
  });
})();

/* The article page: words selected in the article become the words of a missed round. */
(function () {
  "use strict";

  document.addEventListener("selectionchange", function () {
    var container = document.querySelector("#article-text[data-selectable]");
    var form = document.getElementById("add-round");
    var selection = document.getSelection();
    if (!container || !form || !selection.rangeCount || selection.isCollapsed) {
      return;
    }
    var range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) {
      return;
    }
    // The text's offsets: the page shows the article's text as it is, marks aside.
    var before = document.createRange();
    before.setStart(container, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var start = before.toString().length;
    var words = range.toString();
    form.elements.quote.value = words;
    form.elements.start.value = start;
    form.elements.end.value = start + words.length;
  });

  // Words typed or pasted by hand are found in the text by the server instead.
  document.addEventListener("input", function (event) {
    var form = document.getElementById("add-round");
    if (form && event.target === form.elements.quote) {
      form.elements.start.value = "";
      form.elements.end.value = "";
    }
  });
})();

/* EXTRACTOR=both: "Use the model's" puts the model's reading of a field into the form. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.pick[data-fill]") : null;
    var form = document.getElementById("review-form");
    if (!button || !form) {
      return;
    }
    var values = JSON.parse(button.dataset.fill);
    Object.keys(values).forEach(function (name) {
      var field = form.elements[name];
      if (field) {
        field.value = values[name];
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
  });
})();
