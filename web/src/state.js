// The state of the page — query, filters, place, sort, page, view, open fiche — and its
// two-way mapping to the URL: a shared link opens the same state, and the back button
// walks back through states. Every module reads the state and asks the store to change
// it; nothing else holds what the user chose.

export const LIST_FILTERS = ['profession', 'specialty', 'commune', 'mode', 'conventionnement', 'public', 'act'];
export const FLAG_FILTERS = ['carte_vitale', 'tiers_payant', 'pmr_access', 'home_visits', 'teleconsultation', 'telesoin'];
export const RADII_KM = [1, 2, 5, 10, 20, 50];
export const DEFAULT_RADIUS_KM = 10;
export const PER_PAGE = 20;
const MAX_PAGE = 10000 / PER_PAGE;
const FICHE_PATH = '/praticien/';

export function emptyFilters() {
  const filters = {};
  for (const name of LIST_FILTERS) filters[name] = [];
  filters.mode = null; // null: the server's default modes; []: every mode
  for (const name of FLAG_FILTERS) filters[name] = null;
  return filters;
}

export function emptyState() {
  return {
    q: '',
    filters: emptyFilters(),
    open: '', // '' | 'maintenant' | 'YYYY-MM-DDTHH:MM'
    near: null, // { lat, lon, label }
    radius: DEFAULT_RADIUS_KM,
    sort: '', // '' (the API's choice) | 'relevance' | 'name' | 'distance'
    page: 1,
    view: 'liste', // on a phone: the list or the map
    zone: null, // [w, s, e, n]: the list limited to the map's area, following it
    place: null, // { lat, lon }: the practitioners of one address
    map: null, // { zoom, lat, lon }: the map's view
    fiche: null, // practitioner id
    site: null, // the site of the fiche shown first
  };
}

const round = (value, digits) => Number(Number(value).toFixed(digits));

function numbers(text, count) {
  if (typeof text !== 'string') return null;
  const parts = text.split(',').map(Number);
  return parts.length === count && parts.every(Number.isFinite) ? parts : null;
}

const codePattern = /^[A-Za-z0-9_-]{1,20}$/;
const momentPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

// The state a URL describes; what is not understood is left at its default.
export function stateFromUrl(location) {
  const state = emptyState();
  const params = new URLSearchParams(location.search);
  if (location.pathname.startsWith(FICHE_PATH)) {
    const id = decodeURIComponent(location.pathname.slice(FICHE_PATH.length));
    if (/^[0-9A-Z]{1,20}$/.test(id)) state.fiche = id;
  }
  state.q = (params.get('q') || '').slice(0, 200);
  for (const name of LIST_FILTERS) {
    const value = params.get(name);
    if (value === null) continue;
    if (name === 'mode' && value === 'all') {
      state.filters.mode = [];
      continue;
    }
    state.filters[name] = value.split(',').filter(code => codePattern.test(code));
  }
  for (const name of FLAG_FILTERS) {
    const value = params.get(name);
    if (value === 'true' || value === 'false') state.filters[name] = value === 'true';
  }
  const open = params.get('ouvert');
  if (open === 'maintenant' || (open && momentPattern.test(open))) state.open = open;
  const near = numbers(params.get('near'), 2);
  if (near && Math.abs(near[0]) <= 90 && Math.abs(near[1]) <= 180) {
    state.near = { lat: near[0], lon: near[1], label: (params.get('pres') || '').slice(0, 200) };
  }
  const radius = Number(params.get('rayon'));
  if (RADII_KM.includes(radius)) state.radius = radius;
  const sort = params.get('tri');
  if (['relevance', 'name', 'distance'].includes(sort)) state.sort = sort;
  const page = Number(params.get('page'));
  if (Number.isInteger(page) && page >= 1 && page <= MAX_PAGE) state.page = page;
  if (params.get('vue') === 'carte') state.view = 'carte';
  const zone = numbers(params.get('zone'), 4);
  if (zone && zone[0] < zone[2] && zone[1] < zone[3]) state.zone = zone;
  const place = numbers(params.get('lieu'), 2);
  if (place) state.place = { lat: place[0], lon: place[1] };
  const map = (params.get('carte') || '').split('/').map(Number);
  if (map.length === 3 && map.every(Number.isFinite) && map[0] >= 0 && map[0] <= 20) {
    state.map = { zoom: map[0], lat: map[1], lon: map[2] };
  }
  const site = Number(params.get('site'));
  if (state.fiche && Number.isInteger(site) && site > 0) state.site = site;
  return state;
}

// The URL (path and query) of a state.
export function urlOf(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const name of LIST_FILTERS) {
    const value = state.filters[name];
    if (name === 'mode' && Array.isArray(value) && value.length === 0) params.set('mode', 'all');
    else if (value && value.length) params.set(name, value.join(','));
  }
  for (const name of FLAG_FILTERS) {
    if (state.filters[name] !== null) params.set(name, String(state.filters[name]));
  }
  if (state.open) params.set('ouvert', state.open);
  if (state.near) {
    if (state.near.label) params.set('pres', state.near.label);
    params.set('near', `${round(state.near.lat, 6)},${round(state.near.lon, 6)}`);
    if (state.radius !== DEFAULT_RADIUS_KM) params.set('rayon', String(state.radius));
  }
  if (state.sort) params.set('tri', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  if (state.view === 'carte') params.set('vue', 'carte');
  if (state.zone) params.set('zone', state.zone.map(v => round(v, 5)).join(','));
  if (state.place) params.set('lieu', `${round(state.place.lat, 6)},${round(state.place.lon, 6)}`);
  if (state.map) params.set('carte', `${state.map.zoom}/${round(state.map.lat, 5)}/${round(state.map.lon, 5)}`);
  if (state.fiche && state.site) params.set('site', String(state.site));
  const path = state.fiche ? `${FICHE_PATH}${encodeURIComponent(state.fiche)}` : '/';
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

// How many filters the user set (the count on the "Filtres" button).
export function activeFilterCount(state) {
  let count = 0;
  for (const name of LIST_FILTERS) {
    const value = state.filters[name];
    if (name === 'mode') count += value === null ? 0 : 1;
    else count += value.length ? 1 : 0;
  }
  for (const name of FLAG_FILTERS) count += state.filters[name] !== null ? 1 : 0;
  return count + (state.open ? 1 : 0);
}

function localMoment(date) {
  const pad = n => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

// The API's criteria of a state (shared by the list, the map and the exports).
export function criteriaParams(state) {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q.trim());
  for (const name of LIST_FILTERS) {
    const value = state.filters[name];
    if (name === 'mode' && Array.isArray(value) && value.length === 0) params.set('mode', 'all');
    else if (value && value.length) params.set(name, value.join(','));
  }
  for (const name of FLAG_FILTERS) {
    if (state.filters[name] !== null) params.set(name, String(state.filters[name]));
  }
  if (state.open) params.set('open_at', state.open === 'maintenant' ? localMoment(new Date()) : state.open);
  if (state.near) {
    params.set('near', `${round(state.near.lat, 6)},${round(state.near.lon, 6)}`);
    params.set('radius_km', String(state.radius));
  }
  return params;
}

// A box around one point: the practitioners of one address.
export function placeBox(place) {
  const d = 0.00002;
  return [place.lon - d, place.lat - d, place.lon + d, place.lat + d];
}

// The list's request: the criteria, the area it is limited to, the order and the page.
export function listParams(state) {
  const params = criteriaParams(state);
  const box = state.place ? placeBox(state.place) : state.zone;
  if (box) params.set('bbox', box.map(v => round(v, 6)).join(','));
  params.set('sort', effectiveSort(state));
  params.set('page', String(state.page));
  params.set('per_page', String(PER_PAGE));
  return params;
}

// Near a place, the nearest first (even with a text); else by relevance to the text, else by name.
export function defaultSort(state) {
  if (state.near) return 'distance';
  return state.q.trim() ? 'relevance' : 'name';
}

export function effectiveSort(state) {
  if (state.sort === 'distance' && !state.near) return defaultSort(state);
  if (state.sort === 'relevance' && !state.q.trim()) return defaultSort(state);
  return state.sort || defaultSort(state);
}

// What the results are: when it changes, the map fits the new results.
export function searchKey(state) {
  return JSON.stringify([state.q.trim(), state.filters, state.open, state.near, state.radius]);
}

export function createStore(initial) {
  let state = initial;
  const listeners = new Set();
  const notify = previous => {
    for (const listener of listeners) listener(state, previous);
  };
  return {
    get: () => state,
    // history: 'push' (a new entry for the back button), 'replace' (the same entry), or
    // 'none' (the URL already says it).
    update(changes, { history = 'push' } = {}) {
      const previous = state;
      state = { ...state, ...changes };
      const url = urlOf(state);
      const current = `${location.pathname}${location.search}`;
      if (history === 'push' && url !== current) window.history.pushState(null, '', url);
      else if (history !== 'none' && url !== current) window.history.replaceState(null, '', url);
      notify(previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
