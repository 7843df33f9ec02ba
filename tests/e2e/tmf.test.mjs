// The proposal as a TM Forum TMF648 Quote, exported from the app (issue 20): "TMF648" in the quote
// files' actions runs the export in the worker loaded on first use and downloads
// `<quote>.tmf648.json`; it is the same document the native tool `tailor-tmf quote` makes of the
// quote file exported beside it, on the same signed catalog and policy, and it carries no cost or
// margin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { start, tmp, DIST, ROOT } from './fixtures/browser.mjs';
import { ConfiguratorPage } from './fixtures/configurator_page.mjs';

const CUSTOMER = { name: '杭州市数据资源管理局', uscc: '91350100M000100Y43', industry: 'government', employees: 20 };

let env;
before(async () => { env = await start(); });
after(async () => env.stop());

/** `tailor-tmf quote` of the quote file at `file`, on the bundle's catalog and policy. */
function tmfNatively(file, today) {
  const dir = tmp('tmf');
  const quote = path.join(dir, 'quote.tailor.json');
  fs.copyFileSync(file, quote);
  return execFileSync('cargo', ['run', '-q', '-p', 'tailor-core', '--bin', 'tailor-tmf', '--',
    'quote', today, quote, path.join(DIST, 'catalog.json'), path.join(DIST, 'policy.json'), '--lang', 'zh'],
  { cwd: ROOT, encoding: 'utf8' });
}

test('the TMF648 export is the native tool\'s quote of the same file, without internal figures', async (t) => {
  const app = new ConfiguratorPage(await env.newPage(t), env.base);
  await app.open();
  await app.waitForPublishedCatalog();
  await app.fillCustomer(CUSTOMER);
  await app.acceptTemplate(0);
  const priced = JSON.parse(await app.pricedJson());
  const file = await app.download('export-quote');
  const tmf = await app.download('export-tmf648');
  assert.match(tmf.name, /\.tmf648\.json$/);
  const doc = JSON.parse(tmf.text);
  assert.ok(Array.isArray(doc.quoteTotalPrice), 'a Quote with its totals');
  assert.equal(doc.quoteItem.length, priced.lines.length);
  const today = new Date().toISOString().slice(0, 10);
  assert.deepEqual(doc, JSON.parse(tmfNatively(file.path, today)));
  for (const word of ['cost', 'margin', 'headroom']) {
    assert.ok(!tmf.text.toLowerCase().includes(word), `"${word}" in the TMF648 export`);
  }
});
