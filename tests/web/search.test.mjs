// Searching from the box: over the whole territory whatever the map shows, the map
// fitting the results; autocomplete of names, professions and communes; civility words,
// typos and texts with no letter as the API reads them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browser, checkNoProblems, closePage, count, openPage, server, settle, urlParams, waitForResults, withServerAndBrowser } from './support.mjs';

withServerAndBrowser();

const api = async query => (await fetch(`${server.url}/api/v1/practitioners?${query}`)).json();

async function search(page, text) {
  await page.fill('#q', text);
  await page.press('#q', 'Enter');
  await page.waitForFunction(q => new URL(location.href).searchParams.get('q') === q, text);
  await waitForResults(page);
}

// The map's view as [w, s, e, n].
const mapBox = page =>
  page.evaluate(() => {
    const map = document.getElementById('map');
    const zoom = Number(new URL(location.href).searchParams.get('carte').split('/')[0]);
    return { zoom, width: map.clientWidth };
  });

test('a name is searched over the whole territory, and the map moves to its results', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForResults(page);
  const start = await mapBox(page);
  // Zoomed in far from Berrwiller first: the search must not stay inside the view.
  await page.goto(`${server.url}/?carte=16/47.7485/7.3394`);
  await waitForResults(page);
  await search(page, 'pharmacien berrwiller');
  const expected = await api('q=pharmacien%20berrwiller&per_page=1');
  assert.equal(expected.total, 4);
  assert.equal(await count(page), 4);
  const places = await page.locator('#list .result-address').allTextContents();
  assert.ok(places.every(text => /Berrwiller/.test(text)), places.join(' / '));
  // The map fitted the four results: its centre is in Berrwiller (47.85 N, 7.22 E).
  const [zoom, lat, lon] = new URL(page.url()).searchParams.get('carte').split('/').map(Number);
  assert.ok(Math.abs(lat - 47.849) < 0.01 && Math.abs(lon - 7.219) < 0.01, `map at ${lat}, ${lon}`);
  assert.ok(zoom > start.zoom, 'zoomed in on the results');

  await search(page, 'kiné mulhouse');
  assert.equal(await count(page), (await api('q=kin%C3%A9%20mulhouse&per_page=1')).total);
  assert.ok((await count(page)) >= 90, 'every kiné of Mulhouse, not those of a strip of map');
  const professions = await page.locator('#list .result-profession').allTextContents();
  assert.ok(professions.every(text => /Masseur-Kinésithérapeute/.test(text)));
  await checkNoProblems(page);
  await closePage(page);
});

test('"Dr Muller" finds the doctors named Muller; "fourneir" finds FOURNIER; "-" asks for a letter', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForResults(page);
  await search(page, 'Dr Muller');
  const expected = await api('q=Dr%20Muller&per_page=1');
  assert.equal(await count(page), expected.total);
  const first = await page.locator('#list .result-link').first().textContent();
  assert.match(first, /^Dr .*MULLER$/);
  assert.match(await page.textContent('#chips'), /Recherche comprise :\s*Docteur/);

  await search(page, 'fourneir');
  assert.ok((await count(page)) > 0);
  assert.match(await page.locator('#list .result-link').first().textContent(), /FOURNIER/);

  const before = page.url();
  await page.fill('#q', '-');
  await page.press('#q', 'Enter');
  await page.waitForSelector('#search-message:not([hidden])');
  assert.equal(await page.textContent('#search-message'), 'Saisissez au moins une lettre ou un chiffre pour rechercher.');
  assert.equal(page.url(), before, 'nothing searched');
  await checkNoProblems(page);
  await closePage(page);
});

test('a link with a text that has no letter shows the API error as a French sentence', async () => {
  const page = await openPage(browser, `${server.url}/?q=%F0%9F%98%80`);
  await page.waitForSelector('#results-error:not([hidden])');
  assert.equal(await page.textContent('#results-error'), 'Saisissez au moins une lettre ou un chiffre pour rechercher.');
  // The browser logs the 400 itself; nothing else went wrong.
  assert.deepEqual(page.problems.filter(p => !/status of 400/.test(p)), []);
  await closePage(page);
});

test('autocomplete proposes names, professions and communes, by keyboard and by mouse', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForResults(page);
  await page.click('#q');
  await page.keyboard.type('louis-ar', { delay: 30 });
  await page.waitForSelector('#q-options:not([hidden]) [role="option"]');
  assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'true');
  const options = await page.locator('#q-options [role="option"]').allTextContents();
  assert.ok(options.some(text => /Daniel LOUIS-ARSLAN/.test(text) && /Professionnel/.test(text)), options.join(' / '));
  // Arrows move the active option; Enter opens the practitioner's fiche.
  const index = options.findIndex(text => /Daniel LOUIS-ARSLAN/.test(text));
  for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await page.getAttribute('#q', 'aria-activedescendant'), `q-options-${index}`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#fiche h2:focus');
  assert.match(await page.textContent('#fiche h2'), /Daniel LOUIS-ARSLAN/);
  assert.equal((await urlParams(page)).path, '/praticien/10010506193');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#fiche', { state: 'hidden' });

  // A profession becomes its filter; the box is left empty.
  await page.fill('#q', '');
  await page.click('#q');
  await page.keyboard.type('kinésith', { delay: 30 });
  const profession = page.locator('#q-options [role="option"]', { hasText: 'Masseur-Kinésithérapeute' });
  await profession.first().waitFor();
  await profession.first().click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('profession') === '70');
  await waitForResults(page);
  assert.equal(await page.inputValue('#q'), '');
  assert.equal(await page.inputValue('#f-profession'), '70');
  assert.equal(await count(page), (await api('profession=70&per_page=1')).total);

  // A commune too.
  await page.click('#q');
  await page.keyboard.type('riedis', { delay: 30 });
  const commune = page.locator('#q-options [role="option"]', { hasText: 'Riedisheim' });
  await commune.first().waitFor();
  await commune.first().click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('commune') === '68271');
  await waitForResults(page);
  assert.equal(await count(page), (await api('profession=70&commune=68271&per_page=1')).total);
  const places = await page.locator('#list .result-address').allTextContents();
  assert.ok(places.every(text => /Riedisheim/.test(text)));
  await settle(page);
  await checkNoProblems(page);
  await closePage(page);
});
