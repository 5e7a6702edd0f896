// Renders every chart placeholder of a page from its Vega-Lite spec.

// A chart with a `shown` parameter follows the page's filterable table: it draws the models
// (by slug) the table shows, or every model for null (paramatlas-tables.js sends them).
function showRows(view, slugs) {
  try {
    view.signal("shown", slugs === undefined ? null : slugs).runAsync();
  } catch (err) {
    // this chart has no `shown` parameter: it does not follow the table
  }
}
// Once drawn, the image is the drawing alone: the placeholder's role and description move to
// vega-embed's wrapper of the SVG, so the export menu beside it is not inside an image, and
// the menu gets a name (its button is only an icon). The chart's inputs (a vendor to
// highlight, a size measure) move out of the wrapper too: an image holds no control.
function nameTheParts(el) {
  const drawing = el.querySelector(".chart-wrapper");
  const inputs = drawing && drawing.querySelector(".vega-bindings");
  if (inputs) drawing.after(inputs);
  const label = el.getAttribute("aria-label");
  if (drawing && label) {
    drawing.setAttribute("role", "img");
    drawing.setAttribute("aria-label", label);
    drawing.removeAttribute("aria-roledescription");
    el.removeAttribute("role");
    el.removeAttribute("aria-label");
  }
  const summary = el.querySelector("details > summary");
  if (summary) {
    summary.setAttribute("aria-label", "Export this chart as SVG or PNG");
    summary.querySelector("svg")?.setAttribute("aria-hidden", "true");
  }
}

document.addEventListener("pa-rows", (event) => {
  for (const el of document.querySelectorAll("div.pa-chart")) {
    if (el.paView) showRows(el.paView, event.detail);
  }
});

// A chart's spec is inline beside it, or, for a chart drawn at build time, in a file of its own,
// fetched when the reader reaches for the chart: the page itself carries only the picture.
function specOf(el) {
  if (el.dataset.specSrc) {
    return fetch(new URL(el.dataset.specSrc, document.baseURI)).then((response) => {
      if (!response.ok) throw new Error(response.status + " for " + el.dataset.specSrc);
      return response.json();
    });
  }
  const source = document.getElementById(el.dataset.spec);
  return Promise.resolve(source ? JSON.parse(source.textContent) : null);
}

function paramatlasRenderCharts() {
  for (const el of document.querySelectorAll("div.pa-chart[data-spec], div.pa-chart[data-spec-src]")) {
    if (el.dataset.rendered) continue;
    el.dataset.rendered = "1";
    specOf(el).then((spec) => spec && vegaEmbed(el, spec, {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
    }).then((result) => {
      el.paView = result.view;
      showRows(result.view, window.paramatlasShown);
      nameTheParts(el);
      // The chart drawn at build time, and the button that asked for this one, step aside.
      el.querySelector(".pa-picture")?.remove();
      el.querySelector(".pa-picture-note")?.remove();
      el.parentNode.querySelector(".pa-explore")?.remove();
    })).catch((err) => {
      const message = "This chart could not be drawn: " + err;
      const explore = el.parentNode.querySelector(".pa-explore");
      // A picture stays (a page opened from disk cannot fetch the spec): the button says why.
      if (el.querySelector(".pa-picture") && explore) explore.replaceWith(message);
      else el.textContent = message;
      console.error(err);
    });
  }
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", paramatlasRenderCharts);
} else {
  paramatlasRenderCharts();
}
