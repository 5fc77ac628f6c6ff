// The fiche, opened from a pin and from the list: every field the API gives, each with
// its source and date (RPPS extract, declaration, correction with the RPPS value); HTML
// declared by an owner shown as text; the list kept as it was when the fiche closes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browser, checkNoProblems, closePage, count, declared, openPage, server, settle, waitForResults, withServerAndBrowser } from './support.mjs';

withServerAndBrowser();

// The fields of a fiche, by data-field: { value, source }.
const fields = page =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('#fiche [data-field]')].map(row => [
        `${row.closest('section').className.split(' ').pop()}:${row.dataset.field}`,
        { value: row.querySelector('.value').textContent, source: row.querySelector('.source').textContent, absent: row.classList.contains('absent') },
      ]),
    ),
  );

// What the issue counts: 7 RPPS fields and 11 declared ones (beside the other rows of the fiche).
const RPPS = ['identity:exercise_civility', 'identity:last_name', 'identity:first_name', 'identity:profession', 'identity:specialties', 'practice:site_name', 'practice:address'];
const DECLARED = [
  'practice:conventionnement',
  'practice:carte_vitale',
  'practice:tiers_payant',
  'practice:pmr_access',
  'practice:home_visits',
  'practice:teleconsultation',
  'practice:telesoin',
  'practice:publics',
  'practice:acts',
  'practice:opening_hours',
  'practice:appointment_url',
];

test('from the list: all fields with their provenance, owner HTML as text, the list kept on closing', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForResults(page);
  await page.fill('#q', 'louis-arslan');
  await page.press('#q', 'Enter');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'louis-arslan');
  await waitForResults(page);
  const listed = await count(page);
  const link = page.locator(`#list a.result-link[data-site="${declared.site}"]`);
  await link.click();
  await page.waitForSelector('#fiche h2:focus');
  await settle(page);
  assert.equal(new URL(page.url()).pathname, `/praticien/${declared.id}`);
  assert.match(await page.textContent('#fiche h2'), /Dr Daniel LOUIS-ARSLAN/);

  const shown = await fields(page);
  for (const name of [...RPPS, ...DECLARED]) {
    assert.ok(shown[name], `${name} is shown`);
    assert.ok(!shown[name].absent, `${name} has a value`);
  }
  for (const name of RPPS) assert.match(shown[name].source, /^RPPS, importé le \d+ \S+ \d{4}$/, name);
  for (const name of DECLARED) assert.equal(shown[name].source, 'Déclaré par le professionnel le 20 janvier 2026', name);
  // Every other row says where its value comes from too, or that nobody gave it.
  for (const [name, row] of Object.entries(shown)) assert.ok(row.source.length > 0, `${name} has a provenance`);
  assert.equal(shown['practice:conventionnement'].value, 'Conventionné secteur 2 avec OPTAM');
  assert.equal(shown['practice:home_visits'].value, 'Non');
  assert.equal(shown['practice:publics'].value, 'Adultes, Personnes âgées');
  assert.equal(shown['practice:acts'].value, 'Électrocardiogramme, Vaccination');
  assert.match(shown['practice:opening_hours'].value, /lundi8 h 30 – 12 h 00, 14 h 00 – 18 h 30/);
  assert.match(shown['practice:opening_hours'].value, /mardiFermé/);
  assert.match(shown['practice:opening_hours'].value, /^(Ouvert|Fermé) maintenant/);
  assert.match(shown['practice:mssante_email'].value, /cabinet\.hasenrain@medecin\.mssante\.fr.*réservée aux échanges entre professionnels/);
  assert.equal(shown['practice:declared_phone'].value, '03 89 44 55 66');
  assert.equal(shown['practitioner-declared:practitioner_phone'].value, '03 89 11 22 33');
  assert.equal(shown['practitioner-declared:website'].value, 'https://cabinet-louis-arslan.example.fr/ (nouvel onglet)');
  assert.equal(await page.getAttribute('#fiche [data-field="appointment_url"] a', 'href'), 'https://rdv.example.fr/louis-arslan');
  assert.equal(await page.getAttribute('#fiche [data-field="appointment_url"] a', 'rel'), 'noopener noreferrer nofollow');
  assert.match(await page.getAttribute('#fiche .itinerary a', 'href'), /^https:\/\/www\.openstreetmap\.org\/directions\?route=%3B47\.7/);

  // HTML declared by the owner is text: no element made of it, no script run.
  assert.equal(shown['practitioner-declared:expertise'].value, '<img src=x onerror=alert(1)>\nÉchographie cardiaque');
  assert.equal(await page.locator('#fiche img').count(), 0);
  assert.equal(await page.evaluate(() => window.__alerts || 0), 0);

  // The claim: one button, its form only once asked for (owner-console.test.mjs goes through it).
  assert.match(await page.textContent('#fiche .claim'), /Vous êtes ce professionnel/);
  assert.equal(await page.locator('#fiche .claim button').textContent(), 'Je suis ce professionnel');
  assert.equal(await page.locator('#fiche .claim form').count(), 0);

  // The other site: its name corrected by its owner, with the RPPS value beside it.
  await page.click('#fiche .others button');
  await page.waitForFunction(site => new URL(location.href).searchParams.get('site') === String(site), declared.otherSite);
  await page.waitForSelector('#fiche h2:focus');
  const other = await fields(page);
  assert.equal(other['practice:site_name'].value, '<b>Clinique</b> du Parc <script>alert(2)</script>');
  assert.equal(other['practice:site_name'].source, 'Corrigé par le professionnel le 20 janvier 2026 — valeur RPPS : CLINIQUE DU PARC ALSACE');
  assert.equal(await page.locator('#fiche b, #fiche script').count(), 0);

  // Closing (back to the entry that opened it): the list is as it was.
  await page.click('#fiche .fiche-close');
  await page.waitForSelector('#fiche', { state: 'hidden' });
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await count(page), listed);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.site), String(declared.site));
  await checkNoProblems(page);
  await closePage(page);
});

test('from a pin: the fiche of that practice opens, with its provenance', async () => {
  const page = await openPage(browser, `${server.url}/?carte=16/47.7485/7.3394`);
  await waitForResults(page);
  const pin = page.locator('.marker.pin').first();
  await pin.waitFor();
  const label = await pin.getAttribute('aria-label');
  const [name] = label.split(',');
  await pin.click();
  await page.waitForSelector('#fiche h2:focus');
  await settle(page);
  assert.ok((await page.textContent('#fiche h2')).endsWith(name), `${name} in the fiche title`);
  assert.match(new URL(page.url()).pathname, /^\/praticien\/\d+$/);
  assert.ok(new URL(page.url()).searchParams.has('site'));
  const shown = await fields(page);
  for (const name of RPPS) assert.match(shown[name].source, /^RPPS/, name);
  for (const name of DECLARED) assert.ok(shown[name], `${name} is shown (declared or not)`);
  await page.keyboard.press('Escape');
  await page.waitForSelector('#fiche', { state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), label, 'focus back on the pin');
  await checkNoProblems(page);
  await closePage(page);
});
