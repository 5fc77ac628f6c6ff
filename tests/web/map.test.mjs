// The map: "search in this area" once the user pans, and the list following the map
// from then on; a cluster of one address (a hospital's 87 practitioners) opening its
// list, paged to the last entry; the offline base map when tiles cannot be reached.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browser, checkNoProblems, closePage, count, openPage, screenshot, server, settle, startServer, waitForResults, withServerAndBrowser } from './support.mjs';

withServerAndBrowser();

const api = async (path, query) => (await fetch(`${server.url}/api/v1/${path}?${query}`)).json();

async function drag(page, dx, dy) {
  const box = await page.locator('#map').boundingBox();
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 5 });
  await page.mouse.move(x + dx, y + dy, { steps: 5 });
  await page.mouse.up();
}

const zoneOf = page => new URL(page.url()).searchParams.get('zone');

test('after a pan, "search in this area" limits the list to the map, which it then follows', async () => {
  const page = await openPage(browser, `${server.url}/?carte=14/47.7485/7.3394`);
  await waitForResults(page);
  const whole = await count(page);
  assert.ok(await page.isHidden('#search-area'), 'no button before the user moves the map');
  await drag(page, -150, 80);
  await page.waitForSelector('#search-area:not([hidden])');
  assert.equal(await count(page), whole, 'the list stays on the whole territory until asked');
  await page.click('#search-area');
  await page.waitForFunction(() => new URL(location.href).searchParams.has('zone'));
  await waitForResults(page);
  const zone = zoneOf(page);
  const inZone = await api('practitioners', `bbox=${zone}&per_page=1`);
  assert.equal(await count(page), inZone.total);
  assert.ok(inZone.total < whole && inZone.total > 0);
  assert.match(await page.textContent('#count'), /dans la zone de la carte/);

  // The list follows each move from now on.
  await drag(page, 250, 0);
  await page.waitForFunction(previous => new URL(location.href).searchParams.get('zone') !== previous, zone);
  await waitForResults(page);
  const moved = zoneOf(page);
  assert.equal(await count(page), (await api('practitioners', `bbox=${moved}&per_page=1`)).total);
  const [west] = moved.split(',').map(Number);
  assert.ok(west < Number(zone.split(',')[0]), 'the zone moved west with the map');

  // The chip gives the whole territory back.
  await page.click('#chips .chip-remove');
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('zone'));
  await waitForResults(page);
  assert.equal(await count(page), whole);
  await checkNoProblems(page);
  await closePage(page);
});

test('a cluster zooms in; the 87 practitioners of one address open as a list, paged to the last', async () => {
  const page = await openPage(browser, `${server.url}/?carte=13/47.7553/7.3322`);
  await waitForResults(page);
  // A cluster of several places: a click zooms in.
  const spread = page.locator('.marker.cluster:not(.one-place)').first();
  await spread.click();
  await page.waitForFunction(() => Number(new URL(location.href).searchParams.get('carte').split('/')[0]) > 13);
  await settle(page);

  // The hospital: one address, a cluster that cannot split.
  await page.goto(`${server.url}/?carte=15/47.7553/7.3322`);
  await waitForResults(page);
  const hospital = page.locator('.marker.cluster.one-place', { hasText: /^87$/ });
  await hospital.waitFor();
  assert.equal(await hospital.getAttribute('aria-label'), '87 professionnels à cette adresse : afficher la liste');
  await hospital.click();
  await page.waitForFunction(() => new URL(location.href).searchParams.has('lieu'));
  await waitForResults(page);
  assert.equal(await count(page), 87);
  assert.match(await page.textContent('#count'), /87 résultats à cette adresse/);
  const addresses = new Set(await page.locator('#list .result-address').allTextContents());
  assert.equal(addresses.size, 1, [...addresses].join(' / '));
  assert.match(await page.textContent('#pager'), /Page 1 sur 5/);
  for (let i = 0; i < 4; i++) {
    await page.click('#pager button:has-text("Suivante")');
    await page.waitForFunction(p => new URL(location.href).searchParams.get('page') === String(p), i + 2);
    await waitForResults(page);
  }
  assert.match(await page.textContent('#pager'), /Page 5 sur 5/);
  assert.equal(await page.locator('#list li.result').count(), 87 - 4 * 20);
  assert.ok(await page.isDisabled('#pager button:has-text("Suivante")'));
  await screenshot(page, 'desktop-one-address');
  await checkNoProblems(page);
  await closePage(page);
});

test('with no tile server, the offline base map draws the territory, its communes and their names', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForResults(page);
  const communes = (await api('base-map', '')).features.length;
  assert.equal(communes, 39);
  // Two drawings of each commune: the wide outline under, the communes over it.
  assert.equal(await page.locator('.leaflet-basemap-pane path').count(), 2 * communes);
  assert.equal(await page.locator('.commune-label').count(), communes);
  assert.ok(await page.locator('.commune-label', { hasText: 'Mulhouse' }).isVisible());
  assert.match(await page.textContent('.leaflet-control-attribution'), /contours des communes/);
  assert.equal(await page.locator('.leaflet-tile').count(), 0);
  await checkNoProblems(page);
  await closePage(page);
});

test('with the tile URL unreachable, the page shows the offline base map and says so', async () => {
  const tiles = await startServer(['--tiles', 'https://{s}.tiles.invalid/{z}/{x}/{y}.png', '--tiles-attribution', '© les contributeurs d’OpenStreetMap']);
  try {
    const page = await openPage(browser, `${tiles.url}/`, {
      allowConsole: [/Failed to load resource/, /ERR_NAME_NOT_RESOLVED/],
      route: p => p.route('https://*.tiles.invalid/**', route => route.abort('namenotresolved')),
    });
    await waitForResults(page);
    const csp = (await page.request.get(`${tiles.url}/`)).headers()['content-security-policy'];
    assert.match(csp, /img-src 'self' data: https:\/\/\*\.tiles\.invalid;/);
    await page.waitForSelector('#map-message:not([hidden])');
    assert.match(await page.textContent('#map-message'), /fond hors ligne/);
    assert.equal(await page.locator('.leaflet-tile-pane img').count(), 0, 'the failing tile layer is gone');
    assert.ok((await page.locator('.leaflet-basemap-pane path').count()) > 0);
    assert.ok(await page.locator('.commune-label', { hasText: 'Mulhouse' }).isVisible());
    assert.ok((await page.locator('.marker.cluster').count()) > 0);
    await screenshot(page, 'desktop-offline-base-map');
    await checkNoProblems(page);
    await closePage(page);
  } finally {
    await tiles.stop();
  }
});
