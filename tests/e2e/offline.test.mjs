// Offline and durable, end to end in headless Chromium against the release build on localhost,
// served with the README's security headers (every e2e test is, see serve.mjs):
// - first visit online, then the server stopped and the page reloaded: the app opens, a proposal
//   is created, priced, saved and printed to PDF, all offline; the service worker's cache holds
//   every file of the build; Chromium finds the app installable; the approver's page opens
//   offline too;
// - a reload and a killed browser lose nothing typed more than a moment before;
// - 200 saved proposals list and open quickly; duplicate, rename, delete with undo, backup and
//   merge-import;
// - two tabs editing one proposal never overwrite each other; blocked or full storage says so and
//   keeps the work on screen;
// - a new catalog and a new version are announced and used only on the user's click, and a saved
//   proposal keeps its price.
// Every test has a server, a browser and a profile directory of its own (a persistent profile:
// service worker, storage and a browser to kill).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, HEADERS } from './serve.mjs';
import { ROOT, OUT, DIST, CHROMIUM, CHROMIUM_ARGS, VIEWPORT, tmp } from './fixtures/browser.mjs';
import { ConfiguratorPage } from './fixtures/configurator_page.mjs';
import { signPublished } from './fixtures/publisher.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

/** Serves a directory (with the README's headers); `stop()` also drops kept-alive connections. */
async function host(root = DIST) {
  const server = await serve(root, 0, new Map());
  const base = `http://127.0.0.1:${server.address().port}/`;
  let stopped = false;
  const stop = () => { if (!stopped) { stopped = true; server.close(); server.closeAllConnections(); } };
  cleanups.push(stop);
  return { base, stop };
}

/** Every file of the build but sw.js itself, as URL paths. */
function buildFiles(root = DIST) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push('/' + path.relative(root, p).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.filter((f) => f !== '/sw.js').sort();
}

/**
 * Fails the test on any Content-Security-Policy violation, Permissions-Policy the browser cannot
 * read (an unknown feature is only a warning), or page error.
 */
function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => {
    const t = m.text();
    if ((m.type() === 'error' && /Content Security Policy|Refused to/i.test(t)) || /Permissions-Policy/i.test(t)) errors.push(t);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

async function persistent(dir) {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: VIEWPORT, acceptDownloads: true,
  });
  cleanups.push(() => context.close().catch(() => {}));
  return context;
}

async function fresh(base, context) {
  const page = context.pages()[0] || await context.newPage();
  const app = new ConfiguratorPage(page, base);
  return { page, app, errors: watchErrors(page) };
}

/** A proposal from the guided-selling template, plus one named offering. */
async function makeProposal(app, name, { offering } = {}) {
  await app.fillCustomer({ name, industry: 'manufacturing', employees: 120 });
  await app.acceptTemplate(0);
  if (offering) await app.addOffering(offering);
  await app.waitSaveState('saved');
}

const quoteId = async (app) => JSON.parse(await app.quoteJson()).id;

test('offline after one visit: opens, creates, prices, saves and prints a proposal; the cache holds every build file; installable', async () => {
  const { base, stop } = await host();
  // Every response carries the README's headers: the pages, the service worker, the published
  // data, the bundles and a file that is not there.
  const wasm = buildFiles().filter((f) => f.endsWith('.wasm')).map((f) => f.slice(1));
  for (const p of ['', 'approver.html', 'sw.js', 'catalog.json', 'manifest.webmanifest', ...wasm, 'no-such-file']) {
    const res = await fetch(base + p);
    for (const [name, value] of Object.entries(HEADERS)) assert.equal(res.headers.get(name), value, `${name} on /${p}`);
  }
  // And they are the README's, word for word.
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  for (const [name, value] of Object.entries(HEADERS)) assert.ok(readme.includes(`\n    ${name}: ${value}\n`), `the README gives ${name} as served`);
  const context = await persistent(tmp('offline'));
  const { page, app, errors } = await fresh(base, context);
  await app.open();
  await app.waitForPublishedCatalog();
  await app.waitForServiceWorker();

  const caches = await app.cacheContents();
  const build = Object.keys(caches).filter((k) => /^tailor-[0-9a-f]{16}$/.test(k));
  assert.equal(build.length, 1, `one build cache: ${Object.keys(caches)}`);
  const expected = buildFiles();
  assert.deepEqual([...caches[build[0]]].sort(), expected, 'the cache holds exactly the build files');
  console.log(`# service worker cache ${build[0]}: ${expected.length} files: ${expected.join(' ')}`);

  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, [], 'Chromium finds the app installable');
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, [], 'the manifest parses without errors');

  stop();
  await context.setOffline(true);
  const t0 = performance.now();
  await page.reload();
  await app.tid('catalog-version').waitFor();
  const reloadMs = performance.now() - t0;
  console.log(`# offline reload to a working app: ${reloadMs.toFixed(0)} ms`);
  await app.waitForPublishedCatalog();
  assert.equal(await app.tid('load-banner').count(), 0, 'the published catalog comes from the cache');

  await makeProposal(app, '离线客户（地下室）');
  assert.ok(await app.lines().count() >= 3);
  assert.notEqual(await app.text('total-tcv'), '¥0.00', 'priced offline');
  await app.openProposal();
  const pdf = path.join(OUT, 'offline-proposal.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  const bytes = fs.readFileSync(pdf);
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  try {
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    assert.match(text, /离线客户/, 'the PDF holds the proposal');
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }
  await app.backToConfigure();
  await page.reload();
  await app.tid('catalog-version').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="customer-name"]')?.value === '离线客户（地下室）');

  // The approver's page is a bundle of its own, cached too: it opens offline, in the language
  // of the link, and leads back to the proposal.
  await app.toggleLanguage();
  const approver = await app.openApprover();
  await approver.waitForPublishedCatalog();
  assert.match(await approver.text('catalog-version'), /^Catalog .* \(published\)$/, 'the published catalog, from the cache');
  assert.equal(await approver.tid('import-key').count(), 1);
  await approver.tid('configurator-link').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="customer-name"]')?.value === '离线客户（地下室）');
  assert.match(await app.text('catalog-version'), /^Catalog /, 'back in English');
  assert.deepEqual(errors, [], 'no CSP or Permissions-Policy error, no page error');
  await context.close();
});

/** Chromium as its own process (to be killed), driven over CDP. */
async function launchKillable(dir) {
  const proc = spawn(CHROMIUM, ['--headless=new', ...CHROMIUM_ARGS, `--user-data-dir=${dir}`, '--remote-debugging-port=0', 'about:blank'],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const ws = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${err}`)), 20000);
    proc.stderr.on('data', (d) => {
      err += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  const browser = await chromium.connectOverCDP(ws);
  const kill = () => { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ } };
  cleanups.push(kill);
  const exited = new Promise((r) => proc.on('exit', r));
  return { browser, context: browser.contexts()[0], kill: async () => { kill(); await exited; } };
}

test('durability: a reload and a killed browser lose nothing typed more than a moment before', async () => {
  const { base } = await host();
  const dir = tmp('durable');
  let b = await launchKillable(dir);
  let { page, app } = await fresh(base, b.context);
  await app.open();
  await makeProposal(app, '持久化测试客户');
  await app.setQuantity(0, 321);
  await page.waitForTimeout(700); // "a moment"
  await page.reload();
  await app.tid('catalog-version').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="customer-name"]')?.value === '持久化测试客户');
  assert.equal(await app.line(0).locator('[data-testid="qty"]').inputValue(), '321', 'the last edit survived the reload');
  const lines = await app.lines().count();

  await app.tid('customer-name').fill('持久化测试客户（崩溃前）');
  await app.setQuantity(1, 77);
  await page.waitForTimeout(700);
  await b.kill();

  b = await launchKillable(dir);
  ({ page, app } = await fresh(base, b.context));
  await app.open();
  await page.waitForFunction(() => document.querySelector('[data-testid="customer-name"]')?.value === '持久化测试客户（崩溃前）', null, { timeout: 10000 });
  assert.equal(await app.lines().count(), lines);
  assert.equal(await app.line(1).locator('[data-testid="qty"]').inputValue(), '77', 'typed before the kill, kept');
  assert.equal(await app.saveState(), 'saved');
  await b.kill();
});

test('the library: 200 proposals list and open quickly; duplicate, rename, delete with undo; backup and merging import', async () => {
  const { base } = await host();
  const context = await persistent(tmp('library'));
  const { page, app, errors } = await fresh(base, context);
  await app.open();
  await app.waitForPublishedCatalog();
  await makeProposal(app, '方案库样板客户');
  const library = await app.openLibrary();
  assert.equal(await library.rows().count(), 1);
  const backup = await library.download('export-library');
  assert.match(backup.name, /^tailor-library-\d{4}-\d{2}-\d{2}\.json$/);
  const one = JSON.parse(backup.text);
  assert.equal(one.format, 'tailor-library');
  assert.equal(one.proposals.length, 1);

  const proposals = Array.from({ length: 200 }, (_, i) => {
    const p = structuredClone(one.proposals[0]);
    p.file.quote.id = `QTEST${String(i).padStart(3, '0')}`;
    p.file.quote.customer.name = `批量客户 ${i}`;
    p.saved_at = one.proposals[0].saved_at - (i + 1) * 1000;
    return p;
  });
  const big = { ...one, proposals };
  const dir = tmp('backup');
  const bigFile = path.join(dir, 'tailor-library-200.json');
  fs.writeFileSync(bigFile, JSON.stringify(big));
  await library.importBackup(bigFile);
  assert.match(await library.text('backup-new'), /^200 /);
  let t0 = performance.now();
  await library.tid('backup-import').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="library-row"]').length === 201, null, { timeout: 30000 });
  console.log(`# importing 200 proposals: ${(performance.now() - t0).toFixed(0)} ms`);

  await library.close();
  t0 = performance.now();
  await app.openLibrary();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="library-row"]').length === 201);
  const listMs = performance.now() - t0;
  t0 = performance.now();
  await library.openStored('QTEST150');
  await page.waitForFunction(() => document.querySelector('[data-testid="customer-name"]')?.value === '批量客户 150');
  await app.tid('total-tcv').waitFor();
  const openMs = performance.now() - t0;
  console.log(`# 201 proposals: list shown in ${listMs.toFixed(0)} ms, one opened in ${openMs.toFixed(0)} ms`);
  assert.ok(listMs < 3000, `list in ${listMs} ms`);
  assert.ok(openMs < 3000, `open in ${openMs} ms`);
  assert.equal(await quoteId(app), 'QTEST150');
  await app.screenshot(path.join(OUT, 'library-opened.png'));

  await app.openLibrary();
  await page.screenshot({ path: path.join(OUT, 'library-201.png') });
  // Rename, from the keyboard.
  await library.row('QTEST003').locator('[data-testid="rename-proposal"]').click();
  await library.tid('rename-input').fill('重命名的方案');
  await library.tid('rename-input').press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-id="QTEST003"] [data-testid="row-title"]')?.textContent === '重命名的方案');
  // Duplicate: a new id, named as a copy.
  await library.row('QTEST004').locator('[data-testid="duplicate-proposal"]').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="library-row"]').length === 202);
  assert.equal(await library.rows().filter({ hasText: '批量客户 4（副本）' }).count(), 1);
  // Delete, then undo.
  await library.row('QTEST005').locator('[data-testid="delete-proposal"]').click();
  await library.tid('undo-bar').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="library-row"]').length === 201);
  await library.tid('undo-delete').click();
  await library.row('QTEST005').waitFor();
  assert.equal(await library.rows().count(), 202);

  // The same backup again changes nothing; one changed entry comes in as a copy, never over.
  await library.importBackup(bigFile);
  assert.match(await library.text('backup-same'), /^200 /);
  await library.tid('backup-cancel').click();
  big.proposals[7].file.quote.customer.name = '改过的客户 7';
  fs.writeFileSync(bigFile, JSON.stringify(big));
  await library.importBackup(bigFile);
  assert.match(await library.text('backup-copies'), /^1 /);
  assert.match(await library.text('backup-same'), /^199 /);
  await library.tid('backup-import').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="library-row"]').length === 203);
  await library.openStored('QTEST007');
  assert.equal(await app.tid('customer-name').inputValue(), '批量客户 7', 'the library copy is untouched');

  // A backup over the cap (core::limits::BACKUP, 48 MiB) is refused before it is read, naming
  // the file and the cap; the library stays as it was.
  await app.openLibrary();
  const hugeFile = path.join(dir, 'tailor-library-huge.json');
  fs.writeFileSync(hugeFile, '');
  fs.truncateSync(hugeFile, 48 * 1024 * 1024 + 1);
  await library.importBackup(hugeFile);
  const refused = library.tid('library-notice').filter({ hasText: 'tailor-library-huge.json' });
  await refused.waitFor();
  assert.match(await refused.textContent(), /无法打开「tailor-library-huge\.json」：文件过大（48\.1 MB），方案库备份最大 48\.0 MB/);
  assert.equal(await library.tid('backup-dialog').count(), 0, 'nothing to import');
  assert.equal(await library.rows().count(), 203);
  assert.deepEqual(errors, []);
  await context.close();
});

test('two tabs editing one proposal never overwrite each other', async () => {
  const { base } = await host();
  const context = await persistent(tmp('tabs'));
  const a = await fresh(base, context);
  await a.app.open();
  await makeProposal(a.app, '两个标签页的客户');
  const id = await quoteId(a.app);

  const b = { page: await context.newPage() };
  b.app = new ConfiguratorPage(b.page, base);
  await b.app.open();
  await b.page.waitForFunction(() => document.querySelector('[data-testid="customer-name"]')?.value === '两个标签页的客户');
  assert.equal(await quoteId(b.app), id, 'the second tab reopens the same proposal');

  await a.app.tid('customer-name').fill('甲标签页改的名字');
  await a.app.waitSaveState('saved');
  await b.app.tid('conflict').waitFor({ timeout: 5000 });
  await b.app.tid('customer-name').fill('乙标签页改的名字');
  await b.app.waitSaveState('conflict');
  assert.equal(await b.app.tid('customer-name').inputValue(), '乙标签页改的名字', 'the work on screen stays');
  await b.page.screenshot({ path: path.join(OUT, 'two-tabs-conflict.png') });

  // Even without the broadcast, the revision check refuses the stale write.
  const c = { page: await context.newPage() };
  await c.page.addInitScript(() => { delete window.BroadcastChannel; });
  c.app = new ConfiguratorPage(c.page, base);
  await c.app.open();
  await c.page.waitForFunction(() => document.querySelector('[data-testid="customer-name"]')?.value === '甲标签页改的名字');
  await a.app.setQuantity(0, 55);
  await a.app.waitSaveState('saved');
  await c.app.tid('customer-name').fill('丙标签页改的名字');
  await c.app.waitSaveState('conflict');
  await c.app.tid('conflict').waitFor();

  // What is stored is the first tab's.
  await a.page.reload();
  await a.page.waitForFunction(() => document.querySelector('[data-testid="customer-name"]')?.value === '甲标签页改的名字');
  assert.equal(await a.app.line(0).locator('[data-testid="qty"]').inputValue(), '55');

  // The second tab keeps its version as a new proposal; the third loads the latest.
  await b.app.tid('conflict-save-copy').click();
  await b.app.waitSaveState('saved');
  assert.notEqual(await quoteId(b.app), id);
  assert.equal(await b.app.tid('customer-name').inputValue(), '乙标签页改的名字');
  await c.app.tid('conflict-load-latest').click();
  await c.page.waitForFunction(() => document.querySelector('[data-testid="customer-name"]')?.value === '甲标签页改的名字');
  assert.equal(await c.app.tid('conflict').count(), 0);

  // A quote file of a stored proposal, opened in a tab showing another one: the same proposal,
  // no conflict and no copy.
  const file = await a.app.download('export-quote');
  await b.app.importQuoteFile(file.path);
  await b.app.tid('import-open').click();
  await b.page.waitForFunction((v) => document.querySelector('[data-testid="customer-name"]')?.value === v, '甲标签页改的名字');
  await b.page.waitForTimeout(800);
  assert.equal(await b.app.tid('conflict').count(), 0);
  assert.equal(await b.app.saveState(), 'saved');

  const library = await a.app.openLibrary();
  await a.page.waitForFunction(() => document.querySelectorAll('[data-testid="library-row"]').length === 2);
  const titles = await library.tid('row-title').allTextContents();
  assert.deepEqual(titles.sort(), ['乙标签页改的名字', '甲标签页改的名字'].sort());
  await context.close();
});

test('storage blocked or full: a clear message, and the work on screen stays', async () => {
  const { base } = await host();
  const context = await persistent(tmp('blocked'));
  const page = await context.newPage();
  await page.addInitScript(() => {
    IDBFactory.prototype.open = function open() { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); };
  });
  const app = new ConfiguratorPage(page, base);
  await app.open();
  await app.fillCustomer({ name: '无痕模式客户', industry: 'hotel', employees: 60 });
  await app.acceptTemplate(0);
  await app.waitSaveState('error');
  const message = await app.text('storage-problem');
  assert.match(message, /不允许保存方案/);
  assert.match(message, /屏幕上的内容不受影响/);
  assert.ok(await app.lines().count() > 0, 'the work on screen stays');
  assert.notEqual(await app.text('total-tcv'), '¥0.00');
  await app.setQuantity(0, 42);
  assert.equal(await app.line(0).locator('[data-testid="qty"]').inputValue(), '42', 'editing goes on');
  await app.waitSaveState('error');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(OUT, 'storage-blocked.png') });
  await page.close();

  const full = await context.newPage();
  await full.addInitScript(() => {
    IDBObjectStore.prototype.put = function put() { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  const app2 = new ConfiguratorPage(full, base);
  await app2.open();
  await app2.fillCustomer({ name: '存储已满的客户' });
  await app2.waitSaveState('error');
  assert.match(await app2.text('storage-problem'), /存储空间已满/);
  assert.match(await app2.text('save-status'), /存储已满/);
  assert.equal(await app2.tid('customer-name').inputValue(), '存储已满的客户');
  await context.close();
});

test('a newly signed catalog is used at once, a saved proposal keeps its price, a broken one changes nothing; a new version waits for the click', async () => {
  const root = tmp('site');
  fs.cpSync(DIST, root, { recursive: true });
  const { base } = await host(root);
  const context = await persistent(tmp('update'));
  const { page, app, errors } = await fresh(base, context);
  await app.open();
  await app.waitForPublishedCatalog();
  await app.waitForServiceWorker();
  await makeProposal(app, '目录更新前的客户', { offering: 'SD-WAN' });
  const tcv = await app.text('total-tcv');
  const oldVersion = JSON.parse(fs.readFileSync(path.join(root, 'catalog.json'), 'utf8')).version;

  // The pricing team publishes a new catalog, signed: SD-WAN 10 % dearer.
  const catalog = JSON.parse(fs.readFileSync(path.join(root, 'catalog.json'), 'utf8'));
  catalog.version = `${catalog.version}-b`;
  const sdwan = catalog.offerings.find((o) => /SD-WAN/.test(o.name.en));
  sdwan.mrc = Math.round(sdwan.mrc * 1.1);
  for (const t of sdwan.tiers || []) t.mrc = Math.round(t.mrc * 1.1);
  fs.writeFileSync(path.join(root, 'catalog.json'), JSON.stringify(catalog, null, 2));
  signPublished(root);

  // Used at the next start, with no click: the proposal on screen is priced on the signed
  // version it names, kept on the device.
  await page.reload();
  await page.waitForFunction((v) => document.querySelector('[data-testid="catalog-version"]')?.textContent.includes(v), catalog.version, { timeout: 15000 });
  assert.equal(await app.tid('update-bar').count(), 0, 'no bar, no click for a catalog');
  await app.tid('stale-notice').waitFor();
  assert.equal(await app.text('total-tcv'), tcv, 'the proposal on screen keeps its price');
  assert.match(await app.text('stale-notice'), new RegExp(`本设备保存的已签名目录/政策 ${oldVersion.replace('.', '\\.')}`));
  assert.match(await app.text('stale-changes'), /SD-WAN/, 'the notice says what repricing changes');
  let library = await app.openLibrary();
  assert.equal(await library.rows().first().locator('[data-testid="row-tcv"]').textContent(), tcv, 'the saved proposal keeps its price');
  await library.close();
  await app.tid('reprice-current').click();
  assert.notEqual(await app.text('total-tcv'), tcv, 'repriced on the seller\'s click');
  const repriced = await app.text('total-tcv');
  await app.waitSaveState('saved');
  library = await app.openLibrary();
  assert.equal(await library.rows().first().locator('[data-testid="row-tcv"]').textContent(), repriced);
  await library.close();

  // Someone with write access to the web server changes the catalog without the publisher's
  // key: refused, and the last good signed pair stays in force.
  sdwan.mrc = 1;
  for (const t of sdwan.tiers || []) t.mrc = 1;
  fs.writeFileSync(path.join(root, 'catalog.json'), JSON.stringify(catalog, null, 2));
  await page.reload();
  await app.tid('load-banner').waitFor({ timeout: 15000 });
  assert.match(await app.text('load-banner'), /catalog\.json was changed after it was signed/);
  assert.match(await app.text('catalog-version'), new RegExp(`${catalog.version.replace('.', '\\.')}.*本机保存的已签名版本`));
  assert.equal(await app.text('total-tcv'), repriced, 'the forged prices are never used');

  // A new version of the app: the bar shows, the page does not reload by itself.
  fs.appendFileSync(path.join(root, 'sw.js'), '\n// a new build\n');
  await page.evaluate(() => { window.stillHere = true; });
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await app.tid('update-bar').waitFor({ timeout: 15000 });
  assert.match(await app.text('update-bar'), /新版本/);
  await app.tid('customer-name').fill('更新前最后输入的名字');
  await page.waitForTimeout(1000);
  assert.equal(await page.evaluate(() => window.stillHere), true, 'no reload without the click');
  await Promise.all([page.waitForEvent('load'), app.tid('update-now').click()]);
  await app.tid('catalog-version').waitFor();
  assert.equal(await page.evaluate(() => window.stillHere), undefined, 'reloaded on the click');
  await page.waitForFunction(() => document.querySelector('[data-testid="customer-name"]')?.value === '更新前最后输入的名字');
  assert.deepEqual(errors, []);
  await context.close();
});
