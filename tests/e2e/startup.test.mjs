// Start-up: a broken published catalog shows the checker's messages and the app falls back to
// the embedded default; with the files unreachable it uses the embedded default too. The
// configurator and the approver's page load only their own bundles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, OUT } from './fixtures/browser.mjs';
import { TailorPage } from './fixtures/tailor_page.mjs';

async function withOverrides(overrides, check) {
  const env = await start(new Map(Object.entries(overrides)));
  try {
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 768 } });
    const app = new TailorPage(page, env.base);
    await app.open();
    await check(app);
  } finally {
    await env.stop();
  }
}

test('a broken catalog.json shows the banner and falls back to the embedded default', async () => {
  await withOverrides({ '/catalog.json': '{"schema_version": 1, "version": "broken",\n  "currency": 7 }' }, async (app) => {
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
});

test('a catalog that parses but fails the checks lists every checker message', async () => {
  const fs = await import('node:fs');
  const { ROOT } = await import('./fixtures/browser.mjs');
  const catalog = JSON.parse(fs.readFileSync(path.join(ROOT, 'public/catalog.json'), 'utf8'));
  catalog.offerings[0].mrc_cost = catalog.offerings[0].mrc + 1;
  catalog.offerings[1].family = 'no_such_family';
  await withOverrides({ '/catalog.json': JSON.stringify(catalog) }, async (app) => {
    const banner = app.tid('load-banner');
    await banner.waitFor();
    assert.ok(await banner.locator('li').count() >= 2);
    const text = await banner.textContent();
    assert.match(text, /offerings\[0\]/);
    assert.match(text, /offerings\[1\]\.family/);
  });
});

test('with the published files unreachable the embedded default is used', async () => {
  const env = await start();
  try {
    const page = await env.browser.newPage();
    await page.route('**/*.json', (route) => route.abort('internetdisconnected'));
    const app = new TailorPage(page, env.base);
    await app.open();
    await app.tid('load-banner').waitFor();
    assert.match(await app.text('catalog-version'), /内置/);
    assert.ok(await app.tid('template').count() === 0);
  } finally {
    await env.stop();
  }
});

test('the configurator and the approver\'s page each load only their own bundle', async () => {
  await withOverrides({}, async (app) => {
    const loaded = () => app.page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    await app.waitForPublishedCatalog();
    const seller = await loaded();
    assert.ok(seller.some((f) => /^\/tailor-[0-9a-f]+_bg\.wasm$/.test(f)), seller.join(' '));
    assert.ok(!seller.some((f) => f.includes('approver')), `no approver file on the configurator: ${seller.join(' ')}`);
    await app.openApprover();
    await app.waitForPublishedCatalog();
    const approver = await loaded();
    assert.ok(approver.some((f) => /^\/approver-[0-9a-f]+_bg\.wasm$/.test(f)), approver.join(' '));
    assert.ok(!approver.some((f) => /^\/tailor-/.test(f)), `no configurator file on the approver's page: ${approver.join(' ')}`);
    await app.screenshot(path.join(OUT, 'approver-page.png'));
  });
});
