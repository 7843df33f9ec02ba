// Sites at scale in the configurator (issue 19): the customer's site list imported from a
// spreadsheet (CSV in UTF-8 with a BOM or in GBK, XLSX read in the worker loaded on first use),
// previewed with its column mapping and every bad row, imported only on confirmation and again
// without duplicates; site packages made from one site's lines, hand-changed lines kept and
// marked; bulk edits by city, and the one undo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './fixtures/browser.mjs';
import { ConfiguratorPage } from './fixtures/configurator_page.mjs';
import { SitesPanel, csv, xlsx } from './fixtures/sites_panel.mjs';

let env;
before(async () => { env = await start(); });
after(async () => env.stop());

async function open(t) {
  const app = new ConfiguratorPage(await env.newPage(t), env.base);
  await app.open();
  return { app, sites: new SitesPanel(app) };
}

const HEADER = ['网点名称', '城市', '区县', '地址', '网点类型', '联系人'];
const CITIES = ['杭州', '宁波', '温州', '绍兴', '嘉兴'];

/** 1,500 sites of a provincial bank (one headquarters, branches, outlets), then two bad rows. */
function bankList(change = {}) {
  const rows = [HEADER];
  for (let i = 1; i <= 1500; i++) {
    const type = i === 1 ? '总部' : i % 3 === 0 ? 'outlet' : 'branch';
    rows.push([`网点${i}`, change[i] ?? CITIES[i % 5], '西湖区', `文三路${i}号`, type, `联系人${i}`]);
  }
  rows.push(['', '杭州', '', '', 'branch', '']); // row 1502: no name
  rows.push(['网点X', '杭州', '', '', 'castle', '']); // row 1503: no such type
  return csv(rows);
}

test('a 1,500-site CSV is previewed with every bad row, imported only on confirmation, and again without duplicates', async (t) => {
  const { app, sites } = await open(t);
  await sites.choose('网点清单.csv', Buffer.from(bankList(), 'utf8'));
  assert.equal(await sites.summary(), '共 1502 行：新增 1500 个站点，更新 0 个，0 个不变，2 个问题');
  const errors = await sites.errors();
  assert.deepEqual(errors.map((e) => e.row), [1502, 1503]);
  assert.match(errors[0].text, /第 1502 行 A 列（网点名称）：网点名称为空/);
  assert.match(errors[1].text, /第 1503 行 E 列（网点类型）：网点类型「castle」不存在/);
  assert.equal((await sites.sites()).length, 0, 'nothing imported before confirming');

  await sites.confirm();
  const imported = await sites.sites();
  assert.equal(imported.length, 1500);
  assert.deepEqual(imported[0], { id: 'S1', name: '网点1', city: '宁波', address: '文三路1号', site_type: 'headquarters', district: '西湖区', contact: '联系人1' });
  assert.equal(new Set(imported.map((s) => s.id)).size, 1500);
  assert.equal(await app.text('site-count'), '共 1500 个站点，显示 20 个');
  assert.equal(await app.tid('site').count(), 20, 'only the rows the filter finds are drawn');
  await app.tid('site-filter').fill('网点1499');
  assert.equal(await app.tid('site').count(), 1);

  // The same list again with one city changed: updated by name, nothing duplicated.
  await sites.choose('网点清单.csv', Buffer.from(bankList({ 7: '湖州' }), 'utf8'));
  assert.equal(await sites.summary(), '共 1502 行：新增 0 个站点，更新 1 个，1499 个不变，2 个问题');
  await sites.confirm();
  const again = await sites.sites();
  assert.equal(again.length, 1500);
  assert.equal(again[6].city, '湖州');
  assert.equal(again[6].id, 'S7');
  // One undo puts the sites back as they were.
  await sites.undo();
  assert.equal((await sites.sites())[6].city, '温州');
});

test('a GBK CSV and an XLSX workbook are read; a column the headers do not name is mapped by hand', async (t) => {
  const { sites } = await open(t);
  // "name,city,kind" with 北京 and 上海 in GBK, as Excel in China saves CSV.
  const gbk = Buffer.concat([
    Buffer.from('name,city,kind\r\nA1,'), Buffer.from([0xb1, 0xb1, 0xbe, 0xa9]), Buffer.from(',branch\r\nA2,'),
    Buffer.from([0xc9, 0xcf, 0xba, 0xa3]), Buffer.from(',outlet\r\n'),
  ]);
  await sites.choose('sites-gbk.csv', gbk);
  assert.equal(await sites.summary(), '共 2 行：新增 2 个站点，更新 0 个，0 个不变，0 个问题');
  await sites.mapColumn(2, 'site_type');
  await sites.confirm();
  assert.deepEqual((await sites.sites()).map((s) => [s.name, s.city, s.site_type]), [['A1', '北京', 'branch'], ['A2', '上海', 'outlet']]);

  await sites.choose('网点.xlsx', xlsx([['网点名称', '城市', '网点类型'], ['杭州总部', '杭州', '总部'], ['A1', '天津', '分支机构']]));
  assert.equal(await sites.summary(), '共 2 行：新增 1 个站点，更新 1 个，0 个不变，0 个问题');
  await sites.confirm();
  assert.deepEqual((await sites.sites()).map((s) => [s.name, s.city, s.site_type]),
    [['A1', '天津', 'branch'], ['A2', '上海', 'outlet'], ['杭州总部', '杭州', 'headquarters']]);

  // A file that is not a workbook is refused, naming it.
  await sites.app.tid('import-sites').setInputFiles({ name: 'broken.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004 broken') });
  await sites.app.tid('import-error').waitFor({ timeout: 60_000 });
  assert.match(await sites.app.text('import-error'), /broken\.xlsx/);
});

test('a package made from one site reaches every site of its type; a hand change stays marked; a bulk edit by city is one undo', async (t) => {
  const { app, sites } = await open(t);
  await sites.choose('sites.csv', Buffer.from(csv([
    ['name', 'city', 'type'], ['B1', '杭州', 'branch'], ['B2', '杭州', 'branch'], ['B3', '宁波', 'branch'], ['HQ', '杭州', 'headquarters'],
  ]), 'utf8'));
  await sites.confirm();
  await app.addOffering('SD-WAN');
  await app.assignSite(0, 0);
  await app.tid('line').first().waitFor();
  await sites.makePackage(0);
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="line"]').length === 3);
  let quote = JSON.parse(await app.quoteJson());
  assert.deepEqual(quote.lines.map((l) => l.site), ['S1', 'S2', 'S3']);
  assert.ok(quote.lines.every((l) => l.package?.package === 'P1' && !l.by_hand));
  assert.equal(await app.tid('from-package').count(), 3);
  assert.match(await app.text('package-sites'), /^3 个站点，0 行已手动修改$/);

  // A hand change at B2 is marked as changed.
  await app.setQuantity(1, 2);
  await app.tid('changed-by-hand').waitFor();
  assert.match(await app.text('package-sites'), /1 行已手动修改/);

  // Bulk edit: every line of the sites in 宁波 gets quantity 5; one undo reverts it.
  const before = JSON.parse(await app.quoteJson());
  assert.equal(await app.text('bulk-count'), '已选 4 个站点，3 行产品');
  assert.equal(await sites.bulkEdit({ city: '宁波' }, 'quantity', 5), '已修改 1 行');
  quote = JSON.parse(await app.quoteJson());
  assert.deepEqual(quote.lines.map((l) => [l.quantity, l.by_hand ?? false]), [[1, false], [2, true], [5, true]]);
  const priced = JSON.parse(await app.pricedJson());
  assert.equal(priced.lines.length, 3);
  await sites.undo();
  assert.deepEqual(JSON.parse(await app.quoteJson()).lines, before.lines);
  assert.equal(await app.tid('undo').count(), 0, 'one undo');
});
