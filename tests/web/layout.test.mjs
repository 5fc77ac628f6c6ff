// The page on a desktop and on phones of 390 and 320 px: a usable map, no horizontal
// scroll, the fiche as a bottom sheet; axe-core finds nothing serious on the desktop and
// phone layouts, with the fiche open and with the filters open; screenshots of each.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browser, checkAccessibility, checkNoProblems, closePage, declared, layouts, markers, openPage, screenshot, server, settle, waitForResults, withServerAndBrowser } from './support.mjs';

withServerAndBrowser();

const horizontalOverflow = page => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('desktop: list, filters and map side by side, fiche in the list column, no serious axe violation', async () => {
  const page = await openPage(browser, `${server.url}/`, { viewport: layouts.desktop });
  await waitForResults(page);
  assert.ok(await page.isVisible('#map'), 'the map shows');
  assert.ok(await page.isVisible('#filters'), 'the filters have a column of their own');
  assert.ok((await markers(page)).clusters > 0, 'clusters are drawn');
  assert.equal(await horizontalOverflow(page), 0);
  await checkAccessibility(page, 'desktop, list');
  await screenshot(page, 'desktop-list');

  await page.locator('#list a.result-link').first().click();
  await page.waitForSelector('#fiche h2:focus');
  await settle(page);
  const fiche = await page.locator('#fiche').boundingBox();
  const column = await page.locator('.results-column').boundingBox();
  assert.ok(Math.abs(fiche.x - column.x) < 2 && Math.abs(fiche.width - column.width) < 2, 'the fiche covers the list column');
  await checkAccessibility(page, 'desktop, fiche open');
  await screenshot(page, 'desktop-fiche');
  await checkNoProblems(page);
  await closePage(page);
});

test('a tablet: the filters open over the list and close with "Voir les résultats"', async () => {
  const page = await openPage(browser, `${server.url}/`, { viewport: layouts.tablet });
  await waitForResults(page);
  assert.ok(!(await page.isVisible('#filters')), 'the filters start closed');
  await page.click('#filters-toggle');
  assert.ok(await page.isVisible('#filters'));
  await checkAccessibility(page, 'tablet, filters open');
  await page.click('#filters-done');
  assert.ok(!(await page.isVisible('#filters')));
  assert.equal(await page.evaluate(() => document.activeElement.id), 'filters-toggle');
  await closePage(page);
});

for (const [name, viewport] of [
  ['phone390', layouts.phone390],
  ['phone320', layouts.phone320],
]) {
  test(`${viewport.width} px phone: list or map, a usable map, the fiche as a bottom sheet, filters full screen`, async () => {
    const page = await openPage(browser, `${server.url}/`, { viewport });
    await waitForResults(page);
    assert.equal(await horizontalOverflow(page), 0, 'no horizontal scroll (list)');
    assert.ok(!(await page.isVisible('#map')), 'the list shows first');
    await checkAccessibility(page, `${name}, list`);
    await screenshot(page, `${name}-list`);

    await page.click('.view-toggle button[data-view="carte"]');
    await page.waitForSelector('.marker.cluster');
    await settle(page);
    const map = await page.locator('#map').boundingBox();
    assert.ok(map.width >= viewport.width - 2, `the map is as wide as the phone (${map.width})`);
    assert.ok(map.height >= 300, `the map is tall enough to use (${map.height})`);
    assert.equal(await horizontalOverflow(page), 0, 'no horizontal scroll (map)');
    assert.equal(new URL(page.url()).searchParams.get('vue'), 'carte');
    // A cluster on the map is a button that zooms in.
    const zoomBefore = Number(new URL(page.url()).searchParams.get('carte').split('/')[0]);
    const cluster = page.locator('.marker.cluster:not(.one-place)').first();
    const box = await cluster.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, 'the cluster is on screen');
    await cluster.click();
    await page.waitForFunction(z => Number(new URL(location.href).searchParams.get('carte').split('/')[0]) > z, zoomBefore);
    await settle(page);
    await checkAccessibility(page, `${name}, map`);
    await screenshot(page, `${name}-map`);

    // A pin opens the fiche as a bottom sheet over the map.
    await page.goto(`${server.url}/praticien/${declared.id}?site=${declared.site}&vue=carte`);
    await page.waitForSelector('#fiche h2:focus');
    await settle(page);
    const sheet = await page.locator('#fiche').boundingBox();
    assert.ok(sheet.y > 0 && Math.abs(sheet.y + sheet.height - viewport.height) < 2, 'the fiche sits at the bottom');
    assert.ok(sheet.width >= viewport.width - 2);
    assert.equal(await horizontalOverflow(page), 0, 'no horizontal scroll (fiche)');
    await checkAccessibility(page, `${name}, fiche open`);
    await screenshot(page, `${name}-fiche`);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#fiche', { state: 'hidden' });

    await page.click('#filters-toggle');
    assert.ok(await page.isVisible('#filters'));
    const filters = await page.locator('#filters').boundingBox();
    assert.ok(filters.width >= viewport.width - 2 && filters.height >= viewport.height - 2, 'the filters take the screen');
    assert.equal(await horizontalOverflow(page), 0, 'no horizontal scroll (filters)');
    await checkAccessibility(page, `${name}, filters open`);
    await screenshot(page, `${name}-filters`);
    await page.keyboard.press('Escape');
    assert.ok(!(await page.isVisible('#filters')));
    await checkNoProblems(page);
    await closePage(page);
  });
}
