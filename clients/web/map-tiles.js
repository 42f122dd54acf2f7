// The operator's map tiles (GET /api/map/settings, MAP_TILES_URL), for every page with a Leaflet map:
// the public map (/map) and the secretariat's coverage map (/admin). Without a tile source the map's
// element is marked `no-tiles` and the page draws its points on a plain background.

/** Add the configured tiles to `map`; whether there were any (`container.dataset.tiles` says it too). */
export async function addTiles(map, container) {
  let settings = { tiles: null };
  try {
    settings = await (await fetch("/api/map/settings")).json();
  } catch (_) { /* no tiles then */ }
  if (settings.tiles) {
    const tiles = window.L.tileLayer(settings.tiles.url, { maxZoom: settings.tiles.max_zoom, attribution: "" });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(settings.tiles.attribution.replace(/[<>&]/g, ""));
    tiles.addTo(map);
  } else {
    container.classList.add("no-tiles");
  }
  container.dataset.tiles = settings.tiles ? "on" : "off";
  return Boolean(settings.tiles);
}
