// roadlog report: sortable and filterable tables, and a search box over
// record titles. Everything works without it: the tables are complete and
// the links plain.
(function () {
  "use strict";

  // Natural order: runs of digits compare as numbers (ACME-2 < ACME-10).
  function natural(a, b) {
    var re = /(\d+)|(\D+)/g;
    var x = String(a).match(re) || [], y = String(b).match(re) || [];
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var p = x[i], q = y[i];
      if (p === q) continue;
      var np = /^\d/.test(p), nq = /^\d/.test(q);
      if (np && nq) return Number(p) - Number(q);
      return p < q ? -1 : 1;
    }
    return x.length - y.length;
  }

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var s = cell.getAttribute("data-sort");
    return s !== null ? s : cell.textContent.trim();
  }

  function sortTable(table, index, type, descending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var a = cellValue(r1, index), b = cellValue(r2, index);
      // Empty values last, whatever the direction.
      if (a === "" && b === "") return 0;
      if (a === "") return 1;
      if (b === "") return -1;
      var c;
      if (type === "number") c = Number(a) - Number(b);
      else if (type === "id") c = natural(a, b);
      else c = a.localeCompare(b);
      return descending ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        sortTable(table, index, button.getAttribute("data-type"), descending);
      });
    });
  });

  // Filters: a text box over every column, selects over one column.
  function applyFilters(table) {
    var controls = document.querySelectorAll('[data-filter-table="' + table.id + '"]');
    var shown = 0, rows = table.tBodies[0].rows;
    Array.prototype.forEach.call(rows, function (row) {
      var ok = true;
      Array.prototype.forEach.call(controls, function (c) {
        var v = c.value.trim().toLowerCase();
        if (!v) return;
        var col = c.getAttribute("data-filter-column");
        if (col !== null) ok = ok && row.cells[Number(col)].textContent.trim().toLowerCase() === v;
        else ok = ok && row.textContent.toLowerCase().indexOf(v) >= 0;
      });
      row.hidden = !ok;
      if (ok) shown++;
    });
    var out = document.getElementById(table.id.replace(/-table$/, "-count"));
    if (out) out.textContent = shown + " of " + rows.length + (rows.length === 1 ? " item" : " items");
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.filters"), function (form) {
    form.hidden = false;
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter-table]"), function (c) {
    var table = document.getElementById(c.getAttribute("data-filter-table"));
    if (!table) return;
    c.addEventListener("input", function () { applyFilters(table); });
    c.addEventListener("change", function () { applyFilters(table); });
  });

  // Search over record IDs and titles.
  var index = window.roadlogIndex || [];
  var base = document.body.getAttribute("data-base") || "";
  var box = document.querySelector(".search");
  var input = document.getElementById("search");
  var results = document.getElementById("search-results");
  if (box && input && results && index.length) {
    box.hidden = false;
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      results.textContent = "";
      if (!q) return;
      var n = 0;
      for (var i = 0; i < index.length && n < 20; i++) {
        var e = index[i];
        if (e.id.toLowerCase().indexOf(q) < 0 && e.title.toLowerCase().indexOf(q) < 0) continue;
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = e.url.charAt(0) === "#" ? e.url : base + e.url;
        a.textContent = e.id + " " + e.title + " (" + e.kind + ")";
        li.appendChild(a);
        results.appendChild(li);
        n++;
      }
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { input.value = ""; results.textContent = ""; }
    });
    document.addEventListener("keydown", function (e) {
      var t = e.target.tagName;
      if (e.key === "/" && t !== "INPUT" && t !== "SELECT" && t !== "TEXTAREA") {
        e.preventDefault();
        input.focus();
      }
    });
  }
})();
