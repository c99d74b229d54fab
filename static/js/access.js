// iamconsole — access.js: the policy simulator's highlighting. The page
// works without it: every matched statement is marked, and each result
// links to the statement that decided it.
//
//   tr[data-sim-statements="p0-s1 p2-s0"]   pointing at (or focusing) the
//                                            row marks those statements
//                                            with .stmt-focus
(function () {
  "use strict";

  function mark(row, on) {
    var ids = (row.getAttribute("data-sim-statements") || "").split(" ");
    for (var i = 0; i < ids.length; i++) {
      if (!ids[i]) continue;
      var el = document.getElementById(ids[i]);
      if (el) el.classList.toggle("stmt-focus", on);
    }
  }

  var rows = document.querySelectorAll("tr[data-sim-statements]");
  for (var i = 0; i < rows.length; i++) {
    (function (row) {
      row.tabIndex = 0;
      row.addEventListener("mouseenter", function () { mark(row, true); });
      row.addEventListener("mouseleave", function () { mark(row, false); });
      row.addEventListener("focus", function () { mark(row, true); });
      row.addEventListener("blur", function () { mark(row, false); });
    })(rows[i]);
  }
})();
