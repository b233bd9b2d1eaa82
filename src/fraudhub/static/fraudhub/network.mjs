// Draws a cluster's network with Cytoscape.js from the page's JSON: reports, victims and
// identifiers as nodes, coloured and shaped by kind as in the key. A click, or Enter on the
// node chosen with the arrow keys, opens the report. The tables below hold the same data.
// Scrolling moves the page, never the chart: zoom is on the buttons, + and - on the chart,
// and Ctrl (or Cmd) with the scroll wheel.

const LARGE = 200;
const LABEL_PX = 13; // labels are drawn at this size at zoom 1, and never below 12 px
const SMALLEST_PX = 12;
const read = (id) => JSON.parse(document.getElementById(id).textContent);

function draw(container, data, kinds) {
  const style = [
    {
      selector: "node",
      style: {
        label: "data(label)",
        "font-family": "Arial, sans-serif",
        "font-size": LABEL_PX,
        "min-zoomed-font-size": SMALLEST_PX,
        color: "#0b0c0c",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.85,
        "text-background-padding": 2,
        "text-valign": "bottom",
        "text-margin-y": 4,
        "text-wrap": "ellipsis",
        "text-max-width": 140,
        width: 22,
        height: 22,
        "border-width": 0,
      },
    },
    { selector: "edge", style: { width: 1.5, "line-color": "#6f777b", "curve-style": "straight" } },
    { selector: "node.fh-unlabelled", style: { label: "" } },
    {
      selector: "node.fh-chosen",
      style: { "border-width": 4, "border-color": "#ffdd00", "outline-width": 3, "outline-color": "#0b0c0c" },
    },
  ];
  for (const kind of kinds) {
    style.push({
      selector: `node[kind = "${kind.kind}"]`,
      style: { shape: kind.shape, "background-color": kind.colour },
    });
  }
  const cy = window.cytoscape({
    container,
    elements: {
      nodes: data.nodes.map((node) => ({ data: node })),
      edges: data.edges.map((edge) => ({ data: edge })),
    },
    style,
    layout: { name: "circle", padding: 24 },
    minZoom: 0.2,
    maxZoom: 3,
    userZoomingEnabled: false,
  });
  // Starting from a circle rather than at random draws the same cluster the same way each
  // time. A force layout takes too long beyond a few hundred nodes: rings by links instead.
  if (cy.nodes().length <= LARGE) {
    cy.layout({
      name: "cose",
      animate: false,
      randomize: false,
      nodeRepulsion: () => 40000,
      idealEdgeLength: () => 90,
      padding: 24,
    }).run();
  } else {
    cy.layout({
      name: "concentric",
      concentric: (node) => node.degree(),
      levelWidth: () => 2,
      minNodeSpacing: 6,
      padding: 24,
    }).run();
  }
  unclutter(cy);
  return cy;
}

const overlap = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

// Labels never overlap: the best-linked nodes keep theirs, and a label that would cover one
// already placed (or another node) is left off the chart; every node is still named in the
// tables below, and by the arrow keys. Overlap does not change with zoom, as labels scale
// with the chart.
function unclutter(cy) {
  const placed = [];
  const boxes = cy.nodes().map((node) => node.boundingBox({ includeLabels: false }));
  const byLinks = cy.nodes().sort((a, b) => b.degree() - a.degree() || a.id().localeCompare(b.id()));
  byLinks.forEach((node) => {
    const label = node.boundingBox({ includeNodes: false, includeLabels: true, includeOverlays: false });
    const own = node.boundingBox({ includeLabels: false });
    const clash =
      placed.some((box) => overlap(box, label)) ||
      boxes.some((box) => box !== own && !(box.x1 === own.x1 && box.y1 === own.y1) && overlap(box, label));
    if (clash) node.addClass("fh-unlabelled");
    else placed.push(label);
  });
}

function labelFigures(cy, container) {
  const shown = cy.nodes().filter((node) => !node.hasClass("fh-unlabelled"));
  const px = LABEL_PX * cy.zoom();
  container.dataset.labelPx = (px >= SMALLEST_PX ? px : 0).toFixed(1);
  container.dataset.labelled = String(px >= SMALLEST_PX ? shown.length : 0);
  const boxes = shown.map((node) => node.boundingBox({ includeNodes: false, includeLabels: true, includeOverlays: false }));
  let clashes = 0;
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => (clashes += overlap(a, b) ? 1 : 0)));
  container.dataset.labelOverlaps = String(clashes);
}

function describe(node, kinds) {
  const kind = kinds.find((k) => k.kind === node.data("kind"));
  const links = node.connectedEdges().length;
  const open = node.data("url") ? " Press Enter to open the report." : "";
  return `${kind ? kind.label : "Item"}: ${node.data("label")}, ${links} link${links === 1 ? "" : "s"}.${open}`;
}

function start() {
  const wrapper = document.getElementById("network");
  const container = document.getElementById("network-canvas");
  if (!wrapper || !container || typeof window.cytoscape !== "function") return;
  const kinds = read("network-kinds");
  wrapper.hidden = false;
  const cy = draw(container, read("network-data"), kinds);
  container.dataset.nodes = String(cy.nodes().length);
  container.dataset.edges = String(cy.edges().length);
  const status = document.getElementById("network-selected");
  const nodes = cy.nodes().sort((a, b) => a.data("kind").localeCompare(b.data("kind")) || a.id().localeCompare(b.id()));
  let chosen = -1;

  const choose = (index) => {
    cy.nodes().removeClass("fh-chosen");
    chosen = (index + nodes.length) % nodes.length;
    const node = nodes[chosen];
    node.addClass("fh-chosen");
    cy.animate({ center: { eles: node } }, { duration: 0 });
    status.textContent = describe(node, kinds);
  };

  const zoomBy = (factor, at) => {
    const level = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor));
    const middle = { x: container.clientWidth / 2, y: container.clientHeight / 2 };
    cy.zoom({ level, renderedPosition: at || middle });
    container.dataset.zoom = cy.zoom().toFixed(2);
    labelFigures(cy, container);
  };
  const fit = () => {
    cy.fit(undefined, 24);
    container.dataset.zoom = cy.zoom().toFixed(2);
    labelFigures(cy, container);
  };
  container.dataset.zoom = cy.zoom().toFixed(2);
  labelFigures(cy, container);
  for (const button of wrapper.querySelectorAll("button[data-zoom]")) {
    button.addEventListener("click", () => {
      const how = button.dataset.zoom;
      if (how === "fit") fit();
      else zoomBy(how === "in" ? 1.25 : 0.8);
    });
  }
  container.addEventListener(
    "wheel",
    (event) => {
      if (!event.ctrlKey && !event.metaKey) return; // the page scrolls
      event.preventDefault();
      const box = container.getBoundingClientRect();
      zoomBy(event.deltaY < 0 ? 1.1 : 1 / 1.1, { x: event.clientX - box.left, y: event.clientY - box.top });
    },
    { passive: false },
  );

  cy.on("tap", "node", (event) => {
    const url = event.target.data("url");
    if (url) window.location.assign(url);
  });
  cy.on("mouseover", "node", (event) => {
    container.style.cursor = event.target.data("url") ? "pointer" : "default";
  });
  cy.on("mouseout", "node", () => {
    container.style.cursor = "default";
  });
  container.addEventListener("keydown", (event) => {
    if (event.key === "ArrowRight" || event.key === "ArrowDown") {
      choose(chosen + 1);
    } else if (event.key === "ArrowLeft" || event.key === "ArrowUp") {
      choose(chosen - 1);
    } else if (event.key === "Home") {
      choose(0);
    } else if (event.key === "End") {
      choose(nodes.length - 1);
    } else if (event.key === "+" || event.key === "=") {
      zoomBy(1.25);
    } else if (event.key === "-") {
      zoomBy(0.8);
    } else if (event.key === "0") {
      fit();
    } else if (event.key === "Enter" && chosen >= 0) {
      const url = nodes[chosen].data("url");
      if (url) window.location.assign(url);
      return;
    } else {
      return;
    }
    event.preventDefault();
  });
}

start();
