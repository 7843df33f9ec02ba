// An SM2 approver and an SM2 seller run the whole flow (issue 17), under a signed policy that
// requires SM2 (`require_sm2`), not in demo mode. Two SM2/SM3 key files are made by the pricing
// team's tool (`tailor-publish keygen --suite sm2-sm3`: PBKDF2-HMAC-SM3 + SM4-GCM, the approver
// key file format) and enrolled, one as a sales manager and one as a seller; the policy, the
// catalog and the public keys (`keys.json`) are signed by this machine's development publisher
// and served in place of the published ones.
//
// The seller makes a proposal needing the sales manager and exports the request; the approver,
// in a profile of their own, imports the SM2 key file, reviews and signs; the seller imports the
// decision ("approved"), imports the SM2 seller key and signs and hands over; the proposal
// printed to PDF carries a QR code that pdftoppm and jsQR (not the app's code) read back; the
// link opens the verification page in a fresh phone profile: genuine, the right customer, TCV
// and issuer, and the SM2 approval it rests on. Under the same policy the Ed25519 demo seller key
// is refused, and the refusal says the policy requires SM2; the verification page names the
// seller key's suite.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { start, once, tmp, yuan, ROOT, OUT } from './fixtures/browser.mjs';
import { signPublished } from './fixtures/publisher.mjs';
import { ApproverPage } from './fixtures/approver_page.mjs';
import { ConfiguratorPage } from './fixtures/configurator_page.mjs';
import { VerifyPage } from './fixtures/verify_page.mjs';

const CUSTOMER = { name: '杭州市数据资源管理局', uscc: '91350100M000100Y43', industry: 'government', employees: 300 };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESK = { viewport: { width: 1366, height: 900 } };
const APPROVER = {
  id: 'sm2-sales-manager', level: 'sales_manager', secret: 'Sm2-Approver-Passphrase-4c1e-only-mine',
  name: { zh: '李敏（销售经理）', en: 'Li Min (sales manager)' },
};
const SELLER = {
  id: 'sm2-account-manager', secret: 'Sm2-Seller-Passphrase-9d27-only-mine',
  name: { zh: '王芳（客户经理）', en: 'Wang Fang (account manager)' },
};
const ED25519_SELLER = { file: path.join(ROOT, 'public/demo-keys/demo-account-manager.tailor-key.json'), secret: 'demo-account-manager' };
// Unlocking an SM2 key file is 600,000 PBKDF2-HMAC-SM3 iterations in WebAssembly: seconds.
const SIGNING = 120_000;

/** `text` as a regular expression matching itself. */
const esc = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An SM2/SM3 key file made by `tailor-publish keygen`, sealed under `passphrase`. */
function keygen(dir, who) {
  const out = path.join(dir, `${who.id}.tailor-key.json`);
  execFileSync('cargo', ['run', '-q', '-p', 'tailor-core', '--bin', 'tailor-publish', '--', 'keygen',
    '--suite', 'sm2-sm3', '--id', who.id, '--name-zh', who.name.zh, '--name-en', who.name.en, '--out', out],
  { cwd: ROOT, env: { ...process.env, TAILOR_PUBLISHER_PASSPHRASE: who.secret }, stdio: 'pipe' });
  const file = JSON.parse(fs.readFileSync(out, 'utf8'));
  return { path: out, file };
}

let env;
const keys = {};
let policyVersion;
before(async () => {
  const started = Date.now();
  const dir = tmp('sm2');
  keys.approver = keygen(dir, APPROVER);
  keys.seller = keygen(dir, SELLER);
  for (const k of Object.values(keys)) {
    // The approver key file format, sealed with national primitives only.
    assert.equal(k.file.format, 'tailor-approver-key');
    assert.equal(k.file.suite, 'sm2-sm3');
    assert.equal(k.file.kdf.algorithm, 'pbkdf2-hmac-sm3');
    assert.equal(k.file.cipher.algorithm, 'sm4-gcm');
  }
  fs.copyFileSync(path.join(ROOT, 'public/catalog.json'), path.join(dir, 'catalog.json'));
  const policy = JSON.parse(fs.readFileSync(path.join(ROOT, 'public/policy.json'), 'utf8'));
  policyVersion = `${policy.version}-sm2`;
  policy.version = policyVersion;
  const today = new Date().toISOString().slice(0, 10);
  if (policy.published > today) policy.published = today;
  policy.require_sm2 = true;
  policy.approvers = [{ id: APPROVER.id, name: APPROVER.name, level: APPROVER.level, public_key: keys.approver.file.public_key, suite: 'sm2-sm3' }];
  policy.sellers = [{ id: SELLER.id, name: SELLER.name, public_key: keys.seller.file.public_key, suite: 'sm2-sm3' }];
  fs.writeFileSync(path.join(dir, 'policy.json'), JSON.stringify(policy, null, 2));
  signPublished(dir);
  const served = ['catalog.json', 'catalog.sig.json', 'policy.json', 'policy.sig.json', 'keys.json', 'keys.sig.json']
    .map((f) => [`/${f}`, fs.readFileSync(path.join(dir, f))]);
  env = await start(new Map(served));
  console.log(`# two SM2 key files made, the policy, catalog and keys signed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
after(async () => env?.stop());

/** The seller's configurator in a profile of its own, the signed SM2 policy in use. */
async function seller(t) {
  const page = await env.newPage(t, DESK);
  page.setDefaultTimeout(SIGNING);
  const app = new ConfiguratorPage(page, env.base);
  await app.open();
  await app.waitForPublishedCatalog();
  await app.page.waitForFunction((v) => document.querySelector('[data-testid="catalog-version"]')?.textContent.includes(v), policyVersion);
  return app;
}

/**
 * The seller's request for a proposal needing the sales manager (10 % on the first line), and the
 * SM2 approver's signed decision on it, each in a profile of its own; with what the pages showed.
 */
const approved = once(async () => {
  const am = await seller();
  await am.fillCustomer(CUSTOMER);
  await am.acceptTemplate(0);
  await am.setDiscount(0, '10');
  await am.page.waitForFunction(() => /销售经理/.test(document.querySelector('[data-testid="required-level"]')?.textContent || ''));
  const required = await am.text('required-level');
  const request = await am.download('export-request');
  await am.page.context().close();

  const page = await env.newPage(undefined, DESK);
  page.setDefaultTimeout(SIGNING);
  const app = new ApproverPage(page, env.base);
  await app.open();
  await app.waitForPublishedCatalog();
  await app.importKeyFile(keys.approver.path);
  const key = app.tid('stored-key').first();
  const shown = {
    suite: (await key.locator('[data-testid="key-suite"]').textContent()).trim(),
    enrolled: (await key.locator('[data-testid="key-enrolled"]').textContent()).trim(),
    fingerprint: (await key.locator('[data-testid="key-fingerprint"]').textContent()).trim(),
  };
  await app.importRequest(request.path);
  shown.customer = await app.text('review-customer');
  shown.required = await app.text('review-required');
  shown.signer = await app.tid('signer').inputValue();
  const started = Date.now();
  const decision = await app.sign({ passphrase: APPROVER.secret, days: 30, comment: '同意' });
  shown.signSeconds = (Date.now() - started) / 1000;
  shown.passphraseAfter = await app.tid('sign-passphrase').inputValue();
  await app.screenshot(path.join(OUT, 'sm2-approver.png'));
  await page.context().close();
  return { required, request, decision, shown };
});

/** The seller opens the request, imports the SM2 approval, signs with the SM2 key and hands over. */
const handedOver = once(async () => {
  const { request, decision } = await approved();
  const am = await seller();
  await am.openQuoteFile(request.path);
  await am.page.waitForFunction((v) => document.querySelector('[data-testid="customer-name"]')?.value === v, CUSTOMER.name);
  await am.importApprovals([decision.path]);
  await am.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '已审批通过');
  const chain = await am.tid('approval-chain').locator('li').allTextContents();
  const priced = JSON.parse(await am.pricedJson());
  const quote = await am.download('export-quote');
  await am.openProposal();
  await am.importSellerKey(keys.seller.path);
  const sellerKey = await am.text('seller-key');
  const started = Date.now();
  await am.signAndHandOver(SELLER.secret, SIGNING);
  const signSeconds = (Date.now() - started) / 1000;
  const status = await am.handoverStatus();
  const code = (await am.tid('p-code').textContent()).split(/[:：]\s*/).pop().trim();
  const pdf = path.join(OUT, 'sm2-proposal.pdf');
  await am.page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  await am.screenshot(path.join(OUT, 'sm2-proposal.png'));
  await am.page.context().close();
  return { chain, priced, quote, sellerKey, signSeconds, status, code, pdf };
});

/** The QR code on page 1 of `pdf`, decoded by jsQR from pdftoppm's rendering. */
function qrOfFirstPage(pdf) {
  const prefix = path.join(OUT, 'sm2-statement-page');
  execFileSync('pdftoppm', ['-r', '200', '-f', '1', '-l', '1', '-png', '-singlefile', pdf, prefix]);
  const png = PNG.sync.read(fs.readFileSync(`${prefix}.png`));
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(code, 'a QR code is found on page 1');
  return code.data;
}

test('the SM2 sales manager imports the SM2 key file on the approver\'s page and signs the request', async () => {
  const { required, decision, shown } = await approved();
  assert.match(required, /需审批至：销售经理/);
  assert.equal(shown.suite, '国密 SM2/SM3');
  assert.match(shown.enrolled, /销售经理/);
  assert.match(shown.enrolled, new RegExp(esc(APPROVER.name.zh)));
  assert.equal(shown.fingerprint, keys.approver.file.fingerprint);
  assert.equal(shown.customer, CUSTOMER.name);
  assert.equal(shown.required, '销售经理');
  assert.equal(shown.signer, APPROVER.id, 'the enrolled approver this key belongs to');
  assert.equal(shown.passphraseAfter, '', 'the passphrase is cleared');
  assert.match(decision.name, new RegExp(`-approval-${APPROVER.level}\\.json$`));
  assert.doesNotMatch(decision.name, /^DEMO-/, 'not demo mode');
  const signed = JSON.parse(decision.text);
  assert.equal(signed.body.decision, 'approve');
  assert.equal(signed.body.approver_id, APPROVER.id);
  assert.equal(signed.body.level, APPROVER.level);
  assert.equal(signed.body.uscc, CUSTOMER.uscc);
  assert.equal(signed.body.suite, 'sm2-sm3', 'the approval names its suite');
  assert.match(signed.signature, /^[0-9a-f]{128}$/);
  console.log(`# approver: SM2 key unlocked and approval signed in ${shown.signSeconds.toFixed(1)} s`);
});

test('the seller imports the SM2 approval, signs with the SM2 seller key; the printed QR code opens "genuine" on a phone', async (t) => {
  const { chain, priced, sellerKey, signSeconds, status, code, pdf } = await handedOver();
  assert.equal(chain.length, 1);
  assert.match(chain[0], new RegExp(`^销售经理：${esc(APPROVER.name.zh)}（${keys.approver.file.fingerprint}）于 \\d{4}-\\d\\d-\\d\\d 批准`));
  assert.ok(sellerKey.includes(keys.seller.file.fingerprint), sellerKey);
  assert.match(status, /已签署/);
  console.log(`# seller: SM2 key unlocked and statement signed in ${signSeconds.toFixed(1)} s (the signing worker loaded on first use)`);

  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  const pages = text.split('\f').filter((p) => p.trim());
  for (const [i, p] of pages.entries()) assert.ok(p.includes(code), `the verification code on page ${i + 1}`);
  const url = qrOfFirstPage(pdf);
  assert.match(url, /\/verify\.html#tailor1\.s\./);
  console.log(`# statement link: ${url.split('#')[1].length} characters; QR decoded from page 1 of ${pages.length}`);

  const app = new VerifyPage(await env.newPage(t, PHONE), env.base);
  await app.open(url, 'en');
  assert.match(await app.verdict(), /^✓ Genuine/);
  assert.deepEqual(await app.why(), []);
  assert.equal(await app.text('v-customer'), CUSTOMER.name);
  assert.equal(await app.text('v-tcv'), yuan(priced.totals.net.tcv));
  assert.equal(await app.text('v-code'), code);
  const issuer = await app.text('issuer');
  assert.ok(issuer.includes(SELLER.name.en), issuer);
  // The fingerprint shown is the SM2 key's (an SM3 digest), the one in the seller's key file.
  assert.ok(issuer.includes(keys.seller.file.fingerprint), issuer);
  const rests = await app.restsOn();
  assert.equal(rests.length, 1);
  assert.match(rests[0], new RegExp(`^Approval · ${esc(APPROVER.name.en)} · Sales manager · ✓ approver enrolled at this level`));
  t.diagnostic(`verification page details: ${JSON.stringify(await app.details())}`);
  await app.screenshot(path.join(OUT, 'sm2-verify-phone.png'));
  assert.equal(await app.page.evaluate(() => document.documentElement.scrollWidth <= 390), true, 'no sideways scroll on the phone');
  // In Chinese, the page's own language, as the customer's procurement office reads it.
  await app.toggleLanguage();
  await app.tid('verdict').filter({ hasText: '真实有效' }).waitFor();
  assert.ok((await app.text('issuer')).includes(SELLER.name.zh));
  await app.screenshot(path.join(OUT, 'sm2-verify-phone-zh.png'));

  // The proposal file, checked on the same page: every line and total match.
  await app.tid('verify-file').setInputFiles((await handedOver()).quote.path);
  await app.tid('file-check').waitFor();
  assert.match(await app.text('file-check'), /文件与声明逐项一致/);
  // … and with it the SM2 approval's own signature is verified under keys.json.
  assert.match((await app.restsOn())[0], /审批签名有效，且针对本建议书及其价格/);
});

test('the verification page says the seller\'s key is SM2', async (t) => {
  const { pdf } = await handedOver();
  const app = new VerifyPage(await env.newPage(t, PHONE), env.base);
  await app.open(qrOfFirstPage(pdf), 'en');
  assert.match(await app.text('issuer'), /SM2/);
});

/** A proposal within the seller's own authority, the Ed25519 demo seller key imported. */
async function ed25519Seller(t) {
  const am = await seller(t);
  await am.fillCustomer({ ...CUSTOMER, employees: 20 });
  await am.acceptTemplate(0);
  await am.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]') !== null);
  await am.openProposal();
  await am.importSellerKey(ED25519_SELLER.file);
  return am;
}

test('a policy requiring SM2 refuses to sign with the Ed25519 demo seller key', async (t) => {
  const am = await ed25519Seller(t);
  const refusal = await am.signAndHandOverRefused(ED25519_SELLER.secret);
  t.diagnostic(`refusal: ${refusal}`);
  // The demo key cannot be enrolled under require_sm2 (the checker refuses an Ed25519 seller),
  // so the app refuses it as a key not enrolled, naming its fingerprint.
  const file = JSON.parse(fs.readFileSync(ED25519_SELLER.file, 'utf8'));
  assert.ok(refusal.includes(file.fingerprint), refusal);
  assert.equal(await am.tid('p-qr').count(), 0, 'no QR code: nothing was signed');
  assert.equal(await am.tid('p-verify').count(), 0);
});

test('the refusal of an Ed25519 seller key says the policy requires SM2', async (t) => {
  const am = await ed25519Seller(t);
  const refusal = await am.signAndHandOverRefused(ED25519_SELLER.secret);
  assert.match(refusal, /SM2/);
});
