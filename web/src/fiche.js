// The fiche of a practitioner (a panel beside the map; a bottom sheet on a phone): every
// field the API gives, each value with where it comes from and when — the RPPS extract,
// the professional's declaration, or the professional's correction with the RPPS value.
// Declared values are shown as text only: owners may declare anything.
import { claimSection } from './claim.js';
import { byId, el, focusElement } from './dom.js';
import { codes, extractDate, formatDate, formatMinute, formatPhone, t, weekdays } from './fr.js';

const SAFE_URL = /^https?:\/\/[^\s]+$/i;

function source(entry) {
  if (!entry) return t.notGiven;
  switch (entry.source) {
    case 'rpps': {
      const extract = extractDate(entry.extract);
      if (extract) return `RPPS, extrait du ${extract}`;
      const imported = formatDate(entry.date);
      return imported ? `RPPS, importé le ${imported}` : 'RPPS';
    }
    case 'declared':
      return `Déclaré par le professionnel le ${formatDate(entry.date) || entry.date}`;
    case 'override':
      return `Corrigé par le professionnel le ${formatDate(entry.date) || entry.date}`;
    case 'geocoder':
      return entry.value.precision === 'pinned' ? 'Position placée à la main' : 'Adresse RPPS placée avec la Base Adresse Nationale';
    default:
      return '';
  }
}

const yesNo = value => (value ? t.yes : t.no);

function externalLink(url) {
  if (!SAFE_URL.test(url)) return document.createTextNode(url);
  return el('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow' }, url, el('span', { class: 'visually-hidden' }, ` ${t.newTab}`));
}

function phoneLink(number) {
  return el('a', { href: `tel:${String(number).replace(/[^\d+]/g, '')}` }, formatPhone(number));
}

// The current weekday (1 = Monday) and minute in Paris, where the hours are declared.
function parisNow() {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date());
  const get = type => parts.find(p => p.type === type)?.value;
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { weekday, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

function hoursTable(intervals) {
  const now = parisNow();
  const open = intervals.some(h => h.weekday === now.weekday && h.opens_minute <= now.minute && now.minute < h.closes_minute);
  const rows = weekdays.map((day, i) => {
    const those = intervals.filter(h => h.weekday === i + 1);
    const text = those.length ? those.map(h => `${formatMinute(h.opens_minute)} – ${formatMinute(h.closes_minute)}`).join(', ') : t.closed;
    return el('tr', { class: i + 1 === now.weekday ? 'today' : null }, el('th', { scope: 'row' }, day), el('td', {}, text));
  });
  return el(
    'div',
    { class: 'hours' },
    el('p', { class: open ? 'open-status open' : 'open-status closed' }, open ? t.openNowStatus : t.closedNowStatus),
    el('table', {}, el('caption', { class: 'visually-hidden' }, t.openingHours), el('tbody', {}, rows)),
  );
}

// One row of a fiche: the label, the value (or "non renseigné") and its provenance.
function field(name, label, entry, render = value => String(value)) {
  const present = entry && entry.value !== null && entry.value !== undefined && !(Array.isArray(entry.value) && entry.value.length === 0);
  const value = present ? render(entry.value) : t.notGiven;
  const provenance = [present ? source(entry) : entry ? source(entry) : t.notGiven];
  if (entry?.source === 'override' && entry.rpps) {
    const original = entry.rpps.value;
    provenance.push(t.correctedFrom(original === null || original === undefined || original === '' ? t.notGiven : render(original)));
  }
  return el(
    'div',
    { class: present ? 'fiche-field' : 'fiche-field absent', dataset: { field: name } },
    el('dt', {}, label),
    el('dd', {}, el('span', { class: 'value' }, value), el('span', { class: 'source' }, provenance.filter(Boolean).join(' — '))),
  );
}

const textOf = value => (typeof value === 'string' ? value : String(value));
const listOf = labels => value => value.map(code => labels[code] || code).join(', ');

function practiceSection(practice, title) {
  const d = practice.declared || {};
  const address = a => [a.line, a.complement, [a.postcode, a.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const location = practice.location;
  const itinerary = location
    ? el(
        'p',
        { class: 'itinerary' },
        el(
          'a',
          {
            href: `https://www.openstreetmap.org/directions?route=%3B${location.lat}%2C${location.lon}`,
            target: '_blank',
            rel: 'noopener noreferrer',
          },
          t.itinerary,
        ),
      )
    : null;
  return el(
    'section',
    { class: 'fiche-section practice', dataset: { site: practice.site_id } },
    el('h3', {}, title),
    el(
      'dl',
      {},
      field('site_name', t.fields.site_name, practice.site_name, textOf),
      field('address', t.fields.address, practice.address, address),
      field('mode', t.fields.mode, practice.mode, textOf),
      field('phone', t.fields.phone, practice.phone, phoneLink),
      field('email', t.fields.email, practice.email, value => el('a', { href: `mailto:${value}` }, value)),
      field('declared_phone', t.fields.declared_phone, d.phone, phoneLink),
      field('mssante_email', t.fields.mssante_email, d.mssante_email, value => el('span', {}, value, el('span', { class: 'note' }, t.mssanteNote))),
      field('appointment_url', t.fields.appointment_url, d.appointment_url, externalLink),
      field('conventionnement', t.fields.conventionnement, d.conventionnement, value => codes.conventionnement[value] || value),
      field('carte_vitale', t.fields.carte_vitale, d.carte_vitale, yesNo),
      field('tiers_payant', t.fields.tiers_payant, d.tiers_payant, yesNo),
      field('pmr_access', t.fields.pmr_access, d.pmr_access, yesNo),
      field('home_visits', t.fields.home_visits, d.home_visits, yesNo),
      field('teleconsultation', t.fields.teleconsultation, d.teleconsultation, yesNo),
      field('telesoin', t.fields.telesoin, d.telesoin, yesNo),
      field('publics', t.fields.publics, d.publics, listOf(codes.public)),
      field('acts', t.fields.acts, d.acts, listOf(codes.act)),
      field('opening_hours', t.fields.opening_hours, d.opening_hours, hoursTable),
      field('location', t.fields.location, location ? { value: location, source: 'geocoder' } : null, value => t.precision[value.precision] || value.precision),
    ),
    itinerary,
  );
}

export function createFiche(store, { onClose }) {
  const root = byId('fiche');
  let shownId = null;

  const close = () => onClose();
  root.addEventListener('keydown', event => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });

  const head = name =>
    el(
      'div',
      { class: 'fiche-head' },
      el('p', { class: 'fiche-kind' }, t.fiche),
      el('button', { type: 'button', class: 'fiche-close secondary', onclick: close }, el('span', { 'aria-hidden': 'true' }, '× '), t.closeFiche),
      el('h2', { id: 'fiche-title', tabindex: '-1' }, name),
    );

  return {
    loading(id) {
      if (shownId === id) return;
      root.hidden = false;
      root.setAttribute('aria-busy', 'true');
      root.replaceChildren(head(t.ficheLoading));
      document.body.classList.add('fiche-open');
    },
    show(fiche, siteId) {
      shownId = fiche.id;
      root.removeAttribute('aria-busy');
      const value = entry => (entry && entry.value) || '';
      const name = [value(fiche.exercise_civility) === 'Docteur' ? 'Dr' : value(fiche.exercise_civility) === 'Professeur' ? 'Pr' : '', value(fiche.first_name), value(fiche.last_name)]
        .filter(Boolean)
        .join(' ');
      const practices = fiche.practices || [];
      const current = practices.find(p => p.site_id === siteId) || practices[0];
      const others = practices.filter(p => p !== current);
      const declared = fiche.declared || {};
      const specialties = value(fiche.specialties) || [];
      const profession = fiche.profession?.value?.label || '';
      const subtitle = [profession, specialties.map(s => s.label).join(', ')].filter(Boolean).join(' — ');
      root.replaceChildren(
        head(name || fiche.id),
        subtitle ? el('p', { class: 'fiche-subtitle' }, subtitle) : null,
        current ? practiceSection(current, t.practice) : null,
        el(
          'section',
          { class: 'fiche-section practitioner-declared' },
          el('h3', {}, t.practitionerDeclared),
          el(
            'dl',
            {},
            field('practitioner_phone', t.fields.practitioner_phone, declared.phone, phoneLink),
            field('practitioner_mssante_email', t.fields.practitioner_mssante_email, declared.mssante_email, value =>
              el('span', {}, value, el('span', { class: 'note' }, t.mssanteNote)),
            ),
            field('website', t.fields.website, declared.website, externalLink),
            field('expertise', t.fields.expertise, declared.expertise, textOf),
            field('training', t.fields.training, declared.training, textOf),
          ),
        ),
        others.length
          ? el(
              'section',
              { class: 'fiche-section others' },
              el('h3', {}, t.otherPractices),
              el(
                'ul',
                {},
                others.map(other => {
                  const a = other.address?.value || {};
                  return el(
                    'li',
                    {},
                    el('span', {}, [other.site_name?.value, a.line, [a.postcode, a.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ')),
                    ' ',
                    el('button', { type: 'button', class: 'link-button', onclick: () => store.update({ site: other.site_id }) }, t.showPractice),
                  );
                }),
              ),
            )
          : null,
        el(
          'section',
          { class: 'fiche-section identity' },
          el('h3', {}, t.identity),
          el(
            'dl',
            {},
            field('civility', t.fields.civility, fiche.civility, textOf),
            field('exercise_civility', t.fields.exercise_civility, fiche.exercise_civility, textOf),
            field('last_name', t.fields.last_name, fiche.last_name, textOf),
            field('first_name', t.fields.first_name, fiche.first_name, textOf),
            field('profession', t.fields.profession, fiche.profession, v => v.label || v.code),
            field('category', t.fields.category, fiche.category, textOf),
            field('specialties', t.fields.specialties, fiche.specialties, v => v.map(s => s.label).join(', ')),
            field('id', `${t.fields.id} ${fiche.id_type}`, { ...fiche.profession, value: fiche.id }, textOf),
          ),
        ),
        claimSection(fiche),
      );
      focusElement(byId('fiche-title'));
      return current;
    },
    showError(message) {
      root.removeAttribute('aria-busy');
      root.replaceChildren(head(t.fiche), el('p', { class: 'error' }, message));
      focusElement(byId('fiche-title'));
    },
    hide() {
      shownId = null;
      root.hidden = true;
      root.replaceChildren();
      document.body.classList.remove('fiche-open');
    },
    shownId: () => shownId,
  };
}
