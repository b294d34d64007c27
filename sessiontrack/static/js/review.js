// Scorecard page: drafts save as the expert goes (htmx posts the form on every change), and
// whatever is unsaved when the tab closes is sent with navigator.sendBeacon.
(function () {
  "use strict";

  var form = document.getElementById("scorecard-form");
  if (!form) {
    return;
  }
  var draftUrl = form.getAttribute("hx-post");
  var pending = 0;
  // Changes are counted; each autosave remembers how many it carried, so a change made while
  // an earlier save was in flight is still known to be unsaved.
  var changes = 0;
  var saved = 0;
  var submitting = false;
  var deferredSubmitter = null;

  form.addEventListener("input", function () { changes += 1; });
  form.addEventListener("change", function () { changes += 1; });

  form.addEventListener("htmx:beforeRequest", function (event) {
    pending += 1;
    event.detail.xhr.carriedChanges = changes;
  });
  form.addEventListener("htmx:afterRequest", function (event) {
    pending = Math.max(0, pending - 1);
    if (event.detail.successful) {
      saved = Math.max(saved, event.detail.xhr.carriedChanges || 0);
    }
    // A save queued behind this one (hx-sync "queue last") starts right after this event:
    // a deferred Save or Submit goes once no save is in flight or queued.
    window.setTimeout(submitWhenIdle, 0);
  });

  function submitWhenIdle() {
    if (pending === 0 && deferredSubmitter) {
      var submitter = deferredSubmitter;
      deferredSubmitter = null;
      // Already confirmed once: do not ask again.
      var confirmText = submitter && submitter.dataset.confirm;
      if (confirmText) {
        delete submitter.dataset.confirm;
      }
      form.requestSubmit(submitter);
      if (confirmText) {
        submitter.dataset.confirm = confirmText;
      }
    }
  }

  // A Save or Submit click waits for an autosave in flight, so both carry the same version.
  form.addEventListener("submit", function (event) {
    if (pending > 0) {
      event.preventDefault();
      deferredSubmitter = event.submitter;
      return;
    }
    submitting = true;
  });

  window.addEventListener("pagehide", function () {
    if (changes > saved && !submitting && navigator.sendBeacon) {
      navigator.sendBeacon(draftUrl, new FormData(form));
    }
  });
})();
