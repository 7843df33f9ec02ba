// The proposal end to end: a 40+ line proposal for a ministry-like customer, printed to PDF and
// read back with pdftotext (customer, totals and SLA grades in it; no cost or margin); pages
// rendered with pdftoppm to look at; quote-file round trip; hostile files refused with the quote
// untouched; HTML shown as text; the CSV for procurement. Every test has a fresh profile of its
// own; all but the first open the 40-line proposal from a quote file built once per run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { start, once, priceNatively, yuan, OUT, ROOT } from './fixtures/browser.mjs';
import { ConfiguratorPage } from './fixtures/configurator_page.mjs';

let env;
const CUSTOMER = '浙江省经济和信息化厅';

before(async () => { env = await start(); });
after(async () => env.stop());

const configurator = (t) => ConfiguratorPage.opened(env, t);

/**
 * Builds the 40-line proposal through the UI: customer, contact, three sites, the template, 34
 * more offerings and three dedicated internet lines (one per site, 100M+ and an SLA grade), 8 %
 * off the last. Returns the number of lines before the last three were tailored.
 */
async function buildProposal(app) {
  await app.fillCustomer({ name: CUSTOMER, uscc: '91350100M000100Y43', industry: 'government', employees: 1200 });
  await app.addContact('王建国', '信息中心主任', '0571-8705 1234', 'wang@example.gov.cn');
  await app.addSite('省厅机关大楼', '杭州', '西湖区省府路 8 号');
  await app.addSite('数据中心', '杭州', '余杭区文一西路 1500 号');
  await app.addSite('宁波办事处', '宁波', '鄞州区天童南路 588 号');
  await app.acceptTemplate(0);
  const offerings = await app.tid('add-offering').evaluateAll((bs) => bs.map((b) => b.dataset.offering));
  for (const id of offerings.slice(0, 34)) {
    await app.page.locator(`[data-testid="add-offering"][data-offering="${id}"]`).click();
  }
  for (let k = 0; k < 3; k++) await app.addOffering('互联网专线');
  const n = await app.lines().count();
  for (let k = 0; k < 3; k++) {
    const i = n - 3 + k;
    await app.chooseOption(i, 'bandwidth', k === 2 ? 'bw_1000m' : 'bw_200m');
    const sla = await app.line(i).locator('[data-testid="option"][data-group="sla"] option').evaluateAll((os) => os.map((o) => o.value));
    await app.chooseOption(i, 'sla', sla[sla.length - 1 - (k % 2)]);
    await app.assignSite(i, k);
  }
  await app.setDiscount(n - 1, '8');
  return n;
}

/** The 40-line proposal's quote file: built once per run, in a profile of its own, and exported. */
const proposalFile = once(async () => {
  const app = await configurator();
  await buildProposal(app);
  const file = await app.download('export-quote');
  await app.page.context().close();
  return file;
});

/** A fresh profile for test `t` with the 40-line proposal opened, and its internal figures. */
async function proposal(t) {
  const file = await proposalFile();
  const app = await configurator(t);
  await app.openQuoteFile(file.path);
  await app.page.waitForFunction((v) => document.querySelector('[data-testid="customer-name"]')?.value === v, CUSTOMER);
  const internal = { cost: await app.text('total-cost'), margin: await app.text('total-margin') };
  return { app, internal, file };
}

test('a 40-line proposal for a government customer', async (t) => {
  const app = await configurator(t);
  const n = await buildProposal(app);
  assert.ok(n >= 40, `${n} lines`);
  await app.screenshot(path.join(OUT, 'proposal-configurator.png'));
});

test('the proposal prints to a clean A4 PDF with the customer, totals and SLA grades and no internal figures', async (t) => {
  const { app, internal } = await proposal(t);
  const priced = JSON.parse(await app.pricedJson());
  await app.openProposal();
  assert.equal(await app.text('p-customer'), CUSTOMER);
  assert.equal(await app.text('p-tcv'), yuan(priced.totals.net.tcv));
  await app.screenshot(path.join(OUT, 'proposal-screen.png'));
  const pdf = path.join(OUT, 'proposal.pdf');
  await app.page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert.ok(text.includes(CUSTOMER), 'customer in the PDF');
  assert.ok(text.includes(yuan(priced.totals.net.tcv)), 'TCV in the PDF');
  assert.ok(text.includes(yuan(priced.totals.gross.tcv)), 'tax-inclusive TCV in the PDF');
  assert.match(text, /SLA 等级：(白金|金牌)/, 'SLA grades in the PDF');
  assert.match(text, /可用率/, 'what the SLA grade promises');
  for (const secret of [internal.cost, internal.margin.split(' ')[0], '成本', '毛利', '权限', '底价']) {
    assert.ok(!text.includes(secret), `"${secret}" is not in the PDF`);
  }
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))[1]);
  assert.ok(pages >= 3, `${pages} pages`);
  assert.match(text, new RegExp(`1\\s*/\\s*${pages}`), 'page numbers in the footer');
  execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '3', pdf, path.join(OUT, 'proposal-page')]);
});

test('export and import give the identical quote and identical priced bytes', async (t) => {
  const { app } = await proposal(t);
  const quote = await app.quoteJson();
  const priced = await app.pricedJson();
  const file = await app.download('export-quote');
  assert.match(file.name, /^浙江省经济和信息化厅-\d{4}-\d{2}-\d{2}\.tailor\.json$/);
  fs.copyFileSync(file.path, path.join(OUT, file.name));
  await app.setQuantity(0, 999);
  assert.notEqual(await app.quoteJson(), quote);
  await app.importQuoteFile(path.join(OUT, file.name));
  await app.tid('import-dialog').waitFor();
  await app.tid('import-open').click();
  assert.equal(await app.quoteJson(), quote, 'identical quote');
  assert.equal(await app.pricedJson(), priced, 'identical priced bytes');
  assert.equal(priceNatively(quote), priced, 'and identical to the native core');
});

/** Hostile variants of a good quote file, each with the words its refusal must hold. */
function hostile(good) {
  const variant = (f) => { const c = structuredClone(good); f(c); return JSON.stringify(c); };
  return {
    'malformed.json': ['{"format": "tailor-quote", "schema_version": 1,, }', /第 1 行/],
    'truncated.tailor.json': [JSON.stringify(good).slice(0, 700), /不完整/],
    'wrong-type.tailor.json': [variant((c) => { c.quote.lines[0].quantity = '10'; }), /quote\.lines\[0\]\.quantity/],
    'catalog.json': [fs.readFileSync(path.join(ROOT, 'public/catalog.json'), 'utf8'), /产品目录|catalog/i],
    'newer.tailor.json': [variant((c) => { c.schema_version = 99; }), /更新/],
    'huge-number.tailor.json': [variant((c) => { c.quote.lines[0].quantity = 1e30; }), /quantity/],
    'deep.tailor.json': ['['.repeat(100000) + ']'.repeat(100000), /嵌套/],
    'huge-string.tailor.json': [variant((c) => { c.quote.customer.name = 'x'.repeat(10 * 1024 * 1024); }), /过大/],
  };
}

test('malformed, truncated, wrong-type, foreign and hostile files are refused and the quote stays', async (t) => {
  const { app, file: good } = await proposal(t);
  const before = await app.quoteJson();
  for (const [name, [body, why]] of Object.entries(hostile(JSON.parse(good.text)))) {
    const file = path.join(OUT, name);
    fs.writeFileSync(file, body);
    await app.importQuoteFile(file);
    const dialog = app.tid('import-error');
    await dialog.waitFor();
    const text = await dialog.textContent();
    assert.match(text, why, `${name}: ${text}`);
    assert.ok(text.includes(name), `${name}: the message names the file`);
    await dialog.locator('button').click();
    assert.equal(await app.quoteJson(), before, `${name}: the quote is untouched`);
    fs.unlinkSync(file);
  }
});

test('HTML in customer fields is shown as text in the app, the proposal and the CSV', async (t) => {
  const { app, internal } = await proposal(t);
  const evil = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>=HYPERLINK("x")';
  await app.fillCustomer({ name: evil });
  await app.addSite('=cmd|\' /C calc\'!A0', '+杭州', '@home');
  await app.assignSite(0, 3);
  await app.openProposal();
  assert.equal(await app.text('p-customer'), evil);
  assert.equal(await app.page.evaluate(() => window.pwned), undefined);
  assert.equal(await app.page.locator('[data-testid="proposal"] img, [data-testid="proposal"] script').count(), 0);
  await app.backToConfigure();
  const csv = await app.download('export-csv');
  const bytes = fs.readFileSync(csv.path);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
  const body = bytes.subarray(3).toString('utf8');
  assert.match(body.split('\r\n')[0], /产品/);
  assert.ok(body.includes("'=cmd|"), 'formula cell neutralised');
  assert.ok(!/(^|,)"?=cmd/m.test(body), 'no live formula');
  assert.ok(!body.includes(internal.cost.replace(/[¥,]/g, '')), 'no cost in the CSV');
  fs.copyFileSync(csv.path, path.join(OUT, 'lines.csv'));
});
