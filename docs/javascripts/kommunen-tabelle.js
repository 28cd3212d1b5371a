/* Progressive enhancement of the municipality tables: sortable columns, and the filters of a table group
   (`data-asskomm-tablegroup`: one table, or the whole list's table per Kreis). The filter selects are in
   the HTML (so nothing moves after the first paint) and hidden without scripting; without JavaScript
   every table is complete and the links above it lead to the filtered pages. */
(function () {
  "use strict";
  function text(cell) { return (cell.getAttribute("data-value") || cell.textContent || "").trim(); }
  function dateKey(cell) {
    var t = cell.querySelector("time");
    return t ? t.getAttribute("datetime") : "";
  }
  function sortable(table) {
    var body = table.tBodies[0];
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th, index) {
      var kind = th.getAttribute("data-sort");
      if (!kind) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "asskomm-sort";
      button.innerHTML = th.innerHTML;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var key = kind === "date" ? dateKey : text;
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[index]), y = key(b.cells[index]);
          if (kind === "date") { if (!x) return 1; if (!y) return -1; }
          var c = x.localeCompare(y, "de");
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  function enhance(group) {
    if (group.dataset.enhanced) return;
    group.dataset.enhanced = "1";
    var tables = Array.prototype.slice.call(group.querySelectorAll("table[data-asskomm-table]"));
    var selects = Array.prototype.slice.call(group.querySelectorAll("[data-asskomm-tablefilter] select[data-filter]"));
    var status = group.querySelector("[data-asskomm-tablestatus]");
    var sections = Array.prototype.slice.call(group.querySelectorAll("[data-asskomm-tablesection]"));
    var rows = [];
    tables.forEach(function (table) {
      // A row's value for a filter: its data-<key> attribute, else the text of the column marked with
      // data-filter (the map's table leaves the attributes out: its page is at the 100 KB budget).
      var columns = {};
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        if (th.hasAttribute("data-filter")) columns[th.getAttribute("data-filter")] = index;
      });
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) { rows.push({ row: row, columns: columns }); });
      sortable(table);
    });
    function valueOf(entry, key) {
      if (entry.row.hasAttribute("data-" + key)) return entry.row.getAttribute("data-" + key);
      return key in entry.columns ? text(entry.row.cells[entry.columns[key]]) : "";
    }
    function apply() {
      var shown = 0;
      rows.forEach(function (entry) {
        var ok = selects.every(function (s) { return !s.value || valueOf(entry, s.getAttribute("data-filter")) === s.value; });
        entry.row.hidden = !ok;
        if (ok) shown++;
      });
      sections.forEach(function (section) { section.hidden = !section.querySelector("tbody tr:not([hidden])"); });
      if (status) status.textContent = shown + " von " + rows.length + " Kommunen angezeigt";
    }
    selects.forEach(function (select) {
      select.addEventListener("change", apply);
      if (select.value) apply();  // a choice the browser restored on "back"
    });
  }
  /* A table in a closed <details> (the table of the map) is enhanced when it is opened: changing its
     418 rows while it is closed still costs Chromium a full style and layout pass at page load (issue 17). */
  function later(group) {
    var details = group.closest("details");
    if (!details || details.open) { enhance(group); return; }
    details.addEventListener("toggle", function () { if (details.open) enhance(group); });
  }
  function init() { document.querySelectorAll("[data-asskomm-tablegroup]").forEach(later); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
