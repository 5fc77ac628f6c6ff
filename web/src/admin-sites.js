// The console's review list of sites placed at street or commune precision or not at all:
// each can be placed by dragging a pin on a Leaflet map (the offline base map, and the tiles
// of --tiles when there are some) or, from the keyboard, by typing its latitude and
// longitude; saving pins it as `annuaire pin` does.
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { admin, api } from './api.js';
import { addBaseMap } from './basemap.js';
import { el, focusElement } from './dom.js';
import { busy, control, describeError, placeProblems, statusLine } from './forms.js';
import { escapeHtml, t } from './fr.js';
import { a } from './fr-pages.js';

const PAGE = 20;
let settings = null;

async function mapSettings() {
  if (!settings) settings = await api.mapSettings().catch(() => ({ tiles: null, base_map: false, bounds: null }));
  return settings;
}

function addressText(site) {
  const x = site.address || {};
  return [x.line, [x.postcode, x.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

// The map of one site with its draggable pin, kept in step with the two fields.
async function placeEditor(site, onSaved) {
  const s = await mapSettings();
  const bounds = s.bounds; // [W, S, E, N] of the located practices
  const start = site.location || (bounds ? { lat: (bounds[1] + bounds[3]) / 2, lon: (bounds[0] + bounds[2]) / 2 } : { lat: 47.75, lon: 7.34 });
  const lat = control({ label: a.latitude, name: `lat-${site.id}`, kind: 'number', value: start.lat.toFixed(6), attributes: { step: 'any', min: 41, max: 51.5 } });
  const lon = control({ label: a.longitude, name: `lon-${site.id}`, kind: 'number', value: start.lon.toFixed(6), attributes: { step: 'any', min: -5.5, max: 10 } });
  const container = el('div', { class: 'review-map', role: 'region', 'aria-label': a.pinLabel });
  const save = el('button', { type: 'submit', class: 'primary' }, a.savePin);
  const unpin = el('button', { type: 'button', class: 'secondary' }, a.unpin);
  const said = statusLine();
  const form = el('form', { class: 'place-editor', novalidate: true }, container, el('div', { class: 'actions' }, lat.wrapper, lon.wrapper, save, site.precision === 'pinned' ? unpin : null), said.element);

  const map = L.map(container, { zoomControl: false, maxZoom: Math.min(s.tiles?.max_zoom ?? 19, 19), minZoom: 5 });
  L.control.zoom({ zoomInTitle: t.zoomIn, zoomOutTitle: t.zoomOut, position: 'topright' }).addTo(map);
  map.attributionControl.setPrefix(`<a href="https://leafletjs.com" title="${escapeHtml(t.leafletTitle)}">Leaflet</a>`);
  if (s.base_map) api.baseMap().then(collection => addBaseMap(map, collection)).catch(() => {});
  if (s.tiles) L.tileLayer(s.tiles.url, { maxZoom: s.tiles.max_zoom, attribution: escapeHtml(s.tiles.attribution) }).addTo(map);
  const icon = L.divIcon({ className: '', html: el('div', { class: 'site-pin' }), iconSize: [26, 26], iconAnchor: [13, 26] });
  const pin = L.marker([start.lat, start.lon], { draggable: true, icon, title: a.pinLabel, alt: a.pinLabel, keyboard: false }).addTo(map);
  map.setView([start.lat, start.lon], site.location ? 17 : 12);
  setTimeout(() => map.invalidateSize(), 0);
  pin.on('dragend', () => {
    const at = pin.getLatLng();
    lat.input.value = at.lat.toFixed(6);
    lon.input.value = at.lng.toFixed(6);
  });
  const follow = () => {
    const y = Number(lat.input.value);
    const x = Number(lon.input.value);
    if (Number.isFinite(y) && Number.isFinite(x) && lat.input.value !== '' && lon.input.value !== '') {
      pin.setLatLng([y, x]);
      map.panTo([y, x]);
    }
  };
  lat.input.addEventListener('change', follow);
  lon.input.addEventListener('change', follow);

  form.addEventListener('submit', async event => {
    event.preventDefault();
    lat.setError(null);
    lon.setError(null);
    const y = Number(lat.input.value);
    const x = Number(lon.input.value);
    if (lat.input.value === '' || !Number.isFinite(y)) return lat.setError('Nombre attendu, par exemple 47.749300'), lat.input.focus();
    if (lon.input.value === '' || !Number.isFinite(x)) return lon.setError('Nombre attendu, par exemple 7.339800'), lon.input.focus();
    busy(save, true);
    try {
      const answer = await admin.pin(site.id, y, x);
      said.set(a.pinned, 'done');
      onSaved(answer.site);
    } catch (error) {
      if (error.problems?.length) {
        const problems = error.problems.map(pr => (/outside France/.test(pr.fault) ? { ...pr, fault: 'expected France' } : pr));
        placeProblems(problems, new Map([['lat', lat], ['lon', lon]]));
        if (problems.some(pr => pr.fault === 'expected France')) lat.setError('Cette position est hors de France : la latitude et la longitude sont-elles inversées ?');
      }
      said.set(describeError(error), 'error');
    } finally {
      busy(save, false);
    }
  });
  unpin.addEventListener('click', async () => {
    busy(unpin, true);
    try {
      const answer = await admin.unpin(site.id);
      said.set(a.unpinned, 'done');
      onSaved(answer.site);
    } catch (error) {
      busy(unpin, false);
      said.set(describeError(error), 'error');
    }
  });
  return { form, destroy: () => map.remove() };
}

export async function renderSites(root, precision = 'street,municipality,none', after = 0) {
  const select = control({
    label: a.precisionFilter,
    name: 'precision',
    kind: 'select',
    options: [
      ['street,municipality,none', 'Toutes'],
      ['street', a.precisions.street],
      ['municipality', a.precisions.municipality],
      ['none', a.precisions.none],
      ['pinned', a.precisions.pinned],
    ],
    value: precision,
  });
  select.input.addEventListener('change', () => renderSites(root, select.input.value).then(() => root.querySelector('select')?.focus()));
  const params = { precision, limit: String(PAGE) };
  if (after) params.after = String(after);
  const { items, next_after: next } = await admin.sites(params);
  let open = null;
  const cards = items.map(site => {
    const where = el('p', { class: 'site-precision' }, `${a.precisions[site.precision] || site.precision} — ${a.practices(site.practices || 0)}`);
    const place = el('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false' }, a.place, el('span', { class: 'visually-hidden' }, ` : ${site.name || addressText(site)}`));
    const card = el('article', { class: 'card site-card', dataset: { site: site.id } }, el('h3', {}, site.name || site.site_key), el('p', {}, addressText(site)), where, place);
    place.addEventListener('click', async () => {
      if (open) {
        open.editor.destroy();
        open.editor.form.remove();
        open.button.setAttribute('aria-expanded', 'false');
        if (open.button === place) return void (open = null);
      }
      const editor = await placeEditor(site, saved => {
        where.textContent = `${a.precisions[saved.precision] || saved.precision} — ${a.practices(saved.practices || 0)}`;
      });
      card.append(editor.form);
      place.setAttribute('aria-expanded', 'true');
      open = { editor, button: place };
      editor.form.querySelector('input')?.focus();
    });
    return card;
  });
  const more = next && items.length === PAGE ? el('button', { type: 'button', class: 'secondary' }, a.moreSites) : null;
  more?.addEventListener('click', () => renderSites(root, precision, next).then(() => focusElement(root.querySelector('h1'))));
  root.replaceChildren(el('h1', { tabindex: '-1' }, a.sitesTitle), el('p', {}, a.sitesHelp), el('div', { class: 'filter-row' }, select.wrapper), cards.length ? el('div', {}, cards) : el('p', {}, a.none), more);
}
