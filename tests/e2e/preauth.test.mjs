// Pre-authorisations, the seller's side: a sales manager grants room for one customer on a
// 390×844 phone; the account manager, on a 1024×768 tablet with the network off, imports it,
// builds a proposal needing the sales manager and sees "authorised in advance" in the panel, on
// each line's room and in the printed PDF; one line pushed beyond the pre-authorised limit brings
// back "needs approval" naming that line; the same pre-authorisation does nothing for another
// customer; an altered one is refused and not kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { start, once, tmp, OUT, ROOT } from './fixtures/browser.mjs';
import { demoOverrides } from './serve.mjs';
import { ApproverPage } from './fixtures/approver_page.mjs';
import { ConfiguratorPage } from './fixtures/configurator_page.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const TABLET = { viewport: { width: 1024, height: 768 }, hasTouch: true };
const SM = { id: 'demo-sales-manager', file: path.join(ROOT, 'public/demo-keys/demo-sales-manager.tailor-key.json') };
const CUSTOMER = { name: '杭州市数据资源管理局', uscc: '91350100M000100Y43', industry: 'government', employees: 300 };
const OTHER_USCC = '91110108M000100Y4X';

let env;
// Demo mode: the demo approvers are enrolled only in the demo policy.
before(async () => { env = await start(demoOverrides()); });
after(async () => env.stop());

/** The sales manager's pre-authorisation for CUSTOMER, granted on a phone (once per run). */
const granted = once(async () => {
  const page = await env.newPage(undefined, PHONE);
  const app = new ApproverPage(page, env.base);
  await app.open();
  await app.waitForPublishedCatalog();
  await app.importKeyFile(SM.file);
  const file = await app.grantPreAuth({
    customer: CUSTOMER.name, uscc: CUSTOMER.uscc, days: 14, tcv: '2,000,000', passphrase: SM.id,
  });
  await app.page.screenshot({ path: path.join(OUT, 'preauth-phone-granted.png'), fullPage: true });
  await page.context().close();
  return file;
});

/** The account manager on a tablet, the app cached and the network then cut. */
async function offlineTablet(t) {
  const page = await env.newPage(t, TABLET);
  const app = new ConfiguratorPage(page, env.base);
  await app.open();
  await app.waitForPublishedCatalog();
  await app.waitForServiceWorker();
  await page.context().setOffline(true);
  await page.reload();
  await app.tid('catalog-version').waitFor();
  await app.waitForPublishedCatalog();
  return app;
}

/** A proposal for CUSTOMER needing the sales manager, within the sales manager's own limits. */
async function proposalNeedingSalesManager(app) {
  await app.fillCustomer(CUSTOMER);
  await app.acceptTemplate(0);
  await app.setDiscount(0, '5');
  await app.page.waitForFunction(() => /销售经理/.test(document.querySelector('[data-testid="required-level"]')?.textContent || ''));
}

async function importPreAuth(app, file) {
  await app.tid('import-preauth').setInputFiles(file);
  const msg = app.tid('preauth-msg');
  await msg.waitFor();
  return (await msg.textContent()).trim();
}

test('on an offline tablet a pre-authorisation authorises the proposal in advance, on screen and in the PDF', async (t) => {
  const pre = await granted();
  const app = await offlineTablet(t);
  await proposalNeedingSalesManager(app);
  assert.equal(await app.approvalState(), '未获审批');
  assert.match(await importPreAuth(app, pre.path), /适用于当前方案/);
  await app.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '已获预先授权');
  const listed = await app.tid('auth-preauth').allTextContents();
  assert.equal(listed.length, 1);
  assert.match(listed[0], /预先授权，有效期至 \d{4}-\d{2}-\d{2}/);
  assert.match(listed[0], /覆盖整个方案/);
  assert.match(await app.text('auth-missing'), /无需另行审批/);
  // Each line says the room left under it; the table lists it per line.
  assert.match(await app.text('headroom-preauth'), /的预授权下还可给到 \d+\.\d{2}%/);
  await app.tid('room').click();
  assert.ok(await app.tid('room-pre').count() >= 3, 'a room figure per line');
  await app.screenshot(path.join(OUT, 'preauth-tablet-authorised.png'));
  await app.tid('authorisations').scrollIntoViewIfNeeded();
  await app.page.screenshot({ path: path.join(OUT, 'preauth-tablet-panel.png') });

  await app.openProposal();
  const pdf = path.join(OUT, 'preauth-proposal.pdf');
  await app.page.pdf({ path: pdf, format: 'A4', printBackground: true });
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  assert.match(text, /已获预先授权/, 'the PDF states the authorisation');
  assert.match(text, /预先授权，有效期至/, 'and by whom, until when');
  await app.backToConfigure();

  // One line beyond the sales manager's limit for its family: the chain is back, naming it.
  await app.setDiscount(1, '25');
  await app.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '未获审批');
  const problems = (await app.approvalProblems()).join('\n');
  assert.match(problems, /超出.*的预授权，需走审批：第 2 行实际折扣 [\d.]+% 超出上限 [\d.]+%/);
  assert.match(await app.text('auth-preauth'), /超出：第 2 行/);
  await app.screenshot(path.join(OUT, 'preauth-tablet-beyond.png'));
  await app.tid('approval-problems').scrollIntoViewIfNeeded();
  await app.page.screenshot({ path: path.join(OUT, 'preauth-tablet-beyond-panel.png') });
});

test('the same pre-authorisation does nothing for another customer, and an altered one is refused', async (t) => {
  const pre = await granted();
  const app = await offlineTablet(t);
  await app.fillCustomer({ ...CUSTOMER, uscc: OTHER_USCC, name: '另一家客户' });
  await app.acceptTemplate(0);
  await app.setDiscount(0, '5');
  assert.match(await importPreAuth(app, pre.path), /不适用于当前方案/);
  assert.equal(await app.approvalState(), '未获审批');
  assert.equal(await app.tid('auth-preauth').count(), 0, 'not listed for this customer');

  const altered = path.join(tmp('preauth'), 'altered.tailor-preauth.json');
  fs.writeFileSync(altered, pre.text.replace(/"max_tcv":(\d+)/, (_, n) => `"max_tcv":${Number(n) * 10}`));
  assert.match(await importPreAuth(app, altered), /预授权无法使用：.*签名/);
  // Back on the customer it was granted for, it applies (kept on this device with the customer).
  await app.fillCustomer(CUSTOMER);
  await app.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '已获预先授权');
});
