// Filters apply as they change: the count, the facet counts and the pins follow at once,
// with no submit; "Réinitialiser" brings everything back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browser, checkNoProblems, closePage, count, markers, openPage, server, settle, waitForResults, withServerAndBrowser } from './support.mjs';

withServerAndBrowser();

const api = async query => (await fetch(`${server.url}/api/v1/practitioners?${query}`)).json();

// The clusters the page last received, to compare with what it draws.
function watchClusters(page) {
  const seen = { last: null };
  page.on('response', async response => {
    if (!response.url().includes('/api/v1/clusters')) return;
    try {
      seen.last = await response.json();
    } catch {
      // an aborted request has no body
    }
  });
  return seen;
}

const optionText = (page, select, value) => page.locator(`${select} option[value="${value}"]`).textContent();
const countIn = text => Number(/\(([\d\s\u202f\u00a0]+)\)/.exec(text)[1].replace(/\D/g, ''));

test('a profession and a declared field narrow the count, the facets and the pins, live', async () => {
  const page = await openPage(browser, `${server.url}/`);
  const clusters = watchClusters(page);
  await waitForResults(page);
  const all = await count(page);
  const drawnBefore = await markers(page);
  assert.equal(drawnBefore.total, clusters.last.total, 'the map draws every practitioner of its answer');
  const cardBefore = countIn(await page.textContent('label[for="f-declared-carte_vitale"]'));

  await page.selectOption('#f-profession', '10');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('profession') === '10');
  await waitForResults(page);
  const doctors = await api('profession=10&per_page=1');
  assert.equal(await count(page), doctors.total);
  assert.ok(doctors.total < all);
  // Facets are those of the doctors now; the profession's own facet still lists the others.
  const card = doctors.facets.carte_vitale.find(e => e.code === 'true').count;
  assert.equal(countIn(await page.textContent('label[for="f-declared-carte_vitale"]')), card);
  assert.notEqual(card, cardBefore);
  assert.equal(countIn(await optionText(page, '#f-profession', '10')), doctors.total);
  assert.ok((await page.locator('#f-profession option').count()) > 5, 'the other professions stay to choose from');
  const drawnDoctors = await markers(page);
  assert.equal(drawnDoctors.total, clusters.last.total);
  assert.ok(drawnDoctors.total < drawnBefore.total, 'fewer practitioners on the map');
  for (const profession of await page.locator('#list .result-profession').allTextContents()) assert.match(profession, /^Médecin/);

  // A declared field, checked: applied at once.
  await page.check('#f-declared-carte_vitale');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('carte_vitale') === 'true');
  await waitForResults(page);
  const both = await api('profession=10&carte_vitale=true&per_page=1');
  assert.equal(await count(page), both.total);
  assert.equal(both.total, card);
  assert.equal(countIn(await optionText(page, '#f-profession', '10')), both.total, 'the profession facet counts with the declared filter');
  assert.equal(await page.locator('#list .badges li', { hasText: 'Carte Vitale' }).count(), await page.locator('#list li.result').count());
  const drawnBoth = await markers(page);
  assert.equal(drawnBoth.total, clusters.last.total);
  assert.ok(drawnBoth.total < drawnDoctors.total);
  assert.match(await page.textContent('#filters-count'), /^2$/);

  // Exercise mode and opening hours: a Wednesday at 10:00.
  await page.check('#f-mode-liberal');
  await page.check('#f-open-custom');
  await page.fill('#f-open-date', '2025-03-12');
  await page.fill('#f-open-time', '10:00');
  await page.locator('#f-open-time').dispatchEvent('change');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('ouvert') === '2025-03-12T10:00');
  await waitForResults(page);
  assert.equal(await count(page), (await api('profession=10&carte_vitale=true&mode=liberal&open_at=2025-03-12T10:00&per_page=1')).total);

  await page.click('#filters-reset');
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('profession'));
  await waitForResults(page);
  assert.equal(await count(page), all);
  assert.equal(await page.inputValue('#f-profession'), '');
  assert.ok(!(await page.isChecked('#f-declared-carte_vitale')));
  await settle(page);
  assert.equal((await markers(page)).total, drawnBefore.total);
  await checkNoProblems(page);
  await closePage(page);
});

test('words of the declared vocabulary typed in the box act as their filter', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForResults(page);
  await page.fill('#q', 'kiné domicile');
  await page.press('#q', 'Enter');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'kiné domicile');
  await waitForResults(page);
  const expected = await api('q=kine&home_visits=true&per_page=1');
  assert.equal(await count(page), expected.total);
  assert.match(await page.textContent('#chips'), /Visites à domicile/);
  const entries = await page.locator('#list li.result').count();
  assert.equal(await page.locator('#list .badges li', { hasText: 'Visites à domicile' }).count(), entries);
  await checkNoProblems(page);
  await closePage(page);
});
