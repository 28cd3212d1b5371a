/* Progressive enhancement of the municipality tables: filter selects and sortable columns.
   Without JavaScript the table is complete, and the filter links above it lead to filtered pages. */
(function () {
  "use strict";
  function text(cell) { return (cell.getAttribute("data-value") || cell.textContent || "").trim(); }
  function dateKey(cell) {
    var t = cell.querySelector("time");
    return t ? t.getAttribute("datetime") : "";
  }
  function enhance(table) {
    if (table.dataset.enhanced) return;
    table.dataset.enhanced = "1";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var form = document.createElement("div");
    form.className = "asskomm-tablefilter";
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.className = "md-visually-hidden";
    var filters = [];
    // A row's value for a filter: its data-<key> attribute, else the text of the filtered column (the
    // map's table leaves the attributes out: its page is at the 100 KB first-view budget).
    function valueOf(r, f) { return r.hasAttribute("data-" + f.key) ? r.getAttribute("data-" + f.key) : text(r.cells[f.column]); }
    headers.forEach(function (th, column) {
      var key = th.getAttribute("data-filter");
      if (!key) return;
      var values = Array.from(new Set(rows.map(function (r) { return valueOf(r, { key: key, column: column }); }))).sort();
      if (values.length < 2) return;
      var label = document.createElement("label");
      label.textContent = th.textContent.replace(/\u00ad/g, "");
      var select = document.createElement("select");
      select.appendChild(new Option("alle", ""));
      values.forEach(function (v) { select.appendChild(new Option(v, v)); });
      select.addEventListener("change", apply);
      label.appendChild(select);
      form.appendChild(label);
      filters.push({ key: key, column: column, select: select });
    });
    function apply() {
      var shown = 0;
      rows.forEach(function (r) {
        var ok = filters.every(function (f) { return !f.select.value || valueOf(r, f) === f.select.value; });
        r.hidden = !ok;
        if (ok) shown++;
      });
      status.textContent = shown + " von " + rows.length + " Kommunen angezeigt";
    }
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
        rows.sort(function (a, b) {
          var x = key(a.cells[index]), y = key(b.cells[index]);
          if (kind === "date") { if (!x) return 1; if (!y) return -1; }
          var c = x.localeCompare(y, "de");
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    if (filters.length) {
      table.closest(".asskomm-table-wrap").before(form);
      form.after(status);
    }
  }
  /* A table in a closed <details> (the table of the map) is enhanced when it is opened: changing its
     418 rows while it is closed still costs Chromium a full style and layout pass at page load (issue 17). */
  function later(table) {
    var details = table.closest("details");
    if (!details || details.open) { enhance(table); return; }
    details.addEventListener("toggle", function () { if (details.open) enhance(table); });
  }
  function init() { document.querySelectorAll("table[data-asskomm-table]").forEach(later); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
