// The hardware calculator of the methods page: paramatlas/methods/hardware.py's `bounds`, with
// the same operations in the same order, so both give the same numbers.
(function () {
  "use strict";

  var NEEDED = {
    memory_GB: "memory per chip",
    bandwidth_TBps: "bandwidth per chip",
    chips: "chips in one serving slice",
    tokens_per_s: "decode speed of one stream",
    bytes_per_param: "bytes per parameter",
    utilisation_low: "low utilisation",
    utilisation_high: "high utilisation",
  };

  function bounds(v) {
    var bytesPerS = v.bandwidth_TBps * 1e12 * v.chips;
    var perToken = v.tokens_per_s * v.bytes_per_param;
    var low = (bytesPerS * v.utilisation_low) / perToken / 1e9;
    var high = (bytesPerS * v.utilisation_high) / perToken / 1e9;
    var total = (v.memory_GB * 1e9 * v.chips) / v.bytes_per_param / 1e9;
    var implied = v.active_share ? [low / v.active_share, high / v.active_share] : null;
    return { active_low_B: low, active_high_B: high, total_max_B: total, implied_total_B: implied };
  }

  var fmtB = window.paramatlasSize; // paramatlas-size.js

  function span(value) {
    var el = document.createElement("span");
    el.setAttribute("data-value", String(value));
    el.textContent = fmtB(value);
    return el;
  }

  function line(parts) {
    var p = document.createElement("span");
    p.className = "pa-hardware-line";
    parts.forEach(function (part) {
      p.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    return p;
  }

  function Calculator(form) {
    this.form = form;
    this.presets = JSON.parse(document.getElementById(form.getAttribute("data-source")).textContent)
      .accelerators;
    this.source = form.querySelector(".pa-hardware-source");
    this.result = form.querySelector(".pa-hardware-result");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.elements.accelerator.addEventListener("change", this.preset.bind(this));
    form.addEventListener("input", this.update.bind(this));
  }

  Calculator.prototype.preset = function () {
    var chosen = this.presets[this.form.elements.accelerator.value];
    this.source.textContent = "";
    if (!chosen) return;
    this.form.elements.memory_GB.value = chosen.memory_GB;
    this.form.elements.bandwidth_TBps.value = chosen.bandwidth_TBps;
    var link = document.createElement(chosen.citation.url ? "a" : "span");
    if (chosen.citation.url) link.href = chosen.citation.url;
    link.textContent = chosen.citation.text;
    this.source.append("Source: ", link);
    this.update();
  };

  Calculator.prototype.update = function () {
    var values = {};
    var missing = [];
    var bad = [];
    var form = this.form;
    Object.keys(NEEDED).forEach(function (name) {
      var text = form.elements[name].value.trim();
      var value = Number(text);
      if (text === "") missing.push(NEEDED[name]);
      else if (!isFinite(value) || value <= 0) bad.push(NEEDED[name]);
      values[name] = value;
    });
    var share = form.elements.active_share.value.trim();
    values.active_share = share === "" ? null : Number(share);
    if (share !== "" && !(values.active_share > 0 && values.active_share <= 1)) {
      bad.push("active share (between 0 and 1)");
    }
    if (values.utilisation_low > 1 || values.utilisation_high > 1) bad.push("utilisation (0 to 1)");
    if (values.utilisation_low > values.utilisation_high) bad.push("low utilisation above high");
    this.result.textContent = "";
    if (missing.length || bad.length) {
      var text = missing.length ? "Enter " + missing.join(", ") + "." : "";
      if (bad.length) text += (text ? " " : "") + "Check: " + bad.join(", ") + ".";
      this.result.textContent = text;
      return;
    }
    var b = bounds(values);
    var out = [
      line(["Active (bandwidth bound): ", span(b.active_low_B), "–", span(b.active_high_B)]),
      line(["Total (memory bound): ≤ ", span(b.total_max_B)]),
    ];
    if (b.implied_total_B) {
      out.push(line(["Total implied by the active share: ", span(b.implied_total_B[0]), "–", span(b.implied_total_B[1])]));
      if (b.implied_total_B[0] > b.total_max_B) {
        out.push(line(["These inputs contradict each other: the implied total does not fit in the slice's memory."]));
      }
    }
    var result = this.result;
    out.forEach(function (el) {
      result.appendChild(el);
    });
  };

  function start() {
    document.querySelectorAll("form.pa-hardware[data-source]").forEach(function (form) {
      new Calculator(form);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
