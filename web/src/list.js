// The list of results: the count (the only live region of the page), what the search
// understood, the order, one entry per practice with the declared answers that matter
// to patients, the pages and the exports. It works without the map.
import { exportUrl } from './api.js';
import { byId, el, focusElement } from './dom.js';
import { codes, displayName, errorMessage, formatCount, formatDistance, formatNumber, formatPhone, t } from './fr.js';
import { criteriaParams, effectiveSort, PER_PAGE, placeBox, RADII_KM } from './state.js';

const MAX_EXPORT_ROWS = 200000;

export function createList(store, { onHighlight }) {
  const list = byId('list');
  const count = byId('count');
  const chips = byId('chips');
  const error = byId('results-error');
  const sort = byId('sort');
  const pager = byId('pager');
  const exports = byId('exports');
  const title = byId('results-title');
  const tools = sort.parentElement;
  const radius = el('select', { id: 'radius' }, RADII_KM.map(km => new Option(`${km} km`, String(km))));
  const radiusField = el('span', { class: 'radius-field', hidden: true }, el('label', { for: 'radius' }, t.radius), radius);
  tools.append(radiusField);

  sort.addEventListener('change', () => store.update({ sort: sort.value, page: 1 }));
  radius.addEventListener('change', () => store.update({ radius: Number(radius.value), page: 1 }));

  const go = page => {
    store.update({ page });
    focusElement(title);
  };

  const chip = (label, onRemove) =>
    el(
      'span',
      { class: 'chip' },
      label,
      onRemove ? el('button', { type: 'button', class: 'chip-remove', 'aria-label': t.removeChip(label), onclick: onRemove }, '×') : null,
    );

  const understoodLabel = ({ parameter, value }) => {
    if (parameter === 'civility') return codes.civility[value] || value;
    if (parameter === 'public' || parameter === 'act' || parameter === 'conventionnement') return codes[parameter][value] || value;
    return codes.flag[parameter] || parameter;
  };

  const entry = (item, state) => {
    const href = `/praticien/${encodeURIComponent(item.id)}?site=${item.site_id}`;
    const name = displayName(item);
    const specialties = (item.specialties || []).map(s => s.label).join(', ');
    const address = item.address || {};
    const where = [address.line, [address.postcode, address.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ');
    const declared = item.declared || {};
    const badges = [];
    if (declared.conventionnement) badges.push(codes.conventionnement[declared.conventionnement]);
    for (const name of ['carte_vitale', 'tiers_payant', 'pmr_access', 'home_visits', 'teleconsultation', 'telesoin']) {
      if (declared[name] === true) badges.push(t.badges[name]);
    }
    const link = el('a', { href, class: 'result-link', dataset: { id: item.id, site: item.site_id } }, name);
    link.addEventListener('click', event => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      store.update({ fiche: item.id, site: item.site_id });
    });
    const li = el(
      'li',
      { class: 'result', dataset: { practice: item.practice_id } },
      el(
        'article',
        { 'aria-labelledby': `r-${item.practice_id}` },
        el('h3', { id: `r-${item.practice_id}`, class: 'result-name' }, link),
        el('p', { class: 'result-profession' }, item.profession?.label || '', specialties ? ` · ${specialties}` : ''),
        item.site_name ? el('p', { class: 'result-site' }, item.site_name) : null,
        where ? el('p', { class: 'result-address' }, where) : null,
        state.near && typeof item.distance_m === 'number' ? el('p', { class: 'result-distance' }, formatDistance(item.distance_m)) : null,
        item.phone ? el('p', { class: 'result-phone' }, el('a', { href: `tel:${item.phone}` }, formatPhone(item.phone))) : null,
        badges.length ? el('ul', { class: 'badges', 'aria-label': t.declaredBadges }, badges.map(b => el('li', {}, b))) : null,
      ),
    );
    li.addEventListener('mouseenter', () => onHighlight(item));
    li.addEventListener('mouseleave', () => onHighlight(null));
    li.addEventListener('focusin', () => onHighlight(item));
    li.addEventListener('focusout', () => onHighlight(null));
    return li;
  };

  const renderTools = state => {
    const options = [];
    if (state.q.trim()) options.push('relevance');
    if (state.near) options.push('distance');
    options.push('name');
    sort.replaceChildren(...options.map(value => new Option(t.sorts[value], value)));
    sort.value = effectiveSort(state);
    radiusField.hidden = !state.near;
    radius.value = String(state.radius);
  };

  const renderExports = (state, total) => {
    if (!total) {
      exports.replaceChildren();
      return;
    }
    if (total > MAX_EXPORT_ROWS) {
      exports.replaceChildren(el('p', {}, t.exportTooMany));
      return;
    }
    const params = criteriaParams(state);
    const box = state.place ? placeBox(state.place) : state.zone;
    if (box) params.set('bbox', box.join(','));
    exports.replaceChildren(
      el('h3', { class: 'exports-title' }, t.exportTitle),
      el(
        'ul',
        { class: 'export-links' },
        Object.entries(t.exports).map(([format, label]) => el('li', {}, el('a', { href: exportUrl(params, format), download: '' }, label))),
      ),
    );
  };

  return {
    loading() {
      list.setAttribute('aria-busy', 'true');
    },
    show(answer, state) {
      list.removeAttribute('aria-busy');
      error.hidden = true;
      const hadFocus = list.contains(document.activeElement) || pager.contains(document.activeElement);
      const total = answer.total;
      let text = total === 0 ? t.noResult : formatCount(total, 'résultat', 'résultats');
      if (total > 0 && state.place) text += ` ${t.atPlace.toLowerCase()}`;
      else if (total > 0 && state.zone) text += ` ${t.inArea.toLowerCase()}`;
      else if (total > 0 && state.near) text += ` à moins de ${formatNumber(state.radius)} km de ${state.near.label || t.myPosition}`;
      if (count.textContent !== text) count.textContent = text;

      const shown = [];
      if (answer.understood?.length) {
        shown.push(el('span', { class: 'chips-label' }, t.understood), ...answer.understood.map(u => chip(understoodLabel(u))));
      }
      if (state.zone && !state.place) shown.push(chip(t.inArea, () => store.update({ zone: null, page: 1 })));
      if (state.place) shown.push(chip(t.atPlace, () => store.update({ place: null, page: 1 })));
      chips.replaceChildren(...shown);

      renderTools(state);
      list.replaceChildren(...answer.items.map(item => entry(item, state)));

      const pages = Math.max(1, Math.ceil(Math.min(total, 10000) / PER_PAGE));
      pager.replaceChildren();
      if (pages > 1) {
        const page = Math.min(state.page, pages);
        pager.append(
          el('button', { type: 'button', class: 'secondary', disabled: page <= 1, onclick: () => go(page - 1) }, t.previous),
          el('span', { class: 'page-of' }, t.pageOf(page, pages)),
          el('button', { type: 'button', class: 'secondary', disabled: page >= pages, onclick: () => go(page + 1) }, t.next),
        );
      }
      renderExports(state, total);
      // The entry that had focus is gone: the results' title takes it, never the top of the page.
      if (hadFocus && !list.contains(document.activeElement) && !pager.contains(document.activeElement)) focusElement(title);
    },
    showError(code) {
      list.removeAttribute('aria-busy');
      error.textContent = errorMessage(code);
      error.hidden = false;
      count.textContent = '';
      list.replaceChildren();
      pager.replaceChildren();
      exports.replaceChildren();
    },
    // The entry of a practitioner at a site, to give focus back to when its fiche closes.
    linkOf(id, site) {
      if (!id) return null;
      const links = [...list.querySelectorAll('a.result-link')].filter(a => a.dataset.id === id);
      return links.find(a => a.dataset.site === String(site)) || links[0] || null;
    },
  };
}
