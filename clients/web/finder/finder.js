// The public map (/map): the directory's places and this week's events on a
// Leaflet map, with the search's filters. Points come from /api/map.geojson, which already keeps each
// place's precision (hidden: never; approximate: ~500 m; municipality: its
// office). With no tile source configured the map draws the municipal offices
// as grey dots on a plain projection, so it is never blank.

import { storedLang, toggleLang, translatePage, translator } from "../i18n.js";
import { fillSelect, loadMunicipalities, loadVocabulary, MunicipalityPicker, termBoxes } from "../places.js";
import { addTiles } from "../map-tiles.js";
import { DEFAULT_LANG, LANGS, TEXTS } from "./texts.js";

const $ = (id) => document.getElementById(id);
const LANG_KEY = "tsunagaru.map.lang";
const JAPAN = [[24.0, 122.9], [45.6, 145.9]];
const COLOURS = { 居場所: "#2f8a4f", event: "#c2571a", consultation: "#2f6fd6", activity: "#8a4fb0" };

let lang = storedLang(LANG_KEY, LANGS, DEFAULT_LANG);
const t = translator(TEXTS, DEFAULT_LANG, () => lang);

let map = null;
let pointsLayer = null;
let vocab = null;
let lastQuery = "";
const picker = new MunicipalityPicker($("pref"), $("city"), noneTexts(), centreOnHome);

function noneTexts() {
  return { pref: t("pick_pref"), city: t("pick_city") };
}

function applyTexts() {
  translatePage(t, lang);
  picker.setTexts(noneTexts());
  renderVocabulary();
}

function checked(name) {
  return [...document.querySelectorAll(`#filter-form input[name="${name}"]:checked`)].map((i) => i.value);
}

function renderVocabulary() {
  if (!vocab) return;
  termBoxes($("concerns"), vocab.concern, "concern", lang, checked("concern"));
  termBoxes($("interests"), vocab.interest, "interest", lang, checked("interest"));
  fillSelect($("life-stage"), t("any_stage"),
    vocab.life_stage.map((s) => [s.code, lang === "en" ? s.name_en : s.name]), $("life-stage").value);
}

/** Who and what, the same for places and events: worries, interests, life stage, age (the names of /hsds/services). */
function whoAndWhat(p) {
  const concerns = checked("concern");
  const interests = checked("interest");
  if (concerns.length) p.set("concern", concerns.join(","));
  if (interests.length) p.set("interest", interests.join(","));
  if ($("life-stage").value) p.set("life_stage", $("life-stage").value);
  const age = $("age").value.trim();
  if (/^\d{1,3}$/.test(age)) p.set("age", age);
  return p;
}

/** The search's own parameters: who and what, and a moment. */
function params() {
  const p = whoAndWhat(new URLSearchParams());
  const when = $("when").value;
  if (when === "now") p.set("open_at", new Date().toISOString());
  if (when === "at" && $("when-at").value) p.set("open_at", `${$("when-at").value}:00+09:00`);
  return p;
}

/** The events API's parameters: who and what, and where; a day instead of a moment. */
function eventParams() {
  const p = whoAndWhat(new URLSearchParams({ source: "directory", per_page: "100" }));
  if ($("where").value) p.set("online", $("where").value);
  if ($("when").value === "at" && $("when-at").value) {
    const day = $("when-at").value.slice(0, 10);
    p.set("from", day);
    p.set("to", day);
  }
  return p;
}

function whenText(ev) {
  const opts = { timeZone: "Asia/Tokyo", month: "numeric", day: "numeric", weekday: "short" };
  if (!ev.all_day) Object.assign(opts, { hour: "2-digit", minute: "2-digit" });
  return new Date(ev.start).toLocaleString(lang === "en" ? "en-GB" : "ja-JP", opts);
}

function eventItem(ev) {
  const li = document.createElement("li");
  li.dataset.event = ev.id;
  const onMap = ev.latitude !== undefined && ev.longitude !== undefined;
  li.dataset.onMap = String(onMap);
  // A place's name only where the map shows the place: a hidden or municipality-wide place stays unnamed.
  const where = ev.online ? t("event_online") : [onMap ? ev.place : null, ev.city].filter(Boolean).join(" / ");
  const a = document.createElement("a");
  a.className = "name";
  a.href = ev.page;
  a.textContent = ev.name;
  li.append(line("meta when", whenText(ev)), a,
    line("meta", [ev.organizer, where].filter(Boolean).join(" / ")));
  return li;
}

function kindText(kind) {
  return kind ? t(`kind_${kind}`) : "";
}

function line(cls, text) {
  const s = document.createElement("span");
  s.className = cls;
  s.textContent = text;
  return s;
}

function placeItem(f) {
  const p = f.properties;
  const [lon, lat] = f.geometry.coordinates;
  const li = document.createElement("li");
  li.dataset.service = p.service_id;
  li.dataset.precision = p.x_coordinate_precision || "";
  li.dataset.lat = String(lat);
  li.dataset.lon = String(lon);
  li.append(line("name", p.service), line("meta", [p.organization, p.location].filter(Boolean).join(" / ")),
    line("meta", [kindText(p.x_kind), t(p.x_coordinate_precision || "exact")].filter(Boolean).join("・")));
  return li;
}

function onlineItem(svc) {
  const li = document.createElement("li");
  li.dataset.service = svc.id;
  li.append(line("name", svc.name), line("meta", [(svc.organization || {}).name, kindText(svc.x_kind)].filter(Boolean).join(" / ")));
  const tel = (svc.phones || []).map((x) => x.number).find(Boolean);
  if (tel) {
    const a = document.createElement("a");
    a.className = "tel";
    a.href = `tel:${tel.replace(/[^\d+]/g, "")}`;
    a.textContent = tel;
    li.append(a);
  } else if (svc.url && /^https?:\/\//i.test(svc.url)) {
    const a = document.createElement("a");
    a.href = svc.url;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    a.textContent = t("details");
    li.append(a);
  }
  return li;
}

function popup(f) {
  const div = document.createElement("div");
  div.className = "finder-popup";
  const item = placeItem(f);
  div.append(...item.childNodes);
  return div;
}

async function search() {
  const p = params();
  const where = $("where").value;
  $("status").textContent = t("loading");
  const query = p.toString();
  lastQuery = query;
  try {
    const wantPlaces = where !== "true";
    const wantOnline = where !== "false";
    const [geo, online, events] = await Promise.all([
      wantPlaces ? fetch(`/api/map.geojson?${query}`).then((r) => (r.ok ? r.json() : Promise.reject(r.status))) : { features: [] },
      wantOnline ? fetch(`/hsds/services?${query}${query ? "&" : ""}virtual=true&per_page=50`).then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
        : { contents: [] },
      fetch(`/api/events?${eventParams()}`).then((r) => (r.ok ? r.json() : { contents: [] })).catch(() => ({ contents: [] })),
    ]);
    if (lastQuery !== query) return; // a newer search is on its way
    const evs = events.contents || [];
    drawPoints(geo.features || [], evs.filter((ev) => ev.latitude !== undefined && ev.longitude !== undefined));
    const evItems = evs.map(eventItem);
    $("events").replaceChildren(...(evItems.length ? evItems : [line("hint", t("none"))]));
    const places = (geo.features || []).map(placeItem);
    $("places").replaceChildren(...(places.length ? places : [line("hint", t("none"))]));
    $("online-box").hidden = !wantOnline;
    const onl = (online.contents || []).map(onlineItem);
    $("online").replaceChildren(...(onl.length ? onl : [line("hint", t("none"))]));
    $("status").textContent = t("found", { n: places.length, m: onl.length, e: evItems.length });
  } catch (_) {
    $("status").textContent = t("failed");
  }
}

function eventPopup(ev) {
  const div = document.createElement("div");
  div.className = "finder-popup";
  div.append(...eventItem(ev).childNodes);
  return div;
}

function drawPoints(features, events) {
  pointsLayer.clearLayers();
  const bounds = [];
  for (const ev of events) {
    const marker = window.L.circleMarker([ev.latitude, ev.longitude], {
      radius: 7, weight: 3, color: "#7a2e00", fillColor: COLOURS.event, fillOpacity: 0.9, dashArray: "3 2",
    });
    marker.bindPopup(() => eventPopup(ev));
    marker.addTo(pointsLayer);
    bounds.push([ev.latitude, ev.longitude]);
  }
  for (const f of features) {
    const [lon, lat] = f.geometry.coordinates;
    const marker = window.L.circleMarker([lat, lon], {
      radius: 8, weight: 2, color: "#ffffff", fillColor: COLOURS[f.properties.x_kind] || "#555", fillOpacity: 0.95,
    });
    marker.bindPopup(() => popup(f));
    marker.addTo(pointsLayer);
    bounds.push([lat, lon]);
  }
  if (picker.place) return; // the visitor's municipality stays in the middle
  if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 13, animate: false });
  else map.fitBounds(JAPAN, { animate: false });
}

function centreOnHome() {
  const home = picker.place;
  if (home && map) map.setView([home.lat, home.lon], 11, { animate: false });
}

/** Without tiles: the municipal offices as grey dots, so the shape of the land shows. */
async function drawOutline() {
  try {
    const table = await loadMunicipalities();
    const renderer = window.L.canvas({ padding: 0.2 });
    const layer = window.L.layerGroup();
    for (const m of table.rows) {
      window.L.circleMarker([m.lat, m.lon], {
        renderer, radius: 2, stroke: false, fillColor: "#9aa5b1", fillOpacity: 0.7, interactive: false,
      }).addTo(layer);
    }
    layer.addTo(map);
  } catch (_) { /* the places still show */ }
}

async function start() {
  applyTexts();
  $("lang-toggle").addEventListener("click", () => {
    lang = toggleLang(LANG_KEY, lang);
    applyTexts();
  });
  $("when").addEventListener("change", () => { $("when-at").hidden = $("when").value !== "at"; });
  $("filter-form").addEventListener("submit", (e) => {
    e.preventDefault();
    search();
  });
  if (window.matchMedia("(min-width: 720px)").matches) $("filters").open = true;
  map = window.L.map("map", { zoomControl: true, attributionControl: true, preferCanvas: false });
  map.fitBounds(JAPAN);
  pointsLayer = window.L.featureGroup().addTo(map);
  if (!(await addTiles(map, $("map")))) {
    $("map-note").dataset.i18n = "no_tiles";
    $("map-note").textContent = t("no_tiles");
    await drawOutline();
  }
  await Promise.all([
    loadVocabulary().then((v) => { vocab = v; renderVocabulary(); }).catch(() => {}),
    picker.load().catch(() => {}),
  ]);
  centreOnHome();
  await search();
}

start();
