// The approver's side of approvals by link, on a 390 × 844 phone: an approver grants a
// pre-authorisation for one customer (limits prefilled with their level's, refused above it), the
// file downloads and the same item goes back as a link, a QR code and a short text; a request
// opened from a link (`approver.html#tailor1.r.…`, or a changed fragment, or pasted) is ready to
// review exactly as its file would be, a bad link changes nothing, and the signed decision goes
// back as a link too; end to end, a request sent as a link from the seller's tablet comes back from
// the phone as a decision link that turns the tablet's verdict to approved. The page never scrolls
// sideways and every control is a 44 px touch target.
//
// The links are made and read here as the core writes them (fixtures/link.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, once, ROOT, OUT } from './fixtures/browser.mjs';
import { demoOverrides } from './serve.mjs';
import { ApproverPage } from './fixtures/approver_page.mjs';
import { ConfiguratorPage, exportedRequest } from './fixtures/configurator_page.mjs';
import { encodeLink, decodeLink } from './fixtures/link.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const SM = { id: 'demo-sales-manager', file: path.join(ROOT, 'public/demo-keys/demo-sales-manager.tailor-key.json') };
const CUSTOMER = { name: '杭州市数据资源管理局', uscc: '91350100M000100Y43', industry: 'government', employees: 300 };

let env;
// Demo mode: the demo approvers are enrolled only in the demo policy.
before(async () => { env = await start(demoOverrides()); });
after(async () => env.stop());

/** The approver's page on a phone, the demo sales manager's key imported (its demo passphrase is its id). */
async function phoneApprover(t, fragment) {
  const app = new ApproverPage(await env.newPage(t, PHONE), env.base);
  if (fragment) await app.openLink(fragment); else await app.open();
  await app.waitForPublishedCatalog();
  await app.importKeyFile(SM.file);
  return app;
}

/** The account manager's request for a proposal needing approval (once per run). */
const requestFile = once(() => exportedRequest(env, CUSTOMER));

/** The phone page is comfortable: no sideways scroll, every control 44 px high. */
async function assertComfortable(app) {
  assert.deepEqual(await app.overflowing(), [], 'nothing reaches past the right edge');
  assert.equal(await app.page.evaluate(() => document.documentElement.scrollWidth <= 390), true, 'no horizontal overflow');
  assert.deepEqual(await app.smallTouchTargets(), [], 'every control a 44 px touch target');
}

test('an approver on a 390×844 phone grants a pre-authorisation: file, link, QR code and short text', async (t) => {
  const app = await phoneApprover(t);
  // Prefilled with the sales manager's own limits, each labelled with its family and the level's maximum.
  const limits = await app.preAuthLimits();
  assert.deepEqual(limits.map((l) => [l.family, l.value]), [['basic', '18.00'], ['dedicated', '22.00'], ['iot', '28.00'], ['marketing', '30.00'], ['office', '30.00']]);
  assert.match(limits[0].label, /≤ 18\.00%/);
  assert.equal(await app.tid('preauth-tcv').inputValue(), '2,000,000.00', "the level's largest TCV");

  // Above the level, and a mistyped USCC: refused, each reason said, nothing downloaded.
  const refused = await app.grantPreAuthRefused({ customer: CUSTOMER.name, uscc: '91350100M000100Y4X', limits: { basic: '25' }, passphrase: SM.id });
  assert.match(refused, /统一社会信用代码/);
  const above = await app.grantPreAuthRefused({ customer: CUSTOMER.name, uscc: CUSTOMER.uscc, limits: { basic: '25' }, passphrase: SM.id });
  assert.match(above, /25\.00%.*18\.00%|18\.00%.*25\.00%/, above);
  assert.equal(await app.tid('link-out').count(), 0);
  // Switching the language keeps what is typed; the labels follow.
  await app.toggleLanguage();
  assert.equal(await app.tid('preauth-customer').inputValue(), CUSTOMER.name);
  assert.equal((await app.preAuthLimits())[0].value, '25');
  assert.match((await app.preAuthLimits())[0].label, /^Basic.* ≤ 18\.00%$/);
  await app.toggleLanguage();

  const file = await app.grantPreAuth({
    customer: CUSTOMER.name, uscc: CUSTOMER.uscc, manager: '王小明', days: 14, tcv: '1,200,000', limits: { basic: '16.5' }, passphrase: SM.id,
  });
  assert.match(file.name, /^DEMO-杭州市数据资源管理局-preauth-sales_manager-until-\d{4}-\d\d-\d\d\.tailor-preauth\.json$/);
  const pre = JSON.parse(file.text);
  assert.equal(pre.body.format, 'tailor-preauth');
  assert.equal(pre.body.uscc, CUSTOMER.uscc);
  assert.equal(pre.body.account_manager, '王小明');
  assert.equal(pre.body.max_tcv, 120_000_000, '¥1,200,000 in fen, exactly');
  assert.deepEqual(pre.body.family_limits, { basic: 1650, dedicated: 2200, iot: 2800, marketing: 3000, office: 3000 });
  assert.equal(pre.body.approver_id, SM.id);
  assert.match(pre.signature, /^[0-9a-f]{128}$/);
  assert.equal(await app.tid('preauth-passphrase').inputValue(), '', 'the passphrase is cleared');

  // The same item as a link to the configurator, its QR code and its short text.
  const out = await app.linkOut();
  assert.match(out.text, /^tailor1\.p\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{8}$/);
  const { letter, bytes } = decodeLink(out.text);
  assert.equal(letter, 'p');
  assert.equal(bytes.toString('utf8'), file.text, 'the link carries the file byte for byte');
  const url = `${env.base}#${out.text}`;
  assert.equal(out.chars, url.length);
  assert.match(out.size, new RegExp(`链接共 ${url.length} 个字符`));
  assert.ok(out.qrVersion >= 1 && out.qrVersion <= 40, `QR version ${out.qrVersion}`);
  assert.ok(out.qrBox.width >= 300 && out.qrBox.x >= 0 && out.qrBox.x + out.qrBox.width <= 390, JSON.stringify(out.qrBox));
  await app.tid('copy-link').click();
  await app.page.waitForFunction(() => /链接已复制|浏览器不允许复制/.test(document.querySelector('[data-testid="link-out-msg"]')?.textContent || ''));
  console.log(`pre-authorisation link: ${out.chars} characters, QR version ${out.qrVersion}`);

  await app.tid('link-out').scrollIntoViewIfNeeded();
  await app.page.screenshot({ path: path.join(OUT, 'preauth-grant-phone.png') });
  await app.screenshot(path.join(OUT, 'preauth-grant-phone-full.png'));
  await assertComfortable(app);
});

test('a request opened from a link is ready to review; a bad link changes nothing; the decision goes back by link', async (t) => {
  const request = await requestFile();
  const link = encodeLink('request', fs.readFileSync(request.path));
  // A link cut short: refused with the core's words, nothing to review.
  const app = await phoneApprover(t, link.slice(0, -20));
  assert.match(await app.reviewMessage(), /链接校验失败|链接不完整/);
  assert.equal(await app.tid('review').count(), 0);

  // The whole link, as a changed fragment: the review is ready, as from the file.
  await app.page.evaluate((l) => { window.location.hash = l; }, link);
  await app.tid('review').waitFor();
  assert.equal(await app.text('review-customer'), CUSTOMER.name);
  assert.equal(await app.reviewMessage(), '');
  await app.tid('review').scrollIntoViewIfNeeded();
  await app.page.screenshot({ path: path.join(OUT, 'review-from-link-phone.png') });

  // A pasted bad code is refused and the request stays.
  await app.pasteLink('tailor1.r.not-a-link');
  assert.match(await app.reviewMessage(), /链接/);
  assert.equal(await app.text('review-customer'), CUSTOMER.name);

  // A decision link pasted here belongs to the configurator: said, with a way there.
  await app.pasteLink(encodeLink('decision', Buffer.from('{}')));
  assert.match(await app.reviewMessage(), /审批决定/);
  assert.match(await app.tid('open-in-configurator').getAttribute('href'), /\/#tailor1\.d\./);
  assert.equal(await app.text('review-customer'), CUSTOMER.name);

  const decision = await app.sign({ passphrase: SM.id, days: 30, comment: '同意' });
  const out = await app.linkOut();
  const { letter, bytes } = decodeLink(out.text);
  assert.equal(letter, 'd');
  assert.equal(bytes.toString('utf8'), decision.text, 'the decision link carries the approval file byte for byte');
  console.log(`request link: ${link.length} characters; decision link: ${out.chars} characters, QR version ${out.qrVersion}`);
  await app.tid('link-out').scrollIntoViewIfNeeded();
  await app.page.screenshot({ path: path.join(OUT, 'decision-link-phone.png') });
  await app.screenshot(path.join(OUT, 'decision-link-phone-full.png'));
  await assertComfortable(app);
});

test('a request goes out as a link from the tablet and the decision comes back as a link from the phone', async (t) => {
  // The account manager, on a tablet: a proposal needing the sales manager, sent as a link.
  const am = new ConfiguratorPage(await env.newPage(t, { viewport: { width: 1024, height: 768 }, permissions: ['clipboard-write'] }), env.base);
  await am.open();
  await am.waitForPublishedCatalog();
  await am.fillCustomer(CUSTOMER);
  await am.acceptTemplate(0);
  await am.setDiscount(0, '10');
  await am.page.waitForFunction(() => /销售经理/.test(document.querySelector('[data-testid="required-level"]')?.textContent || ''));
  const requestUrl = await am.makeRequestLink();
  await am.waitSaveState('saved');

  // The sales manager opens that very link on the phone, reviews, signs; the decision's link is shown.
  const app = new ApproverPage(await env.newPage(t, PHONE), env.base);
  await app.page.goto(requestUrl);
  await app.tid('review').waitFor();
  await app.waitForPublishedCatalog();
  assert.equal(await app.text('review-customer'), CUSTOMER.name);
  assert.equal(new URL(app.page.url()).hash, '', 'the fragment is cleared once read');
  await app.importKeyFile(SM.file);
  await app.sign({ passphrase: SM.id, days: 30, comment: '同意' });
  const out = await app.linkOut();

  // Back on the tablet: the link the phone showed attaches the decision; the verdict turns approved.
  await am.openLink(out.text);
  await am.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '已审批通过');
});
