// After the signature, in the app: handing a proposal over freezes its version, an edit starts the
// next version in the same lineage, the library shows the lineage, and two versions compare on
// screen and as the printed "changes since V1" page, its figures from the app's own prices.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import { start, tmp, yuan, DIST, OUT, ROOT } from './fixtures/browser.mjs';
import { signPublished } from './fixtures/publisher.mjs';
import { ConfiguratorPage } from './fixtures/configurator_page.mjs';

let env;
const CUSTOMER = '杭州市数据资源管理局';

before(async () => { env = await start(); });
after(async () => env.stop());

const configurator = (t) => ConfiguratorPage.opened(env, t);

/** Hands the proposal on screen over (its CSV for the customer) and returns its quote and price. */
async function handOver(app) {
  await app.download('export-csv');
  await app.waitSaveState('saved');
  return { quote: JSON.parse(await app.quoteJson()), priced: JSON.parse(await app.pricedJson()) };
}

/** The quote file at `file`, an amendment or a renewal, priced by the native core (`tailor-price
 * --after-sale`), on the catalog and policy in `dir` (the default when none): canonical bytes. */
function priceAfterSale(file, dir) {
  const files = dir ? [path.join(dir, 'catalog.json'), path.join(dir, 'policy.json')] : [];
  return execFileSync('cargo', ['run', '-q', '-p', 'tailor-core', '--bin', 'tailor-price', '--', '--after-sale', file, ...files], { cwd: ROOT, encoding: 'utf8' }).trimEnd();
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('handing a proposal over freezes V1; an edit starts V2 of its lineage; the library shows both; the changes since V1 print for the customer', async (t) => {
  const app = await configurator(t);
  await app.fillCustomer({ name: CUSTOMER, uscc: '91350100M000100Y43', industry: 'government', employees: 300 });
  await app.acceptTemplate(0);
  await app.waitSaveState('saved');
  assert.equal(await app.versionLabel(), 'V1（草稿）');
  assert.equal(await app.newVersionNotice(), '');

  // The quote file is the seller's working file: exporting it freezes nothing.
  assert.equal(JSON.parse((await app.download('export-quote')).text).quote.handed_over, undefined);
  assert.equal(await app.versionLabel(), 'V1（草稿）');
  // The CSV for the customer's procurement hands V1 over, as printing and signing do.
  const exported = await handOver(app);
  const v1 = exported.quote;
  assert.match(v1.handed_over, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(await app.versionLabel(), `V1（${v1.handed_over} 已交付）`);
  await app.waitSaveState('saved');

  // The next change starts V2: a new id in V1's lineage, without V1's handover.
  await app.setQuantity(0, v1.lines[0].quantity + 2);
  await app.tid('new-version-notice').waitFor();
  assert.match(await app.newVersionNotice(), /V2/);
  const v2 = JSON.parse(await app.quoteJson());
  assert.deepEqual([v2.version, v2.lineage, v2.handed_over], [2, v1.id, undefined]);
  assert.notEqual(v2.id, v1.id);
  assert.equal(await app.versionLabel(), 'V2（草稿）');
  // Further edits stay in V2.
  await app.setQuantity(0, v1.lines[0].quantity + 3);
  assert.equal(JSON.parse(await app.quoteJson()).id, v2.id);
  const v2priced = JSON.parse(await app.pricedJson());
  await app.waitSaveState('saved');

  // The library keeps both, together, the newer first.
  const library = await app.openLibrary();
  const lineage = (await library.lineages()).filter((r) => r.lineage === v1.id).map((r) => r.id);
  assert.deepEqual(lineage, [v2.id, v1.id]);
  assert.equal(await library.rowVersion(v1.id), `V1（${v1.handed_over} 已交付）`);
  assert.equal(await library.rowVersion(v2.id), 'V2（草稿）');

  // Compared: the quantity change, its monthly and TCV deltas, and the total's.
  const changes = await library.compare(v2.id);
  assert.match(await changes.text('changes-title'), /自 V1 以来的变更/);
  const rows = await changes.rows();
  const line = rows.find((r) => r.line === v1.lines[0].id);
  assert.equal(line.kind, '数量变更');
  assert.equal(line.mrc, `+${yuan(v2priced.lines[0].net.mrc - exported.priced.lines[0].net.mrc)}`);
  assert.equal(line.tcv, `+${yuan(v2priced.lines[0].net.tcv - exported.priced.lines[0].net.tcv)}`);
  const totalTcv = `+${yuan(v2priced.totals.net.tcv - exported.priced.totals.net.tcv)}`;
  assert.match(await changes.text('changes-total-tcv'), new RegExp(escape(totalTcv)));

  // The printed page: the customer's, without the screen's controls.
  const pdf = path.join(OUT, 'changes-since-v1.pdf');
  await changes.page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  for (const want of ['自 V1 以来的变更', CUSTOMER, '数量变更', totalTcv]) assert.ok(text.includes(want), want);
  for (const never of ['返回方案库', '打印 / PDF']) assert.ok(!text.includes(never), never);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, path.join(OUT, 'changes-since-v1')]);

  // A version compared with itself: no change.
  await changes.choose(0, 0);
  await changes.tid('changes-none').waitFor();
});

/** `start` + `months` calendar months, for a start on the first of a month. */
function plusMonths(start, months) {
  const [y, m] = start.split('-').map(Number);
  const k = m - 1 + months;
  return `${y + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`;
}

test('a handed-over version marked accepted becomes a contract listed with its end date; renewals due lists it within the chosen days', async (t) => {
  const app = await configurator(t);
  await app.fillCustomer({ name: CUSTOMER, uscc: '91350100M000100Y43', industry: 'government', employees: 30 });
  await app.acceptTemplate(0);
  await app.waitSaveState('saved');
  // A draft cannot be accepted: nothing was handed over.
  assert.equal(await app.tid('mark-accepted').count(), 0);
  const exported = await handOver(app);
  const q = exported.quote;
  // Refused with a reason: a start before the signature.
  await app.markAccepted(q.handed_over, '2020-01-01');
  assert.match(await app.text('accept-error'), /早于签约日期/);
  const start = plusMonths(q.handed_over.slice(0, 8) + '01', 1);
  await app.tid('start-date').fill(start);
  await app.tid('accept-contract').click();
  const end = plusMonths(start, q.term_months);
  await app.tid('contract-badge').waitFor();
  assert.equal(await app.text('contract-badge'), `合同 ${start} → ${end}`);

  const library = await app.openLibrary();
  const contracts = await library.contracts();
  assert.deepEqual(contracts, [{ id: q.id, end, monthly: yuan(exported.priced.totals.net.mrc) }]);
  const days = Math.round((Date.parse(end) - Date.parse(q.handed_over)) / 86400000);
  await library.renewalsDue(days - 40);
  await library.tid('contracts-empty').waitFor();
  await library.renewalsDue(days + 40);
  assert.deepEqual((await library.contracts()).map((c) => c.id), [q.id]);
});

/** A contract of the government template (after `tailor`, if given, changes the draft), accepted
 *  from the first of next month: its quote. */
async function contracted(app, tailor = async () => {}) {
  await app.fillCustomer({ name: CUSTOMER, uscc: '91350100M000100Y43', industry: 'government', employees: 30 });
  await app.acceptTemplate(0);
  await tailor();
  await app.waitSaveState('saved');
  const exported = await handOver(app);
  const q = exported.quote;
  const start = plusMonths(q.handed_over.slice(0, 8) + '01', 1);
  await app.markAccepted(q.handed_over, start);
  await app.tid('contract-badge').waitFor();
  return { q, start, exported };
}

test('offline, a contract gains two dedicated lines at one site and an upgrade: the amendment shows its charges, is accepted, and the contract and lineage keep it', async (t) => {
  const app = await configurator(t);
  const { q, start } = await contracted(app);
  await app.page.context().setOffline(true);
  const began = Date.now();
  let library = await app.openLibrary();
  const effective = `${plusMonths(start, 1).slice(0, 8)}15`;
  await library.amend(q.id, effective);
  // The lines in force, unchanged: nothing to charge yet.
  assert.deepEqual(await app.amendedLines(), []);
  assert.equal(await app.text('amendment-tcv'), yuan(0));
  const amendment = JSON.parse(await app.quoteJson());
  assert.deepEqual([amendment.lineage, amendment.version], [q.id, 2]);

  // Two more dedicated lines at the headquarters, and the existing line upgraded to 200M.
  await app.tid('add-site').click();
  const dia = q.lines.findIndex((l) => l.offering === 'dia');
  await app.chooseOption(dia, 'bandwidth', 'bw_200m');
  for (let k = 0; k < 2; k++) await app.addOffering('互联网专线');
  const n = await app.lines().count();
  await app.assignSite(n - 2, 0);
  await app.assignSite(n - 1, 0);
  const lines = await app.amendedLines();
  assert.deepEqual(lines.map((l) => l.kind), ['配置变更', '新增', '新增']);
  // The new site exists for the amendment: no finding.
  assert.equal(await app.tid('amendment').locator('.findings li').count(), 0);
  assert.match(await app.text('remaining-months'), /剩余 \d+ 个月/);
  assert.match(await app.text('amendment-approval'), /权限|审批/);
  const tcv = await app.text('amendment-tcv');
  assert.notEqual(tcv, yuan(0));
  const [before, after] = (await app.text('amendment-monthly')).split(' → ');

  // Printed for the customer: the amendment above its version's proposal, without the approval.
  await app.openProposal();
  await app.tid('amendment-summary').waitFor();
  const pdf = path.join(OUT, 'amendment.pdf');
  await app.page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  for (const want of ['合同变更', tcv, after]) assert.ok(text.includes(want), want);
  for (const never of ['在本人权限内', '需审批', '接受变更']) assert.ok(!text.includes(never), never);
  execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', pdf, path.join(OUT, 'amendment')]);
  await app.backToConfigure();

  assert.match(await app.acceptAmendment(effective), new RegExp(escape(after)));
  const took = Date.now() - began;
  assert.ok(took < 60000, `the amendment took ${took} ms`);
  const signedVersion = JSON.parse(await app.quoteJson());
  assert.equal(signedVersion.handed_over, effective);

  library = await app.openLibrary();
  const contracts = await library.contracts();
  assert.equal(contracts[0].monthly, after);
  assert.notEqual(before, after);
  assert.equal(await library.page.locator(`[data-testid="contract-row"][data-id="${q.id}"] [data-testid="contract-amendments"]`).textContent(), '1');
  const steps = await library.page.locator(`[data-testid="contract-row"][data-id="${q.id}"] [data-testid="contract-steps"] li`).allTextContents();
  assert.equal(steps.length, 2);
  assert.ok(steps[1].includes(effective) && steps[1].includes(`${before} → ${after}`), steps[1]);
  const lineage = (await library.lineages()).filter((r) => r.lineage === q.id).map((r) => r.id);
  assert.deepEqual(lineage, [signedVersion.id, q.id]);
});

test('an amendment beyond authority needs an approval for the amendment, survives a reload as an amendment of its contract, and its figures are the native core\'s byte for byte', async (t) => {
  const app = await configurator(t);
  const { q, start } = await contracted(app);
  const library = await app.openLibrary();
  const effective = `${plusMonths(start, 2).slice(0, 8)}10`;
  await library.amend(q.id, effective);
  // A change within authority needs nothing.
  assert.equal(await app.text('approval-state'), '无需审批');
  // One more dedicated line, 14 % off: beyond the account manager's 15 % for dedicated lines
  // once the contract's term and bundle discounts come first.
  await app.addOffering('互联网专线');
  const n = await app.lines().count();
  await app.setDiscount(n - 1, '14');
  await app.page.waitForFunction(() => /需审批/.test(document.querySelector('[data-testid="amendment-approval"]')?.textContent || ''));
  await app.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '未获审批');
  const amended = JSON.parse(await app.amendedJson());
  assert.ok(amended.authority.required > 0);
  // The request an approver receives is the amendment of this contract from this date, so the
  // approver prices the amendment as the seller does.
  const request = JSON.parse((await app.download('export-request')).text);
  assert.deepEqual([request.after_sale.amends.contract.id, request.after_sale.amends.effective], [q.id, effective]);
  await app.tid('amendment-signed').fill(effective);
  await app.tid('accept-amendment').click();
  assert.match(await app.text('amendment-outcome'), /需先获审批/);

  // Its quote file priced by the native core: the same bytes as the app's amendment.
  await app.waitSaveState('saved');
  const file = await app.download('export-quote');
  const native = priceAfterSale(file.path);
  assert.equal(native, await app.amendedJson(), 'browser and native amendment bytes are identical');

  // Reloaded, it is still the amendment of that contract from that date, priced the same.
  const quote = await app.quoteJson();
  await app.page.reload();
  await app.tid('amendment').waitFor();
  assert.equal(await app.quoteJson(), quote);
  assert.equal(await app.amendedJson(), native);
  await app.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '未获审批');
  await app.screenshot(path.join(OUT, 'amendment-needs-approval.png'));
});

test('contracts are in the library backup: restored in a fresh profile, a malformed contract refused by name with the rest kept', async (t) => {
  const app = await configurator(t);
  const { q } = await contracted(app);
  let library = await app.openLibrary();
  const file = await library.download('export-library');
  const backup = JSON.parse(file.text);
  assert.deepEqual(backup.contracts.map((c) => c.id), [q.id]);
  // A second, broken contract: it starts before it was signed.
  const broken = { ...backup.contracts[0], start: '2020-01-01' };
  backup.contracts.push(broken);
  const edited = path.join(tmp('backup'), 'tailor-library-edited.json');
  fs.writeFileSync(edited, JSON.stringify(backup));

  const fresh = await configurator(t);
  library = await fresh.openLibrary();
  await library.importBackup(edited);
  await library.tid('backup-dialog').waitFor();
  assert.match(await library.text('backup-contracts'), /^1 /);
  const refused = await library.text('backup-refused');
  assert.match(refused, /contracts\[1\]/);
  assert.match(refused, /早于签约日期|before the signing date/);
  await library.tid('backup-import').click();
  await library.page.waitForFunction((id) => document.querySelector(`[data-testid="contract-row"][data-id="${id}"]`), q.id);
  assert.deepEqual((await library.contracts()).map((c) => c.id), [q.id]);
  assert.ok((await library.lineages()).some((r) => r.id === q.id), 'the proposals are imported too');
});

/** Today, `YYYY-MM-DD`, `days` from now. */
const day = (days = 0) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);

/**
 * The app served with a newly signed catalog: the basic audio conference sold for 60 days more,
 * then replaced by the advanced one; the cloud drive no longer sold since 2026-01-01, replaced by
 * the cloud desktop. Its base URL and the folder of its files.
 */
async function retiringCatalog() {
  const dir = tmp('eos');
  const catalog = JSON.parse(fs.readFileSync(path.join(DIST, 'catalog.json'), 'utf8'));
  catalog.version = `${catalog.version}-eos`;
  const retire = (id, from, successor) => Object.assign(catalog.offerings.find((o) => o.id === id), { end_of_sale: from, successor });
  retire('audio_conf_basic', day(60), 'audio_conf_pro');
  retire('cloud_drive', '2026-01-01', 'cloud_desktop');
  fs.writeFileSync(path.join(dir, 'catalog.json'), JSON.stringify(catalog, null, 2));
  fs.copyFileSync(path.join(DIST, 'policy.json'), path.join(dir, 'policy.json'));
  signPublished(dir);
  const served = ['catalog.json', 'catalog.sig.json', 'policy.json', 'policy.sig.json'].map((f) => [`/${f}`, fs.readFileSync(path.join(dir, f))]);
  return { base: await env.serve(new Map(served)), dir };
}

async function onRetiringCatalog(t) {
  const { base, dir } = await retiringCatalog();
  const app = await ConfiguratorPage.opened(env, t, base);
  return { app, dir };
}

test('an offering no longer sold cannot be added to a new proposal: the browser leaves it out and a line holding it blocks', async (t) => {
  const { app } = await onRetiringCatalog(t);
  await app.fillCustomer({ name: CUSTOMER, uscc: '91350100M000100Y43', industry: 'government', employees: 30 });
  await app.acceptTemplate(0);
  const q = JSON.parse(await app.quoteJson());
  const drive = q.lines.find((l) => l.offering === 'cloud_drive').id;
  const said = (await app.lineOf(drive).locator('[data-testid="line-finding"]').allTextContents()).join('\n');
  assert.match(said, /「企业云盘」自 2026-01-01 起停售，由「云桌面」接替/);
  await app.tid('blocked').waitFor();
  // Not offered: neither listed nor added by Enter.
  assert.equal(await app.page.locator('[data-testid="add-offering"][data-offering="cloud_drive"]').count(), 0);
  await app.tid('catalog-search').fill('企业云盘');
  assert.equal(await app.tid('add-offering').count(), 0);
  // Still sold for 60 days: listed.
  await app.tid('catalog-search').fill('会议电话');
  assert.equal(await app.page.locator('[data-testid="add-offering"][data-offering="audio_conf_basic"]').count(), 1);
  await app.removeLine(drive);
  assert.equal(await app.tid('blocked').count(), 0);
});

test('a renewal prices the contract on today\'s catalog: old and new monthly per line, the offering no longer sold at renewal flagged and switched to its successor in one click', async (t) => {
  const { app, dir } = await onRetiringCatalog(t);
  const { q, start, exported } = await contracted(app, async () => {
    const drafted = JSON.parse(await app.quoteJson());
    await app.removeLine(drafted.lines.find((l) => l.offering === 'cloud_drive').id);
  });

  const library = await app.openLibrary();
  await library.renew(q.id, 12);
  const renewal = JSON.parse(await app.quoteJson());
  assert.deepEqual([renewal.term_months, renewal.version], [12, 1]);
  assert.notEqual(renewal.id, q.id);
  const lines = await app.renewedLines();
  assert.equal(lines.length, q.lines.length);
  exported.priced.lines.forEach((p, i) => assert.equal(lines[i].before, yuan(p.net.mrc), p.line_id));
  const priced = JSON.parse(await app.pricedJson());
  priced.lines.forEach((p, i) => assert.equal(lines[i].after, yuan(p.net.mrc), p.line_id));
  const audio = q.lines.find((l) => l.offering === 'audio_conf_basic').id;
  assert.deepEqual(lines.filter((l) => l.retired).map((l) => l.line), [audio]);
  assert.match(lines.find((l) => l.line === audio).retired, /会议电话（高级版）/);
  // Not blocked: a renewal keeps pricing what the contract holds.
  assert.equal(await app.tid('blocked').count(), 0);

  await app.switchToSuccessor(audio);
  await app.page.waitForFunction((id) => !document.querySelector(`[data-testid="renewed-line"][data-line="${id}"] [data-testid="retired"]`), audio);
  const switched = JSON.parse(await app.quoteJson());
  assert.equal(switched.lines.find((l) => l.id === audio).offering, 'audio_conf_pro');
  await app.screenshot(path.join(OUT, 'renewal.png'));

  // Its figures are the native core's on the same catalog, byte for byte, from its quote file.
  await app.waitSaveState('saved');
  const file = await app.download('export-quote');
  assert.equal(JSON.parse(file.text).after_sale.renews.id, q.id);
  assert.equal(priceAfterSale(file.path, dir), await app.pricedJson());
  // A reload keeps it a renewal of that contract.
  await app.page.reload();
  await app.renewedLines();
  assert.equal(JSON.parse(await app.quoteJson()).id, renewal.id);

  // Printed for the customer, then handed over and accepted: the old contract is marked renewed.
  const renewed = JSON.parse(await app.pricedJson());
  await app.openProposal();
  const pdf = path.join(OUT, 'renewal.pdf');
  await app.page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  for (const want of [CUSTOMER, yuan(renewed.totals.net.tcv), '会议电话（高级版）']) assert.ok(text.includes(want), want);
  // It names the contract it renews, with that contract's signing date and term.
  const renews = `续约原合同 ${q.id}（${q.handed_over} 签约，合同期 ${start} 至 ${plusMonths(start, q.term_months)}）`;
  assert.ok(text.replace(/\s+/g, '').includes(renews.replace(/\s+/g, '')), `the PDF names the renewed contract: ${renews}`);
  execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', pdf, path.join(OUT, 'renewal')]);
  await app.backToConfigure();
  const handed = await handOver(app);
  await app.markAccepted(handed.quote.handed_over, plusMonths(start, q.term_months));
  await app.tid('contract-badge').waitFor();
  const again = await app.openLibrary();
  const mark = again.page.locator(`[data-testid="contract-row"][data-id="${q.id}"] [data-testid="contract-renewed"]`);
  assert.match(await mark.textContent(), new RegExp(escape(handed.quote.id)));
});
