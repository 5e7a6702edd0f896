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
