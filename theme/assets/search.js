// The search page: Pagefind's UI, filled from ?q= so the header's search form lands on results.
(function () {
  "use strict";
  var element = document.getElementById("pa-search");
  if (!element || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({
    element: "#pa-search",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: !new URLSearchParams(window.location.search).get("q"),
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
