// The account pages (compte.html): log in, set a password from a mailed link, ask for a new
// one, the account with its fiches and its sessions, a claim's status, and the owner page
// (owner.js). The path says which: /compte, /compte/mot-de-passe#jeton=…,
// /compte/mot-de-passe-oublie, /compte/fiche/ID, /attribution/suivi#jeton=…. Links'
// tokens travel in the fragment, which the browser never sends to a server.
import './styles.css';
import './pages.css';
import { account, session } from './api.js';
import { byId, el, focusElement } from './dom.js';
import { busy, control, describeError, errorSummary, placeProblems, statusLine } from './forms.js';
import { formatDate } from './fr.js';
import { p } from './fr-pages.js';
import { guideBox as guide, renderOwnerPage } from './owner.js';
import { renderAccountNav } from './session-nav.js';

const main = byId('contenu');

function page(title, ...children) {
  document.title = `${title} — ${p.siteTitle}`;
  const heading = el('h1', { tabindex: '-1' }, title);
  main.replaceChildren(heading, ...children);
  return heading;
}

// The token of a mailed link (#jeton=…). A one-time link's is taken out of the address bar
// once read; a claim's status link is kept, to be opened again.
function linkToken({ keep = false } = {}) {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('jeton');
  if (token && !keep) history.replaceState(null, '', window.location.pathname);
  return token;
}

// Where to go once logged in: back where the visitor came from (a page of this site only).
function next(me) {
  const back = new URLSearchParams(window.location.search).get('retour');
  if (back && /^\/(admin|compte)(\/[\w-]+){0,2}$/.test(back)) return back;
  if (me.account?.role === 'admin') return '/admin';
  if (me.fiches?.length === 1) return `/compte/fiche/${me.fiches[0].id}`;
  return '/compte';
}

function loginPage() {
  const email = control({ label: p.email, name: 'email', kind: 'email', required: true, maxlength: 254, autocomplete: 'username' });
  const password = control({ label: p.password, name: 'password', kind: 'password', required: true, maxlength: 200, autocomplete: 'current-password' });
  const summary = errorSummary();
  const status = statusLine();
  const submit = el('button', { type: 'submit', class: 'primary' }, p.loginButton);
  const form = el('form', { class: 'doc-form', novalidate: true }, summary.element, email.wrapper, password.wrapper, el('div', { class: 'form-actions' }, submit), status.element);
  const controls = new Map([
    ['email', { ...email, label: p.email }],
    ['password', { ...password, label: p.password }],
  ]);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    for (const c of controls.values()) c.setError(null);
    summary.hide();
    const missing = [...controls].filter(([, c]) => !c.input.value).map(([path]) => ({ path, fault: 'required' }));
    if (missing.length) return summary.show(describeError({ code: 'invalid_request' }), placeProblems(missing, controls));
    busy(submit, true, p.loggingIn);
    try {
      const me = await account.login(email.input.value.trim(), password.input.value);
      window.location.assign(next(me));
    } catch (error) {
      busy(submit, false);
      password.input.value = '';
      summary.show(describeError(error), error.problems?.length ? placeProblems(error.problems, controls) : []);
    }
  });
  page(
    p.loginTitle,
    el('p', {}, p.loginIntro),
    form,
    el('p', {}, el('a', { href: '/compte/mot-de-passe-oublie' }, p.forgotten)),
    el('p', { class: 'field-help' }, p.noAccount),
    guide(),
  );
  email.input.focus();
}

function setPasswordPage() {
  const token = linkToken();
  if (!token) {
    page(p.setPasswordTitle, el('p', { class: 'error' }, p.noToken), el('p', {}, el('a', { href: '/compte/mot-de-passe-oublie' }, p.forgotten)));
    return;
  }
  const first = control({ label: p.newPassword, name: 'password', kind: 'password', help: p.newPasswordHelp, required: true, maxlength: 200, autocomplete: 'new-password' });
  const second = control({ label: p.confirmPassword, name: 'confirm', kind: 'password', required: true, maxlength: 200, autocomplete: 'new-password' });
  const summary = errorSummary();
  const status = statusLine();
  const submit = el('button', { type: 'submit', class: 'primary' }, p.savePassword);
  const form = el('form', { class: 'doc-form', novalidate: true }, summary.element, first.wrapper, second.wrapper, el('div', { class: 'form-actions' }, submit), status.element);
  const controls = new Map([['password', { ...first, label: p.newPassword }]]);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    first.setError(null);
    second.setError(null);
    summary.hide();
    if ([...first.input.value].length < 12) {
      first.setError(p.passwordTooShort);
      return summary.show(p.passwordTooShort, [{ input: first.input, text: p.passwordTooShort, label: p.newPassword }]);
    }
    if (first.input.value !== second.input.value) {
      second.setError(p.passwordsDiffer);
      return summary.show(p.passwordsDiffer, [{ input: second.input, text: p.passwordsDiffer, label: p.confirmPassword }]);
    }
    busy(submit, true);
    try {
      const me = await account.setPassword(token, first.input.value);
      window.location.assign(next(me));
    } catch (error) {
      busy(submit, false);
      summary.show(describeError(error), error.problems?.length ? placeProblems(error.problems, controls) : []);
    }
  });
  page(p.setPasswordTitle, el('p', {}, p.setPasswordIntro), form);
}

function resetPage() {
  const email = control({ label: p.email, name: 'email', kind: 'email', required: true, maxlength: 254, autocomplete: 'username' });
  const summary = errorSummary();
  const status = statusLine();
  const submit = el('button', { type: 'submit', class: 'primary' }, p.resetButton);
  const form = el('form', { class: 'doc-form', novalidate: true }, summary.element, email.wrapper, el('div', { class: 'form-actions' }, submit), status.element);
  const controls = new Map([['email', { ...email, label: p.email }]]);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    email.setError(null);
    summary.hide();
    if (!email.input.value.trim()) return summary.show(describeError({ code: 'invalid_request' }), placeProblems([{ path: 'email', fault: 'required' }], controls));
    busy(submit, true);
    try {
      await account.requestReset(email.input.value.trim());
      status.set(p.resetSent, 'done');
    } catch (error) {
      summary.show(describeError(error), error.problems?.length ? placeProblems(error.problems, controls) : []);
    } finally {
      busy(submit, false);
    }
  });
  page(p.resetTitle, el('p', {}, p.resetIntro), form, el('p', {}, el('a', { href: '/compte' }, p.loginTitle)));
}

function accountPage(me) {
  const status = statusLine();
  const revoke = el('button', { type: 'button', class: 'secondary' }, p.revokeAll);
  revoke.addEventListener('click', async () => {
    busy(revoke, true);
    try {
      const answer = await account.revokeSessions();
      status.set(p.revoked(answer.revoked), 'done');
      renderAccountNav({ authenticated: false });
      setTimeout(() => window.location.assign('/compte'), 2500);
    } catch (error) {
      busy(revoke, false);
      status.set(describeError(error), 'error');
    }
  });
  page(
    p.accountTitle,
    el('p', {}, p.loggedAs(me.account.email)),
    me.account.role === 'admin' ? el('p', {}, el('a', { href: '/admin', class: 'primary button-link' }, p.adminLink)) : null,
    el('section', { 'aria-labelledby': 'mes-fiches' }, el('h2', { id: 'mes-fiches' }, p.myFiches),
      me.fiches.length
        ? el('ul', { class: 'fiche-links' }, me.fiches.map(f => el('li', {}, el('a', { href: `/compte/fiche/${encodeURIComponent(f.id)}` }, p.editFiche(f.name || f.id)))))
        : el('p', {}, p.noFiche)),
    el('section', { 'aria-labelledby': 'securite' }, el('h2', { id: 'securite' }, p.sessionsTitle), el('p', {}, p.sessionsText), revoke, status.element),
    guide(),
  );
}

async function claimStatusPage() {
  const token = linkToken({ keep: true });
  if (!token) return page(p.claimStatusTitle, el('p', { class: 'error' }, p.noToken));
  try {
    const { claim } = await account.claimStatus(token);
    const created = formatDate(claim.created_at) || claim.created_at;
    const decided = claim.decided_at ? formatDate(claim.decided_at) || claim.decided_at : null;
    page(
      p.claimStatusTitle,
      el('p', { class: 'claim-practitioner' }, p.claimOf(claim.practitioner?.name || claim.practitioner?.id || '')),
      el('p', { class: `claim-status status-${claim.status}`, dataset: { status: claim.status } }, p.claimStatus[claim.status] || claim.status),
      el('p', {}, p.claimCreated(created)),
      decided ? el('p', {}, p.claimDecided(decided)) : null,
      claim.reason ? el('p', {}, el('strong', {}, p.claimReason), ' ', claim.reason) : null,
      claim.status === 'activated' ? el('p', {}, el('a', { href: '/compte' }, p.loginTitle)) : null,
      guide(),
    );
  } catch (error) {
    page(p.claimStatusTitle, el('p', { class: 'error' }, describeError(error)));
  }
}

async function start() {
  const path = window.location.pathname.replace(/\/+$/, '') || '/compte';
  let me = { authenticated: false };
  try {
    me = await session();
  } catch (error) {
    renderAccountNav(me);
    page(p.accountTitle, el('p', { class: 'error' }, describeError(error)));
    return;
  }
  renderAccountNav(me);
  let heading;
  if (path === '/compte/mot-de-passe') setPasswordPage();
  else if (path === '/compte/mot-de-passe-oublie') resetPage();
  else if (path.startsWith('/attribution/')) await claimStatusPage();
  else if (!me.authenticated) return loginPage();
  else if (path.startsWith('/compte/fiche/')) {
    await renderOwnerPage(main, decodeURIComponent(path.slice('/compte/fiche/'.length)));
    heading = main.querySelector('h1');
  } else accountPage(me);
  focusElement(heading || main.querySelector('h1'));
}

start();
