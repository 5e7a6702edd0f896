// Renders every chart placeholder of a page from the Vega-Lite spec inlined beside it.
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
