// The page: builds each part, then follows the state. A change of the state asks the
// server for what it changes (the list, the clusters of the view, the fiche), and every
// part renders from the answers; the URL follows the state, and the back button too.
import 'leaflet/dist/leaflet.css';
import './styles.css';
import { api, isAbort, onServerStarting } from './api.js';
import { byId, focusElement, isPhoneLayout } from './dom.js';
import { errorMessage, t } from './fr.js';
import { createFiche } from './fiche.js';
import { createFilters } from './filters.js';
import { createList } from './list.js';
import { createMap } from './map.js';
import { createSearch } from './search.js';
import { createStore, criteriaParams, listParams, searchKey, stateFromUrl } from './state.js';

const NO_SETTINGS = { territories: [], bounds: null, default_mode: [], tiles: null, base_map: false };

async function start() {
  // A server that has just started answers once its directory is loaded: say so meanwhile (the
  // first answer replaces the message).
  onServerStarting(() => {
    byId('count').textContent = errorMessage('starting');
  });
  const store = createStore(stateFromUrl(window.location));
  // The first results are asked for at once, while the settings the map needs arrive.
  const firstList = listParams(store.get());
  let early = { key: firstList.toString(), answer: api.practitioners(firstList) };
  early.answer.catch(() => {});
  const settings = await api.mapSettings().catch(() => NO_SETTINGS);
  const territory = settings.territories?.[0]?.name;
  if (territory) byId('territory').textContent = territory;

  let restoring = true; // the state comes from a URL (first load, back button): its map view wins
  let fitted = null; // the search whose results the map was fitted to
  let listKey = null;
  let clusterKey = null;
  let ficheKey = null;
  let opener = null; // what had focus when the fiche opened

  const searchArea = byId('search-area');
  const map = createMap(store, settings, {
    onUserMove() {
      const state = store.get();
      if (state.place) return;
      if (state.zone) store.update({ zone: map.view().bbox, page: 1 }, { history: 'replace' });
      else searchArea.hidden = false;
    },
    onViewChange(view) {
      store.update({ map: view }, { history: 'replace' });
    },
  });
  searchArea.addEventListener('click', () => {
    searchArea.hidden = true;
    store.update({ zone: map.view().bbox, page: 1, place: null });
    focusElement(byId('results-title'));
  });

  createSearch(store);
  const filters = createFilters(store, settings);
  const list = createList(store, { onHighlight: item => map.highlight(item) });
  const fiche = createFiche(store, { onClose: () => store.update({ fiche: null, site: null }) });

  for (const button of document.querySelectorAll('.view-toggle button')) {
    button.addEventListener('click', () => store.update({ view: button.dataset.view }));
  }

  // `restore`: the state comes from a URL whose map view is to be kept.
  const refreshList = async (state, restore) => {
    const params = listParams(state);
    const key = params.toString();
    if (key === listKey) return;
    listKey = key;
    list.loading();
    try {
      const answer = await (early?.key === key ? early.answer : api.practitioners(params));
      early = null;
      const now = store.get();
      list.show(answer, now);
      filters.showFacets(answer.facets, answer.total);
      const search = searchKey(now);
      if (search !== fitted) {
        fitted = search;
        if (!now.zone && !now.place && !(restore && now.map)) {
          searchArea.hidden = true;
          map.fit(answer.bounds);
        }
      }
    } catch (error) {
      if (isAbort(error)) return;
      listKey = null;
      list.showError(error.code);
    }
  };

  const refreshClusters = async state => {
    if (!map.hasSize()) return;
    const { bbox, zoom } = map.view();
    if (!(bbox[0] < bbox[2] && bbox[1] < bbox[3])) return;
    const params = criteriaParams(state);
    params.set('bbox', bbox.map(v => v.toFixed(5)).join(','));
    params.set('zoom', String(zoom));
    const key = params.toString();
    if (key === clusterKey) return;
    clusterKey = key;
    try {
      map.showFeatures(await api.clusters(params));
    } catch (error) {
      if (!isAbort(error)) clusterKey = null;
    }
  };

  const refreshFiche = async (state, previous) => {
    const key = state.fiche ? `${state.fiche}/${state.site || ''}` : null;
    if (key === ficheKey) return;
    const wasOpen = ficheKey !== null;
    ficheKey = key;
    if (!state.fiche) {
      fiche.hide();
      if (wasOpen) {
        const back =
          opener && opener.isConnected && !opener.closest('[hidden]') ? opener : list.linkOf(previous?.fiche, previous?.site) || byId('results-title');
        focusElement(back);
        opener = null;
      }
      return;
    }
    if (!wasOpen) opener = document.activeElement;
    fiche.loading(state.fiche);
    try {
      const answer = await api.fiche(state.fiche);
      const shown = fiche.show(answer, state.site);
      document.title = `${byId('fiche-title').textContent} — ${t.title}`;
      if (shown?.location) {
        map.highlight({ location: shown.location });
        map.reveal(shown.location.lat, shown.location.lon);
      }
    } catch (error) {
      if (isAbort(error)) return;
      ficheKey = null;
      fiche.showError(errorMessage(error.code));
    }
  };

  const render = (state, previous) => {
    document.body.dataset.view = state.view;
    for (const button of document.querySelectorAll('.view-toggle button')) {
      button.setAttribute('aria-pressed', String(button.dataset.view === state.view));
    }
    if (previous && previous.view !== state.view && state.view === 'carte') {
      // The map was hidden: it learns its size before asking for clusters.
      requestAnimationFrame(() => {
        map.shown();
        refreshClusters(store.get());
      });
    }
    const restore = restoring;
    restoring = false;
    if (restore && state.map && previous) map.setView(state.map);
    map.setNear(state.near);
    if (!state.fiche) document.title = state.q ? `${state.q} — ${t.title}` : t.title;
    refreshList(state, restore);
    refreshClusters(state);
    refreshFiche(state, previous);
  };

  window.addEventListener('popstate', () => {
    restoring = true;
    store.update(stateFromUrl(window.location), { history: 'none' });
  });
  store.subscribe(render);
  document.body.dataset.view = store.get().view;
  if (isPhoneLayout()) map.shown();
  render(store.get(), null);
}

start();
