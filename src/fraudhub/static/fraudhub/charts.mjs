// Draws each Vega-Lite chart on the page from the spec beside it. The text summary and
// the table before and after each chart hold the same figures for everyone.
const embed = window.vegaEmbed;

async function draw(element) {
  const spec = JSON.parse(document.getElementById(element.dataset.spec).textContent);
  if (!spec.data.values.length) return;
  // The Content-Security-Policy allows no eval and no inline styles: Vega's expression
  // interpreter instead of compiled functions, and our stylesheet instead of injected ones.
  await embed(element, spec, {
    actions: false,
    renderer: "svg",
    ast: true,
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
  });
  element.dataset.drawn = "true";
}

if (embed) {
  for (const element of document.querySelectorAll(".fh-chart[data-spec]")) {
    draw(element).catch(() => {
      element.dataset.drawn = "failed";
    });
  }
}
