// Tables that fit their column. paramatlas-layout.css lets cells wrap so that most tables fit
// as grids; a table that still does not fit (on a phone, a table of ten columns cannot) is drawn
// as a stack of cards instead: one card per row, the first cell as its title, every other cell
// labelled with its column's header. Without JavaScript every table stays a grid that scrolls.
(function () {
  "use strict";

  var STACK = "data-layout";
  // Set once a table has been measured; paramatlas-layout.css draws a table only then.
  var FITTED = "data-fitted";
  var SHORT = 14; // characters

  function label(cell) {
    return (cell.textContent || "").replace(/\s+/g, " ").trim();
  }

  function contentTables() {
    var article = document.querySelector("article") || document.body;
    return Array.prototype.filter.call(article.querySelectorAll("table"), function (table) {
      return table.tHead && table.tHead.rows.length && table.tBodies.length && !table.closest(".vega-embed");
    });
  }

  // A column whose every value is short (a date, a size, an interval) keeps each value on
  // one line: wrapping "2026-04-25" after its first hyphen saves little room and reads badly.
  // The table names those columns (data-short="2 5"); one attribute, not one per cell, keeps
  // the restyling of a 200-row table cheap.
  function markShort(table) {
    var body = Array.prototype.slice.call(table.tBodies[0].rows);
    var columns = table.tHead.rows[table.tHead.rows.length - 1].cells.length;
    var short = [];
    for (var col = 0; col < columns; col++) {
      var fits = body.every(function (row) {
        return !row.cells[col] || label(row.cells[col]).length <= SHORT;
      });
      if (fits) short.push(col + 1);
    }
    if (short.length) table.setAttribute("data-short", short.join(" "));
  }

  // Each cell of a table drawn as cards carries its column's header for the card's label.
  // Browsers drop the table semantics of table elements drawn as blocks, so the roles are
  // stated outright: screen readers keep reading a card as a row of cells under their column
  // headers. Done once, and only for a table that becomes cards.
  function labelCells(table) {
    if (table.hasAttribute("data-labelled")) return;
    table.setAttribute("data-labelled", "");
    var headers = table.tHead.rows[table.tHead.rows.length - 1].cells;
    var names = Array.prototype.map.call(headers, label);
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (group) {
      group.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      Array.prototype.forEach.call(row.cells, function (cell, col) {
        if (cell.tagName === "TH") {
          cell.setAttribute("role", row.parentNode === table.tHead ? "columnheader" : "rowheader");
        } else {
          cell.setAttribute("role", "cell");
        }
        if (row.parentNode !== table.tHead && names[col]) cell.setAttribute("data-label", names[col]);
      });
    });
  }

  // The box the table has to fit: the theme's scroll wrapper, else the table's parent.
  function space(table) {
    return table.closest(".md-typeset__scrollwrap") || table.parentElement;
  }

  // Whether a table fits is measured when the browser has just laid the page out (a
  // ResizeObserver's callback), so measuring costs no layout of its own; and again only when
  // its space changes width (a phone turned, a window resized), not when a table's own change
  // to cards changes its height. A table of cards is drawn as a grid again to be measured.
  function fit(entries) {
    var wide = [];
    entries.forEach(function (entry) {
      var box = entry.target;
      var width = Math.round(entry.contentRect.width);
      if (box.paWidth === width || width === 0) return;
      box.paWidth = width;
      box.paTables.forEach(function (table) {
        table.removeAttribute(STACK);
        if (box.scrollWidth > box.clientWidth + 1) wide.push(table);
        table.setAttribute(FITTED, "");
      });
    });
    wide.forEach(function (table) {
      labelCells(table);
      table.setAttribute(STACK, "stack");
    });
  }

  var observer = "ResizeObserver" in window ? new ResizeObserver(fit) : null;

  function watch(table) {
    if (!observer) return table.setAttribute(FITTED, "");
    markShort(table);
    // Rows fetched later (paramatlas-tables.js) get their labels and are measured with the rest.
    table.addEventListener("pa-rows-added", function () {
      markShort(table);
      table.removeAttribute("data-labelled");
      if (table.getAttribute(STACK)) labelCells(table);
    });
    var box = space(table);
    box.paTables = (box.paTables || []).concat([table]);
    observer.observe(box);
  }

  // A table a script draws later (the compare page's) asks to be fitted too.
  window.paramatlasFit = watch;

  function start() {
    var fitted = contentTables();
    fitted.forEach(watch);
    // A table this script leaves alone (no header row, or a chart's own) is drawn at once.
    document.querySelectorAll("table").forEach(function (table) {
      if (fitted.indexOf(table) < 0) table.setAttribute(FITTED, "");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
