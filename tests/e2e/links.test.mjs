// Approvals by link, the seller's side, in demo mode: the account manager sends the approval
// request as a link to the approver's page (read from the page; it carries exactly the request
// file's bytes); the sales manager, in a profile of their own, signs the request with the existing
// flow (the decision file downloaded), which the test turns into a decision link in node
// (fixtures/link.mjs, the format of core/src/link.rs). Opening `index.html#<link>` attaches it to
// the proposal it was signed for and the verdict turns approved; a tampered or truncated link
// says what is wrong and leaves the quote as it was; the text form pasted in the dialog works,
// keyboard alone, on a 1024×768 tablet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, once, tmp, ROOT, OUT } from './fixtures/browser.mjs';
import { demoOverrides } from './serve.mjs';
import { ApproverPage } from './fixtures/approver_page.mjs';
import { ConfiguratorPage } from './fixtures/configurator_page.mjs';
import { encodeLink, decodeLink } from './fixtures/link.mjs';

const SM = { id: 'demo-sales-manager', file: path.join(ROOT, 'public/demo-keys/demo-sales-manager.tailor-key.json') };
const CUSTOMER = { name: '宁波市港航管理中心', uscc: '91350100M000100Y43', industry: 'government', employees: 300 };
const TABLET = { width: 1024, height: 768 };

let env;
before(async () => { env = await start(demoOverrides()); });
after(async () => env.stop());

async function seller(t, viewport = { width: 1366, height: 900 }, options = {}) {
  const app = new ConfiguratorPage(await env.newPage(t, { viewport, ...options }), env.base);
  await app.open();
  await app.waitForPublishedCatalog();
  return app;
}

/** A proposal needing the sales manager's approval only. */
async function buildProposal(app) {
  await app.fillCustomer(CUSTOMER);
  await app.acceptTemplate(0);
  await app.setDiscount(0, '10');
  await app.page.waitForFunction(() => /销售经理/.test(document.querySelector('[data-testid="required-level"]')?.textContent || ''));
}

/** Opens the request (a quote file) in place of the quote on screen and waits for it to be stored. */
async function openRequest(app, file) {
  await app.openQuoteFile(file);
  await app.page.waitForFunction((v) => document.querySelector('[data-testid="customer-name"]')?.value === v, CUSTOMER.name);
  await app.waitSaveState('saved');
}

const write = (name, bytes) => {
  const file = path.join(tmp('links'), name);
  fs.writeFileSync(file, bytes);
  return file;
};

/** The request as the seller sends it: the link read from the page, its file, its length label. */
const requestLink = once(async () => {
  const am = await seller(undefined, undefined, { permissions: ['clipboard-write'] });
  await buildProposal(am);
  const link = await am.makeRequestLink();
  const label = await am.tid('request-link-box').locator('label').textContent();
  await am.page.waitForFunction(() => document.querySelector('[data-testid="request-link-msg"]')?.textContent.trim());
  const copied = (await am.text('request-link-msg'));
  const file = await am.download('export-request');
  await am.page.context().close();
  return { link, label, file, copied };
});

/** The sales manager's decision on the request the link carried, as a file and as a link. */
const decision = once(async () => {
  const { link } = await requestLink();
  const request = write('request.tailor.json', decodeLink(link).bytes);
  const app = new ApproverPage(await env.newPage(undefined, { viewport: { width: 390, height: 844 } }), env.base);
  await app.open();
  await app.waitForPublishedCatalog();
  await app.importKeyFile(SM.file);
  await app.importRequest(request);
  const signed = await app.sign({ passphrase: SM.id, days: 30, comment: '同意' });
  await app.page.context().close();
  return { request, file: signed, link: encodeLink('decision', signed.text) };
});

test('the request goes out as a link to the approver page carrying exactly the request file', async () => {
  const { link, label, file, copied } = await requestLink();
  assert.match(copied, /已复制到剪贴板/);
  assert.ok(link.startsWith(`${env.base}approver.html#tailor1.r.`), link.slice(0, 80));
  const { letter, bytes } = decodeLink(link);
  assert.equal(letter, 'r');
  assert.equal(bytes.toString('utf8'), file.text, 'the link carries the request file, byte for byte');
  assert.match(label, new RegExp(`审批链接（${link.length} 个字符）`));
  assert.ok(link.length < 8000, `a template proposal goes by link (${link.length} characters)`);
  console.log(`request link of a ${JSON.parse(file.text).quote.lines.length}-line proposal: ${link.length} characters`);
});

test('a decision link opened on the configurator lands on its proposal and the verdict turns approved', async (t) => {
  const d = await decision();
  const am = await seller(t);
  await openRequest(am, d.request);
  assert.equal(await am.approvalState(), '未获审批');
  // A new page load with the link in the fragment, once the last proposal is reopened.
  await am.page.goto('about:blank');
  await am.openLink(d.link);
  const msg = await am.linkMessage();
  assert.ok(msg.ok, msg.text);
  assert.match(msg.text, /已从链接导入审批/);
  await am.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '已审批通过');
  assert.equal(new URL(am.page.url()).hash, '', 'the fragment is cleared');
  // A reload does not import again, and the approval was stored with the proposal.
  await am.waitSaveState('saved');
  await am.page.reload();
  await am.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '已审批通过');
  assert.equal(await am.tid('link-msg').count(), 0);
});

test('a decision link for a proposal not on screen opens it from the library', async (t) => {
  const d = await decision();
  const am = await seller(t);
  await openRequest(am, d.request);
  const library = await am.openLibrary();
  await library.newProposal();
  assert.equal(await am.tid('customer-name').inputValue(), '');
  await am.openLink(d.link);
  const msg = await am.linkMessage();
  assert.ok(msg.ok, msg.text);
  assert.match(msg.text, new RegExp(`已打开「${CUSTOMER.name}」的报价`));
  assert.equal(await am.tid('customer-name').inputValue(), CUSTOMER.name);
  await am.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '已审批通过');
});

test('a tampered or truncated link says what is wrong and leaves the quote as it was', async (t) => {
  const d = await decision();
  const am = await seller(t);
  await openRequest(am, d.request);
  const quote = await am.quoteJson();
  const [prefix, letter, payload, sum] = d.link.split('.');
  const at = Math.floor(payload.length / 2);
  const flipped = payload[at] === 'A' ? 'B' : 'A';
  const cases = [
    ['tampered', [prefix, letter, payload.slice(0, at) + flipped + payload.slice(at + 1), sum].join('.'), /链接校验失败|链接内容无法解压/],
    ['altered check', [prefix, letter, payload, sum.slice(0, -1) + (sum.endsWith('A') ? 'B' : 'A')].join('.'), /链接校验失败（被截断、输错或改动过）/],
    ['truncated', d.link.slice(0, d.link.length - 20), /链接不完整或含有无效字符（可能被截断）/],
  ];
  for (const [what, link, expected] of cases) {
    await am.openLink(link);
    const msg = await am.linkMessage();
    assert.ok(!msg.ok, `${what}: refused`);
    assert.match(msg.text, expected, what);
    assert.match(msg.text, /当前报价未作改动/, what);
    assert.equal(await am.quoteJson(), quote, `${what}: the quote is unchanged`);
    assert.equal(await am.approvalState(), '未获审批', `${what}: no approval added`);
    assert.equal(new URL(am.page.url()).hash, '', `${what}: the fragment is cleared`);
    await am.dismissLinkMessage();
  }
  // A request link belongs on the approver's page; a refusal reads in English too.
  await am.toggleLanguage();
  await am.openLink(encodeLink('request', fs.readFileSync(d.request)));
  const msg = await am.linkMessage();
  assert.ok(!msg.ok);
  assert.match(msg.text, /This is an approval request link: open it on the approver's page.*the quote on screen is unchanged/);
  assert.equal(await am.quoteJson(), quote);
});

test('a decision for a proposal this device does not have is refused, naming it', async (t) => {
  const d = await decision();
  const am = await seller(t);
  const quote = await am.quoteJson();
  await am.openLink(d.link);
  const msg = await am.linkMessage();
  assert.ok(!msg.ok, msg.text);
  assert.match(msg.text, new RegExp(`该审批属于另一份报价（客户「${CUSTOMER.name}」.*本设备的方案库中没有它`));
  assert.equal(await am.quoteJson(), quote);
  assert.equal(await am.tid('customer-name').inputValue(), '');
});

test('the text form pasted in the dialog imports the decision, keyboard alone, on a tablet', async (t) => {
  const d = await decision();
  const am = await seller(t, TABLET);
  await openRequest(am, d.request);
  const quote = await am.quoteJson();
  // Keyboard only: the button opens the dialog, the text area has the focus, Escape closes it
  // and the focus goes back to the button.
  await am.tid('paste-link').focus();
  await am.page.keyboard.press('Enter');
  await am.tid('paste-dialog').waitFor();
  assert.equal(await am.page.evaluate(() => document.activeElement?.id), 'paste-link-text');
  assert.equal(await am.page.locator('label[for="paste-link-text"]').textContent(), '链接或代码');
  // Tab and Shift+Tab go round the dialog's own controls, never to the page behind it.
  const inDialog = () => am.page.evaluate(() => document.querySelector('[data-testid="paste-dialog"]').contains(document.activeElement));
  const seen = new Set();
  for (let k = 0; k < 6; k += 1) {
    await am.page.keyboard.press('Tab');
    assert.ok(await inDialog(), `Tab ${k + 1} left the dialog`);
    seen.add(await am.page.evaluate(() => document.activeElement.dataset.testid || document.activeElement.id));
  }
  assert.ok(seen.has('paste-link-close') && seen.has('paste-link-text'), `Tab went round: ${[...seen].join(', ')}`);
  for (let k = 0; k < 6; k += 1) {
    await am.page.keyboard.press('Shift+Tab');
    assert.ok(await inDialog(), `Shift+Tab ${k + 1} left the dialog`);
  }
  await am.page.keyboard.press('Escape');
  await am.tid('paste-dialog').waitFor({ state: 'detached' });
  assert.equal(await am.page.evaluate(() => document.activeElement?.dataset.testid), 'paste-link');

  // A cut text is refused inside the dialog; the quote stays.
  await am.page.keyboard.press('Enter');
  await am.tid('paste-dialog').waitFor();
  await am.page.keyboard.insertText(d.link.slice(0, d.link.length - 3));
  await am.page.keyboard.press('Control+Enter');
  const error = am.tid('paste-link-error');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /链接校验失败.*当前报价未作改动/);
  assert.equal(await am.quoteJson(), quote);
  assert.equal(await am.tid('scan-qr').count(), 0, 'no scan button where the browser reads no QR code');

  // The whole text, typed or pasted: imported, the dialog closes, the proposal is approved.
  await am.tid('paste-link-text').fill('');
  await am.page.keyboard.insertText(`  ${d.link}\n`);
  await am.page.screenshot({ path: path.join(OUT, 'links-paste-dialog-tablet.png') });
  await am.page.keyboard.press('Tab');
  assert.equal(await am.page.evaluate(() => document.activeElement?.dataset.testid), 'paste-link-import');
  await am.page.keyboard.press('Enter');
  await am.tid('paste-dialog').waitFor({ state: 'detached' });
  assert.match((await am.linkMessage()).text, /已从链接导入审批/);
  await am.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '已审批通过');

  // Pasted once more (from the file actions this time): already there, nothing added.
  await am.tid('paste-link-files').click();
  await am.pasteLink(d.link);
  assert.match((await am.linkMessage()).text, /此审批已在报价中/);
});
