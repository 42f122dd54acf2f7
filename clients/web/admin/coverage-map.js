// The coverage report on a map: each municipality's reference point (its office), coloured by whether
// the platform has a member, a service or a consultation window there. Leaflet is vendored; without a
// configured tile source the points alone are drawn on a plain background, as the public map does.
// The same report as CSV is downloaded with the admin's token (a plain link could not carry it).

import { $ } from "../console/dom.js";
import { t } from "./lang.js";
import { session } from "../console/api.js";
import { loadMunicipalities } from "../places.js";
import { addTiles } from "../map-tiles.js";

const COVERED = "#1f7a4d";
const UNCOVERED = "#c2410c";
let map = null;
let layer = null;

async function ensureMap() {
  if (map || !window.L) return map;
  map = window.L.map("coverage-map", { zoomControl: true, attributionControl: true });
  await addTiles(map, $("coverage-map"));
  return map;
}

/** Draw `rows` (the coverage report's) at their reference points. */
export async function drawCoverage(rows) {
  let table;
  try {
    [, table] = await Promise.all([ensureMap(), loadMunicipalities()]);
  } catch (_) {
    return;
  }
  if (!map) return;
  if (layer) layer.remove();
  layer = window.L.featureGroup();
  let drawn = 0;
  for (const r of rows) {
    const m = table.byCode.get(r.code);
    if (!m) continue;
    const covered = r.members || r.services || r.windows;
    window.L.circleMarker([m.lat, m.lon], {
      radius: 7, weight: 1, color: "#fff", fillColor: covered ? COVERED : UNCOVERED, fillOpacity: 0.9,
    }).bindTooltip(t(covered ? "map_covered" : "map_uncovered", { name: r.name, members: r.members,
      services: r.services, windows: r.windows })).addTo(layer);
    drawn += 1;
  }
  layer.addTo(map);
  $("coverage-map").dataset.points = String(drawn);
  map.invalidateSize();
  if (drawn) map.fitBounds(layer.getBounds(), { padding: [16, 16], animate: false });
}

$("coverage-csv").addEventListener("click", async () => {
  const prefecture = $("coverage-prefecture").value;
  const query = prefecture ? `?prefecture=${encodeURIComponent(prefecture)}` : "";
  const r = await fetch(`/api/admin/coverage.csv${query}`, { headers: { Authorization: `Bearer ${session.token}` } })
    .catch(() => null);
  if (!r || !r.ok) {
    $("coverage-csv-status").textContent = t("csv_failed");
    return;
  }
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = `coverage-${prefecture || "all"}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  $("coverage-csv-status").textContent = t("csv_done");
});
