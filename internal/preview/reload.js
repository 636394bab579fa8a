// pmgov serve: reload the page once the site has been built again. Served
// by pmgov serve only; a site written by pmgov build never loads it.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.EventSource) {
    return;
  }
  var events = new EventSource("/_pmgov/events?build=" + encodeURIComponent(me.getAttribute("data-build") || ""));
  events.addEventListener("reload", function () {
    events.close();
    window.location.reload();
  });
})();
