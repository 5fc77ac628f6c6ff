// Claiming a fiche, editing it and running the annuaire from the console, in Chromium, on a
// real server over a copy of the sample database: a visitor claims a fiche from the public
// page; an admin approves it in the console; the activation link reaches the claimant
// through the outbox; they set a password, edit their hours and Carte Vitale (only what
// changed is sent) and propose an address; the public search filters see the edit; the admin
// accepts the address, uploads in the console an extract in which that address changed; the
// owner's data are kept, the conflict is flagged and resolved in the console; the audit log
// shows every step. axe-core on every console view and on the owner page (desktop, 390 px).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { binary, buildDir, checkAccessibility, checkNoProblems, closePage, database, launchBrowser, layouts, openPage, screenshot, settle, sourceDir, startServer } from './support.mjs';

const PRACTITIONER = '10010018819'; // Emilie ROCHE, no MSSanté address known: an admin decides
const SITE_ID = 59; // her practice at structure F682086673
const SITE_KEY = 'F682086673';
const ADMIN = 'admin@cpts-test.fr';
const ADMIN_PASSWORD = 'la console de la CPTS m2A';
const CLAIMANT = 'emilie.roche@exemple.fr';
const OWNER_PASSWORD = 'mon cabinet rue de la Clairière';
const SUNDAY_MORNING = '2026-03-01T07:00'; // nobody of the sample is open then
const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';

let server;
let browser;
let work;
let db;
let adminLink;

const run = (...args) => execFileSync(binary, args, { encoding: 'utf8' });
// French numbers are grouped with a narrow no-break space.
const plain = text => String(text).replace(/[\u202f\u00a0]/g, ' ');
const tokenOf = link => /#jeton=([\w-]{43})/.exec(link)?.[1];

// The sample extract with the street of one structure changed (field 32, "Libellé Voie").
function extractWithStreet(structure, street) {
  const lines = readFileSync(path.join(sourceDir, 'data/sample/PS_LibreAcces_Personne_activite_m2a_sample.txt'), 'utf8').split('\n');
  let changed = 0;
  const out = lines.map(line => {
    if (!line.includes(`|${structure}|`)) return line;
    const fields = line.split('|');
    fields[32] = street;
    changed++;
    return fields.join('|');
  });
  assert.ok(changed > 0, 'the structure is in the sample');
  const file = path.join(work, 'PS_LibreAcces_Personne_activite_202612010000.txt');
  writeFileSync(file, out.join('\n'));
  return file;
}

before(async () => {
  work = mkdtempSync(path.join(buildDir, 'web-tests', 'owner-'));
  db = path.join(work, 'annuaire.db');
  copyFileSync(database, db);
  const added = run('user', 'add', '--db', db, '--admin', ADMIN);
  adminLink = tokenOf(added);
  assert.ok(adminLink, `user add prints a link: ${added}`);
  server = await startServer(['--backup-dir', path.join(work, 'backups'), '--upload-dir', work], { db });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

// Saves the current view at both layouts, with axe on each.
async function checkView(page, name) {
  await settle(page);
  await checkAccessibility(page, `${name} (desktop)`);
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize(layouts.phone390);
  await page.waitForTimeout(150);
  await checkAccessibility(page, `${name} (390 px)`);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize(layouts.desktop);
}

async function consoleView(page, view) {
  await page.click(`#console-nav a[data-view="${view}"]`);
  await page.waitForFunction(v => location.pathname === `/admin/${v}` && !document.querySelector('#contenu[aria-busy]'), view);
  await settle(page);
}

test('claim, approval, activation through the outbox, an edit the search sees, a re-import in the console: data kept, conflict resolved, every step audited', async () => {
  // 1. A visitor claims the fiche from the public page.
  // The browser logs the refusal of a wrong e-mail address (400), which the test asks for.
  const visitor = await openPage(browser, `${server.url}/praticien/${PRACTITIONER}`, { allowConsole: [/status of 400/] });
  await visitor.waitForSelector('#fiche h2:focus');
  await visitor.click('#fiche .claim-open');
  const claim = visitor.locator('#fiche .claim-form');
  await claim.waitFor();
  // Nothing filled: each field says so, in French, and nothing is sent.
  await claim.locator('button[type=submit]').click();
  assert.match(await claim.locator('.error-summary').textContent(), /3 champs sont à corriger/);
  assert.equal(await claim.locator('.field-error:not([hidden])').count(), 3);
  await claim.getByLabel('Identifiant RPPS ou ADELI').fill(PRACTITIONER);
  await claim.getByLabel('Vos nom et prénom').fill('Emilie Roche');
  await claim.getByLabel('Votre adresse électronique de contact').fill('pas une adresse');
  await claim.getByLabel('Message pour la CPTS (facultatif)').fill(`Je suis bien ce professionnel. ${HOSTILE}`);
  await claim.locator('button[type=submit]').click();
  // The server refuses the address: its words, in French, next to the field.
  await claim.locator('.field-error:not([hidden])').waitFor();
  assert.equal(await claim.locator('.field-error:not([hidden])').textContent(), 'Adresse électronique attendue, par exemple nom@exemple.fr.');
  assert.equal(await claim.getByLabel('Votre adresse électronique de contact').getAttribute('aria-invalid'), 'true');
  await claim.getByLabel('Votre adresse électronique de contact').fill(CLAIMANT);
  await claim.locator('button[type=submit]').click();
  await visitor.waitForSelector('#fiche .claim-done');
  assert.match(await visitor.textContent('#fiche .claim-done'), /Un administrateur de la CPTS va l’examiner/);
  await checkAccessibility(visitor, 'the claim sent');
  await visitor.click('#fiche .claim-done a');
  await visitor.waitForSelector('.claim-status');
  assert.equal(new URL(visitor.url()).pathname, '/attribution/suivi');
  assert.equal(await visitor.getAttribute('.claim-status', 'data-status'), 'awaiting_review');
  await checkView(visitor, 'claim-status');

  // 2. The first admin sets their password from the link `annuaire user add` printed.
  const admin = await openPage(browser, `${server.url}/compte/mot-de-passe#jeton=${adminLink}`);
  await admin.getByLabel('Nouveau mot de passe').fill('trop court');
  await admin.getByLabel('Confirmez le mot de passe').fill('trop court');
  await admin.click('main button[type=submit]');
  assert.match(await admin.textContent('.error-summary'), /Au moins 12 caractères/);
  await admin.getByLabel('Nouveau mot de passe').fill(ADMIN_PASSWORD);
  await admin.getByLabel('Confirmez le mot de passe').fill(ADMIN_PASSWORD);
  await admin.click('main button[type=submit]');
  await admin.waitForURL(/\/admin$/);
  await admin.waitForSelector('.upload-form');
  await checkView(admin, 'console-imports');

  // 3. The claims queue: the message is text; the claim is approved.
  await consoleView(admin, 'attributions');
  const card = admin.locator(`.claim-card[data-practitioner="${PRACTITIONER}"]`);
  await card.waitFor();
  assert.match(await card.textContent(), /<img src=x onerror=alert\(1\)><script>alert\(2\)<\/script>/);
  assert.equal(await admin.locator('.claim-card img, .claim-card script').count(), 0);
  await checkView(admin, 'console-claims');
  // Rejecting needs a reason; approving does not.
  await card.locator('button.secondary').click();
  assert.equal(await card.locator('.field-error:not([hidden])').textContent(), 'Indiquez le motif du refus.');
  await card.locator('button.primary').click();
  await admin.waitForSelector(`.claim-card[data-practitioner="${PRACTITIONER}"]`, { state: 'detached' });
  assert.match(await admin.textContent('main .form-status'), /Demande acceptée/);

  // 4. The link reaches the claimant through the outbox: the console lists the mail (its link
  // masked), the relay's command gives it whole.
  await consoleView(admin, 'courriels');
  const mailRow = admin.locator('.outbox-table tr', { hasText: CLAIMANT }).filter({ hasText: 'est acceptée' });
  await mailRow.waitFor();
  assert.doesNotMatch(await mailRow.textContent(), /#jeton=[\w-]{43}/);
  await checkView(admin, 'console-outbox');
  const mails = JSON.parse(run('outbox', '--db', db, '--json'));
  const approval = mails.find(m => m.recipient === CLAIMANT && m.kind === 'claim_approved');
  assert.ok(approval, 'the approval is in the outbox');
  const ownerToken = tokenOf(approval.body);

  // 5. The claimant sets a password and lands on their fiche.
  const owner = await openPage(browser, `${server.url}/compte/mot-de-passe#jeton=${ownerToken}`);
  await owner.getByLabel('Nouveau mot de passe').fill(OWNER_PASSWORD);
  await owner.getByLabel('Confirmez le mot de passe').fill(OWNER_PASSWORD);
  await owner.click('main button[type=submit]');
  await owner.waitForURL(new RegExp(`/compte/fiche/${PRACTITIONER}$`));
  await owner.waitForSelector('.owner-form');
  await checkView(owner, 'owner-page');
  // The claim is followed to its end.
  await visitor.reload();
  await visitor.waitForSelector('.claim-status');
  assert.equal(await visitor.getAttribute('.claim-status', 'data-status'), 'activated');

  // 6. Hostile input: markup is text; too long is refused next to its field; 100 KB in French.
  const practitionerPart = owner.locator('.owner-part').first();
  await practitionerPart.getByLabel('Expertises').fill(HOSTILE);
  await practitionerPart.getByLabel('Formations').fill('x'.repeat(3000));
  await owner.click('.save-bar button');
  const trainingError = practitionerPart.locator('.form-field', { has: owner.getByLabel('Formations') }).locator('.field-error');
  await trainingError.waitFor();
  assert.equal(plain(await trainingError.textContent()), 'Trop long : 2 000 caractères au plus (3 000 saisis).');
  assert.match(await owner.textContent('.error-summary'), /Certains champs sont à corriger/);
  await checkAccessibility(owner, 'owner page with errors');
  await screenshot(owner, 'owner-page-errors');
  await practitionerPart.getByLabel('Formations').fill('y'.repeat(100 * 1024));
  await owner.click('.save-bar button');
  await owner.waitForFunction(() => /102\s400 saisis/.test(document.querySelector('.error-summary')?.textContent || ''));
  assert.equal(plain(await trainingError.textContent()), 'Trop long : 2 000 caractères au plus (102 400 saisis).');
  await practitionerPart.getByLabel('Formations').fill('');
  await owner.click('.save-bar button');
  await owner.waitForSelector('.saved-message:not(:empty)');
  assert.equal(await owner.locator('.owner-part').first().getByLabel('Expertises').inputValue(), HOSTILE);
  assert.equal(await owner.evaluate(() => window.__alerts || 0), 0);

  // 7. Carte Vitale and Sunday hours, and a corrected address: only what changed is sent.
  const practice = owner.locator(`.practice-part[data-site="${SITE_ID}"]`);
  const sent = [];
  owner.on('request', request => {
    if (request.method() === 'PATCH') sent.push(JSON.parse(request.postData()));
  });
  await practice.locator('fieldset', { hasText: 'Carte Vitale acceptée' }).getByLabel('Oui').check();
  const sunday = practice.locator('fieldset.day[data-weekday="7"]');
  await sunday.locator('.slot-add').click();
  await sunday.getByLabel(/^Ouverture/).fill('06:30');
  await sunday.getByLabel(/^Fermeture/).fill('08:00');
  await practice.getByLabel('Adresse (numéro et voie)').fill('12 RUE DU CABINET CORRIGE');
  await owner.click('.save-bar button');
  await owner.waitForSelector('.saved-message:not(:empty)');
  assert.match(await owner.textContent('.saved-message'), /publiées.*1 correction du RPPS en attente de validation/);
  assert.equal(sent.length, 1);
  assert.deepEqual(Object.keys(sent[0]).sort(), ['corrections', 'practices']);
  assert.deepEqual(Object.keys(sent[0].practices[0]).sort(), ['carte_vitale', 'opening_hours', 'site_id']);
  assert.equal(sent[0].practices[0].carte_vitale, true);
  assert.equal(sent[0].practices[0].opening_hours.filter(h => h.weekday === 7).length, 1);
  assert.equal(sent[0].practices[0].opening_hours.length, 11, 'the ten slots declared before, and Sunday');
  assert.deepEqual(sent[0].corrections, [{ site_id: SITE_ID, field: 'address', value: { line: '12 RUE DU CABINET CORRIGE', postcode: '68100', commune: 'Mulhouse' } }]);
  // The correction waits for an admin, and says so.
  const pendingNotice = owner.locator(`.practice-part[data-site="${SITE_ID}"] .pending[data-field="address"]`);
  assert.match(await pendingNotice.textContent(), /en attente de validation.*12 RUE DU CABINET CORRIGE/);

  // 8. The public search filters see it (Carte Vitale, open on Sunday at 7:00), at once.
  await visitor.goto(`${server.url}/?carte_vitale=true&ouvert=${SUNDAY_MORNING}`);
  await visitor.waitForSelector(`#list a.result-link[href^="/praticien/${PRACTITIONER}"]`, { timeout: 15000 });
  const publicFiche = await (await visitor.request.get(`${server.url}/api/v1/practitioners/${PRACTITIONER}`)).json();
  const declared = publicFiche.practices.find(p => p.site_id === SITE_ID).declared;
  assert.equal(declared.carte_vitale.value, true);
  // What the edit did not name is as it was (the sample declared these).
  assert.equal(declared.pmr_access.value, true);
  assert.equal(declared.tiers_payant.value, false);
  assert.deepEqual(declared.acts.value, ['contraception', 'ecg', 'pansements_complexes', 'teleexpertise']);

  // 9. The admin accepts the address in the console.
  await consoleView(admin, 'corrections');
  const correction = admin.locator('.correction-card', { hasText: '12 RUE DU CABINET CORRIGE' });
  await correction.waitFor();
  await checkView(admin, 'console-corrections');
  await correction.locator('button.primary').click();
  await admin.waitForSelector('.correction-card', { state: 'detached' });
  assert.match(await admin.textContent('main .form-status'), /Correction acceptée/);

  // 10. A new extract, in which the RPPS moved the cabinet, uploaded in the console.
  await consoleView(admin, 'imports');
  await admin.setInputFiles('.upload-form input[type=file]', extractWithStreet(SITE_KEY, 'DES TESTS DE LA CONSOLE'));
  await admin.click('.upload-form button[type=submit]');
  const report = admin.locator('.import-report');
  await report.waitFor({ timeout: 60000 });
  assert.equal(await report.getAttribute('data-status'), 'imported', await report.textContent());
  assert.equal(await report.locator('[data-figure="conflicts"] strong').textContent(), '1');
  assert.match(await report.textContent(), /Sauvegarde avant import : /);
  assert.match(await report.locator('a[href$="/problems.csv"]').getAttribute('href'), /^\/api\/v1\/admin\/imports\/\d+\/problems\.csv$/);
  await checkView(admin, 'console-import-report');

  // 11. Owner data kept through the import; the search sees them once its index is rebuilt.
  await visitor.waitForFunction(
    async ([id, url]) => {
      const answer = await fetch(`${url}/api/v1/practitioners?carte_vitale=true&open_at=2026-03-01T07:00&per_page=100`).then(r => r.json());
      return answer.items.some(item => item.id === id);
    },
    [PRACTITIONER, server.url],
    { timeout: 15000, polling: 200 },
  );

  // 12. The conflict: both values, resolved in the console; the owner saw it on their page.
  await owner.reload();
  await owner.waitForSelector(`.practice-part[data-site="${SITE_ID}"] .conflict`);
  assert.match(await owner.textContent(`.practice-part[data-site="${SITE_ID}"] .conflict`), /DES TESTS DE LA CONSOLE.*12 RUE DU CABINET CORRIGE/);
  await consoleView(admin, 'conflits');
  const conflict = admin.locator(`.conflict-card[data-key="${SITE_KEY}"]`);
  await conflict.waitFor();
  assert.match(await conflict.locator('.value-correction').textContent(), /12 RUE DU CABINET CORRIGE/);
  assert.match(await conflict.locator('.value-rpps').textContent(), /DES TESTS DE LA CONSOLE/);
  await checkView(admin, 'console-conflicts');
  await conflict.locator('button[data-keep="correction"]').click();
  await admin.waitForSelector('.conflict-card', { state: 'detached' });
  assert.match(await admin.textContent('main .form-status'), /la correction est gardée/);

  // 13. The audit log shows every step, with who did it; filtered, and exported as CSV.
  await consoleView(admin, 'journal');
  await admin.waitForSelector('.audit-table');
  const log = await admin.textContent('.audit-table');
  for (const action of ['claim.create', 'claim.approve', 'account.set_password', 'claim.activate', 'fiche.grant', 'declarations.update', 'correction.propose', 'correction.accept', 'import.start', 'import.imported', 'conflict.resolve']) {
    assert.ok(log.includes(action), `the audit log shows ${action}`);
  }
  await checkView(admin, 'console-audit');
  await admin.getByLabel('Action').fill('declarations.update');
  await admin.click('.audit-filters button[type=submit]');
  await admin.waitForFunction(() => [...document.querySelectorAll('.audit-table tbody tr')].every(tr => tr.textContent.includes('declarations.update')));
  assert.ok(await admin.textContent('.audit-table tbody tr'), CLAIMANT);
  const csvLink = await admin.getAttribute('a[download="journal.csv"]', 'href');
  assert.equal(csvLink, '/api/v1/admin/audit.csv?action=declarations.update');
  const csv = await admin.evaluate(async href => (await fetch(href)).text(), csvLink);
  assert.match(csv, /;declarations\.update;practitioner;10010018819;/);

  // The other views, for axe and the screenshots.
  for (const view of ['utilisateurs', 'sauvegardes']) {
    await consoleView(admin, view);
    await checkView(admin, `console-${view}`);
  }
  await consoleView(admin, 'lieux');
  await admin.locator('.site-card button').first().click();
  await admin.waitForSelector('.review-map .leaflet-marker-icon');
  await checkView(admin, 'console-sites');
  // The pin is dragged with the mouse (the fields follow), or placed from the keyboard.
  const site = admin.locator('.site-card').first();
  const latitude = site.getByLabel('Latitude', { exact: true });
  const before = await latitude.inputValue();
  const pin = await site.locator('.leaflet-marker-draggable').boundingBox();
  await admin.mouse.move(pin.x + pin.width / 2, pin.y + pin.height / 2);
  await admin.mouse.down();
  await admin.mouse.move(pin.x + pin.width / 2 + 40, pin.y + pin.height / 2 + 60, { steps: 8 });
  await admin.mouse.up();
  assert.notEqual(await latitude.inputValue(), before, 'dragging the pin moves the latitude');
  await latitude.fill('47.7501');
  await site.getByLabel('Longitude', { exact: true }).fill('7.3399');
  await site.locator('.place-editor button[type=submit]').click();
  await site.locator('.place-editor .form-status[data-kind="done"]').waitFor();
  assert.match(await site.locator('.site-precision').textContent(), /placé à la main/);

  for (const page of [visitor, admin, owner]) {
    await checkNoProblems(page);
    await closePage(page);
  }
});
