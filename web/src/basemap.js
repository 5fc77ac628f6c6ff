// The offline base map, drawn from the commune contours the server ships: the territory's
// outline, its communes and their names. It lies under the tiles (a pane below theirs),
// so it shows wherever tiles are missing, and alone when there are none at all.
import L from 'leaflet';
import { el } from './dom.js';
import { t } from './fr.js';

const LABELS_FROM_ZOOM = 11;

// The point to write a commune's name at: the centroid of its largest ring.
function labelPoint(geometry) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let best = null;
  for (const polygon of polygons) {
    const ring = polygon[0];
    let area = 0;
    let x = 0;
    let y = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
      area += cross;
      x += (ring[j][0] + ring[i][0]) * cross;
      y += (ring[j][1] + ring[i][1]) * cross;
    }
    if (!best || Math.abs(area) > Math.abs(best.area)) best = { area, lon: x / (3 * area), lat: y / (3 * area) };
  }
  return best && Number.isFinite(best.lat) ? L.latLng(best.lat, best.lon) : null;
}

export function addBaseMap(map, collection) {
  map.createPane('basemap').style.zIndex = '150';
  map.createPane('basemap-labels').style.zIndex = '160';
  const renderer = L.svg({ pane: 'basemap' });
  // The outline: every commune stroked wide, then filled over, so that only the outer edge
  // of the territory keeps its wide stroke.
  L.geoJSON(collection, {
    pane: 'basemap',
    renderer,
    interactive: false,
    style: { color: '#5b6770', weight: 5, opacity: 1, fill: false },
  }).addTo(map);
  L.geoJSON(collection, {
    pane: 'basemap',
    renderer,
    interactive: false,
    attribution: t.offlineBaseMap,
    style: { color: '#a7a293', weight: 1, opacity: 1, fillColor: '#f7f4ec', fillOpacity: 1 },
  }).addTo(map);
  const labels = L.layerGroup([], { pane: 'basemap-labels' });
  for (const feature of collection.features) {
    const at = labelPoint(feature.geometry);
    if (!at) continue;
    const name = el('span', { 'aria-hidden': 'true' }, feature.properties.name);
    const icon = L.divIcon({ className: 'commune-label', iconSize: null, html: name });
    labels.addLayer(L.marker(at, { icon, pane: 'basemap-labels', interactive: false, keyboard: false }));
  }
  labels.addTo(map);
  const showLabels = () => map.getContainer().classList.toggle('hide-commune-labels', map.getZoom() < LABELS_FROM_ZOOM);
  map.on('zoomend', showLabels);
  showLabels();
}
