// The analysts' map: proportional circles on postcode-district (or council) centres.
// The page's table holds the same figures; the map is extra, hidden from screen readers.
const L = window.L;
const container = document.getElementById("map");
const data = JSON.parse(document.getElementById("map-data").textContent);

const MAX_RADIUS = 26;

function draw(map, layer, measure) {
  layer.clearLayers();
  const points = data.area === "council" ? data.councils : data.districts;
  const largest = Math.max(1, ...points.map((p) => p[measure] || 0));
  for (const point of points) {
    const value = point[measure];
    if (value === 0) continue;
    const hidden = value === null;
    const radius = hidden ? 5 : Math.max(3, MAX_RADIUS * Math.sqrt(value / largest));
    L.circleMarker([point.lat, point.lng], {
      radius,
      interactive: false,
      className: "fh-map__circle",
      color: "#0b0c0c",
      weight: 1,
      dashArray: hidden ? "3" : null,
      fillColor: hidden ? "#ffffff" : "#1d70b8",
      fillOpacity: hidden ? 0.6 : 0.55,
    }).addTo(layer);
  }
  container.dataset.measure = measure;
  container.dataset.circles = String(layer.getLayers().length);
}

function start() {
  if (!L || !container) return;
  container.hidden = false;
  const map = L.map(container, {
    keyboard: false,
    zoomControl: false,
    attributionControl: Boolean(data.tiles),
    zoomSnap: 0.25,
  });
  if (data.tiles) {
    L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 18 }).addTo(map);
  }
  const background = L.layerGroup().addTo(map);
  for (const place of data.places) {
    L.circleMarker([place.lat, place.lng], {
      radius: 2,
      interactive: false,
      className: "fh-map__place",
      color: "#505a5f",
      weight: 1,
      fillOpacity: 1,
    }).addTo(background);
  }
  const labelled = data.area === "council" ? data.councils : data.places;
  for (const point of labelled) {
    L.tooltip({
      permanent: true,
      direction: data.area === "council" ? "center" : "bottom",
      offset: [0, 0],
      className: "fh-map__label",
      interactive: false,
    })
      .setLatLng([point.lat, point.lng])
      .setContent(point.code)
      .addTo(background);
  }
  const all = data.places.concat(data.districts, data.councils);
  const circles = L.layerGroup().addTo(map);
  if (all.length) {
    map.fitBounds(L.latLngBounds(all.map((p) => [p.lat, p.lng])), { padding: [40, 40] });
  } else {
    map.setView([54.5, -2.5], 6); // no districts known: the whole of the UK
  }
  const chosen = document.querySelector('input[name="measure"]:checked');
  draw(map, circles, chosen ? chosen.value : data.measure);
  for (const radio of document.querySelectorAll('input[name="measure"]')) {
    radio.addEventListener("change", () => draw(map, circles, radio.value));
  }
}

start();
