// The admin console (admin.html): one view per path (/admin/imports, /admin/attributions,
// /admin/corrections, /admin/conflits, /admin/lieux, /admin/utilisateurs, /admin/courriels,
// /admin/journal, /admin/sauvegardes; /admin is the imports), chosen from the menu without
// reloading the page (the back button walks back). Every value from the data is text.
import './styles.css';
import './pages.css';
import { admin, downloads, session, uploadExtract } from './api.js';
import { byId, el, focusElement } from './dom.js';
import { busy, control, describeError, errorSummary, placeProblems, statusLine } from './forms.js';
import { formatNumber } from './fr.js';
import { a } from './fr-pages.js';
import { renderSites } from './admin-sites.js';
import { renderAccountNav } from './session-nav.js';

const main = byId('contenu');
const nav = byId('console-nav');
const VIEWS = ['imports', 'attributions', 'corrections', 'conflits', 'lieux', 'utilisateurs', 'courriels', 'journal', 'sauvegardes'];

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' });
export function when(text) {
  if (!text) return '';
  const date = new Date(String(text).replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? String(text) : dateTime.format(date);
}
const bytes = n => (n >= 1e6 ? `${formatNumber(Math.round(n / 1e5) / 10)} Mo` : `${formatNumber(Math.ceil(n / 1e3))} ko`);
const valueText = v => (v === null || v === undefined ? '—' : typeof v === 'object' ? [v.line, v.complement, [v.postcode, v.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ') || JSON.stringify(v) : String(v));

export function table(caption, headers, rows, className = '') {
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { class: `data-table ${className}` },
      el('caption', {}, caption),
      el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map(cells => el('tr', {}, cells.map(c => el('td', {}, c))))),
    ),
  );
}

function heading(text) {
  return el('h1', { tabindex: '-1' }, text);
}

function viewOf(pathname) {
  const name = pathname.replace(/\/+$/, '').split('/')[2] || 'imports';
  return VIEWS.includes(name) ? name : 'imports';
}

function renderNav(current) {
  nav.hidden = false;
  nav.replaceChildren(
    el(
      'ul',
      {},
      VIEWS.map(view =>
        el('li', {}, el('a', { href: `/admin/${view}`, 'aria-current': view === current ? 'page' : null, dataset: { view } }, a.views[view])),
      ),
    ),
  );
}

// ---- Imports ------------------------------------------------------------------------------------

function reportView(job) {
  const r = job.report || {};
  const lines = r.lines || {};
  const practitioners = r.practitioners || {};
  const conflicts = r.conflicts || [];
  const figure = (key, value) => el('li', { dataset: { figure: key } }, el('strong', {}, formatNumber(value ?? 0)), a.figures[key]);
  const rejected = r.rejected_lines || [];
  return el(
    'section',
    { class: 'import-report', 'aria-labelledby': `rapport-${job.id}`, dataset: { job: job.id, status: job.status } },
    el('h2', { id: `rapport-${job.id}`, tabindex: '-1' }, a.report(job.file_name || `n° ${job.id}`)),
    el('p', { class: 'import-status' }, a.importDone(job.status)),
    job.error ? el('p', { class: 'error' }, `${a.errorOf} ${job.error}`) : null,
    job.backup_file ? el('p', {}, a.backupOf(job.backup_file)) : null,
    el(
      'ul',
      { class: 'report-figures' },
      figure('read', lines.read),
      figure('imported', lines.imported),
      figure('rejected', lines.rejected),
      figure('duplicates', lines.duplicates),
      figure('added', practitioners.added),
      figure('updated', practitioners.updated),
      figure('archived', practitioners.archived),
      figure('restored', practitioners.restored),
      figure('conflicts', conflicts.length),
    ),
    rejected.length ? table(a.rejectedTitle, [a.line, a.reason], rejected.map(x => [String(x.line), x.reason])) : null,
    el('p', {}, el('a', { href: downloads.problems(job.id), download: `lignes-rejetees-import-${job.id}.csv` }, a.problemsCsv)),
    conflicts.length
      ? el(
          'div',
          {},
          table(a.conflictsTitle, [a.entity, a.entityKey, 'Champ'], conflicts.map(c => [c.entity || '', c.entity_key || '', a.fieldNames[c.field] || c.field || ''])),
          el('p', {}, el('a', { href: '/admin/conflits', dataset: { view: 'conflits' } }, a.seeConflicts)),
        )
      : null,
  );
}

async function renderImports(root) {
  const file = control({ label: a.file, name: 'extract', kind: 'file', help: a.uploadHelp, attributes: { accept: '.txt,.zip,text/plain,application/zip' } });
  const massId = 'allow-mass-archive';
  const mass = el('input', { type: 'checkbox', id: massId });
  const summary = errorSummary();
  const send = el('button', { type: 'submit', class: 'primary' }, a.upload);
  const progress = el('progress', { class: 'progress', max: 100, value: 0, hidden: true, 'aria-label': a.uploadTitle });
  const status = statusLine();
  const report = el('div', { class: 'report-slot' });
  const history = el('div', {});
  const form = el(
    'form',
    { class: 'doc-form upload-form', novalidate: true },
    summary.element,
    file.wrapper,
    el('div', { class: 'choice' }, mass, el('label', { for: massId }, a.allowMassArchive)),
    el('div', { class: 'form-actions' }, send),
    progress,
    status.element,
  );
  root.replaceChildren(heading(a.views.imports), el('section', { 'aria-labelledby': 'upload-title' }, el('h2', { id: 'upload-title' }, a.uploadTitle), form), report, history);

  const showHistory = async () => {
    const { items } = await admin.imports();
    history.replaceChildren(
      el('h2', {}, a.history),
      items.length
        ? table(
            a.history,
            [a.at, a.fileName, 'Statut', a.startedBy, ''],
            items.map(job => [
              when(job.started_at),
              job.file_name || '',
              a.status[job.status] || job.status,
              job.started_by || '',
              el('button', { type: 'button', class: 'link-button', onclick: () => showJob(job.id) }, a.showReport, el('span', { class: 'visually-hidden' }, ` ${job.file_name || job.id}`)),
            ]),
          )
        : el('p', {}, a.none),
    );
  };
  const showJob = async id => {
    const { import: job } = await admin.importJob(id);
    report.replaceChildren(reportView(job));
    focusElement(report.querySelector('h2'));
  };
  // Polls a running import until it ends (its geocoding included), then shows the report.
  const follow = async id => {
    for (;;) {
      const { import: job } = await admin.importJob(id);
      if (job.status !== 'running' && !job.progress) {
        status.set(a.importDone(job.status), job.status === 'imported' ? 'done' : 'error');
        progress.hidden = true;
        report.replaceChildren(reportView(job));
        await showHistory();
        return job;
      }
      const phase = job.progress?.phase;
      const total = job.progress?.total_bytes;
      if (total > 0) progress.value = Math.min(100, (100 * job.progress.bytes) / total);
      status.set(a.importing(a.phases[phase] || phase || '…', job.progress?.lines ? formatNumber(job.progress.lines) : ''));
      await new Promise(resolve => setTimeout(resolve, 400));
    }
  };

  form.addEventListener('submit', async event => {
    event.preventDefault();
    summary.hide();
    file.setError(null);
    const chosen = file.input.files?.[0];
    if (!chosen) {
      file.setError(a.chooseFile);
      return summary.show(a.chooseFile, [{ input: file.input, text: a.chooseFile, label: a.file }]);
    }
    busy(send, true);
    progress.hidden = false;
    progress.value = 0;
    report.replaceChildren();
    try {
      const started = await uploadExtract(chosen, { allowMassArchive: mass.checked }, (sent, total) => {
        progress.value = total ? (100 * sent) / total : 0;
        status.set(a.uploading(bytes(sent), bytes(total)));
      });
      status.set(a.uploaded);
      progress.value = 0;
      await follow(started.import.id);
      focusElement(report.querySelector('h2'));
    } catch (error) {
      progress.hidden = true;
      status.set('');
      summary.show(describeError(error), error.problems?.length ? placeProblems(error.problems, new Map()) : []);
    } finally {
      busy(send, false);
    }
  });
  await showHistory();
  // An import that runs (started from another page): follow it.
  const { items } = await admin.imports();
  const running = items.find(job => job.status === 'running');
  if (running) {
    progress.hidden = false;
    follow(running.id).catch(() => {});
  }
}

// ---- Claims -------------------------------------------------------------------------------------

async function renderClaims(root, status = 'awaiting_review') {
  const select = control({
    label: a.claimFilter,
    name: 'claim-status',
    kind: 'select',
    options: Object.entries(a.claimStatuses),
    value: status,
  });
  select.input.addEventListener('change', () => renderClaims(root, select.input.value).then(() => select.input.focus()));
  const said = statusLine();
  const { items } = await admin.claims(status);
  const cards = items.map(claim => {
    const reason = control({ label: a.rejectReason, name: `reason-${claim.id}`, kind: 'textarea', maxlength: 500 });
    const approve = el('button', { type: 'button', class: 'primary' }, a.approve, el('span', { class: 'visually-hidden' }, ` : ${claim.claimant_name}`));
    const reject = el('button', { type: 'button', class: 'secondary' }, a.reject, el('span', { class: 'visually-hidden' }, ` : ${claim.claimant_name}`));
    const open = claim.status === 'awaiting_review' || claim.status === 'awaiting_activation';
    const card = el(
      'article',
      { class: 'card claim-card', dataset: { claim: claim.id, practitioner: claim.practitioner?.id } },
      el('h3', {}, `${claim.practitioner?.name || ''} (${claim.practitioner?.id || ''})`),
      el(
        'dl',
        {},
        el('dt', {}, a.claimant),
        el('dd', {}, claim.claimant_name),
        el('dt', {}, a.contact),
        el('dd', {}, claim.contact_email),
        el('dt', {}, a.message),
        el('dd', {}, claim.message || '—'),
        el('dt', {}, a.knownMssante),
        el('dd', {}, (claim.known_mssante_addresses || []).join(', ') || '—'),
        el('dt', {}, a.owners),
        el('dd', {}, (claim.owners || []).length ? String(claim.owners.length) : '—'),
        el('dt', {}, a.at),
        el('dd', {}, when(claim.created_at)),
        claim.reason ? [el('dt', {}, a.reason), el('dd', {}, claim.reason)] : null,
      ),
      open ? el('div', { class: 'actions' }, approve, reason.wrapper, reject) : null,
    );
    approve.addEventListener('click', async () => {
      busy(approve, true);
      try {
        await admin.approveClaim(claim.id);
        said.set(a.approved, 'done');
        card.remove();
      } catch (error) {
        busy(approve, false);
        said.set(describeError(error), 'error');
      }
    });
    reject.addEventListener('click', async () => {
      reason.setError(null);
      if (!reason.input.value.trim()) {
        reason.setError(a.reasonRequired);
        return reason.input.focus();
      }
      busy(reject, true);
      try {
        await admin.rejectClaim(claim.id, reason.input.value);
        said.set(a.rejected, 'done');
        card.remove();
      } catch (error) {
        busy(reject, false);
        if (error.problems?.length) placeProblems(error.problems, new Map([['reason', reason]]));
        said.set(describeError(error), 'error');
      }
    });
    return card;
  });
  root.replaceChildren(heading(a.claimsTitle), el('div', { class: 'filter-row' }, select.wrapper), said.element, cards.length ? el('div', {}, cards) : el('p', {}, a.none));
}

// ---- Corrections and conflicts ------------------------------------------------------------------

async function renderCorrections(root) {
  const said = statusLine();
  const { items } = await admin.corrections('pending');
  const cards = items.map(item => {
    const reason = control({ label: a.rejectReason, name: `reason-${item.id}`, kind: 'textarea', maxlength: 500 });
    const accept = el('button', { type: 'button', class: 'primary' }, a.accept);
    const reject = el('button', { type: 'button', class: 'secondary' }, a.reject);
    const card = el(
      'article',
      { class: 'card correction-card', dataset: { correction: item.id } },
      el('h3', {}, `${item.practitioner_name || item.practitioner_id} — ${a.fieldNames[item.field] || item.field}`),
      el('dl', {}, el('dt', {}, a.proposed), el('dd', {}, valueText(item.value)), el('dt', {}, a.rppsValue), el('dd', {}, valueText(item.rpps_value)), el('dt', {}, a.at), el('dd', {}, when(item.proposed_at))),
      el('div', { class: 'actions' }, accept, reason.wrapper, reject),
    );
    accept.addEventListener('click', async () => {
      busy(accept, true);
      try {
        const { proposal } = await admin.acceptCorrection(item.id);
        said.set(a.accepted(item.field === 'address' ? proposal.location : undefined), 'done');
        card.remove();
      } catch (error) {
        busy(accept, false);
        said.set(describeError(error), 'error');
      }
    });
    reject.addEventListener('click', async () => {
      if (!reason.input.value.trim()) {
        reason.setError(a.reasonRequired);
        return reason.input.focus();
      }
      busy(reject, true);
      try {
        await admin.rejectCorrection(item.id, reason.input.value);
        said.set(a.correctionRejected, 'done');
        card.remove();
      } catch (error) {
        busy(reject, false);
        said.set(describeError(error), 'error');
      }
    });
    return card;
  });
  root.replaceChildren(heading(a.correctionsTitle), said.element, cards.length ? el('div', {}, cards) : el('p', {}, a.none));
}

async function renderConflicts(root) {
  const said = statusLine();
  const { items } = await admin.conflicts();
  const cards = items.map(item => {
    const keep = (choice, label) => {
      const button = el('button', { type: 'button', class: choice === 'correction' ? 'primary' : 'secondary', dataset: { keep: choice } }, label);
      button.addEventListener('click', async () => {
        busy(button, true);
        try {
          await admin.resolveConflict(item.id, choice);
          said.set(a.resolved(choice), 'done');
          card.remove();
        } catch (error) {
          busy(button, false);
          said.set(describeError(error), 'error');
        }
      });
      return button;
    };
    const card = el(
      'article',
      { class: 'card conflict-card', dataset: { conflict: item.id, key: item.entity_key } },
      el('h3', {}, `${item.entity === 'site' ? 'Lieu' : 'Professionnel'} ${item.entity_key} — ${a.fieldNames[item.field] || item.field}`),
      el(
        'dl',
        {},
        el('dt', {}, a.correctionValue),
        el('dd', { class: 'value-correction' }, valueText(item.value)),
        el('dt', {}, a.rppsBefore),
        el('dd', {}, valueText(item.rpps_value_before)),
        el('dt', {}, a.rppsNow),
        el('dd', { class: 'value-rpps' }, valueText(item.rpps_value_now)),
      ),
      el('div', { class: 'actions' }, keep('correction', a.keepCorrection), keep('rpps', a.keepRpps)),
    );
    return card;
  });
  root.replaceChildren(heading(a.views.conflits), el('p', {}, a.conflictsHelp), said.element, cards.length ? el('div', {}, cards) : el('p', {}, a.none));
}

// ---- Users, outbox, audit, backups ---------------------------------------------------------------

async function renderUsers(root, me) {
  const said = statusLine();
  const { items } = await admin.users();
  const rows = items.map(user => {
    const disabled = user.status === 'disabled';
    const toggle = el('button', { type: 'button', class: 'link-button' }, disabled ? a.enable : a.disable, el('span', { class: 'visually-hidden' }, ` ${user.email}`));
    toggle.addEventListener('click', async () => {
      busy(toggle, true);
      try {
        await admin.setUserStatus(user.id, disabled ? 'active' : 'disabled');
        await renderUsers(root, me);
      } catch (error) {
        busy(toggle, false);
        said.set(describeError(error), 'error');
      }
    });
    return [
      user.email,
      a.role[user.role] || user.role,
      `${a.accountStatus[user.status] || user.status}${user.locked ? `, ${a.locked}` : ''}`,
      (user.fiches || []).join(', ') || '—',
      when(user.last_login_at) || '—',
      user.id === me.account.id ? '' : toggle,
    ];
  });
  const email = control({ label: a.inviteEmail, name: 'invite-email', kind: 'email', maxlength: 254, autocomplete: 'off' });
  const invite = el('button', { type: 'submit', class: 'primary' }, a.invite);
  const form = el('form', { class: 'actions', novalidate: true }, email.wrapper, invite);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    email.setError(null);
    busy(invite, true);
    try {
      await admin.inviteAdmin(email.input.value.trim());
      await renderUsers(root, me);
      root.querySelector('.form-status').textContent = a.invited;
    } catch (error) {
      busy(invite, false);
      if (error.problems?.length) placeProblems(error.problems, new Map([['email', email]]));
      said.set(describeError(error), 'error');
    }
  });
  root.replaceChildren(heading(a.usersTitle), said.element, table(a.usersTitle, ['Adresse électronique', 'Rôle', 'État', a.fiches, a.lastLogin, ''], rows), el('h2', {}, a.invite), form);
}

async function renderOutbox(root, unsent = false) {
  const only = el('input', { type: 'checkbox', id: 'unsent-only' });
  only.checked = unsent;
  only.addEventListener('change', () => renderOutbox(root, only.checked).then(() => byId('unsent-only')?.focus()));
  const { items } = await admin.outbox(unsent ? { unsent: 'true' } : {});
  root.replaceChildren(
    heading(a.outboxTitle),
    el('p', {}, a.outboxHelp),
    el('div', { class: 'choice' }, only, el('label', { for: 'unsent-only' }, a.unsentOnly)),
    items.length
      ? table(
          a.outboxTitle,
          [a.at, a.recipient, a.subject, 'Message', a.sent],
          items.map(mail => [when(mail.created_at), mail.recipient, mail.subject, el('pre', { class: 'mail-body' }, mail.body), mail.sent_at ? when(mail.sent_at) : a.notSent]),
          'outbox-table',
        )
      : el('p', {}, a.none),
  );
}

async function renderAudit(root, filters = {}) {
  const fields = [
    ['actor', a.actor, 'text'],
    ['action', a.action, 'text'],
    ['entity', a.entity, 'text'],
    ['entity_key', a.entityKey, 'text'],
    ['from', a.from, 'date'],
    ['to', a.to, 'date'],
  ].map(([name, label, kind]) => Object.assign(control({ label, name: `audit-${name}`, kind, maxlength: 254, value: filters[name] || '', autocomplete: 'off' }), { name, label }));
  const apply = el('button', { type: 'submit', class: 'primary' }, a.filter);
  const form = el('form', { class: 'filter-row audit-filters', novalidate: true }, fields.map(f => f.wrapper), apply);
  const said = statusLine();
  const body = el('div', {});
  const exportLink = el('a', { class: 'secondary button-link', download: 'journal.csv' }, a.exportCsv);
  const current = () => Object.fromEntries(fields.filter(f => f.input.value.trim()).map(f => [f.name, f.input.value.trim()]));
  const load = async (before, append) => {
    const params = { ...current(), limit: '100' };
    if (before) params.before = String(before);
    exportLink.href = downloads.audit(current());
    try {
      const { items, next_before: next } = await admin.audit(params);
      const rows = items.map(entry => [
        when(entry.at),
        entry.actor,
        entry.action,
        `${entry.entity} ${entry.entity_key}`,
        el('pre', {}, entry.before === null ? '—' : JSON.stringify(entry.before, null, 1)),
        el('pre', {}, entry.after === null ? '—' : JSON.stringify(entry.after, null, 1)),
      ]);
      const part = rows.length ? table(a.auditTitle, [a.at, a.actor, a.action, a.entity, a.before, a.after], rows, 'audit-table') : el('p', {}, a.none);
      if (append) body.append(part);
      else body.replaceChildren(part);
      if (next) {
        const more = el('button', { type: 'button', class: 'secondary' }, a.older);
        more.addEventListener('click', () => {
          more.remove();
          load(next, true);
        });
        body.append(more);
      }
      said.set('');
    } catch (error) {
      said.set(describeError(error), 'error');
      if (error.problems?.length) placeProblems(error.problems, new Map(fields.map(f => [f.name, f])));
    }
  };
  form.addEventListener('submit', event => {
    event.preventDefault();
    for (const f of fields) f.setError(null);
    load(null, false);
  });
  root.replaceChildren(heading(a.auditTitle), form, el('p', {}, exportLink), said.element, body);
  await load(null, false);
}

async function renderBackups(root) {
  const said = statusLine();
  const take = el('button', { type: 'button', class: 'primary' }, a.takeBackup);
  const { directory, items } = await admin.backups();
  take.addEventListener('click', async () => {
    busy(take, true);
    try {
      const { backup } = await admin.takeBackup();
      await renderBackups(root);
      root.querySelector('.form-status').textContent = a.backupTaken(backup.file);
    } catch (error) {
      busy(take, false);
      said.set(describeError(error), 'error');
    }
  });
  root.replaceChildren(
    heading(a.backupsTitle),
    el('p', {}, a.backupsHelp),
    directory ? el('p', {}, a.directory(directory)) : null,
    take,
    said.element,
    items.length ? table(a.backupsTitle, [a.fileName, a.size, a.at], items.map(b => [b.file, bytes(b.bytes), when(b.modified_at)])) : el('p', {}, a.none),
  );
}

// ---- The console ----------------------------------------------------------------------------------

async function show(view, me) {
  renderNav(view);
  document.title = `${a.views[view]} — Console d’administration`;
  main.setAttribute('aria-busy', 'true');
  try {
    const renderers = {
      imports: renderImports,
      attributions: root => renderClaims(root),
      corrections: renderCorrections,
      conflits: renderConflicts,
      lieux: renderSites,
      utilisateurs: root => renderUsers(root, me),
      courriels: root => renderOutbox(root),
      journal: root => renderAudit(root),
      sauvegardes: renderBackups,
    };
    await renderers[view](main);
  } catch (error) {
    main.replaceChildren(heading(a.views[view]), el('p', { class: 'error' }, describeError(error)));
  } finally {
    main.removeAttribute('aria-busy');
  }
}

async function start() {
  let me;
  try {
    me = await session();
  } catch (error) {
    main.replaceChildren(heading('Console d’administration'), el('p', { class: 'error' }, describeError(error)));
    return;
  }
  renderAccountNav(me);
  if (!me.authenticated || me.account.role !== 'admin') {
    const back = encodeURIComponent(window.location.pathname);
    main.replaceChildren(
      heading('Console d’administration'),
      el('p', {}, me.authenticated ? a.notAdmin : a.needLogin),
      me.authenticated ? null : el('p', {}, el('a', { href: `/compte?retour=${back}` }, 'Se connecter')),
    );
    return;
  }
  const go = async (view, push) => {
    if (push) history.pushState(null, '', `/admin/${view}`);
    await show(view, me);
    focusElement(main.querySelector('h1'));
  };
  // Links to a view (menu, reports) change the view without reloading the page.
  document.addEventListener('click', event => {
    const link = event.target.closest('a[data-view]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    go(link.dataset.view, true);
  });
  window.addEventListener('popstate', () => go(viewOf(window.location.pathname), false));
  await show(viewOf(window.location.pathname), me);
}

start();
