// The keyboard alone: from the skip link and the search box to a fiche and back; the
// markers as buttons (Enter on a cluster zooms in); focus kept on a marker while tabbing
// moves the map and its markers are redrawn.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browser, checkNoProblems, closePage, openPage, server, settle, waitForResults, withServerAndBrowser } from './support.mjs';

withServerAndBrowser();

const active = page =>
  page.evaluate(() => {
    const element = document.activeElement;
    return {
      tag: element.tagName.toLowerCase(),
      id: element.id,
      classes: element.className && typeof element.className === 'string' ? element.className : '',
      text: element.textContent.trim().slice(0, 80),
      label: element.getAttribute('aria-label') || '',
    };
  });

async function tabUntil(page, predicate, limit = 80) {
  const trail = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const now = await active(page);
    if (predicate(now)) return now;
    trail.push(now.id || now.classes || now.tag);
  }
  assert.fail(`never reached by Tab: ${trail.join(' > ')}`);
}

test('from the search box to a fiche and back with the keyboard only', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForResults(page);
  // The first Tab shows the skip links; the second leads to the search box.
  await page.keyboard.press('Tab');
  assert.equal((await active(page)).text, 'Aller aux résultats');
  assert.ok((await page.locator('.skip-links a').first().boundingBox()).y >= 0, 'the skip link shows when focused');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal((await active(page)).id, 'q');
  await page.keyboard.type('muller');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'muller');
  await waitForResults(page);
  const entry = await tabUntil(page, element => element.classes.includes('result-link'));
  await page.keyboard.press('Enter');
  await page.waitForSelector('#fiche h2:focus');
  assert.equal(await page.textContent('#fiche h2'), entry.text);
  // The close button is just before the title; Tab goes on into the fiche's links.
  await page.keyboard.press('Shift+Tab');
  assert.ok((await active(page)).classes.includes('fiche-close'));
  const inside = await tabUntil(page, element => element.tag === 'a', 5);
  assert.ok(await page.evaluate(() => document.getElementById('fiche').contains(document.activeElement)), inside.text);
  // Escape closes it from anywhere in it.
  await page.keyboard.press('Escape');
  await page.waitForSelector('#fiche', { state: 'hidden' });
  const back = await active(page);
  assert.equal(back.text, entry.text, 'focus is back on the entry');
  await checkNoProblems(page);
  await closePage(page);
});

test('the skip link leads to the results', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForResults(page);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal((await active(page)).id, 'resultats');
  const next = await tabUntil(page, element => element.tag !== 'section', 3);
  assert.ok(['sort', 'radius'].includes(next.id) || next.classes.includes('result-link') || next.classes.includes('chip-remove'), JSON.stringify(next));
  await closePage(page);
});

test('markers are buttons: Enter on a cluster zooms in, and tabbing through pins keeps the focus on them', async () => {
  const page = await openPage(browser, `${server.url}/?carte=13/47.7485/7.3394`);
  await waitForResults(page);
  const cluster = page.locator('.marker.cluster:not(.one-place)').first();
  assert.equal(await cluster.getAttribute('role'), 'button');
  assert.match(await cluster.getAttribute('aria-label'), /^\d+ professionnels dans ce secteur : zoomer$/);
  await cluster.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => Number(new URL(location.href).searchParams.get('carte').split('/')[0]) > 13);
  await settle(page);

  await page.goto(`${server.url}/?carte=16/47.7485/7.3394`);
  await waitForResults(page);
  await page.locator('.marker').first().focus();
  const seen = new Set();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    await settle(page);
    const now = await active(page);
    if (!now.classes.includes('marker')) break;
    seen.add(now.label);
  }
  assert.ok(seen.size >= 5, `tabbed through ${seen.size} markers without losing the focus`);
  const now = await active(page);
  assert.ok(now.classes.includes('marker') || now.classes.includes('leaflet-'), `focus stays in the map: ${JSON.stringify(now)}`);
  // Space opens a pin's fiche too.
  const pin = page.locator('.marker.pin').first();
  await pin.focus();
  await page.keyboard.press(' ');
  await page.waitForSelector('#fiche h2:focus');
  await checkNoProblems(page);
  await closePage(page);
});
