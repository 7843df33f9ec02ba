// The library is a page of its own (library.html): the configurator's first visit never loads
// it, going there stores the proposal on screen first (an edit made just before is never lost),
// and opening a proposal, or starting a new one, comes back to the configurator on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, OUT } from './fixtures/browser.mjs';
import { ConfiguratorPage } from './fixtures/configurator_page.mjs';

let env;

before(async () => { env = await start(); });
after(async () => env.stop());

test('the configurator loads no library bundle; the library page carries the proposal there and back, the last edit included', async (t) => {
  const page = await env.newPage(t);
  const app = new ConfiguratorPage(page, env.base);
  await app.open();
  await app.waitForStarted();
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  assert.ok(loaded.some((u) => /tailor-[0-9a-f]+_bg\.wasm$/.test(u)), 'the configurator bundle loads');
  assert.ok(!loaded.some((u) => /library-[0-9a-f]+/.test(u)), `no library bundle on the first visit: ${loaded.join(', ')}`);

  await app.fillCustomer({ name: '宁波市港航管理中心', uscc: '91350100M000100Y43', industry: 'government', employees: 120 });
  await app.acceptTemplate(0);
  // The last keystroke goes straight to the library: it is stored before the page changes.
  await app.tid('customer-name').fill('宁波市港航管理中心（第二稿）');
  const library = await app.openLibrary();
  assert.match(new URL(page.url()).pathname, /library\.html$/);
  const first = await library.rows().first().getAttribute('data-id');
  assert.match(await library.row(first).textContent(), /宁波市港航管理中心（第二稿）/);
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: path.join(OUT, 'library-page.png'), fullPage: true });

  // A new proposal: the configurator starts empty on it.
  await library.newProposal();
  assert.equal(await app.tid('customer-name').inputValue(), '');
  // Opening the stored one brings it back, the edit included.
  const again = await app.openLibrary();
  await again.openStored(first);
  assert.equal(await app.tid('customer-name').inputValue(), '宁波市港航管理中心（第二稿）');
  assert.ok((await app.lines().count()) > 0);

  // The language goes along.
  await app.toggleLanguage();
  const english = await app.openLibrary();
  assert.match(await english.tid('library-toggle').textContent(), /Library/);
  await english.close();
  assert.match(await app.tid('library-toggle').textContent(), /Library/);
});
