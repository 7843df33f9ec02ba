// Start-up: a broken published catalog shows the checker's messages and the app falls back to
// the embedded default; with the files unreachable it uses the embedded default too. The
// configurator and the approver's page load only their own bundles. Every test has a profile and,
// where it changes a published file, a server of its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, OUT, ROOT } from './fixtures/browser.mjs';
import { ConfiguratorPage } from './fixtures/configurator_page.mjs';

let env;
before(async () => { env = await start(); });
after(async () => env.stop());

/** The configurator opened for test `t` from a server serving `overrides` in place of files. */
async function withOverrides(t, overrides) {
  const base = await env.serve(new Map(Object.entries(overrides)));
  const app = new ConfiguratorPage(await env.newPage(t), base);
  await app.open();
  return app;
}

test('a broken catalog.json shows the banner and falls back to the embedded default', async (t) => {
  const app = await withOverrides(t, { '/catalog.json': '{"schema_version": 1, "version": "broken",\n  "currency": 7 }' });
  const banner = app.tid('load-banner');
  await banner.waitFor();
  const text = await banner.textContent();
  assert.match(text, /catalog\.json/);
  assert.match(text, /line 2, column 15/);
  assert.match(await app.text('catalog-version'), /内置/);
  await app.fillCustomer({ industry: 'hotel', employees: 80 });
  await app.acceptTemplate(0);
  assert.ok(await app.lines().count() > 0, 'the embedded catalog works');
  await app.screenshot(path.join(OUT, 'broken-catalog-banner.png'));
});

test('a catalog that parses but fails the checks lists every checker message', async (t) => {
  const catalog = JSON.parse(fs.readFileSync(path.join(ROOT, 'public/catalog.json'), 'utf8'));
  catalog.offerings[0].mrc_cost = catalog.offerings[0].mrc + 1;
  catalog.offerings[1].family = 'no_such_family';
  const app = await withOverrides(t, { '/catalog.json': JSON.stringify(catalog) });
  const banner = app.tid('load-banner');
  await banner.waitFor();
  assert.ok(await banner.locator('li').count() >= 2);
  const text = await banner.textContent();
  assert.match(text, /offerings\[0\]/);
  assert.match(text, /offerings\[1\]\.family/);
});

test('with the published files unreachable the embedded default is used', async (t) => {
  const page = await env.newPage(t);
  await page.route('**/*.json', (route) => route.abort('internetdisconnected'));
  const app = new ConfiguratorPage(page, env.base);
  await app.open();
  await app.tid('load-banner').waitFor();
  assert.match(await app.text('catalog-version'), /内置/);
  assert.ok(await app.tid('template').count() === 0);
});

test('the configurator and the approver\'s page each load only their own bundle', async (t) => {
  const app = new ConfiguratorPage(await env.newPage(t), env.base);
  await app.open();
  const loaded = () => app.page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  await app.waitForPublishedCatalog();
  const seller = await loaded();
  assert.ok(seller.some((f) => /^\/tailor-[0-9a-f]+_bg\.wasm$/.test(f)), seller.join(' '));
  assert.ok(!seller.some((f) => f.includes('approver')), `no approver file on the configurator: ${seller.join(' ')}`);
  const approverPage = await app.openApprover();
  await approverPage.waitForPublishedCatalog();
  const approver = await loaded();
  assert.ok(approver.some((f) => /^\/approver-[0-9a-f]+_bg\.wasm$/.test(f)), approver.join(' '));
  assert.ok(!approver.some((f) => /^\/tailor-/.test(f)), `no configurator file on the approver's page: ${approver.join(' ')}`);
  await approverPage.screenshot(path.join(OUT, 'approver-page.png'));
});
