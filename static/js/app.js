// iamconsole — app.js: small progressive enhancements for server-rendered
// pages. Every page works without this file; it only adds conveniences.
// Loaded with <script defer>, so the DOM is parsed when it runs.
//
//   button[data-copy-target="ID"]   copies the value (or text) of #ID and
//                                   shows "Copied" for two seconds; such a
//                                   button rendered hidden (it does nothing
//                                   without this script) is shown
//   details.confirm                 focuses its text field when opened;
//                                   Escape closes it
//   form[data-confirm="message"]    asks before submitting (also on a
//                                   submit button with data-confirm)
//   details.menu                    closes on a click outside or on Escape;
//                                   opening one closes the others
//   input[data-filter-table="ID"]   filters the rows of table #ID as you type
(function () {
  "use strict";

  var COPIED_MS = 2000;

  // ---- Copy to clipboard ----

  function textOf(el) {
    if (el.hasAttribute("data-value")) return el.getAttribute("data-value");
    if (el.value !== undefined && el.tagName !== "BUTTON") return el.value;
    return el.textContent || "";
  }

  function legacyCopy(el, text) {
    // Fallback for pages served over plain HTTP on a non-local address,
    // where navigator.clipboard is unavailable.
    var helper = null;
    var target = el;
    if (!(el.tagName === "INPUT" || el.tagName === "TEXTAREA")) {
      helper = document.createElement("textarea");
      helper.value = text;
      helper.setAttribute("readonly", "");
      helper.style.position = "fixed";
      helper.style.opacity = "0";
      document.body.appendChild(helper);
      target = helper;
    }
    target.focus();
    target.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    if (helper) document.body.removeChild(helper);
    return ok;
  }

  function showCopied(button) {
    // An icon button says it through its hidden label and its title.
    var label = button.querySelector(".copy-label") || button;
    if (!button.dataset.label) button.dataset.label = label.textContent;
    if (!button.dataset.title) button.dataset.title = button.getAttribute("title") || "";
    label.textContent = "Copied";
    if (button.dataset.title) button.setAttribute("title", "Copied");
    button.classList.add("copied");
    clearTimeout(button._copyTimer);
    button._copyTimer = setTimeout(function () {
      label.textContent = button.dataset.label;
      if (button.dataset.title) button.setAttribute("title", button.dataset.title);
      button.classList.remove("copied");
    }, COPIED_MS);
  }

  var hiddenCopies = document.querySelectorAll("button[data-copy-target][hidden]");
  for (var c = 0; c < hiddenCopies.length; c++) hiddenCopies[c].hidden = false;

  function copy(button) {
    var el = document.getElementById(button.getAttribute("data-copy-target"));
    if (!el) return;
    var text = textOf(el);
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { showCopied(button); },
        function () { if (legacyCopy(el, text)) showCopied(button); }
      );
    } else if (legacyCopy(el, text)) {
      showCopied(button);
    }
  }

  // ---- Menus ----

  function closeMenus(except) {
    var open = document.querySelectorAll("details.menu[open]");
    for (var i = 0; i < open.length; i++) {
      if (open[i] !== except && !open[i].contains(except)) open[i].removeAttribute("open");
    }
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    if (!target) return;

    var copyButton = target.closest("[data-copy-target]");
    if (copyButton) {
      ev.preventDefault();
      copy(copyButton);
    }

    var confirmButton = target.closest("button[data-confirm], input[type=submit][data-confirm]");
    if (confirmButton && !window.confirm(confirmButton.getAttribute("data-confirm"))) {
      ev.preventDefault();
      return;
    }

    closeMenus(target.closest("details.menu"));
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    var confirmPanel = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest("details.confirm[open]")
      : null;
    if (confirmPanel) {
      confirmPanel.removeAttribute("open");
      var opener = confirmPanel.querySelector("summary");
      if (opener) opener.focus();
      return;
    }
    var menu = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest("details.menu[open]")
      : null;
    closeMenus(null);
    if (menu) {
      var summary = menu.querySelector("summary");
      if (summary) summary.focus();
    }
  });

  // ---- Confirmation ----

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) return;
    // A submit button's own data-confirm was already asked on click.
    if (ev.submitter && ev.submitter.hasAttribute("data-confirm")) return;
    if (!window.confirm(form.getAttribute("data-confirm"))) ev.preventDefault();
  });

  // A confirmation panel that opens puts the cursor where the name is typed.
  document.addEventListener("toggle", function (ev) {
    var d = ev.target;
    if (!(d instanceof HTMLDetailsElement) || !d.open || !d.classList.contains("confirm")) return;
    var field = d.querySelector("input[name=confirm]:not([type=hidden])");
    if (field) field.focus();
  }, true);

  // ---- Table filter ----

  function filterTable(input) {
    var table = document.getElementById(input.getAttribute("data-filter-table"));
    if (!table || !table.tBodies.length) return;
    var query = input.value.trim().toLowerCase();
    var body = table.tBodies[0];
    var shown = 0;
    var columns = 1;
    for (var i = 0; i < body.rows.length; i++) {
      var row = body.rows[i];
      if (row.hasAttribute("data-filter-empty")) continue;
      columns = Math.max(columns, row.cells.length);
      var match = query === "" || row.textContent.toLowerCase().indexOf(query) !== -1;
      row.hidden = !match;
      if (match) shown++;
    }
    var empty = body.querySelector("tr[data-filter-empty]");
    if (shown === 0 && query !== "") {
      if (!empty) {
        empty = document.createElement("tr");
        empty.setAttribute("data-filter-empty", "");
        var cell = document.createElement("td");
        cell.className = "table-empty";
        cell.colSpan = columns;
        empty.appendChild(cell);
        body.appendChild(empty);
      }
      empty.cells[0].textContent = "No matches for \u201c" + input.value.trim() + "\u201d on this page.";
      empty.hidden = false;
    } else if (empty) {
      empty.hidden = true;
    }
  }

  document.addEventListener("input", function (ev) {
    var target = ev.target;
    if (target instanceof HTMLInputElement && target.hasAttribute("data-filter-table")) {
      filterTable(target);
    }
  });

  // Apply a filter value the browser restored (back/forward navigation).
  var filters = document.querySelectorAll("input[data-filter-table]");
  for (var i = 0; i < filters.length; i++) {
    if (filters[i].value) filterTable(filters[i]);
  }
})();
