// The URL is the state: a shared link (query, filters, view, map, open fiche) opens the
// same page, and the back button walks back through the states one by one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browser, checkNoProblems, closePage, count, declared, layouts, openPage, server, settle, waitForResults, withServerAndBrowser } from './support.mjs';

withServerAndBrowser();

const api = async query => (await fetch(`${server.url}/api/v1/practitioners?${query}`)).json();

test('a shared link opens the same query, filters, view, map and fiche', async () => {
  const shared =
    `/praticien/${declared.id}?q=m%C3%A9decin&profession=10&carte_vitale=true&public=adultes&ouvert=2025-03-12T10%3A00` +
    `&tri=name&vue=carte&carte=15%2F47.77%2F7.33&site=${declared.site}`;
  const page = await openPage(browser, `${server.url}${shared}`, { viewport: layouts.phone390 });
  await page.waitForSelector('#fiche h2:focus');
  await settle(page);
  assert.equal(await page.inputValue('#q'), 'médecin');
  assert.equal(await page.inputValue('#f-profession'), '10');
  assert.ok(await page.isChecked('#f-declared-carte_vitale'));
  assert.ok(await page.isChecked('#f-public-adultes'));
  assert.ok(await page.isChecked('#f-open-custom'));
  assert.equal(await page.inputValue('#f-open-date'), '2025-03-12');
  assert.equal(await page.inputValue('#f-open-time'), '10:00');
  assert.equal(await page.inputValue('#sort'), 'name');
  assert.equal(await page.getAttribute('.view-toggle button[data-view="carte"]', 'aria-pressed'), 'true');
  assert.match(await page.textContent('#fiche h2'), /Daniel LOUIS-ARSLAN/);
  assert.ok(await page.isVisible('#map'));
  const [zoom, lat, lon] = new URL(page.url()).searchParams.get('carte').split('/').map(Number);
  assert.deepEqual([zoom, Math.round(lat * 100) / 100, Math.round(lon * 100) / 100], [15, 47.77, 7.33], 'the map view kept');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#fiche', { state: 'hidden' });
  await page.click('.view-toggle button[data-view="liste"]');
  await waitForResults(page);
  const expected = await api('q=m%C3%A9decin&profession=10&carte_vitale=true&public=adultes&open_at=2025-03-12T10:00&sort=name&per_page=1');
  assert.equal(await count(page), expected.total);
  await checkNoProblems(page);
  await closePage(page);
});

test('the back button walks back through the states: fiche, filter, query', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForResults(page);
  const all = await count(page);
  await page.fill('#q', 'kiné');
  await page.press('#q', 'Enter');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'kiné');
  await waitForResults(page);
  const kine = await count(page);
  await page.selectOption('#f-commune', '68224');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('commune') === '68224');
  await waitForResults(page);
  const inMulhouse = await count(page);
  assert.ok(inMulhouse < kine && kine < all);
  await page.click('#pager button:has-text("Suivante")');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('page') === '2');
  await waitForResults(page);
  const second = await page.locator('#list a.result-link').first().textContent();
  await page.locator('#list a.result-link').first().click();
  await page.waitForSelector('#fiche h2:focus');

  await page.goBack();
  await page.waitForSelector('#fiche', { state: 'hidden' });
  assert.equal(new URL(page.url()).searchParams.get('page'), '2');
  assert.equal(await page.locator('#list a.result-link').first().textContent(), second);

  await page.goBack();
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('page'));
  await waitForResults(page);
  assert.match(await page.textContent('#pager'), /Page 1 sur/);

  await page.goBack();
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('commune'));
  await waitForResults(page);
  assert.equal(await count(page), kine);
  assert.equal(await page.inputValue('#f-commune'), '');
  assert.equal(await page.inputValue('#q'), 'kiné');

  await page.goBack();
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('q'));
  await waitForResults(page);
  assert.equal(await count(page), all);
  assert.equal(await page.inputValue('#q'), '');

  await page.goForward();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'kiné');
  await waitForResults(page);
  assert.equal(await count(page), kine);
  await checkNoProblems(page);
  await closePage(page);
});

test('a fiche has its own URL, which the server answers with the page', async () => {
  const response = await fetch(`${server.url}/praticien/${declared.id}`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/html/);
  assert.equal(response.headers.get('cache-control'), 'no-cache');
  const html = await response.text();
  assert.match(html, /<html lang="fr">/);
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)[1];
  const asset = await fetch(`${server.url}${script}`);
  assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  // Nothing of the sources or of npm is served.
  for (const path of ['/node_modules/leaflet/dist/leaflet.js', '/package.json', '/src/main.js', '/praticien/x/y']) {
    assert.equal((await fetch(`${server.url}${path}`)).status, 404, path);
  }
});
