// Browser test of the public map page: a real server on 127.0.0.1 over the
// m2A sample, driven in Debian's Chromium through playwright-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const sourceDir = process.env.ANNUAIRE_SOURCE_DIR;
const binary = process.env.ANNUAIRE_BINARY;
const require = createRequire(path.join(sourceDir, 'web', 'package.json'));
const { chromium } = require('playwright-core');

let workDir, server, baseUrl, browser;

before(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'annuaire-web-'));
  const db = path.join(workDir, 'm2a.db');
  const run = (...args) => execFileSync(binary, args, { stdio: 'pipe' });
  run('import', '--db', db, '--territory', path.join(sourceDir, 'data/territories/m2a.json'),
      path.join(sourceDir, 'data/sample/PS_LibreAcces_Personne_activite_m2a_sample.txt'));
  run('geocode', '--db', db, '--ban', path.join(sourceDir, 'data/sample/adresses-68-m2a-generated.csv.gz'));
  server = spawn(binary, ['serve', '--db', db, '--port', '0', '--web', path.join(sourceDir, 'web')]);
  baseUrl = await new Promise((resolve, reject) => {
    let output = '';
    server.stdout.on('data', chunk => {
      output += chunk;
      const found = output.match(/listening on (http:\/\/\S+)/);
      if (found) resolve(found[1]);
    });
    server.on('exit', code => reject(new Error(`server exited with ${code}`)));
    setTimeout(() => reject(new Error('server did not start')), 20000);
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill('SIGTERM');
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('the page lists the practitioners of the view and draws their clusters', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // The basemap's tiles come from the network, which tests do not have.
  await page.route('https://tile.openstreetmap.org/**', route => route.abort());
  await page.goto(baseUrl + '/');
  await page.waitForSelector('#list li');
  assert.match(await page.textContent('#count'), /\d+ résultats dans la zone affichée/);
  assert.ok(await page.locator('.cluster').count() > 0, 'clusters are drawn');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
});

test('searching "kiné Mulhouse" lists only masseurs-kinésithérapeutes of Mulhouse', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.route('https://tile.openstreetmap.org/**', route => route.abort());
  await page.goto(baseUrl + '/');
  await page.waitForSelector('#list li');
  const before = await page.textContent('#count');
  await page.fill('#q', 'kiné Mulhouse');
  await page.click('button[type=submit]');
  await page.waitForFunction(previous => document.querySelector('#count').textContent !== previous, before);
  const professions = await page.locator('#list li .what').allTextContents();
  assert.ok(professions.length > 0);
  for (const text of professions) assert.match(text, /Masseur-Kinésithérapeute/);
  const places = await page.locator('#list li .where').allTextContents();
  for (const text of places) assert.match(text, /Mulhouse/);
  await page.screenshot({ path: path.join(workDir, 'search.png') });
});
