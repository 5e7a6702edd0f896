// The compare page: two to four models side by side, the selection kept in the address
// (?models=a,b,c). Every number comes from the page's data file, as the model pages print it.
(function () {
  "use strict";

  var MAX = 4;

  // A size as the site prints it (paramatlas-size.js); a missing one as a dash.
  function fmtB(v) {
    return v === null || v === undefined ? "—" : window.paramatlasSize(v);
  }

  function range(low, high) {
    return low !== null && high !== null && high > low ? fmtB(low) + "–" + fmtB(high) : "—";
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  // The page names its data file (data-src); the pickers fill from it once it has come.
  function Compare(form) {
    this.form = form;
    this.selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    this.result = document.querySelector(".pa-compare-result");
    // A fault of the page's own (in start) is not the data missing: it is left to surface.
    fetch(form.getAttribute("data-src"))
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(this.start.bind(this), this.fail.bind(this));
  }

  // Opened from disk, or offline: say so, and where every model's numbers are.
  Compare.prototype.fail = function () {
    this.result.textContent = "";
    var index = el("a", { href: "../models/" }, ["models index"]);
    this.result.appendChild(
      el("p", {}, ["The models could not be loaded; the ", index, " links every model's page."]),
    );
    this.form.setAttribute("data-failed", "");
  };

  Compare.prototype.start = function (data) {
    this.models = {};
    data.models.forEach(function (m) {
      this.models[m.slug] = m;
    }, this);
    this.methodNames = data.method_names;
    var options = document.createDocumentFragment();
    data.models.forEach(function (m) {
      options.appendChild(el("option", { value: m.slug }, [m.name]));
    });
    this.selects.forEach(function (select) {
      select.appendChild(options.cloneNode(true));
    });
    var wanted = (new URLSearchParams(window.location.search).get("models") || "")
      .split(",")
      .filter(function (s) {
        return s && this.models[s];
      }, this)
      .slice(0, MAX);
    this.selects.forEach(function (select, i) {
      select.value = wanted[i] || "";
    });
    this.form.addEventListener("change", this.update.bind(this));
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    this.update();
    this.form.setAttribute("data-ready", "");
  };

  Compare.prototype.chosen = function () {
    var seen = {};
    return this.selects
      .map(function (s) {
        return s.value;
      })
      .filter(function (slug) {
        if (!slug || seen[slug]) return false;
        seen[slug] = true;
        return true;
      })
      .map(function (slug) {
        return this.models[slug];
      }, this);
  };

  Compare.prototype.update = function () {
    var chosen = this.chosen();
    var params = new URLSearchParams(window.location.search);
    if (chosen.length) params.set("models", chosen.map(function (m) { return m.slug; }).join(","));
    else params.delete("models");
    var query = params.toString();
    window.history.replaceState(
      window.history.state,
      "",
      window.location.pathname + (query ? "?" + query : "") + window.location.hash,
    );
    this.result.textContent = "";
    if (chosen.length < 2) {
      this.result.appendChild(el("p", {}, ["Pick at least two models above."]));
      return;
    }
    var drawn = this.table(chosen);
    this.result.appendChild(drawn);
    if (window.paramatlasFit) window.paramatlasFit(drawn.querySelector("table"));
  };

  Compare.prototype.table = function (chosen) {
    var head = el("tr", {}, [el("th", { scope: "col" }, [""])]);
    chosen.forEach(function (m) {
      head.appendChild(el("th", { scope: "col" }, [el("a", { href: "../models/" + m.slug + "/" }, [m.name])]));
    });
    var body = el("tbody");
    var row = function (label, cell) {
      var tr = el("tr", {}, [el("th", { scope: "row" }, [label])]);
      chosen.forEach(function (m) {
        var value = cell(m);
        tr.appendChild(el("td", {}, [typeof value === "string" ? value : value || "—"]));
      });
      body.appendChild(tr);
    };
    row("Best estimate", function (m) {
      // The answer's own words, as every page and download prints them.
      return m.answer ? m.answer.estimate_text : "not estimated";
    });
    row("Plausible range", function (m) {
      return m.answer ? m.answer.range_text : "—";
    });
    row("Grade", function (m) {
      return m.answer ? m.answer.grade.toLowerCase() : "—";
    });
    row("Known size", function (m) {
      return m.known_B === null ? "undisclosed" : fmtB(m.known_B);
    });
    row("Vendor", function (m) {
      return m.vendor;
    });
    row("IKP run read", function (m) {
      return m.run || "—";
    });
    ["T1", "T2", "T3", "T4", "T5", "T6", "T7"].forEach(function (tier) {
      row("Correct in " + tier, function (m) {
        var t = m.tiers.filter(function (x) { return x.tier === tier; })[0];
        if (!t || t.correct_rate === null) return "—";
        var pct = (100 * t.correct_rate).toFixed(1) + "%";
        var bar = el("span", { class: "pa-bar", style: "width:" + (100 * t.correct_rate).toFixed(1) + "%" });
        var track = el("span", { class: "pa-bar-track", "aria-hidden": "true" }, [bar]);
        return el("span", { class: "pa-bar-cell" }, [track, el("span", {}, [pct])]);
      });
    });
    var methods = [];
    chosen.forEach(function (m) {
      m.methods.forEach(function (e) {
        if (methods.indexOf(e.method) < 0) methods.push(e.method);
      });
    });
    methods.forEach(function (method) {
      row(this.methodNames[method] || method, function (m) {
        var list = m.methods.filter(function (e) { return e.method === method; });
        if (!list.length) return "—";
        return el(
          "ul",
          { class: "pa-compare-list" },
          list.map(function (e) {
            // A reading set aside shows no number: its reason is on the model page.
            if (!e.usable) return el("li", {}, [e.label + ": set aside"]);
            var text = e.label + ": " + (e.params_B === null ? range(e.low_B, e.high_B) : fmtB(e.params_B));
            if (e.params_B !== null && e.low_B !== null && e.high_B !== null) text += " (" + range(e.low_B, e.high_B) + ")";
            return el("li", {}, [text]);
          }),
        );
      });
    }, this);
    var table = el("table", { class: "pa-compare-table" }, [el("thead", {}, [head]), body]);
    return el("div", { class: "pa-compare-scroll", tabindex: "0", role: "region", "aria-label": "Comparison" }, [table]);
  };

  function start() {
    document.querySelectorAll("form.pa-compare[data-src]").forEach(function (form) {
      new Compare(form);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
