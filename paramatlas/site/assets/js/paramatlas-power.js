// The eval power calculator of the methods page: paramatlas/analyses/power.py's
// `planned_power` (stats.rerun_noise on `planned_counts`), with the same operations in the same
// order, so both give the same numbers. The page gives the level, its z and the slope.
(function () {
  "use strict";

  var TIERS = 7;

  // erf by its series of positive terms, erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (2n+1)!!,
  // which loses no digits to cancellation (JavaScript has no Math.erf; Python's is libm's).
  function erf(x) {
    if (x < 0) return -erf(-x);
    if (x > 6) return 1;
    var term = x;
    var sum = x;
    for (var n = 1; term > sum * 1e-17; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
    }
    return Math.min(1, (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum);
  }

  // As Python's statistics.NormalDist() computes them.
  function cdf(x) {
    return 0.5 * (1.0 + erf(x / Math.SQRT2));
  }

  function pdf(x) {
    return Math.exp((x * x) / -2.0) / Math.sqrt(2 * Math.PI);
  }

  // E[Y], …, E[Y⁴] of Y = max(0, X), X normal (stats._censored_moments).
  function censoredMoments(mean, variance) {
    var sd = Math.sqrt(variance);
    var m = [cdf(mean / sd)];
    m.push(mean * m[0] + sd * pdf(mean / sd));
    for (var k = 2; k <= 4; k++) m.push(mean * m[k - 1] + (k - 1) * variance * m[k - 2]);
    return m.slice(1);
  }

  // |Δ accuracy| two runs of the planned design exceed by chance with probability 1 − quantile.
  function accuracyStep(probes, accuracy, z) {
    var weights = [1.0, 0.5, 0.0, 0.0]; // correct, weak, wrong (λ = 0), refusal
    var counts = [probes * accuracy, 0.0, probes * (1 - accuracy), 0.0];
    var variance = 0.0;
    var fourth = 0.0;
    for (var t = 0; t < TIERS; t++) {
      var total = 0;
      var mean = 0;
      var square = 0;
      for (var i = 0; i < 4; i++) {
        total += counts[i];
        mean += weights[i] * counts[i];
        square += weights[i] * weights[i] * counts[i];
      }
      if (total === 0) continue;
      mean /= total;
      square /= total;
      var spread = (square - mean * mean) / total;
      if (spread <= 0) continue;
      var m = censoredMoments(mean, spread);
      variance += m[1] - m[0] * m[0];
      fourth += m[3] - 4 * m[2] * m[0] - 3 * m[1] * m[1] + 12 * m[1] * m[0] * m[0] - 6 * Math.pow(m[0], 4);
    }
    if (variance <= 0) return 0.0;
    var excess = (2 * fourth) / Math.pow(2 * variance, 2);
    return ((z + ((Math.pow(z, 3) - 3 * z) * excess) / 24) * Math.sqrt(2 * variance)) / TIERS;
  }

  function value(number, text) {
    var el = document.createElement("strong");
    el.setAttribute("data-value", String(number));
    el.textContent = text;
    return el;
  }

  function start(form) {
    var z = Number(form.getAttribute("data-z"));
    var slope = Number(form.getAttribute("data-slope"));
    var level = form.getAttribute("data-level");
    var out = form.querySelector("output");
    function update() {
      var probes = Number(form.elements.probes.value);
      var accuracy = Number(form.elements.accuracy.value);
      out.textContent = "";
      // At an accuracy of 0 or 1 every probe is answered alike: no noise, nothing to plan.
      if (!(probes >= 1) || !(accuracy > 0 && accuracy < 1) || form.elements.probes.value === "") {
        out.textContent = "Enter the probes per tier (1 or more) and an accuracy between 0 and 1.";
        return;
      }
      var step = accuracyStep(probes, accuracy, z);
      var ratio = Math.pow(10, step / slope);
      out.append(
        "Two runs of this design differ in accuracy by up to ",
        value(step, step.toFixed(4)),
        " by chance at the " + level + "% level; read with the default calibration, that is sizes ",
        value(ratio, ratio.toFixed(2) + "×"),
        " apart: the design's noise floor.",
      );
    }
    form.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("form.pa-power").forEach(start);
})();
