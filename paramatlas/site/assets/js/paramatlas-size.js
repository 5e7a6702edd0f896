// A size in billions the way the site prints it (paramatlas/present.py: fmt_b and size), for
// the scripts that compute sizes in the browser: 135M, 7.6B, 671B, 1.6T, 1,000T. The value
// rounded to three significant digits picks the unit.
window.paramatlasSize = function (v) {
  if (!isFinite(v)) return "unbounded";
  var rounded = Number(v.toPrecision(3));
  if (rounded >= 1e6) return Math.round(v / 1000).toLocaleString("en-US") + "T";
  if (rounded >= 1000) return Number((rounded / 1000).toPrecision(3)) + "T";
  if (rounded >= 1) return Number(rounded.toPrecision(3)) + "B";
  return Number((rounded * 1000).toPrecision(3)) + "M";
};
