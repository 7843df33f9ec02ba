// Sites at scale in the configurator (issue 19): the customer's site list imported from a
// spreadsheet (CSV in UTF-8 with a BOM or in GBK, XLSX read in the worker loaded on first use),
// previewed with its column mapping and every bad row, imported only on confirmation and again
// without duplicates; site packages made from one site's lines, hand-changed lines kept and
// marked; bulk edits by city, and the one undo. The proposal of 1,500 sites: two packages, one
// city upgraded to 200M, the totals the native core's, the summaries per site type and city
// printed to PDF and read back, the per-site appendix on demand, the per-site CSV and XLSX.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { start, priceNatively, yuan, OUT } from './fixtures/browser.mjs';
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

/** The rows of RFC 4180 CSV text (CRLF rows, quoted cells with doubled quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += c;
  }
  return rows;
}

/** Cell `ref` (`J1502`) of an XLSX sheet's XML: its text (shared strings resolved) or number. */
function xlsxCells(file) {
  const unzip = (part) => execFileSync('unzip', ['-p', file, part], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const strings = [...unzip('xl/sharedStrings.xml').matchAll(/<si>(?:<t[^>]*>([^<]*)<\/t>)<\/si>/g)].map((m) => m[1]);
  const cells = new Map();
  for (const m of unzip('xl/worksheets/sheet1.xml').matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>(?:<f>[^<]*<\/f>)?<v>([^<]*)<\/v><\/c>)/g)) {
    const [, ref, attrs, v] = m;
    cells.set(ref, / t="s"/.test(attrs) ? strings[Number(v)] : Number(v));
  }
  return cells;
}

test('the proposal of a 1,500-site bank: two packages, one city upgraded to 200M, summaries printed, the per-site CSV and XLSX', async (t) => {
  const { app, sites } = await open(t);
  await sites.choose('网点清单.csv', Buffer.from(bankList(), 'utf8'));
  await sites.confirm();
  // A dedicated line at 网点2 (a branch) and SD-WAN at 网点3 (an outlet), each made its type's package.
  // Above 50 sites a line's site is typed by its name.
  const atSite = async (i, name) => {
    const input = app.line(i).locator('[data-testid="line-site-name"]');
    await input.fill(name);
    await input.dispatchEvent('change');
    await app.page.waitForFunction(([i, n]) => JSON.parse(window.tailorQuote()).lines[i]?.site === n, [i, `S${name.slice(2)}`]);
  };
  await app.addOffering('互联网专线');
  await atSite(0, '网点2');
  await app.addOffering('SD-WAN');
  await app.line(1).waitFor();
  await atSite(1, '网点3');
  await sites.makePackage(1);
  await sites.makePackage(2);
  const lines = async () => JSON.parse(await app.quoteJson()).lines;
  await app.page.waitForFunction(() => JSON.parse(window.tailorQuote()).lines.length === 1499, null, { timeout: 120_000 });
  let quote = JSON.parse(await app.quoteJson());
  assert.deepEqual(quote.packages.map((p) => [p.site_type, p.lines.length]), [['branch', 1], ['outlet', 1]]);

  // Every dedicated line of the 200 branches in 杭州 upgraded to 200M at once.
  assert.equal(await sites.bulkEdit({ city: '杭州', offering: 'dia' }, 'option:bandwidth', 'bw_200m'), '已修改 200 行');
  quote = JSON.parse(await app.quoteJson());
  const city = new Map(quote.customer.sites.map((s) => [s.id, s.city]));
  const upgraded = (await lines()).filter((l) => l.options?.bandwidth === 'bw_200m');
  assert.equal(upgraded.length, 200);
  assert.ok(upgraded.every((l) => city.get(l.site) === '杭州' && l.offering === 'dia'));
  const quoteJson = await app.quoteJson();
  const pricedJson = await app.pricedJson();
  assert.equal(priceNatively(quoteJson), pricedJson, 'the totals are the native core\'s');
  const priced = JSON.parse(pricedJson);

  // The proposal: summaries per site type and city; the appendix off for 1,499 sites with lines.
  const opened = Date.now();
  await app.openProposal();
  await app.tid('p-by-city').waitFor();
  const printReady = Date.now() - opened;
  assert.equal(await app.tid('appendix-toggle').isChecked(), false);
  assert.equal(await app.tid('p-appendix').count(), 0);
  const row = async (table, key) => app.tid(table).locator(`tr[data-key="${key}"] td`).allTextContents();
  assert.deepEqual((await row('p-by-type', 'branch')).slice(0, 3), ['分支机构', '999', '999']);
  assert.deepEqual((await row('p-by-type', 'outlet')).slice(0, 3), ['营业网点', '500', '500']);
  assert.deepEqual((await row('p-by-type', 'headquarters')).slice(0, 3), ['总部', '1', '0']);
  const hz = priced.lines.filter((l, i) => city.get(quote.lines[i].site) === '杭州').reduce((a, l) => a + l.net.mrc, 0);
  assert.deepEqual((await row('p-by-city', '杭州')).slice(0, 4), ['杭州', '300', '300', yuan(hz)]);
  assert.equal(await app.text('p-tcv'), yuan(priced.totals.net.tcv));
  await app.screenshot(path.join(OUT, 'sites-proposal.png'));
  const pdf = path.join(OUT, 'sites-proposal.pdf');
  const printing = Date.now();
  await app.page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const printed = Date.now() - printing;
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  for (const words of ['按站点类型', '按城市', '分支机构', '营业网点', '杭州', '宁波', '1500 个站点', yuan(priced.totals.net.tcv), yuan(hz)]) {
    assert.ok(text.includes(words), `"${words}" in the PDF`);
  }
  assert.ok(!text.includes('网点1499'), 'no per-site detail without the appendix');
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))[1]);
  t.diagnostic(`1,500 sites, 1,499 lines: proposal print-ready ${printReady} ms after the click, PDF of ${pages} pages in ${printed} ms`);

  // With the appendix: every site's lines.
  const withAppendix = Date.now();
  await app.tid('appendix-toggle').check();
  await app.tid('p-appendix').waitFor();
  const appendixReady = Date.now() - withAppendix;
  const pdfAll = path.join(OUT, 'sites-proposal-appendix.pdf');
  const printingAll = Date.now();
  await app.page.pdf({ path: pdfAll, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const printedAll = Date.now() - printingAll;
  const all = execFileSync('pdftotext', ['-layout', pdfAll, '-'], { encoding: 'utf8' });
  assert.ok(all.includes('附录：站点明细') && all.includes('网点1499'), 'the appendix lists every site');
  const pagesAll = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfAll], { encoding: 'utf8' }))[1]);
  t.diagnostic(`with the appendix: ready ${appendixReady} ms after the click, PDF of ${pagesAll} pages in ${printedAll} ms`);

  // The per-site CSV: a BOM, a row per line with its site, the HQ on a row of its own, the totals.
  const csvFile = await app.download('export-sites-csv');
  assert.match(csvFile.name, /站点明细\.csv$/);
  const bytes = fs.readFileSync(csvFile.path);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
  const rows = parseCsv(bytes.subarray(3).toString('utf8'));
  assert.deepEqual(rows[0], ['站点', '站点类型', '城市', '区县', '地址', '联系人', '产品', '配置', '数量', '月费（不含税，元）', '一次性费用（不含税，元）']);
  assert.equal(rows.length, 1 + 1500 + 1);
  assert.deepEqual(rows[1].slice(0, 9), ['网点1', '总部', '宁波', '西湖区', '文三路1号', '联系人1', '', '', '0']);
  assert.deepEqual(rows[2].slice(0, 7), ['网点2', '分支机构', '温州', '西湖区', '文三路2号', '联系人2', '互联网专线']);
  const fen = (s) => Math.round(Number(s) * 100);
  assert.equal(rows.slice(1, -1).reduce((a, r) => a + fen(r[9]), 0), priced.totals.net.mrc);
  assert.deepEqual(rows.at(-1).slice(9).map(fen), [priced.totals.net.mrc, priced.totals.net.nrc]);
  fs.copyFileSync(csvFile.path, path.join(OUT, 'sites.csv'));

  // The per-site XLSX from the spreadsheet worker: the same rows, amounts as numbers.
  const xlsxFile = await app.download('export-sites-xlsx');
  assert.match(xlsxFile.name, /站点明细\.xlsx$/);
  const cells = xlsxCells(xlsxFile.path);
  assert.equal(cells.get('A1'), '站点');
  assert.equal(cells.get('A3'), '网点2');
  assert.equal(cells.get('G3'), '互联网专线');
  assert.equal(cells.get('A1502'), '合计');
  assert.equal(Math.round(cells.get('J1502') * 100), priced.totals.net.mrc);
  assert.equal(Math.round(cells.get('K1502') * 100), priced.totals.net.nrc);
  fs.copyFileSync(xlsxFile.path, path.join(OUT, 'sites.xlsx'));
});
