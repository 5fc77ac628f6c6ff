// "Près de…" an address found by the server's geocoder, and "autour de moi" from the
// browser's position: results sorted by distance, each with its distance.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browser, checkNoProblems, closePage, count, openPage, server, waitForResults, withServerAndBrowser } from './support.mjs';

withServerAndBrowser();

const api = async query => (await fetch(`${server.url}/api/v1/practitioners?${query}`)).json();

// "à 850 m" / "à 1,2 km" in metres.
const metres = text => {
  const found = /à ([\d\s,\u202f\u00a0]+) (m|km)/.exec(text);
  const value = Number(found[1].replace(/[\s\u202f\u00a0]/g, '').replace(',', '.'));
  return found[2] === 'km' ? value * 1000 : value;
};

test('an address typed in "près de" sorts the results by distance and shows each distance', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForResults(page);
  await page.fill('#q', 'kiné');
  await page.press('#q', 'Enter');
  await waitForResults(page);
  await page.click('#near');
  await page.keyboard.type('12 avenue du sauvage mulhouse', { delay: 20 });
  const option = page.locator('#near-options [role="option"]', { hasText: 'Avenue du Sauvage' }).first();
  await option.waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => new URL(location.href).searchParams.has('near'));
  await waitForResults(page);
  const url = new URL(page.url());
  const [lat, lon] = url.searchParams.get('near').split(',').map(Number);
  // BAN sample: 12 Avenue du Sauvage, Mulhouse is at 47.775992, 7.321638 (tolerance 1e-4 degree).
  assert.ok(Math.abs(lat - 47.775992) < 1e-4 && Math.abs(lon - 7.321638) < 1e-4, `${lat},${lon}`);
  assert.match(url.searchParams.get('pres'), /Avenue du Sauvage/);
  // Near an address, the nearest first, even with a text.
  assert.equal(await page.inputValue('#sort'), 'distance');
  const expected = await api(`q=kin%C3%A9&near=${lat},${lon}&radius_km=10&sort=distance&per_page=20`);
  assert.equal(await count(page), expected.total);
  const distances = (await page.locator('#list .result-distance').allTextContents()).map(metres);
  assert.equal(distances.length, expected.items.length);
  for (let i = 1; i < distances.length; i++) assert.ok(distances[i] >= distances[i - 1], `sorted: ${distances.join(', ')}`);
  const names = await page.locator('#list .result-link').allTextContents();
  assert.match(names[0], new RegExp(expected.items[0].last_name));
  assert.match(await page.textContent('#count'), /à moins de 10 km de .*Avenue du Sauvage/);

  // A smaller radius keeps fewer.
  await page.selectOption('#radius', '1');
  await waitForResults(page);
  assert.equal(await count(page), (await api(`q=kin%C3%A9&near=${lat},${lon}&radius_km=1&per_page=1`)).total);
  assert.ok(distances.length === 0 || (await count(page)) < expected.total);
  for (const d of (await page.locator('#list .result-distance').allTextContents()).map(metres)) assert.ok(d <= 1000);
  await checkNoProblems(page);
  await closePage(page);
});

test('"autour de moi" searches around the browser\'s position, nearest first', async () => {
  const here = { latitude: 47.7466, longitude: 7.3389 };
  const page = await openPage(browser, `${server.url}/`, { context: { geolocation: here, permissions: ['geolocation'] } });
  await waitForResults(page);
  await page.click('#locate');
  await page.waitForFunction(() => new URL(location.href).searchParams.has('near'));
  await waitForResults(page);
  assert.equal(await page.inputValue('#near'), 'Ma position');
  assert.equal(await page.inputValue('#sort'), 'distance');
  const expected = await api(`near=${here.latitude},${here.longitude}&radius_km=10&per_page=1`);
  assert.equal(await count(page), expected.total);
  const distances = (await page.locator('#list .result-distance').allTextContents()).map(metres);
  assert.ok(distances.length > 0);
  for (let i = 1; i < distances.length; i++) assert.ok(distances[i] >= distances[i - 1]);
  assert.ok(await page.locator('.near-point').count(), 'the point searched around is on the map');
  await checkNoProblems(page);
  await closePage(page);
});

test('a refused position is explained in French', async () => {
  const page = await openPage(browser, `${server.url}/`, { context: { permissions: [] } });
  await waitForResults(page);
  await page.click('#locate');
  await page.waitForSelector('#search-message:not([hidden])');
  assert.match(await page.textContent('#search-message'), /position n'a pas été autorisée|position n'a pas pu être obtenue/);
  await closePage(page);
});
