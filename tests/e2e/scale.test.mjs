// The line editor at scale (issue 19): a generated quote file of 5,000 lines over the 1,500 sites
// of a provincial network (tailor_core::sample::network) opens grouped by site type → city →
// site with subtotals, only the rows on screen in the DOM; the find box finds a site at once; a
// quantity edited by keyboard alone (Tab into the row, the arrow keys to the next line) changes
// the totals to what the native core computes, byte for byte.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { start, yuan, tmp, ROOT, OUT } from './fixtures/browser.mjs';
import { ConfiguratorPage } from './fixtures/configurator_page.mjs';

const LINES = 5000;
const SITES = 1500;
let env;
let file;
before(async () => {
  env = await start();
  file = path.join(tmp('scale'), 'network-5000.tailor.json');
  execFileSync('cargo', ['run', '-q', '-p', 'tailor-core', '--example', 'sample_quote', '--', String(LINES), file, String(SITES)], { cwd: ROOT });
});
after(async () => env.stop());

/** The native core's canonical price of a canonical quote (`tailor-price`; megabytes of it). */
function priceNatively(quoteJson) {
  const q = path.join(tmp('scale-price'), 'quote.json');
  fs.writeFileSync(q, quoteJson);
  return execFileSync('cargo', ['run', '-q', '-p', 'tailor-core', '--bin', 'tailor-price', '--', q],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 }).trimEnd();
}

const domSize = (page) => page.evaluate(() => document.getElementsByTagName('*').length);
const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return { testid: a?.dataset.testid, line: a?.closest('[data-testid="line"]')?.dataset.line };
});

test('a 5,000-line quote over 1,500 sites: grouped with subtotals, few rows in the DOM, a site found at once, a quantity edited by keyboard priced as the native core does', async (t) => {
  const app = new ConfiguratorPage(await env.newPage(t), env.base);
  const { page } = app;
  await app.open();
  await app.waitForPublishedCatalog();
  const empty = await domSize(page);
  await app.importQuoteFile(file);
  await app.tid('import-open').click();
  await page.locator('[data-testid="line-find-count"]', { hasText: `显示 ${LINES} / ${LINES} 行` }).waitFor({ timeout: 60_000 });

  // Grouped: headquarters first, then its city and the site, with subtotals.
  const heads = await app.tid('group-head').allTextContents();
  assert.match(heads[0], /^总部/);
  assert.match(heads[0], /1 个站点/);
  assert.match(heads[1], /^杭州|^宁波|^温州|^嘉兴|^湖州|^绍兴|^金华|^衢州|^舟山|^台州|^丽水/);
  assert.match(heads[2], /^网点1 /);
  // Only the rows on screen are drawn: the DOM does not hold thousands of lines.
  const rows = await app.tid('line').count();
  assert.ok(rows > 5 && rows < 40, `${rows} line rows drawn`);
  const dom = await domSize(page);
  t.diagnostic(`DOM elements: ${empty} empty, ${dom} with ${LINES} lines open (${rows} line rows drawn)`);
  // Drawn in full it took some 94 elements a line (470,000 here).
  assert.ok(dom < 4000, `${dom} elements with the quote open`);
  await app.tid('line-list').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(OUT, 'scale-5000-1366.png') });

  // Scrolling far down draws other rows, and still few.
  await app.tid('line-list').evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="line"]')?.dataset.pos) > 1000);
  assert.ok(await app.tid('line').count() < 40);

  // The find box: the site 网点1234 (a branch in 温州) and its three lines, at once.
  await app.tid('line-find').fill('网点1234');
  await page.locator('[data-testid="line-find-count"]', { hasText: `显示 3 / ${LINES} 行` }).waitFor();
  const found = await app.tid('group-head').allTextContents();
  assert.equal(found.length, 3);
  assert.match(found[0], /^分支机构.*1 个站点 · 3 行/);
  assert.match(found[1], /^温州/);
  assert.match(found[2], /^网点1234 /);
  const ids = await app.tid('line').evaluateAll((ls) => ls.map((l) => l.dataset.line));
  assert.deepEqual(ids, ['L1234', 'L2734', 'L4234']);

  // By keyboard alone: Tab from the find box into the first line's quantity, type, then the
  // down arrow to the next line's quantity.
  const before = JSON.parse(await app.pricedJson()).totals.net.tcv;
  await app.tid('line-find').focus();
  for (let i = 0; i < 12 && (await focused(page)).testid !== 'qty'; i += 1) await page.keyboard.press('Tab');
  assert.deepEqual(await focused(page), { testid: 'qty', line: 'L1234' });
  await page.keyboard.press('Control+A');
  await page.keyboard.type('17');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement?.closest('[data-testid="line"]')?.dataset.line === 'L2734');
  assert.equal((await focused(page)).testid, 'qty');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('9');
  await page.waitForFunction(() => {
    const q = JSON.parse(window.tailorQuote());
    return q.lines[1233].quantity === 17 && q.lines[2733].quantity === 9;
  });
  await page.screenshot({ path: path.join(OUT, 'scale-found-1366.png') });

  // The totals are what the native core computes for the quote as it now stands, byte for byte.
  const quote = await app.quoteJson();
  const native = priceNatively(quote);
  assert.equal(await app.pricedJson(), native, 'the repriced lines and totals are the native core\'s');
  const totals = JSON.parse(native).totals;
  assert.notEqual(totals.net.tcv, before, 'the edit changed the total');
  assert.equal(await app.text('total-tcv'), yuan(totals.net.tcv));
  assert.equal(await app.text('total-mrc'), yuan(totals.net.mrc));
  // The site's subtotal follows: its three lines' net amounts.
  const priced = JSON.parse(native);
  const siteTcv = [1233, 2733, 4233].reduce((s, i) => s + priced.lines[i].net.tcv, 0);
  const siteHead = app.tid('group-head').nth(2);
  assert.match(await siteHead.locator('[data-testid="group-tcv"]').textContent(), new RegExp(yuan(siteTcv).replace(/[.$]/g, '\\$&')));

  // Removing a line regroups at once: the site keeps its other two.
  await app.tid('line').nth(2).locator('[data-testid="remove-line"]').click();
  await page.locator('[data-testid="line-find-count"]', { hasText: `显示 2 / ${LINES - 1} 行` }).waitFor();
  assert.match(await app.tid('group-head').first().textContent(), /1 个站点 · 2 行/);

  // Clearing the find box brings every line back.
  await app.tid('line-find').fill('');
  await page.locator('[data-testid="line-find-count"]', { hasText: `显示 ${LINES - 1} / ${LINES - 1} 行` }).waitFor();
});

test('a line at scale opens in full below the list: its site, typed from the customer\'s site names, moves it there, priced as the native core does; its waterfall is there', async (t) => {
  const app = new ConfiguratorPage(await env.newPage(t), env.base);
  const { page } = app;
  await app.open();
  await app.waitForPublishedCatalog();
  await app.importQuoteFile(file);
  await app.tid('import-open').click();
  await page.locator('[data-testid="line-find-count"]', { hasText: `显示 ${LINES} / ${LINES} 行` }).waitFor({ timeout: 60_000 });
  const row = app.tid('line').first();
  const id = await row.getAttribute('data-line');
  await row.locator('[data-testid="line-open"]').click();
  const detail = app.tid('line-detail');
  await detail.waitFor();
  assert.equal(await row.locator('[data-testid="line-open"]').getAttribute('aria-expanded'), 'true');
  assert.equal(await detail.locator('[data-testid="line"]').getAttribute('data-line'), id);
  await detail.locator('[data-testid="waterfall-toggle"]').click();
  // Moved to 网点1234 by typing its name (1,500 sites: typed from the names, not a list of options).
  const site = detail.locator('[data-testid="line-site-name"]');
  await site.fill('网点1234');
  await site.press('Tab');
  const quote = JSON.parse(await app.quoteJson());
  const at = quote.customer.sites.find((s) => s.name === '网点1234').id;
  await page.waitForFunction(([line, site]) => JSON.parse(window.tailorQuote()).lines.find((l) => l.id === line).site === site, [id, at]);
  assert.equal(await app.pricedJson(), priceNatively(await app.quoteJson()), 'priced as the native core does');
  await page.screenshot({ path: path.join(OUT, 'scale-line-detail.png'), fullPage: false });
  // The find box shows it among that site's lines, and its button closes it.
  await app.tid('line-find').fill('网点1234');
  await page.locator('[data-testid="line-find-count"]', { hasText: `显示 4 / ${LINES} 行` }).waitFor();
  await app.tid('line-detail-close').click();
  assert.equal(await app.tid('line-detail').count(), 0);
});

test('the columns of the lines at scale are named above them, line up with every row and stay on screen, clear of the price panel, on a 1366 and a 1024 screen', async (t) => {
  for (const [width, height] of [[1366, 768], [1024, 768]]) {
    const page = await env.newPage(t);
    await page.setViewportSize({ width, height });
    const app = new ConfiguratorPage(page, env.base);
    await app.open();
    await app.waitForPublishedCatalog();
    await app.importQuoteFile(file);
    await app.tid('import-open').click();
    await page.locator('[data-testid="line-find-count"]', { hasText: `显示 ${LINES} / ${LINES} 行` }).waitFor({ timeout: 60_000 });
    await app.tid('line-list').scrollIntoViewIfNeeded();
    const heads = await app.tid('line-heads').locator('span').allTextContents();
    assert.deepEqual(heads.filter(Boolean), ['#', '产品', '选项', '数量', '折扣 %', '月费', '合同总价', '权限']);
    // Each named column's right edge is the right edge of the same column in the rows (±2 px),
    // and the last control of every row drawn is inside the list.
    const geometry = await page.evaluate(() => {
      const box = (el) => el.getBoundingClientRect();
      const cells = [...document.querySelectorAll('[data-testid="line-heads"] span')];
      const row = document.querySelector('[data-testid="line"]');
      const list = box(document.querySelector('[data-testid="line-list"]'));
      const pairs = [[cells[3], row.querySelector('[data-testid="qty"]')], [cells[4], row.querySelector('[data-testid="discount"]')],
        [cells[5], row.querySelector('[data-testid="line-mrc"]')], [cells[6], row.querySelector('[data-testid="line-tcv"]')]];
      const ends = [...document.querySelectorAll('[data-testid="line"] [data-testid="remove-line"]')].map((b) => box(b).right);
      return { off: pairs.map(([h, c]) => Math.abs(box(h).right - box(c).right)), ends, right: list.right, panel: box(document.querySelector('aside.panel')).left };
    });
    assert.ok(geometry.off.every((d) => d <= 2), `${width}: heads and columns differ by ${geometry.off.join(', ')} px`);
    assert.ok(geometry.ends.every((r) => r <= geometry.right), `${width}: a row's last control is past the list (${geometry.ends.join(', ')} > ${geometry.right})`);
    assert.ok(geometry.right <= geometry.panel, `${width}: the list (right edge ${geometry.right}) runs under the price panel (${geometry.panel})`);
    await page.screenshot({ path: path.join(OUT, `scale-heads-${width}.png`) });
  }
});

test('a small quote is drawn in full, as before: every line with its own controls', async (t) => {
  const app = new ConfiguratorPage(await env.newPage(t), env.base);
  await app.open();
  await app.fillCustomer({ name: '杭州市数据资源管理局', industry: 'government', employees: 300 });
  await app.acceptTemplate(0);
  assert.equal(await app.tid('line-list').count(), 0);
  assert.equal(await app.tid('line-find').count(), 0);
  assert.ok(await app.tid('group-by').count() === 1);
  const n = await app.lines().count();
  assert.ok(n > 0 && n < 50);
  assert.equal(await app.tid('waterfall-toggle').count(), n);
});
