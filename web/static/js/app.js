// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  if (window.DKFDS) {
    window.DKFDS.init();
  }
})();
