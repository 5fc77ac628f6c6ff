// The filters, applied as they change, each value with the count the last answer gave
// (facets counted without the facet's own filter, so that every value says what it
// would add). Built once; each answer only updates counts and options, so a control
// keeps its focus while the results change around it.
import { byId, el, isPhoneLayout } from './dom.js';
import { codes, formatNumber, t } from './fr.js';
import { activeFilterCount, emptyFilters, FLAG_FILTERS } from './state.js';

const SELECTS = ['profession', 'specialty', 'commune'];
const CHECK_GROUPS = ['mode', 'conventionnement', 'public', 'act'];
const SHOWN_BEFORE_MORE = 6;

export function createFilters(store, settings) {
  const panel = byId('filters');
  const body = byId('filters-body');
  const toggle = byId('filters-toggle');
  const countBadge = byId('filters-count');
  const defaultModes = settings.default_mode || [];
  const labels = { profession: new Map(), specialty: new Map(), commune: new Map() };
  const controls = {};
  let facets = null;

  const update = changes => store.update({ ...changes, page: 1, place: null });
  const setFilter = (name, value) => update({ filters: { ...store.get().filters, [name]: value } });

  // ---- Selects: profession, specialty, commune ------------------------------------
  for (const name of SELECTS) {
    const select = el('select', {
      id: `f-${name}`,
      onchange: () => setFilter(name, select.value ? [select.value] : []),
    });
    controls[name] = select;
    body.append(el('div', { class: 'filter-field' }, el('label', { for: `f-${name}` }, t.facetTitles[name]), select));
  }

  // ---- Check boxes: modes, conventionnement, publics, acts ------------------------
  const checkGroup = (name, entries, onChange) => {
    const list = el('ul', { class: 'checks' });
    const boxes = new Map();
    entries.forEach(([code, label], i) => {
      const id = `f-${name}-${code}`;
      const box = el('input', { type: 'checkbox', id, value: code, onchange: () => onChange() });
      const count = el('span', { class: 'facet-count' });
      const item = el('li', { class: i >= SHOWN_BEFORE_MORE ? 'more' : null }, box, el('label', { for: id }, label, ' ', count));
      boxes.set(code, { box, count, item });
      list.append(item);
    });
    const fieldset = el('fieldset', { class: 'filter-group', id: `g-${name}` }, el('legend', {}, t.facetTitles[name]), list);
    if (entries.length > SHOWN_BEFORE_MORE) {
      list.classList.add('collapsed');
      const more = el('button', {
        type: 'button',
        class: 'link-button',
        'aria-expanded': 'false',
        onclick: () => {
          const collapsed = list.classList.toggle('collapsed');
          more.setAttribute('aria-expanded', String(!collapsed));
          more.textContent = collapsed ? t.showMore : t.showLess;
        },
      });
      more.textContent = t.showMore;
      fieldset.append(more);
    }
    body.append(fieldset);
    return boxes;
  };
  const checked = boxes => [...boxes].filter(([, { box }]) => box.checked).map(([code]) => code);

  for (const name of CHECK_GROUPS) {
    const entries = Object.entries(codes[name]).filter(([code]) => code !== 'unknown');
    controls[name] = checkGroup(name, entries, () => {
      const chosen = checked(controls[name]);
      if (name !== 'mode') {
        setFilter(name, chosen);
        return;
      }
      // The server's default modes are what "nothing said" means; none checked is every mode.
      const sameAsDefault = chosen.length === defaultModes.length && chosen.every(code => defaultModes.includes(code));
      setFilter('mode', sameAsDefault ? null : chosen.length ? chosen : defaultModes.length ? [] : null);
    });
  }
  controls.flags = checkGroup('declared', FLAG_FILTERS.map(name => [name, codes.flag[name]]), () => {
    const filters = { ...store.get().filters };
    for (const [name, { box }] of controls.flags) {
      // A box unchecked is "no matter"; only a false given by a link stays false.
      if (box.checked) filters[name] = true;
      else if (filters[name] === true) filters[name] = null;
    }
    update({ filters });
  });

  // ---- Opening hours ----------------------------------------------------------------
  const openChoices = [
    ['', t.openAny],
    ['maintenant', t.openNow],
    ['custom', t.openAt],
  ];
  const today = new Date();
  const pad = n => String(n).padStart(2, '0');
  const date = el('input', { type: 'date', id: 'f-open-date', value: `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}` });
  const time = el('input', { type: 'time', id: 'f-open-time', value: '09:00', step: '900' });
  const when = el(
    'div',
    { class: 'open-when', hidden: true },
    el('label', { for: 'f-open-date' }, t.openDate),
    date,
    el('label', { for: 'f-open-time' }, t.openTime),
    time,
  );
  const radios = openChoices.map(([value, label]) => {
    const id = `f-open-${value || 'any'}`;
    const radio = el('input', { type: 'radio', name: 'open', id, value, onchange: () => applyOpen() });
    return { radio, item: el('li', {}, radio, el('label', { for: id }, label)) };
  });
  const applyOpen = () => {
    const choice = radios.find(r => r.radio.checked)?.radio.value || '';
    when.hidden = choice !== 'custom';
    const open = choice === 'custom' ? (date.value && time.value ? `${date.value}T${time.value}` : '') : choice;
    if (open !== store.get().open) update({ open });
  };
  date.addEventListener('change', applyOpen);
  time.addEventListener('change', applyOpen);
  body.append(
    el('fieldset', { class: 'filter-group', id: 'g-open' }, el('legend', {}, t.facetTitles.open), el('ul', { class: 'checks' }, radios.map(r => r.item)), when),
  );

  byId('filters-reset').addEventListener('click', () => update({ filters: emptyFilters(), open: '' }));

  // ---- The panel: a column on a wide screen, a disclosure elsewhere -----------------
  const setOpen = open => {
    document.body.classList.toggle('filters-open', open);
    toggle.setAttribute('aria-expanded', String(open));
  };
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    setOpen(open);
    if (open) panel.querySelector('select, input')?.focus();
  });
  byId('filters-done').addEventListener('click', () => {
    setOpen(false);
    toggle.focus();
  });
  panel.addEventListener('keydown', event => {
    if (event.key === 'Escape' && document.body.classList.contains('filters-open') && isPhoneLayout()) {
      setOpen(false);
      toggle.focus();
    }
  });

  // ---- Rendering ----------------------------------------------------------------------
  const facetCount = (name, code) => facets?.[name]?.find(entry => entry.code === code)?.count ?? 0;

  const renderSelect = (name, state) => {
    const select = controls[name];
    for (const entry of facets?.[name] || []) labels[name].set(entry.code, entry.label);
    const chosen = state.filters[name];
    const options = [...(facets?.[name] || [])].filter(entry => entry.code !== 'unknown');
    for (const code of chosen) {
      if (!options.some(entry => entry.code === code)) options.push({ code, label: labels[name].get(code) || code, count: 0 });
    }
    options.sort((a, b) => a.label.localeCompare(b.label, 'fr'));
    const first = new Option(t.allFeminine, '');
    const built = [first, ...options.map(entry => new Option(`${entry.label} (${formatNumber(entry.count)})`, entry.code))];
    if (chosen.length > 1) built.push(new Option(t.severalChosen(chosen.length), chosen.join(',')));
    const wanted = chosen.length > 1 ? chosen.join(',') : chosen[0] || '';
    // Replace the options only when they differ: an open list is not disturbed for nothing.
    const same =
      select.options.length === built.length && built.every((option, i) => select.options[i].value === option.value && select.options[i].text === option.text);
    if (!same) select.replaceChildren(...built);
    select.value = wanted;
  };

  const renderChecks = (boxes, facetName, isChecked) => {
    for (const [code, { box, count, item }] of boxes) {
      box.checked = isChecked(code);
      count.textContent = facets ? `(${formatNumber(facetCount(facetName, code))})` : '';
      // A group's hidden values show when one of them is chosen.
      if (box.checked && item.classList.contains('more')) item.parentElement.classList.remove('collapsed');
    }
  };

  const render = state => {
    for (const name of SELECTS) renderSelect(name, state);
    for (const name of CHECK_GROUPS) {
      const chosen = name === 'mode' && state.filters.mode === null ? defaultModes : state.filters[name] || [];
      renderChecks(controls[name], name, code => chosen.includes(code));
    }
    for (const [name, { box, count }] of controls.flags) {
      box.checked = state.filters[name] === true;
      const entry = facets?.[name]?.find(e => e.code === 'true');
      count.textContent = facets ? `(${formatNumber(entry ? entry.count : 0)})` : '';
    }
    const choice = !state.open ? '' : state.open === 'maintenant' ? 'maintenant' : 'custom';
    for (const { radio } of radios) radio.checked = radio.value === choice;
    when.hidden = choice !== 'custom';
    if (choice === 'custom') [date.value, time.value] = state.open.split('T');
    const active = activeFilterCount(state);
    countBadge.textContent = active ? String(active) : '';
    toggle.setAttribute('aria-label', `${t.filters}, ${t.filtersActive(active)}`);
  };

  store.subscribe(state => render(state));
  render(store.get());

  return {
    // The facets of the latest answer, with its total for the phone's "voir les résultats".
    showFacets(answerFacets, total) {
      facets = answerFacets;
      byId('filters-done').textContent = t.showResults(total);
      render(store.get());
    },
  };
}
