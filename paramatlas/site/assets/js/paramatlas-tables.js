// Tables a reader can work with. Every content table sorts by any column (tablesort); a table
// announced by a `div.pa-table-tools` placed just before it also gets a text search, a filter
// per named column, a count of the rows shown, and its state in the page's URL, so a filtered
// view can be shared. Such a table shows its first PAGE matching rows and a button for the rest,
// which keeps a 200-row page quick to lay out (paramatlas.css hides the same rows before this
// script runs, so the first layout is as light). The static table stays the
// content: without JavaScript it reads as is. A table too long for its page holds its first
// rows and names a file with the others (data-rows-src): they are fetched when a reader reaches
// for the table or its tools, or when the address asks for a view of it.
(function () {
  "use strict";

  // Sizes as the site prints them (135M, 7.6B, 1.6T, 1,000T), plain numbers (3, 0.912, 3.80e+25)
  // and percentages; a leading "≤" or "~" is read past.
  var NUMBER = /^[≤~<>≈\s]*(-?[\d,]*\.?\d+(?:e[+-]?\d+)?)\s*([KMBT%])?(?![\w])/i;
  var UNIT = { K: 1e-6, M: 1e-3, B: 1, T: 1e3, "%": 1 };
  var PAGE = 25; // as in paramatlas.css

  function numberOf(text) {
    var match = NUMBER.exec(text.replace(/\u2212/g, "-"));
    if (!match) return null;
    var value = parseFloat(match[1].replace(/,/g, ""));
    return match[2] ? value * UNIT[match[2].toUpperCase()] : value;
  }

  // Cells carry their numeric value in data-sort; cells without one sort below every number.
  Tablesort.extend(
    "pa-number",
    function () {
      return false;
    },
    function (a, b) {
      var x = parseFloat(a);
      var y = parseFloat(b);
      if (isNaN(x)) x = -Infinity;
      if (isNaN(y)) y = -Infinity;
      return x === y ? 0 : y > x ? 1 : -1;
    },
  );

  function cellText(cell) {
    return (cell ? cell.textContent : "").replace(/\s+/g, " ").trim();
  }

  // A column is numeric when most of its cells that hold a digit start with a number.
  function markNumericColumns(table) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var headers = table.tHead.rows[0].cells;
    for (var col = 0; col < headers.length; col++) {
      var filled = 0;
      var numeric = 0;
      rows.forEach(function (row) {
        var text = cellText(row.cells[col]);
        if (!/\d/.test(text)) return; // "—", "undisclosed": a missing value
        filled += 1;
        if (numberOf(text) !== null) numeric += 1;
      });
      if (!filled || numeric * 2 < filled) continue;
      headers[col].setAttribute("data-sort-method", "pa-number");
      rows.forEach(function (row) {
        var cell = row.cells[col];
        if (!cell) return;
        var value = numberOf(cellText(cell));
        cell.setAttribute("data-sort", value === null ? "-Infinity" : String(value));
      });
    }
  }

  function headerIndex(table, name) {
    var cells = table.tHead.rows[0].cells;
    for (var i = 0; i < cells.length; i++) {
      if (cellText(cells[i]) === name) return i;
    }
    return -1;
  }

  // The values a cell offers a filter: each link of a list cell, else its whole text.
  function valuesOf(cell, isList) {
    if (isList) {
      var links = cell ? cell.querySelectorAll("a") : [];
      var out = Array.prototype.map.call(links, cellText);
      return out.length ? out : ["none"];
    }
    return [cellText(cell) || "none"];
  }

  function element(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      el.setAttribute(k, attrs[k]);
    });
    if (text) el.textContent = text;
    return el;
  }

  function slug(text) {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }

  function Explorer(tools, table, sorter) {
    this.table = table;
    this.sorter = sorter;
    this.rows = Array.prototype.slice.call(table.tBodies[0].rows);
    this.source = table.getAttribute("data-rows-src");
    this.total = this.source ? Number(table.getAttribute("data-rows-total")) : this.rows.length;
    this.pending = {}; // filter values the address asks for, kept until the rows that have them come
    this.noun = tools.getAttribute("data-noun") || "rows";
    this.prefix = tools.getAttribute("data-key") ? tools.getAttribute("data-key") + "." : "";
    this.filters = [];
    this.form = element("form", {
      class: "pa-filters",
      role: "search",
      // Several tables on one page: each search landmark needs its own name.
      "aria-label": "Filter the " + this.noun + " table" + (this.prefix ? " (" + this.prefix.slice(0, -1).replace(/-/g, " ") + ")" : ""),
    });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    var search = element("input", { type: "search", name: "q", autocomplete: "off" });
    this.search = search;
    this.form.appendChild(this.labelled("Search", search));
    var facets = (tools.getAttribute("data-facets") || "").split(",").filter(Boolean);
    facets.forEach(this.addFilter, this);
    this.fillFilters();
    this.count = element("output", { "aria-live": "polite", class: "pa-count" });
    this.form.appendChild(this.count);
    this.page = PAGE;
    this.all = false;
    this.more = element("button", { type: "button", class: "pa-more", hidden: "" });
    this.more.addEventListener("click", this.showAll.bind(this));
    this.form.appendChild(this.more);
    tools.appendChild(this.form);
    this.form.addEventListener("input", this.update.bind(this));
    // After a sort the first rows are others: the page is taken again.
    table.addEventListener("afterSort", this.update.bind(this));
    var wanted = this.restore();
    this.update();
    table.setAttribute("data-paged", "");
    if (!this.source) return;
    var load = this.load.bind(this);
    [tools, table].forEach(function (el) {
      ["pointerenter", "focusin", "touchstart"].forEach(function (type) {
        el.addEventListener(type, load, { once: true, passive: true });
      });
    });
    if (wanted) load();
  }

  // The rows past the page's first, once: appended, then every count, filter and sort is
  // taken again over all of them.
  Explorer.prototype.load = function () {
    if (this.loading) return this.loading;
    var self = this;
    this.count.textContent = "Loading the other " + this.noun + "…";
    this.loading = fetch(this.source)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        var body = self.table.tBodies[0];
        body.insertAdjacentHTML("beforeend", data.rows.join(""));
        self.rows = Array.prototype.slice.call(body.rows);
        self.source = null;
        markNumericColumns(self.table);
        self.fillFilters();
        var note = document.querySelector('.pa-rows-note[data-for="' + self.table.id + '"]');
        if (note) note.remove();
        self.table.setAttribute("data-rows-loaded", "");
        self.table.dispatchEvent(new CustomEvent("pa-rows-added"));
        if (self.sorter.current) self.sorter.refresh();
        self.update();
      })
      .catch(function () {
        // Opened from disk, or offline: the table is the rows the page holds, and says so.
        self.failed = self.total - self.rows.length;
        self.source = null;
        self.fillFilters();
        self.update();
      });
    return this.loading;
  };

  Explorer.prototype.labelled = function (text, control) {
    var label = element("label", {}, text + " ");
    label.appendChild(control);
    return label;
  };

  Explorer.prototype.addFilter = function (facet) {
    var isList = facet.charAt(facet.length - 1) === "*";
    var name = isList ? facet.slice(0, -1) : facet;
    var col = headerIndex(this.table, name);
    if (col < 0) return;
    var select = element("select", { name: slug(name) });
    this.form.appendChild(this.labelled(name, select));
    this.filters.push({ col: col, isList: isList, select: select });
  };

  // Each filter offers the values of its column with their counts, over every row: until the
  // rows past the page's first have come, "all" alone (counts of a page would mislead).
  Explorer.prototype.fillFilters = function () {
    var rows = this.source ? [] : this.rows;
    this.filters.forEach(function (f) {
      var seen = {};
      rows.forEach(function (row) {
        valuesOf(row.cells[f.col], f.isList).forEach(function (v) {
          seen[v] = (seen[v] || 0) + 1;
        });
      });
      var wanted = f.select.value || this.pending[f.select.name] || "";
      f.select.textContent = "";
      f.select.appendChild(element("option", { value: "" }, "all"));
      Object.keys(seen)
        .sort()
        .forEach(function (v) {
          f.select.appendChild(element("option", { value: v }, v + " (" + seen[v] + ")"));
        });
      if (wanted && seen[wanted]) {
        f.select.value = wanted;
        delete this.pending[f.select.name];
      }
    }, this);
  };

  // "Showing 37 of 203 models"; when only a page of the matches is drawn, both numbers.
  function countText(shown, matching, total, noun) {
    if (shown === matching) return "Showing " + shown + " of " + total + " " + noun;
    if (matching === total) return "Showing the first " + shown + " of " + total + " " + noun;
    return "Showing the first " + shown + " of " + matching + " matching " + noun +
      " (" + total + " in all)";
  }

  Explorer.prototype.showAll = function () {
    this.all = true;
    this.update();
    if (this.source) this.load();
  };

  // Rows that match the search and every filter are shown, up to the page's length (in the
  // table's current order) unless the reader asked for all of them.
  Explorer.prototype.update = function () {
    var words = this.search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var matching = [];
    Array.prototype.forEach.call(this.table.tBodies[0].rows, function (row) {
      var text = cellText(row).toLowerCase();
      var ok = words.every(function (w) {
        return text.indexOf(w) >= 0;
      });
      ok =
        ok &&
        this.filters.every(function (f) {
          return !f.select.value || valuesOf(row.cells[f.col], f.isList).indexOf(f.select.value) >= 0;
        });
      row.hidden = !(ok && (this.all || matching.length < this.page));
      if (ok) matching.push(row);
    }, this);
    var shown = Math.min(matching.length, this.all ? Infinity : this.page);
    if (this.source) {
      // Only the page's first rows are here: the matches among the others are not known yet.
      this.count.textContent =
        words.length || this.filtered()
          ? "Loading the other " + this.noun + "…"
          : "Showing the first " + shown + " of " + this.total + " " + this.noun;
      this.more.hidden = false;
      this.more.textContent = "Show all " + this.total;
    } else {
      this.count.textContent = countText(shown, matching.length, this.rows.length, this.noun);
      if (this.failed) {
        this.count.textContent += "; the other " + this.failed +
          " could not be loaded (the note under the table says where each one is)";
      }
      this.more.hidden = shown === matching.length;
      this.more.textContent = "Show all " + matching.length;
    }
    this.save();
    if (!this.prefix) this.announce(this.source ? null : matching);
  };

  Explorer.prototype.filtered = function () {
    return Object.keys(this.pending).length > 0 || this.filters.some(function (f) {
      return f.select.value;
    });
  };

  // The charts of the page follow its main table (the one without a key): they are told the
  // models that match its search and filters (a page's length of them or all), by the slug
  // in each row's first link, or null when every row matches.
  Explorer.prototype.announce = function (matching) {
    var slugs = null;
    if (matching && matching.length < this.rows.length) {
      slugs = matching.map(function (row) {
          var link = row.querySelector("a");
          return link ? link.getAttribute("href").split("/").filter(Boolean).pop() : "";
        });
    }
    window.paramatlasShown = slugs;
    document.dispatchEvent(new CustomEvent("pa-rows", { detail: slugs }));
  };

  // The state lives in the query string: q, one parameter per filter, sort and order.
  Explorer.prototype.save = function () {
    var params = new URLSearchParams(window.location.search);
    var p = this.prefix;
    var set = function (key, value) {
      if (value) params.set(p + key, value);
      else params.delete(p + key);
    };
    set("q", this.search.value.trim());
    this.filters.forEach(function (f) {
      set(f.select.name, f.select.value || this.pending[f.select.name]);
    }, this);
    var sorted = this.table.tHead.querySelector("th[aria-sort]");
    set("sort", sorted ? slug(cellText(sorted)) : "");
    set("order", sorted ? sorted.getAttribute("aria-sort") : "");
    set("all", this.all ? "1" : "");
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  };

  Explorer.prototype.restore = function () {
    var params = new URLSearchParams(window.location.search);
    var p = this.prefix;
    this.search.value = params.get(p + "q") || "";
    this.all = params.get(p + "all") === "1";
    var asked = Boolean(this.search.value || this.all);
    this.filters.forEach(function (f) {
      var wanted = params.get(p + f.select.name);
      if (!wanted) return;
      asked = true;
      if (f.select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) {
        f.select.value = wanted;
      } else if (this.source) {
        this.pending[f.select.name] = wanted;
      }
    }, this);
    var sortBy = params.get(p + "sort");
    var header = Array.prototype.find.call(this.table.tHead.rows[0].cells, function (th) {
      return slug(cellText(th)) === sortBy;
    });
    if (!header) return asked;
    // tablesort flips the header's current order; start from the opposite of the one wanted.
    var descending = params.get(p + "order") === "descending";
    header.setAttribute("aria-sort", descending ? "ascending" : "descending");
    this.sorter.current = header;
    this.sorter.sortTable(header);
    return true;
  };

  function enhance() {
    var article = document.querySelector("article") || document.body;
    var sorters = new Map();
    article.querySelectorAll("table").forEach(function (table) {
      if (!table.tHead || !table.tBodies.length || table.closest(".vega-embed")) return;
      markNumericColumns(table);
      sorters.set(table, new Tablesort(table));
    });
    // The theme may already have wrapped the table in its scroll container.
    article.querySelectorAll(".pa-table-tools").forEach(function (tools) {
      var next = tools.nextElementSibling;
      var table = next && (next.tagName === "TABLE" ? next : next.querySelector("table"));
      if (table && sorters.has(table)) new Explorer(tools, table, sorters.get(table));
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();
})();
