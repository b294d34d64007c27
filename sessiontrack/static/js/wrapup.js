// The wrap-up screen: ← and → move between directions; F or the button goes full screen.
(function () {
  "use strict";

  function follow(id) {
    var link = document.getElementById(id);
    if (link) {
      window.location.assign(link.href);
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    if (event.key === "ArrowLeft") {
      event.preventDefault();
      follow("wrapup-prev");
    } else if (event.key === "ArrowRight") {
      event.preventDefault();
      follow("wrapup-next");
    } else if (event.key === "f" || event.key === "F") {
      toggleFullscreen();
    }
  });

  function toggleFullscreen() {
    if (!document.fullscreenEnabled) {
      return;
    }
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(function () {});
    } else {
      document.documentElement.requestFullscreen().catch(function () {});
    }
  }

  var button = document.getElementById("wrapup-fullscreen");
  if (button && document.fullscreenEnabled) {
    button.classList.remove("d-none");
    button.addEventListener("click", toggleFullscreen);
  }
})();
