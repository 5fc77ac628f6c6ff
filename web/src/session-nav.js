// The header of the account pages and the console: who is logged in, their account, the
// console for admins, and logging out.
import { account } from './api.js';
import { byId, el } from './dom.js';
import { p } from './fr-pages.js';

export function renderAccountNav(me) {
  const nav = byId('account-nav');
  if (!nav) return;
  const items = [el('li', {}, el('a', { href: '/' }, p.backToMap))];
  if (me?.authenticated) {
    items.push(el('li', {}, el('a', { href: '/compte' }, p.myAccount)));
    if (me.account.role === 'admin') items.push(el('li', {}, el('a', { href: '/admin' }, p.console)));
    const logout = el('button', { type: 'button', class: 'link-button' }, p.logout);
    logout.addEventListener('click', async () => {
      logout.disabled = true;
      try {
        await account.logout();
      } finally {
        window.location.assign('/compte');
      }
    });
    items.push(el('li', { class: 'who' }, p.loggedAs(me.account.email)), el('li', {}, logout));
  } else {
    items.push(el('li', {}, el('a', { href: '/compte' }, p.loginTitle)));
  }
  const current = window.location.pathname;
  for (const item of items) {
    const link = item.querySelector('a');
    if (link && link.getAttribute('href') === current) link.setAttribute('aria-current', 'page');
  }
  nav.replaceChildren(el('ul', {}, items));
}
