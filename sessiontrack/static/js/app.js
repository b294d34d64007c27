// sessiontrack: behaviour shared by every page. No inline scripts (Content-Security-Policy).
(function () {
  "use strict";

  // Ask before destructive or irreversible actions: <button data-confirm="Are you sure?">.
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || event.target.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // A form is sent once: a second press while the page waits for the answer sends nothing (a
  // double click makes one token, one project, one decision), however long the answer takes
  // (an import of a large file). Every POST here answers with a page or a redirect; should an
  // answer leave the page in place (the person pressed Stop), the form is free again after
  // half a minute, and whenever the page is shown again (Back). Forms htmx sends (it stops the
  // browser's own submit) are left alone.
  var RESEND_AFTER_MS = 30000;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    // The attribute, not form.method: a field named "method" would stand in its place.
    var method = (form.getAttribute("method") || "get").toLowerCase();
    if (event.defaultPrevented || method !== "post") {
      return;
    }
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    window.setTimeout(function () {
      delete form.dataset.sending;
    }, RESEND_AFTER_MS);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      delete form.dataset.sending;
    });
  });

  // A table wider than the screen scrolls inside its .table-responsive box: make that box
  // reachable from the keyboard (so it can be scrolled with the arrow keys) while it scrolls.
  function markScrollableTables() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }

  // A money table's three total columns stick to the right edge of its box (app.css); each
  // one's offset is the width of the total columns after it.
  // All widths are read before any offset is written: one layout, not one per cell.
  function pinMoneyTotals() {
    var offsets = [];
    document.querySelectorAll(".money-table").forEach(function (table) {
      Array.prototype.forEach.call(table.rows, function (row) {
        var cells = Array.prototype.slice.call(row.cells);
        var groupHeading = row.parentElement.tagName === "THEAD" && row.rowIndex === 0;
        var right = 0;
        cells.slice(groupHeading ? -1 : -3).reverse().forEach(function (cell) {
          offsets.push([cell, right]);
          right += cell.offsetWidth;
        });
      });
    });
    offsets.forEach(function (offset) {
      offset[0].style.right = offset[1] + "px";
    });
  }

  function layOutTables() {
    markScrollableTables();
    pinMoneyTotals();
  }
  layOutTables();
  // At most once a frame while the window is being resized.
  var layoutPending = false;
  window.addEventListener("resize", function () {
    if (layoutPending) {
      return;
    }
    layoutPending = true;
    window.requestAnimationFrame(function () {
      layoutPending = false;
      layOutTables();
    });
  });
  document.body.addEventListener("htmx:afterSettle", layOutTables);

  // htmx requests carry the CSRF token.
  document.body.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = document.body.dataset.csrfToken;
  });
})();
