// The λ explorer of a calibration page: rescore every tier from the committed counts at the λ
// chosen, refit the cohort and read every model again, with the arithmetic of
// paramatlas/stats.py (tier_score, accuracy, fit_ols, Fit.prediction_half_log10).
(function () {
  "use strict";

  // Python's math.fsum: Shewchuk's exactly rounded sum, so accuracies match to the last bit.
  function fsum(values) {
    var partials = [];
    values.forEach(function (x) {
      var i = 0;
      partials.forEach(function (y) {
        if (Math.abs(x) < Math.abs(y)) {
          var t = x;
          x = y;
          y = t;
        }
        var hi = x + y;
        var lo = y - (hi - x);
        if (lo) partials[i++] = lo;
        x = hi;
      });
      partials.length = i;
      partials.push(x);
    });
    var n = partials.length;
    var hi = 0;
    var lo = 0;
    if (n > 0) {
      hi = partials[--n];
      while (n > 0) {
        var x = hi;
        var y = partials[--n];
        hi = x + y;
        lo = y - (hi - x);
        if (lo) break;
      }
      if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
        var y2 = lo * 2;
        var x2 = hi + y2;
        if (y2 === x2 - hi) hi = x2;
      }
    }
    return hi;
  }

  // counts: correct, weak, wrong, refusal.
  function tierScore(c, lam) {
    var total = c[0] + c[1] + c[2] + c[3];
    if (total === 0) return 0;
    return Math.max(0, (c[0] + 0.5 * c[1] + lam * c[2]) / total);
  }

  function accuracy(tiers, lam) {
    return (
      fsum(
        tiers.map(function (c) {
          return tierScore(c, lam);
        }),
      ) / tiers.length
    );
  }

  function mean(values) {
    return fsum(values) / values.length;
  }

  // Least squares of accuracy on log10 size, as scipy's linregress computes it.
  function fitOls(x, y) {
    var n = x.length;
    var mx = mean(x);
    var my = mean(y);
    var dx = x.map(function (v) {
      return v - mx;
    });
    var dy = y.map(function (v) {
      return v - my;
    });
    var sxx = fsum(dx.map(function (d) { return d * d; }));
    var sxy = fsum(dx.map(function (d, i) { return d * dy[i]; }));
    var syy = fsum(dy.map(function (d) { return d * d; }));
    var slope = sxy / sxx;
    var intercept = my - slope * mx;
    var r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    var sse = fsum(x.map(function (v, i) {
      var e = y[i] - (slope * v + intercept);
      return e * e;
    }));
    return {
      n: n,
      slope: slope,
      intercept: intercept,
      r_squared: r * r,
      rmse: Math.sqrt(sse / n),
      residual_se: Math.sqrt(sse / (n - 2)),
      mean_x: mx,
      sxx: sxx,
    };
  }

  var fmtB = window.paramatlasSize; // paramatlas-size.js

  function show(el, value, text) {
    el.setAttribute("data-value", String(value));
    el.textContent = text;
  }

  function Explorer(box) {
    this.box = box;
    this.data = null; // the tier counts, fetched when a reader reaches for λ
    this.fetching = null;
    this.range = box.querySelector(".pa-lambda-range");
    this.value = box.querySelector(".pa-lambda-value");
    this.status = box.querySelector(".pa-lambda-status");
    // The two tables after the controls: the fit's statistics, then every model read.
    var tables = [];
    for (var el = box.nextElementSibling; el && tables.length < 2; el = el.nextElementSibling) {
      var table = el.tagName === "TABLE" ? el : el.querySelector("table");
      if (table) tables.push(table);
    }
    this.stats = tables[0];
    this.table = tables[1];
    this.lam = null; // the λ the reader chose; null while the page shows the headline's
    // Rows the tables script brings in later (paramatlas-tables.js) are read at it too.
    this.table.addEventListener("pa-rows-added", function () {
      if (this.lam !== null && this.data) this.update(this.lam);
    }.bind(this));
    this.range.addEventListener("input", this.set.bind(this, this.range));
    this.value.addEventListener("change", this.set.bind(this, this.value));
    // A reader about to move λ: the counts start coming (a failure is told when λ moves).
    var early = function () {
      this.load().catch(function () {});
    }.bind(this);
    box.addEventListener("pointerenter", early);
    box.addEventListener("focusin", early);
    var wanted = new URLSearchParams(window.location.search).get("lambda");
    if (wanted !== null && wanted !== "") {
      this.value.value = wanted;
      this.set(this.value);
    }
  }

  // The counts, fetched once; a promise of them.
  Explorer.prototype.load = function () {
    if (!this.fetching) {
      var src = this.box.getAttribute("data-src");
      this.fetching = fetch(new URL(src, document.baseURI))
        .then(function (response) {
          if (!response.ok) throw new Error(response.status + " for " + src);
          return response.json();
        })
        .then(
          function (data) {
            this.data = data;
            this.x = data.cohort.map(function (p) {
              return Math.log10(p.params_B);
            });
          }.bind(this),
          function (err) {
            this.fetching = null; // the next move of λ tries again
            throw err;
          }.bind(this)
        );
    }
    return this.fetching;
  };

  Explorer.prototype.set = function (from) {
    var lam = Number(from.value);
    if (!isFinite(lam) || lam < -5 || lam > 0) {
      this.status.textContent = "λ must be a number from −5 to 0";
      return;
    }
    if (from === this.range) this.value.value = String(lam);
    else this.range.value = String(lam);
    this.wanted = lam; // the last λ asked for is the one drawn when the counts come
    if (!this.data) this.status.textContent = "Fetching the tier counts…";
    this.load().then(
      function () {
        this.update(this.wanted);
      }.bind(this),
      function (err) {
        // A page opened from disk cannot fetch: the command gives the same numbers.
        this.status.textContent =
          "The tier counts could not be fetched (" + err.message + "): " +
          "paramatlas fit --calibration " + this.box.getAttribute("data-calibration") +
          " --lambda " + String(this.wanted) + " gives the fit at this λ.";
      }.bind(this)
    );
  };

  Explorer.prototype.update = function (lam) {
    this.lam = lam;
    var y = this.data.cohort.map(function (p) {
      return accuracy(p.tiers, lam);
    });
    var fit = fitOls(this.x, y);
    var scope = this.stats;
    ["slope", "intercept"].forEach(function (k) {
      var el = scope.querySelector('[data-stat="' + k + '"]');
      show(el, fit[k], fit[k].toFixed(5));
    });
    ["r_squared", "rmse"].forEach(function (k) {
      var el = scope.querySelector('[data-stat="' + k + '"]');
      show(el, fit[k], fit[k].toFixed(4));
    });
    var t90 = this.data.t90;
    var table = this.table;
    var rows = 0;
    this.data.models.forEach(function (m) {
      var link = table.querySelector('a[href$="/models/' + m.slug + '/"]');
      var row = link && link.closest("tr");
      if (!row) return;
      var acc = accuracy(m.tiers, lam);
      var log10p = (acc - fit.intercept) / fit.slope;
      var leverage = 1 / fit.n + Math.pow(log10p - fit.mean_x, 2) / fit.sxx;
      var half = (t90 * fit.residual_se * Math.sqrt(1 + leverage)) / Math.abs(fit.slope);
      var params = Math.pow(10, log10p);
      var low = Math.pow(10, log10p - half);
      show(row.cells[2].querySelector("span"), acc, acc.toFixed(4));
      show(row.cells[3].querySelector("span"), params, fmtB(params));
      row.cells[4].textContent = fmtB(low) + "–" + fmtB(Math.pow(10, log10p + half));
      // The table sorts by these (paramatlas-tables.js).
      row.cells[2].setAttribute("data-sort", String(acc));
      row.cells[3].setAttribute("data-sort", String(params));
      row.cells[4].setAttribute("data-sort", String(low));
      rows += 1;
    });
    this.status.textContent =
      "λ = " + String(lam).replace("-", "−") + ": refitted on " + fit.n + " models, " + rows + " read again";
    var params = new URLSearchParams(window.location.search);
    params.set("lambda", String(lam));
    var url = window.location.pathname + "?" + params.toString() + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  };

  function start() {
    document.querySelectorAll(".pa-lambda[data-src]").forEach(function (box) {
      new Explorer(box);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
