// The map: the server's clusters and pins over the offline base map (and the tiles of
// the configured server, when they load). Markers are kept across redraws by their key,
// so that one that has focus keeps it while the map pans or the results change; each is
// a button with a French name, opened with Enter or Space.
import L from 'leaflet';
import { api } from './api.js';
import { addBaseMap } from './basemap.js';
import { el } from './dom.js';
import { escapeHtml, t } from './fr.js';

const FALLBACK_CENTER = [46.6, 2.4];
const TILE_FAILURES_BEFORE_OFFLINE = 4;

export function createMap(store, settings, { onUserMove, onViewChange }) {
  const container = document.getElementById('map');
  const maxZoom = Math.min(settings.tiles?.max_zoom ?? 19, 19);
  const map = L.map(container, {
    zoomControl: false,
    maxZoom,
    minZoom: 5,
    zoomSnap: 0.5,
    keyboardPanDelta: 120,
  });
  container.setAttribute('role', 'region');
  container.setAttribute('aria-label', t.mapLabel);
  L.control.zoom({ zoomInTitle: t.zoomIn, zoomOutTitle: t.zoomOut, position: 'topright' }).addTo(map);
  map.attributionControl.setPrefix(
    `<a href="https://leafletjs.com" title="${escapeHtml(t.leafletTitle)}">Leaflet</a>`,
  );

  map.createPane('highlight').style.zIndex = '650';
  const markers = new Map(); // key -> { marker, element, feature }
  const layer = L.layerGroup().addTo(map);
  let highlighted = null;
  let nearMarker = null;
  let programmatic = false;
  let pendingFit = null;
  let tilesOffline = false;

  // ---- Base map and tiles -------------------------------------------------------------
  const baseMapReady = settings.base_map
    ? api.baseMap().then(collection => addBaseMap(map, collection)).catch(() => {})
    : Promise.resolve();
  if (settings.tiles) {
    const tiles = L.tileLayer(settings.tiles.url, {
      maxZoom: settings.tiles.max_zoom,
      attribution: escapeHtml(settings.tiles.attribution),
      crossOrigin: false,
    });
    let loaded = 0;
    let failed = 0;
    tiles.on('tileload', () => loaded++);
    tiles.on('tileerror', () => {
      failed++;
      // Nothing loads: the tile server is out of reach; the offline base map stays alone.
      if (!tilesOffline && loaded === 0 && failed >= TILE_FAILURES_BEFORE_OFFLINE) {
        tilesOffline = true;
        map.removeLayer(tiles);
        const message = document.getElementById('map-message');
        message.textContent = t.tilesFailed;
        message.hidden = false;
      }
    });
    tiles.addTo(map);
  }

  // ---- The view -----------------------------------------------------------------------
  const hasSize = () => container.clientWidth > 0 && container.clientHeight > 0;
  const quietly = move => {
    programmatic = true;
    try {
      move();
    } finally {
      programmatic = false;
    }
  };
  const initial = store.get().map;
  if (initial) map.setView([initial.lat, initial.lon], initial.zoom, { animate: false });
  else if (settings.bounds) map.fitBounds([[settings.bounds[1], settings.bounds[0]], [settings.bounds[3], settings.bounds[2]]], { animate: false });
  else map.setView(FALLBACK_CENTER, 6, { animate: false });

  map.on('moveend', () => {
    if (!hasSize()) return;
    const center = map.getCenter();
    onViewChange({ zoom: map.getZoom(), lat: center.lat, lon: center.lng }, !programmatic);
    if (!programmatic) onUserMove();
  });

  const fitNow = bounds => {
    const [west, south, east, north] = bounds;
    quietly(() => {
      if (east - west < 1e-4 && north - south < 1e-4) map.setView([(south + north) / 2, (west + east) / 2], Math.min(17, maxZoom), { animate: false });
      else map.fitBounds([[south, west], [north, east]], { animate: false, padding: [24, 24], maxZoom: 17 });
    });
  };

  // ---- Markers --------------------------------------------------------------------------
  const keyOf = feature => (feature.properties.cluster ? `c${feature.properties.cell}` : `p${feature.properties.practice_id}`);

  const describe = (element, marker, feature) => {
    const p = feature.properties;
    const label = p.cluster ? (p.one_place ? t.placeLabel(p.count) : t.clusterLabel(p.count)) : t.pinLabel(p.name, p.profession_label);
    element.setAttribute('aria-label', label);
    element.title = label;
    if (p.cluster) element.firstChild.textContent = String(p.count);
    element.classList.toggle('one-place', Boolean(p.one_place));
    marker.options.title = label;
  };

  const activate = feature => {
    const p = feature.properties;
    const [lon, lat] = feature.geometry.coordinates;
    if (!p.cluster) {
      store.update({ fiche: p.id, site: p.site_id });
      return;
    }
    if (p.one_place || map.getZoom() >= maxZoom) {
      // The practitioners of one address: the list shows them all.
      store.update({ place: { lat, lon }, page: 1, fiche: null, site: null, view: 'liste' });
      return;
    }
    map.setView([lat, lon], Math.min(Math.max(p.expansion_zoom, Math.floor(map.getZoom()) + 1), maxZoom));
  };

  const makeMarker = feature => {
    const p = feature.properties;
    const [lon, lat] = feature.geometry.coordinates;
    const size = p.cluster ? Math.round(30 + Math.min(18, Math.log2(p.count) * 3)) : 24;
    const icon = L.divIcon({
      className: p.cluster ? 'marker cluster' : 'marker pin',
      iconSize: [size, size],
      html: el('span', { 'aria-hidden': 'true' }, p.cluster ? String(p.count) : ''),
    });
    const marker = L.marker([lat, lon], { icon, keyboard: true, riseOnHover: true });
    const entry = { marker, feature, element: null };
    marker.on('click', () => activate(entry.feature));
    marker.on('add', () => {
      entry.element = marker.getElement();
      describe(entry.element, marker, entry.feature);
      entry.element.addEventListener('keydown', event => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          activate(entry.feature);
        }
      });
    });
    return entry;
  };

  const showFeatures = collection => {
    const next = new Map(collection.features.map(feature => [keyOf(feature), feature]));
    const active = document.activeElement;
    let lostFocus = false;
    for (const [key, entry] of markers) {
      if (next.has(key)) continue;
      if (entry.element && entry.element.contains(active)) lostFocus = true;
      layer.removeLayer(entry.marker);
      markers.delete(key);
    }
    for (const [key, feature] of next) {
      const existing = markers.get(key);
      if (existing) {
        existing.feature = feature;
        const [lon, lat] = feature.geometry.coordinates;
        const at = existing.marker.getLatLng();
        if (at.lat !== lat || at.lng !== lon) existing.marker.setLatLng([lat, lon]);
        if (existing.element) describe(existing.element, existing.marker, feature);
        continue;
      }
      const entry = makeMarker(feature);
      markers.set(key, entry);
      layer.addLayer(entry.marker);
    }
    // The marker that had focus is gone (filtered out): the map keeps the focus.
    if (lostFocus) container.focus({ preventScroll: true });
  };

  return {
    baseMapReady,
    leaflet: map,
    hasSize,
    // The view to ask clusters for: [w, s, e, n] and the zoom.
    view() {
      const b = map.getBounds();
      // Rounded as the URL writes it (about a metre), so that a shared link finds the same list.
      const clamp = (v, limit) => Number(Math.max(-limit, Math.min(limit, v)).toFixed(5));
      return {
        bbox: [clamp(b.getWest(), 180), clamp(b.getSouth(), 85), clamp(b.getEast(), 180), clamp(b.getNorth(), 85)],
        // The server's cells are of whole zoom levels.
        zoom: Math.floor(map.getZoom()),
      };
    },
    showFeatures,
    // Fits the results (now, or once the map is shown on a phone).
    fit(bounds) {
      if (!bounds) return;
      if (!hasSize()) {
        pendingFit = bounds;
        return;
      }
      fitNow(bounds);
    },
    setView(view) {
      const center = map.getCenter();
      if (view.zoom === map.getZoom() && Math.abs(view.lat - center.lat) < 1e-5 && Math.abs(view.lon - center.lng) < 1e-5) return;
      quietly(() => map.setView([view.lat, view.lon], view.zoom, { animate: false }));
    },
    // After the map was hidden (the phone's list view): its size, and a fit left waiting.
    shown() {
      quietly(() => map.invalidateSize({ animate: false }));
      if (pendingFit && hasSize()) {
        fitNow(pendingFit);
        pendingFit = null;
      }
    },
    highlight(item) {
      if (highlighted) {
        map.removeLayer(highlighted);
        highlighted = null;
      }
      if (!item?.location) return;
      const icon = L.divIcon({ className: 'highlight-ring', iconSize: [40, 40], html: el('span', { 'aria-hidden': 'true' }) });
      highlighted = L.marker([item.location.lat, item.location.lon], { icon, pane: 'highlight', interactive: false, keyboard: false }).addTo(map);
    },
    // Brings a point into view without changing the zoom (the place of an open fiche).
    reveal(lat, lon) {
      if (!hasSize() || map.getBounds().pad(-0.05).contains([lat, lon])) return;
      quietly(() => map.panTo([lat, lon], { animate: false }));
    },
    setNear(near) {
      if (nearMarker) {
        map.removeLayer(nearMarker);
        nearMarker = null;
      }
      if (!near) return;
      const icon = L.divIcon({ className: 'near-point', iconSize: [18, 18], html: el('span', { 'aria-hidden': 'true' }) });
      nearMarker = L.marker([near.lat, near.lon], { icon, pane: 'highlight', interactive: false, keyboard: false }).addTo(map);
      nearMarker.getElement()?.setAttribute('aria-hidden', 'true');
    },
  };
}
