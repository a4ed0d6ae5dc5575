// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  if (window.DKFDS) {
    window.DKFDS.init();
  }
  // After an htmx swap, start DKFDS components inside the new content only
  // (DKFDS.init() must run once per page).
  document.addEventListener("htmx:afterSwap", function (e) {
    var el = e.detail && e.detail.elt;
    if (!el || !window.DKFDS) return;
    el.querySelectorAll(".accordion").forEach(function (a) { new window.DKFDS.Accordion(a).init(); });
  });
})();
