// What the page's browser tests share: a real `annuaire serve` on 127.0.0.1 over the m2A
// sample (built by sample-db.mjs) serving the built page (web/dist), Debian's Chromium
// driven by playwright-core, axe-core, and screenshots written into the build directory.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before } from 'node:test';

export const sourceDir = process.env.ANNUAIRE_SOURCE_DIR;
export const binary = process.env.ANNUAIRE_BINARY;
export const buildDir = process.env.ANNUAIRE_BUILD_DIR;
assert.ok(sourceDir && binary && buildDir, 'ANNUAIRE_SOURCE_DIR, ANNUAIRE_BINARY and ANNUAIRE_BUILD_DIR are set by ctest');
export const database = path.join(buildDir, 'web-tests', 'm2a.db');
export const webDir = path.join(sourceDir, 'web', 'dist');
export const screenshotDir = path.join(buildDir, 'web-screenshots');

const require = createRequire(path.join(sourceDir, 'web', 'package.json'));
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const layouts = {
  desktop: { width: 1366, height: 850 },
  tablet: { width: 1000, height: 760 },
  phone390: { width: 390, height: 844 },
  phone320: { width: 320, height: 640 },
};

// The practitioner the fixture declares everything for (tests/web/fixtures/declarations-web.json).
export const declared = {
  id: '10010506193',
  name: 'Daniel LOUIS-ARSLAN',
  site: 52, // GHRMSA - Hôpital du Hasenrain: every practice field declared
  otherSite: 93, // the clinic whose name its owner corrected
};

// `annuaire serve` on a free port (over the shared sample database unless `db` names
// another, for tests that write); stop() ends it.
export async function startServer(extraArgs = [], { db = database } = {}) {
  const args = ['serve', '--db', db, '--port', '0', '--web', webDir, '--rate-limit', '0', ...extraArgs];
  const server = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  server.stderr.on('data', chunk => (errors += chunk));
  const url = await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`annuaire serve did not start: ${errors}`)), 30000);
    server.stdout.on('data', chunk => {
      output += chunk;
      const found = output.match(/listening on (http:\/\/\S+)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    server.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`annuaire serve exited with ${code}: ${errors}`));
    });
  });
  // It listens at once and answers once its index is loaded or built.
  for (let waited = 0; ; waited += 20) {
    const health = await fetch(`${url}/api/v1/health`).catch(() => null);
    if (health?.status === 200) break;
    if (waited > 30000) throw new Error(`annuaire serve never got ready: ${errors}`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  return {
    url,
    stop: () =>
      new Promise(resolve => {
        if (server.exitCode !== null) return resolve();
        server.on('exit', resolve);
        server.kill('SIGTERM');
      }),
  };
}

// Debian's Chromium; playwright-core gives each launch a fresh profile directory.
export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

// The server over the sample and a browser for a whole test file: started before its tests,
// stopped after them. Read through these live bindings (`server.url`, `browser`).
export let server;
export let browser;
export function withServerAndBrowser() {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
}

// Counts the page's requests in flight and records what the browser refuses (CSP).
const instrumentation = () => {
  window.__inflight = 0;
  window.__cspViolations = [];
  const fetch = window.fetch.bind(window);
  window.fetch = (...args) => {
    window.__inflight++;
    return fetch(...args).finally(() => window.__inflight--);
  };
  document.addEventListener('securitypolicyviolation', event => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
  });
  window.alert = message => {
    window.__alerts = (window.__alerts || 0) + 1;
    console.error(`alert(${message})`);
  };
};

// A new page in its own context. `problems` collects console errors and uncaught errors;
// `allowConsole` lists patterns of console errors the test expects (unreachable tiles).
export async function openPage(browser, url, { viewport = layouts.desktop, context: contextOptions = {}, allowConsole = [], route } = {}) {
  const context = await browser.newContext({ viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris', ...contextOptions });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', message => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (allowConsole.some(pattern => pattern.test(text))) return;
    page.problems.push(`console: ${text}`);
  });
  page.on('pageerror', error => page.problems.push(`page error: ${error.message}`));
  await page.addInitScript(instrumentation);
  if (route) await route(page);
  await page.goto(url);
  return page;
}

export async function closePage(page) {
  await page.context().close();
}

// Waits until the page has no request in flight, twice in a row (one answer may start the next).
export async function settle(page) {
  for (let i = 0; i < 2; i++) {
    await page.waitForFunction(() => window.__inflight === 0, null, { timeout: 15000 });
    await page.waitForTimeout(120);
  }
}

export async function waitForResults(page) {
  await page.waitForSelector('#list li.result', { timeout: 15000 });
  await settle(page);
}

export async function count(page) {
  const text = await page.textContent('#count');
  const found = /^([\d\s\u202f\u00a0]+) résultat/.exec(text);
  return found ? Number(found[1].replace(/\D/g, '')) : 0;
}

// The markers drawn: { clusters, pins, total } (total: practitioners under them).
export async function markers(page) {
  return page.evaluate(() => {
    const clusters = [...document.querySelectorAll('.marker.cluster')];
    const pins = document.querySelectorAll('.marker.pin').length;
    const under = clusters.reduce((sum, el) => sum + Number(el.textContent), 0);
    return { clusters: clusters.length, pins, total: under + pins };
  });
}

// axe-core on the page as it is: no violation of impact "serious" or "critical".
export async function checkAccessibility(page, label) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = results.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  const described = serious.map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
  assert.deepEqual(described, [], `axe on ${label}`);
  return results.violations;
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

// Nothing refused by the CSP, no script error, no alert run.
export async function checkNoProblems(page) {
  const csp = await page.evaluate(() => window.__cspViolations);
  assert.deepEqual(csp, [], 'CSP violations');
  assert.deepEqual(page.problems, [], 'console errors');
}

// The page's state as its URL says it.
export async function urlParams(page) {
  const url = new URL(page.url());
  return { path: url.pathname, params: Object.fromEntries(url.searchParams) };
}
