// The search form: one box over names, professions, specialties and communes with
// autocomplete, the "près de" address box (geocoded by the server) and "autour de moi"
// (the browser's position). It asks the store for changes; it shows what the state holds.
import { api } from './api.js';
import { combobox } from './combobox.js';
import { byId } from './dom.js';
import { errorMessage, t } from './fr.js';

const hasWord = text => /[\p{L}\p{N}]/u.test(text);

export function createSearch(store) {
  const form = byId('search-form');
  const q = byId('q');
  const near = byId('near');
  const locate = byId('locate');
  const message = byId('search-message');

  const say = text => {
    message.textContent = text || '';
    message.hidden = !text;
  };

  combobox({
    input: q,
    listbox: byId('q-options'),
    search: async text => {
      if (text.trim().length < 2 || !hasWord(text)) return null;
      const { items } = await api.suggest(text.trim());
      return items.map(item => ({
        label: item.label,
        detail: t.suggestionKinds[item.type] || '',
        value: item,
      }));
    },
    pick: ({ value }) => {
      const state = store.get();
      if (value.type === 'practitioner') {
        store.update({ fiche: value.id, site: null });
        return;
      }
      // A profession, a specialty or a commune becomes its filter, the box is cleared.
      const filters = { ...state.filters, [value.type]: [value.code] };
      q.value = '';
      store.update({ q: '', filters, page: 1, place: null, fiche: null, site: null });
    },
    onError: error => say(errorMessage(error.code)),
  });

  combobox({
    input: near,
    listbox: byId('near-options'),
    delay: 300,
    search: async text => {
      if (text.trim().length < 3 || !hasWord(text)) return null;
      const { items } = await api.geocode(text.trim());
      return items.map(item => ({ label: item.label, detail: item.postcode ? `${item.postcode} ${item.commune}` : '', value: item }));
    },
    pick: ({ value }) => {
      near.value = value.label;
      say('');
      store.update({ near: { lat: value.lat, lon: value.lon, label: value.label }, sort: '', page: 1, place: null, zone: null });
    },
    onError: error => say(errorMessage(error.code)),
  });

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const text = q.value.trim();
    if (text && !hasWord(text)) {
      say(errorMessage('empty_query'));
      q.focus();
      return;
    }
    say('');
    const state = store.get();
    const changes = { q: text, page: 1, place: null, fiche: null, site: null };
    const address = near.value.trim();
    if (!address && state.near) changes.near = null;
    if (address && address !== (state.near?.label || '') && address !== t.myPosition) {
      // An address typed but not chosen from the list: the geocoder's best candidate.
      try {
        const { items } = await api.geocode(address);
        if (!items.length) {
          say(t.addressNotFound);
          near.focus();
          return;
        }
        near.value = items[0].label;
        Object.assign(changes, { near: { lat: items[0].lat, lon: items[0].lon, label: items[0].label }, sort: '', zone: null });
      } catch (error) {
        if (error.name === 'AbortError') return;
        say(errorMessage(error.code));
        return;
      }
    }
    store.update(changes);
  });
  // The native clear button of a search box ("×").
  near.addEventListener('search', () => {
    if (!near.value && store.get().near) store.update({ near: null, page: 1 });
  });

  locate.addEventListener('click', () => {
    if (!navigator.geolocation) {
      say(t.geolocationUnavailable);
      return;
    }
    locate.disabled = true;
    locate.textContent = t.locating;
    const done = () => {
      locate.disabled = false;
      locate.textContent = t.locate;
    };
    navigator.geolocation.getCurrentPosition(
      position => {
        done();
        say('');
        near.value = t.myPosition;
        store.update({
          near: { lat: position.coords.latitude, lon: position.coords.longitude, label: t.myPosition },
          sort: '',
          page: 1,
          place: null,
          zone: null,
        });
      },
      error => {
        done();
        say(error.code === 1 ? t.geolocationDenied : t.geolocationFailed);
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 },
    );
  });

  // The boxes show the state (after the back button, or a shared link).
  const render = state => {
    if (document.activeElement !== q && q.value.trim() !== state.q) q.value = state.q;
    const label = state.near ? state.near.label || t.myPosition : '';
    if (document.activeElement !== near && near.value !== label) near.value = label;
  };
  store.subscribe(render);
  render(store.get());

}
