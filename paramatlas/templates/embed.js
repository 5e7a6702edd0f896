// Renders every chart placeholder of a page from the Vega-Lite spec inlined beside it.

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

function paramatlasRenderCharts() {
  for (const el of document.querySelectorAll("div.pa-chart[data-spec]")) {
    if (el.dataset.rendered) continue;
    el.dataset.rendered = "1";
    const source = document.getElementById(el.dataset.spec);
    if (!source) continue;
    const spec = JSON.parse(source.textContent);
    vegaEmbed(el, spec, {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
    }).then((result) => {
      el.paView = result.view;
      showRows(result.view, window.paramatlasShown);
      nameTheParts(el);
      // The chart drawn at build time, and the button that asked for this one, step aside.
      el.querySelector(".pa-picture")?.remove();
      el.parentNode.querySelector(".pa-explore")?.remove();
    }).catch((err) => {
      el.textContent = "This chart could not be drawn: " + err;
      console.error(err);
    });
  }
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", paramatlasRenderCharts);
} else {
  paramatlasRenderCharts();
}
