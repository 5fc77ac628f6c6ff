// The owner page (/compte/fiche/ID): every field a professional declares, for all their
// practices (phone, MSSanté, website, expertise, training) and for each site (phone,
// MSSanté, appointments, conventionnement, the six yes/no answers, publics, acts, weekly
// hours with several slots a day), and corrections of the RPPS's cabinet name and address,
// which wait for an admin. Saving sends only what changed (a partial update: what is left
// out stays as it was; an emptied field or "Non renseigné" is sent as null, which clears
// it); the server's refusals are shown next to their field.
import { account } from './api.js';
import { el, focusElement } from './dom.js';
import { control, describeError, errorSummary, placeProblems, setFieldError, statusLine, uniqueId } from './forms.js';
import { codes, formatPhone, problemText, weekdays } from './fr.js';
import { p } from './fr-pages.js';

const BOOLEANS = ['carte_vitale', 'tiers_payant', 'pmr_access', 'home_visits', 'teleconsultation', 'telesoin'];
const PRACTITIONER_TEXTS = [
  ['phone', 'tel', 30],
  ['mssante_email', 'email', 254],
  ['website', 'url', 500],
  ['expertise', 'textarea', 2000],
  ['training', 'textarea', 2000],
];
const PRACTICE_TEXTS = [
  ['phone', 'tel', 30],
  ['mssante_email', 'email', 254],
  ['appointment_url', 'url', 500],
];

const digits = value => String(value ?? '').replace(/\D/g, '');
const textOrNull = value => (String(value ?? '').trim() === '' ? null : String(value).replace(/\r\n/g, '\n').trim());
const sameText = (field, a, b) => (field === 'phone' ? digits(a) === digits(b) : textOrNull(a) === textOrNull(b));
const sorted = list => [...(list || [])].sort();
const slotKey = s => `${s.weekday} ${s.opens} ${s.closes}`;
const sortSlots = list => [...(list || [])].map(s => ({ weekday: s.weekday, opens: s.opens, closes: s.closes })).sort((a, b) => a.weekday - b.weekday || a.opens.localeCompare(b.opens));
const addressText = a => (a && typeof a === 'object' ? [a.line, a.complement, [a.postcode, a.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ') : String(a ?? ''));
const shownValue = v => (v === null || v === undefined ? p.notGiven : addressText(v));

// A group of controls under a legend, with one error for the whole group.
function group(legend, content, { className = '' } = {}) {
  const errorId = uniqueId('groupe-erreur');
  const error = el('p', { id: errorId, class: 'field-error', hidden: true });
  const wrapper = el('fieldset', { class: `form-group ${className}` }, el('legend', {}, legend), error, content);
  const first = () => wrapper.querySelector('input, select, textarea, button');
  return {
    wrapper,
    get input() {
      return first();
    },
    setError(text) {
      error.textContent = text || '';
      error.hidden = !text;
      if (text) wrapper.setAttribute('aria-describedby', errorId);
      else wrapper.removeAttribute('aria-describedby');
      wrapper.classList.toggle('has-error', Boolean(text));
    },
  };
}

// Oui / Non / Non renseigné.
function yesNo(field, value) {
  const name = uniqueId(field);
  const choice = (v, label) => {
    const id = uniqueId(field);
    const input = el('input', { type: 'radio', id, name, value: v });
    input.checked = v === (value === true ? 'true' : value === false ? 'false' : '');
    return el('span', { class: 'choice' }, input, el('label', { for: id }, label));
  };
  const g = group(p.fields[field], el('div', { class: 'choices' }, choice('true', p.yes), choice('false', p.no), choice('', p.notGiven)), { className: 'yes-no' });
  g.read = () => {
    const checked = g.wrapper.querySelector('input:checked')?.value ?? '';
    return checked === '' ? null : checked === 'true';
  };
  return g;
}

function checkList(field, labels, value) {
  const chosen = new Set(value || []);
  const g = group(
    p.fields[field],
    el(
      'ul',
      { class: 'check-list' },
      Object.entries(labels).map(([code, label]) => {
        const id = uniqueId(field);
        const input = el('input', { type: 'checkbox', id, value: code });
        input.checked = chosen.has(code);
        return el('li', {}, input, el('label', { for: id }, label));
      }),
    ),
  );
  g.read = () => [...g.wrapper.querySelectorAll('input:checked')].map(i => i.value).sort();
  return g;
}

// The week: for each day, its slots (opening and closing times), several a day.
function hoursEditor(value) {
  const days = weekdays.map((day, index) => {
    const weekday = index + 1;
    const list = el('ul', { class: 'slots' });
    const rows = [];
    const renumber = () =>
      rows.forEach((row, i) => {
        row.number.textContent = `${p.slot(i + 1)}`;
        row.remove.setAttribute('aria-label', p.removeSlot(day, i + 1));
        row.opensLabel.textContent = ` (${day}, ${p.slot(i + 1).toLowerCase()})`;
        row.closesLabel.textContent = ` (${day}, ${p.slot(i + 1).toLowerCase()})`;
      });
    const addRow = (opens = '', closes = '') => {
      const opensId = uniqueId('ouverture');
      const closesId = uniqueId('fermeture');
      const opensInput = el('input', { type: 'time', id: opensId, step: 300 });
      const closesInput = el('input', { type: 'time', id: closesId, step: 300 });
      opensInput.value = opens;
      closesInput.value = closes;
      const row = { opensInput, closesInput, number: el('span', { class: 'slot-number' }), opensLabel: el('span', { class: 'visually-hidden' }), closesLabel: el('span', { class: 'visually-hidden' }) };
      row.error = el('p', { id: uniqueId('creneau-erreur'), class: 'field-error', hidden: true });
      row.remove = el('button', { type: 'button', class: 'link-button slot-remove' }, 'Retirer');
      row.element = el(
        'li',
        { class: 'slot', dataset: { weekday } },
        row.number,
        el('span', { class: 'slot-time' }, el('label', { for: opensId }, p.opens, row.opensLabel), opensInput),
        el('span', { class: 'slot-time' }, el('label', { for: closesId }, p.closes, row.closesLabel), closesInput),
        row.remove,
        row.error,
      );
      row.setError = text => {
        setFieldError(opensInput, row.error, text);
        if (text) closesInput.setAttribute('aria-invalid', 'true');
        else closesInput.removeAttribute('aria-invalid');
      };
      row.input = opensInput;
      row.remove.addEventListener('click', () => {
        rows.splice(rows.indexOf(row), 1);
        row.element.remove();
        renumber();
        closed.hidden = rows.length > 0;
        add.focus();
      });
      rows.push(row);
      list.append(row.element);
      closed.hidden = true;
      renumber();
      return row;
    };
    const closed = el('p', { class: 'day-closed' }, p.closedDay);
    const add = el('button', { type: 'button', class: 'secondary slot-add' }, '+ Ajouter un créneau', el('span', { class: 'visually-hidden' }, ` (${day})`));
    add.addEventListener('click', () => addRow().opensInput.focus());
    for (const slot of (value || []).filter(s => s.weekday === weekday)) addRow(slot.opens, slot.closes);
    closed.hidden = rows.length > 0;
    return { weekday, rows, element: el('fieldset', { class: 'day', dataset: { weekday } }, el('legend', {}, day), closed, list, add) };
  });
  const g = group(p.fields.opening_hours, el('div', { class: 'week' }, days.map(d => d.element)), { className: 'hours-editor' });
  // The slots as the API takes them (sorted), with the row of each; a half-filled row is a problem.
  g.read = () => {
    const slots = [];
    const incomplete = [];
    for (const day of days) {
      for (const row of day.rows) {
        const opens = row.opensInput.value;
        const closes = row.closesInput.value;
        if (!opens && !closes) continue;
        if (!opens || !closes) incomplete.push(row);
        else slots.push({ slot: { weekday: day.weekday, opens, closes }, row });
      }
    }
    slots.sort((a, b) => a.slot.weekday - b.slot.weekday || a.slot.opens.localeCompare(b.slot.opens));
    return { slots, incomplete };
  };
  g.rows = () => days.flatMap(d => d.rows);
  return g;
}

function practiceLabel(practice) {
  const name = practice.site_name?.value;
  const address = practice.address?.value;
  return [name, address?.line, [address?.postcode, address?.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ') || `n° ${practice.site_id}`;
}

export async function renderOwnerPage(main, id) {
  let data;
  try {
    data = await account.fiche(id);
  } catch (error) {
    main.replaceChildren(el('h1', { tabindex: '-1' }, p.ownerTitle(id)), el('p', { class: 'error' }, describeError(error)));
    return;
  }
  build(main, id, data);
}

function build(main, id, data, message) {
  const fiche = data.fiche || {};
  const declared = data.declared || {};
  const mine = declared.practitioner || {};
  const name = [fiche.first_name?.value, fiche.last_name?.value].filter(Boolean).join(' ') || id;
  document.title = `${p.ownerTitle(name)} — ${p.siteTitle}`;
  const controls = new Map(); // JSON path of what would be sent → control (filled while reading)
  const readers = [];

  // What the professional declares for all their practices.
  const practitionerControls = PRACTITIONER_TEXTS.map(([field, kind, maxlength]) => {
    const stored = mine[field] ?? '';
    // Long texts have no maxlength: a pasted text too long is shown whole, and refused.
    const c = control({ label: p.fields[field], name: `practitioner-${field}`, kind, help: p.help[field], maxlength: kind === 'textarea' ? null : maxlength, value: field === 'phone' ? formatPhone(stored) : stored, autocomplete: 'off' });
    c.field = field;
    c.label = p.fields[field];
    c.limit = kind === 'textarea' ? maxlength : null;
    return c;
  });
  readers.push(doc => {
    const changed = {};
    for (const c of practitionerControls) {
      controls.set(`practitioner.${c.field}`, c);
      if (!sameText(c.field, c.input.value, mine[c.field])) changed[c.field] = textOrNull(c.input.value);
    }
    if (Object.keys(changed).length) doc.practitioner = changed;
  });

  // Each practice.
  const practices = (fiche.practices || []).filter(practice => (data.sites || []).includes(practice.site_id));
  const pending = data.proposals || [];
  const conflicts = data.conflicts || [];
  const practiceParts = practices.map(practice => {
    const siteId = practice.site_id;
    const stored = declared.practices?.[String(siteId)] || {};
    const texts = PRACTICE_TEXTS.map(([field, kind, maxlength]) => {
      const value = stored[field] ?? '';
      const c = control({ label: p.fields[field], name: `site${siteId}-${field}`, kind, help: p.help[field], maxlength, value: field === 'phone' ? formatPhone(value) : value, autocomplete: 'off' });
      return Object.assign(c, { field, label: p.fields[field] });
    });
    const conventionnement = control({
      label: p.fields.conventionnement,
      name: `site${siteId}-conventionnement`,
      kind: 'select',
      options: [['', p.notGiven], ...Object.entries(codes.conventionnement).filter(([code]) => code !== 'unknown')],
      value: stored.conventionnement ?? '',
    });
    Object.assign(conventionnement, { field: 'conventionnement', label: p.fields.conventionnement });
    const flags = BOOLEANS.map(field => Object.assign(yesNo(field, stored[field]), { field, label: p.fields[field] }));
    const publics = Object.assign(checkList('publics', codes.public, stored.publics), { field: 'publics', label: p.fields.publics });
    const acts = Object.assign(checkList('acts', codes.act, stored.acts), { field: 'acts', label: p.fields.acts });
    const hours = Object.assign(hoursEditor(stored.opening_hours), { field: 'opening_hours', label: p.fields.opening_hours });

    // The RPPS's name and address, and the corrections proposed for them.
    const siteKey = data.site_keys?.[String(siteId)];
    const proposalFor = field => pending.find(x => x.entity === 'site' && x.entity_key === siteKey && x.field === field);
    const conflictFor = field => conflicts.find(x => x.entity === 'site' && x.entity_key === siteKey && x.field === field);
    const address = practice.address?.value || {};
    const siteName = control({ label: p.fields.site_name, name: `site${siteId}-site_name`, maxlength: 200, value: practice.site_name?.value ?? '', autocomplete: 'off' });
    const addressControls = ['line', 'complement', 'postcode', 'commune'].map(part =>
      Object.assign(
        control({ label: p.fields[part], name: `site${siteId}-${part}`, maxlength: part === 'postcode' ? 5 : 200, value: address[part] ?? '', autocomplete: 'off', attributes: part === 'postcode' ? { inputmode: 'numeric' } : {} }),
        { part, label: p.fields[part] },
      ),
    );
    const notices = [];
    for (const [field, label] of [['site_name', p.fields.site_name], ['address', 'Adresse']]) {
      const proposal = proposalFor(field);
      if (proposal) notices.push(el('li', { class: 'pending', dataset: { field } }, el('strong', {}, `${label} : `), el('span', { class: 'badge-pending' }, p.pending), ' — ', shownValue(proposal.value)));
      const conflict = conflictFor(field);
      if (conflict) notices.push(el('li', { class: 'conflict', dataset: { field } }, el('strong', {}, `${label} : `), p.conflict(shownValue(conflict.rpps_value_now), shownValue(conflict.value))));
    }

    readers.push((doc, corrections) => {
      const changed = {};
      for (const c of [...texts, conventionnement]) {
        if (!sameText(c.field, c.input.value, stored[c.field])) changed[c.field] = textOrNull(c.input.value);
      }
      for (const g of flags) {
        const now = g.read();
        if (now !== (stored[g.field] ?? null)) changed[g.field] = now;
      }
      for (const g of [publics, acts]) {
        const now = g.read();
        if (JSON.stringify(now) !== JSON.stringify(sorted(stored[g.field]))) changed[g.field] = now;
      }
      const { slots, incomplete } = hours.read();
      const now = slots.map(s => s.slot);
      if (JSON.stringify(now.map(slotKey)) !== JSON.stringify(sortSlots(stored.opening_hours).map(slotKey))) changed.opening_hours = now;
      const index = doc.practices.length;
      if (Object.keys(changed).length) {
        doc.practices.push({ site_id: siteId, ...changed });
        for (const c of [...texts, conventionnement, ...flags, publics, acts, hours]) controls.set(`practices[${index}].${c.field}`, c);
        slots.forEach(({ row }, k) => controls.set(`practices[${index}].opening_hours[${k}]`, { ...row, label: p.fields.opening_hours }));
      }
      for (const row of incomplete) doc.incomplete.push(row);
      // Corrections: what differs from what the fiche shows now.
      if (textOrNull(siteName.input.value) && !sameText('site_name', siteName.input.value, practice.site_name?.value)) {
        controls.set(`corrections[${corrections.length}]`, { ...siteName, label: p.fields.site_name });
        corrections.push({ site_id: siteId, field: 'site_name', value: textOrNull(siteName.input.value) });
      }
      if (addressControls.some(c => !sameText(c.part, c.input.value, address[c.part]))) {
        const value = {};
        for (const c of addressControls) {
          controls.set(`corrections[${corrections.length}].value.${c.part}`, c);
          if (textOrNull(c.input.value) !== null) value[c.part] = textOrNull(c.input.value);
        }
        controls.set(`corrections[${corrections.length}]`, { ...addressControls[0], label: 'Adresse' });
        corrections.push({ site_id: siteId, field: 'address', value });
      }
    });

    const title = p.practicePart(practiceLabel(practice));
    const headingId = uniqueId('lieu');
    return el(
      'section',
      { class: 'owner-part practice-part', 'aria-labelledby': headingId, dataset: { site: siteId } },
      el('h2', { id: headingId }, title),
      el('div', { class: 'form-columns' }, texts.map(c => c.wrapper), conventionnement.wrapper),
      el('div', { class: 'yes-no-list' }, flags.map(g => g.wrapper)),
      publics.wrapper,
      acts.wrapper,
      hours.wrapper,
      el(
        'fieldset',
        { class: 'form-group rpps-part' },
        el('legend', {}, p.rppsPart),
        el('p', { class: 'field-help' }, p.rppsHelp),
        notices.length ? el('ul', { class: 'notices' }, notices) : null,
        siteName.wrapper,
        el('div', { class: 'form-columns' }, addressControls.map(c => c.wrapper)),
      ),
    );
  });

  const summary = errorSummary();
  const status = statusLine();
  const save = el('button', { type: 'submit', class: 'primary' }, p.save);
  const form = el(
    'form',
    { class: 'owner-form', novalidate: true },
    summary.element,
    el('section', { class: 'owner-part', 'aria-labelledby': 'part-practitioner' }, el('h2', { id: 'part-practitioner' }, p.practitionerPart), el('div', { class: 'form-columns' }, practitionerControls.map(c => c.wrapper))),
    practiceParts,
    el('div', { class: 'form-actions save-bar' }, save, status.element),
  );

  form.addEventListener('submit', async event => {
    event.preventDefault();
    summary.hide();
    status.set('');
    for (const element of form.querySelectorAll('[aria-invalid]')) element.removeAttribute('aria-invalid');
    for (const element of form.querySelectorAll('.field-error')) element.hidden = true;
    for (const element of form.querySelectorAll('.has-error')) element.classList.remove('has-error');
    controls.clear();
    // Texts longer than the server takes are refused here, before anything is sent.
    const tooLong = practitionerControls.filter(c => c.limit && [...c.input.value.trim()].length > c.limit);
    if (tooLong.length) {
      const items = tooLong.map(c => {
        const text = problemText(`practitioner.${c.field}`, `${[...c.input.value.trim()].length} characters, more than the ${c.limit} allowed`);
        c.setError(text);
        return { input: c.input, text, label: c.label };
      });
      return summary.show(describeError({ code: 'invalid_declarations' }), items);
    }
    const doc = { practices: [], incomplete: [] };
    const corrections = [];
    for (const read of readers) read(doc, corrections);
    if (doc.incomplete.length) {
      const text = 'Indiquez l’heure d’ouverture et l’heure de fermeture de ce créneau.';
      for (const row of doc.incomplete) row.setError(text);
      return summary.show(`${doc.incomplete.length} créneau${doc.incomplete.length > 1 ? 'x' : ''} incomplet${doc.incomplete.length > 1 ? 's' : ''}.`, doc.incomplete.map(row => ({ input: row.opensInput, text, label: p.fields.opening_hours })));
    }
    const edit = {};
    if (doc.practitioner) edit.practitioner = doc.practitioner;
    if (doc.practices.length) edit.practices = doc.practices;
    if (corrections.length) edit.corrections = corrections;
    if (!Object.keys(edit).length) return status.set(p.nothingChanged);
    save.disabled = true;
    status.set(p.saving);
    try {
      const answer = await account.editFiche(id, edit);
      const fresh = await account.fiche(id);
      const said = [p.saved(answer.in_search !== false)];
      if (answer.proposals?.length) said.push(p.savedProposals(answer.proposals.length));
      build(main, id, fresh, said.join(' '));
    } catch (error) {
      save.disabled = false;
      status.set('');
      if (error.problems?.length) summary.show(describeError(error), placeProblems(error.problems, controls));
      else summary.show(describeError(error));
    }
  });

  const heading = el('h1', { tabindex: '-1' }, p.ownerTitle(name));
  const done = el('p', { class: 'saved-message', role: 'status', tabindex: '-1' }, message || '');
  main.replaceChildren(
    heading,
    el('p', { class: 'owner-links' }, el('a', { href: `/praticien/${encodeURIComponent(id)}` }, p.seePublic), ' · ', el('a', { href: '/compte' }, p.fichesOfAccount)),
    done,
    guideBox(),
    form,
  );
  if (message) focusElement(done);
  else focusElement(heading);
}

// How to claim and edit a fiche (the account pages show it too).
export function guideBox() {
  return el('details', { class: 'guide' }, el('summary', {}, p.guideTitle), el('ol', {}, p.guide.map(([title, text]) => el('li', {}, el('strong', {}, `${title}. `), text))));
}
