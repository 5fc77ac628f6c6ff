// Public map page: list + server-side clusters from the search API.
(function () {
  'use strict';
  const api = '/api/v1';
  const map = L.map('map').setView([47.75, 7.34], 12);
  L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
    maxZoom: 19,
    attribution: '&copy; contributeurs OpenStreetMap'
  }).addTo(map);
  const markers = L.layerGroup().addTo(map);

  function filters() {
    const params = new URLSearchParams();
    const q = document.getElementById('q').value.trim();
    if (q) params.set('q', q);
    const profession = document.getElementById('profession').value;
    if (profession) params.set('profession', profession);
    for (const name of ['carte_vitale', 'pmr_access', 'home_visits']) {
      if (document.getElementById(name).checked) params.set(name, 'true');
    }
    return params;
  }

  function bboxParam() {
    const b = map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(v => v.toFixed(5)).join(',');
  }

  function text(tag, className, value) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    element.textContent = value;
    return element;
  }

  async function getJson(url) {
    const response = await fetch(url);
    const body = await response.json();
    if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
    return body;
  }

  async function showFiche(id, latlng) {
    const fiche = await getJson(`${api}/practitioners/${encodeURIComponent(id)}`);
    const box = document.createElement('div');
    const name = [fiche.civility_label || fiche.civility, fiche.first_name, fiche.last_name]
      .map(v => (v && typeof v === 'object' ? v.value : v)).filter(Boolean).join(' ');
    box.appendChild(text('strong', null, name || id));
    L.popup().setLatLng(latlng).setContent(box).openOn(map);
  }

  async function refreshList() {
    const params = filters();
    params.set('bbox', bboxParam());
    params.set('per_page', '50');
    const result = await getJson(`${api}/practitioners?${params}`);
    document.getElementById('count').textContent =
      `${result.total} résultat${result.total > 1 ? 's' : ''} dans la zone affichée`;
    const list = document.getElementById('list');
    list.replaceChildren();
    for (const item of result.items) {
      const li = document.createElement('li');
      li.appendChild(text('div', 'who', `${item.first_name || ''} ${item.last_name}`));
      const specialties = (item.specialties || []).map(s => s.label).join(', ');
      li.appendChild(text('div', 'what', item.profession.label + (specialties ? ` — ${specialties}` : '')));
      li.appendChild(text('div', 'where', `${item.site_name || ''} ${item.address.line || ''}, ${item.address.postcode || ''} ${item.address.commune || ''}`));
      li.addEventListener('click', () => {
        const at = L.latLng(item.location.lat, item.location.lon);
        map.setView(at, Math.max(map.getZoom(), 16));
        showFiche(item.id, at);
      });
      list.appendChild(li);
    }
    const professions = document.getElementById('profession');
    if (professions.options.length === 1 && result.facets.profession) {
      for (const facet of result.facets.profession) {
        professions.appendChild(new Option(`${facet.label} (${facet.count})`, facet.code));
      }
    }
  }

  async function refreshMarkers() {
    const params = filters();
    params.set('bbox', bboxParam());
    params.set('zoom', String(map.getZoom()));
    const collection = await getJson(`${api}/clusters?${params}`);
    markers.clearLayers();
    for (const feature of collection.features) {
      const [lon, lat] = feature.geometry.coordinates;
      const p = feature.properties;
      if (p.cluster) {
        const size = 24 + Math.min(24, Math.log2(p.count) * 4);
        const icon = L.divIcon({ className: 'cluster', html: String(p.count), iconSize: [size, size] });
        L.marker([lat, lon], { icon, title: `${p.count} professionnels` })
          .on('click', () => map.setView([lat, lon], Math.min(p.expansion_zoom || map.getZoom() + 2, 18)))
          .addTo(markers);
      } else {
        L.circleMarker([lat, lon], { radius: 7, color: '#fff', weight: 2, fillColor: '#c0392b', fillOpacity: 1 })
          .on('click', e => showFiche(p.id, e.latlng))
          .addTo(markers);
      }
    }
  }

  function refresh() {
    Promise.all([refreshList(), refreshMarkers()]).catch(error => {
      document.getElementById('count').textContent = `Erreur : ${error.message}`;
    });
  }

  document.getElementById('search').addEventListener('submit', event => {
    event.preventDefault();
    refresh();
  });
  map.on('moveend', refresh);
  refresh();
})();
