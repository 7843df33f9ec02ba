// Signed approvals end to end, in separate browser profiles (contexts): the account manager makes
// a proposal needing city-branch approval and exports the request; a sales manager and a city
// branch approver, each in their own profile with their demo key (re-sealed under a passphrase of
// their own), review and sign; the account manager imports both approvals and sees "approved" in
// the panel and on the proposal; a changed quantity voids it, naming the line; the same approvals
// on another customer's quote do not verify. No passphrase or private key ever shows up in the
// DOM, in storage other than the encrypted key file, in the console, or in a downloaded file.
//
// Every test has profiles of its own. The files a test starts from (the request, the two signed
// approvals, the approved quote file) are made once per run, on first use, in profiles of their
// own, by the same steps the tests check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { start, once, tmp, yuan, ROOT, OUT, DIST } from './fixtures/browser.mjs';
import { demoOverrides } from './serve.mjs';
import { ApproverPage } from './fixtures/approver_page.mjs';
import { ConfiguratorPage } from './fixtures/configurator_page.mjs';

const KEYS = path.join(ROOT, 'public/demo-keys');
const DEMO = {
  sm: { id: 'demo-sales-manager', file: path.join(KEYS, 'demo-sales-manager.tailor-key.json'), level: 'sales_manager', secret: 'Sm-Passphrase-7f3a9c-only-mine' },
  cb: { id: 'demo-city-branch', file: path.join(KEYS, 'demo-city-branch.tailor-key.json'), level: 'city_branch', secret: 'Cb-Passphrase-2e8d41-only-mine' },
};
const NEW_KEY_SECRET = 'Fresh-Key-Passphrase-91b0e2';
const SECRETS = [DEMO.sm.secret, DEMO.cb.secret, NEW_KEY_SECRET];
// The demo keys' private seeds (public by design, see public/demo-keys/README.md): they must never
// appear anywhere either.
const SEEDS = [DEMO.sm.id, DEMO.cb.id].map((id) => crypto.createHash('sha256').update(`tailor-demo-${id}`).digest('hex'));

const CUSTOMER = { name: '杭州市数据资源管理局', uscc: '91350100M000100Y43', industry: 'government', employees: 300 };

/** A valid USCC (GB 32100 with its GB 11714 organisation code) for another customer. */
function otherUscc() {
  const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const org = '00250238';
  const sum = [...org].reduce((a, c, i) => a + parseInt(c, 36) * [3, 7, 9, 10, 5, 8, 4, 2][i], 0);
  const oc = { 10: 'X', 11: '0' }[11 - (sum % 11)] ?? String(11 - (sum % 11));
  const first17 = `11330100${org}${oc}`;
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const s = [...first17].reduce((a, c, i) => a + charset.indexOf(c) * w[i], 0);
  return first17 + charset[(31 - (s % 31)) % 31];
}

let env;
// Demo mode: the demo approvers are enrolled only in the demo policy.
before(async () => { env = await start(demoOverrides()); });
after(async () => env.stop());

/** A page in a profile of its own, for test `t` (else until closed), its console kept in `consoleLines`. */
async function profile(t, consoleLines) {
  const page = await env.newPage(t, { viewport: { width: 1366, height: 900 } });
  if (consoleLines) page.on('console', (m) => consoleLines.push(m.text()));
  return page;
}

/** The account manager's configurator with the published catalog and policy. */
async function accountManager(t, consoleLines) {
  const app = new ConfiguratorPage(await profile(t, consoleLines), env.base);
  await app.open();
  await app.waitForPublishedCatalog();
  return app;
}

/** The approver's page with the published catalog and policy. */
async function approverPage(t, consoleLines) {
  const app = new ApproverPage(await profile(t, consoleLines), env.base);
  await app.open();
  await app.waitForPublishedCatalog();
  return app;
}

/** Builds the proposal: government template, 300 employees, 15 % requested on the V-net line. */
async function buildProposal(app, customer) {
  await app.fillCustomer(customer);
  await app.acceptTemplate(0);
  await app.setDiscount(0, '15');
}

/** Opens a quote file of CUSTOMER's proposal (the request, or the approved quote). */
async function openQuote(app, file) {
  await app.openQuoteFile(file.path);
  await app.page.waitForFunction((v) => document.querySelector('[data-testid="customer-name"]')?.value === v, CUSTOMER.name);
}

/** The approver `who` imports their demo key and seals it under their own passphrase. */
async function enrol(app, who) {
  await app.importKeyFile(DEMO[who].file);
  await app.changePassphrase(0, DEMO[who].id, DEMO[who].secret);
}

/** Signs with the demo key's old passphrase, which no longer unlocks it. */
async function signWithOldPassphrase(app, who) {
  await app.fillSignForm({ passphrase: DEMO[who].id });
  await app.tid('sign').click();
  await app.page.waitForFunction(() => /口令错误/.test(document.querySelector('[data-testid="sign-msg"]')?.textContent || ''), null, { timeout: 60_000 });
}

/** The enrolled approver `who` reviews the request and approves it; returns the approval file. */
async function approve(app, who, request) {
  await app.importRequest(request.path);
  return app.sign({ passphrase: DEMO[who].secret, days: 30, comment: '同意，请尽快签约' });
}

/** Attaches approval files to the account manager's quote and waits for "approved". */
async function attach(am, files) {
  await am.importApprovals(files);
  await am.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '已审批通过');
}

/** The account manager's request for CUSTOMER's proposal. */
const requestFile = once(async () => {
  const am = await accountManager();
  await buildProposal(am, CUSTOMER);
  const request = await am.download('export-request');
  await am.page.context().close();
  return request;
});

/** The request approved by the sales manager and the city branch, each in their own profile. */
const signedApprovals = once(async () => {
  const request = await requestFile();
  const approvals = {};
  for (const who of ['sm', 'cb']) {
    const app = await approverPage();
    await enrol(app, who);
    approvals[who] = await approve(app, who, request);
    await app.page.context().close();
  }
  return approvals;
});

/** The account manager's quote file with both approvals attached. */
const approvedQuote = once(async () => {
  const request = await requestFile();
  const approvals = await signedApprovals();
  const am = await accountManager();
  await openQuote(am, request);
  await attach(am, [approvals.sm.path, approvals.cb.path]);
  const quote = await am.download('export-quote');
  await am.page.context().close();
  return quote;
});

test('the account manager exports a request for a proposal needing city-branch approval', async (t) => {
  const am = await accountManager(t);
  await buildProposal(am, CUSTOMER);
  assert.match(await am.text('required-level'), /需审批至：地市分公司/);
  assert.equal(await am.approvalState(), '未获审批');
  const problems = (await am.approvalProblems()).join('\n');
  assert.match(problems, /审批链不完整：缺少销售经理、地市分公司的有效审批/);
  const request = await am.download('export-request');
  // Demo mode: every file made under the demo policy is marked.
  assert.match(request.name, /^DEMO-杭州市数据资源管理局-\d{4}-\d\d-\d\d-request\.tailor\.json$/);
  const file = JSON.parse(request.text);
  assert.equal(file.format, 'tailor-quote');
  assert.deepEqual(file.approvals, []);
  await am.openProposal();
  assert.match(await am.text('p-status'), /待审批/);
});

for (const who of ['sm', 'cb']) {
  test(`the ${DEMO[who].level} approver imports their key, reviews the request and signs in their own profile`, async (t) => {
    const d = DEMO[who];
    const request = await requestFile();
    const app = await approverPage(t);
    assert.equal(await app.tid('stored-key').count(), 0, 'a new profile holds no key');
    await app.importKeyFile(d.file);
    assert.match(await app.text('key-enrolled'), who === 'sm' ? /销售经理/ : /地市分公司/);
    // The demo passphrase is public: the approver seals the key under their own.
    await app.changePassphrase(0, d.id, d.secret);
    assert.match(await app.text('keys-msg'), /口令已更改/);

    await app.importRequest(request.path);
    assert.equal(await app.text('review-customer'), CUSTOMER.name);
    assert.equal(await app.text('review-required'), '地市分公司');
    assert.match(await app.text('review-reasons'), /第 1 行.*需地市分公司审批/);
    assert.match(await app.text('review-margin'), /¥.*\(.*%\)/, 'cost and margin are shown to the approver');
    assert.ok(await app.tid('review-line').count() >= 5);

    // The old passphrase no longer unlocks, and the field is cleared after every attempt.
    await signWithOldPassphrase(app, who);
    assert.equal(await app.tid('sign-passphrase').inputValue(), '');

    assert.equal(await app.tid('signer').inputValue(), d.id, 'the enrolled approver this key belongs to');
    const dl = await app.sign({ passphrase: d.secret, days: 30, comment: '同意，请尽快签约' });
    assert.ok(dl.name.endsWith(`-approval-${d.level}.json`), dl.name);
    assert.ok(dl.name.startsWith('DEMO-'), `marked as made under the demo policy: ${dl.name}`);
    assert.equal(await app.tid('sign-passphrase').inputValue(), '');
    const signed = JSON.parse(dl.text);
    assert.equal(signed.body.decision, 'approve');
    assert.equal(signed.body.approver_id, d.id);
    assert.equal(signed.body.uscc, CUSTOMER.uscc);
    assert.match(signed.signature, /^[0-9a-f]{128}$/);

    // The encrypted backup is the only file holding the key.
    const backup = await app.download('export-key');
    assert.match(backup.name, /\.tailor-key\.json$/);
    assert.equal(JSON.parse(backup.text).cipher.algorithm, 'xchacha20poly1305');
    await app.screenshot(path.join(OUT, `approver-${who}.png`));
  });
}

test('a new key pair is created from the browser\'s secure randomness and kept across reloads', async (t) => {
  const app = await approverPage(t);
  await enrol(app, 'cb');
  await app.createKey('王经理', NEW_KEY_SECRET);
  const key = app.tid('stored-key').nth(1);
  assert.match(await key.locator('[data-testid="key-fingerprint"]').textContent(), /^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
  assert.match(await key.locator('[data-testid="key-public"]').textContent(), /^[0-9a-f]{64}$/);
  assert.match(await key.locator('[data-testid="key-enrolled"]').textContent(), /未在当前政策中登记/);
  await app.reload();
  assert.equal(await app.tid('stored-key').count(), 2, 'both keys are kept in this browser');
  const stored = await app.page.evaluate(() => localStorage.getItem('tailor.approver-keys.v1'));
  for (const entry of JSON.parse(stored)) assert.deepEqual(Object.keys(entry).sort(), ['cipher', 'fingerprint', 'format', 'kdf', 'label', 'public_key', 'version']);
});

test('the account manager imports both approvals and sees "approved" in the panel and on the proposal', async (t) => {
  const request = await requestFile();
  const approvals = await signedApprovals();
  const am = await accountManager(t);
  await openQuote(am, request);
  await am.importApprovals([approvals.sm.path, approvals.cb.path]);
  await am.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '已审批通过');
  const chain = await am.tid('approval-chain').locator('li').allTextContents();
  assert.equal(chain.length, 2);
  assert.match(chain[0], /^销售经理：演示审批人·销售经理（仅供演示）（16E5-DB09-3710-B494）于 \d{4}-\d\d-\d\d 批准，有效期至 \d{4}-\d\d-\d\d；意见：同意/);
  assert.match(chain[1], /^地市分公司：演示审批人·地市分公司（仅供演示）（2D40-B152-D0CB-9378）/);
  await am.openProposal();
  assert.match(await am.text('p-status'), /审批状态：已审批/);
  const links = await am.tid('p-approvals').locator('li').allTextContents();
  assert.equal(links.length, 2);
  assert.match(links[1], /地市分公司：演示审批人·地市分公司（仅供演示）于 .* 批准，有效期至 \d{4}-\d\d-\d\d$/);
  assert.ok(!links.some((t) => t.includes('同意')), 'the approver\'s internal comment is not on the proposal');
  await am.screenshot(path.join(OUT, 'proposal-approved.png'));
  await am.backToConfigure();
  await am.tid('approval-status').screenshot({ path: path.join(OUT, 'approval-panel-approved.png') });
  await am.toggleLanguage();
  assert.equal(await am.approvalState(), 'Approved');
  assert.match((await am.tid('approval-chain').locator('li').allTextContents())[1], /approved by Demo approver: city branch \(demo only\) \(2D40-B152-D0CB-9378\) on \d{4}-\d\d-\d\d, valid until \d{4}-\d\d-\d\d/);
  await am.toggleLanguage();

  // Approvals travel with the quote file.
  const saved = await am.download('export-quote');
  assert.equal(JSON.parse(saved.text).approvals.length, 2);
});

test('changing one quantity voids the approval and names the line', async (t) => {
  const am = await accountManager(t);
  await openQuote(am, await approvedQuote());
  await am.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '已审批通过');
  const line = await am.line(1).getAttribute('data-line');
  const qty = await am.line(1).locator('[data-testid="qty"]').inputValue();
  await am.setQuantity(1, Number(qty) + 1);
  assert.equal(await am.approvalState(), '未获审批');
  const problems = (await am.approvalProblems()).join('\n');
  assert.match(problems, new RegExp(`审批后方案已被修改：行 ${line} — ${line} = 第 2 行`));
  assert.match(problems, /审批链不完整/);
  await am.openProposal();
  assert.match(await am.text('p-status'), /待审批/);
  assert.equal(await am.tid('p-approvals').count(), 0);
  await am.backToConfigure();
  await am.setQuantity(1, qty);
  assert.equal(await am.approvalState(), '已审批通过', 'the same quote again verifies again');
});

test('the same approvals on another customer\'s quote do not verify', async (t) => {
  const approvals = await signedApprovals();
  const quote = await approvedQuote();
  const other = await accountManager(t);
  const uscc = otherUscc();
  await buildProposal(other, { ...CUSTOMER, name: '宁波市大数据发展管理局', uscc });
  assert.match(await other.usccMessage(), /代码有效/);
  await other.importApprovals([approvals.sm.path, approvals.cb.path]);
  await other.tid('approval-problems').waitFor();
  assert.equal(await other.approvalState(), '未获审批');
  const problems = (await other.approvalProblems()).join('\n');
  assert.match(problems, /该审批是给另一客户的（杭州市数据资源管理局，统一社会信用代码 91350100M000100Y43），对本客户无效/);
  await other.openProposal();
  assert.match(await other.text('p-status'), /待审批/);
  await other.backToConfigure();

  // The approved quote file opens with its approvals in another profile; giving it to another
  // customer voids them.
  await other.tid('import-quote').setInputFiles(quote.path);
  await other.tid('import-approvals-count').waitFor();
  await other.tid('import-open').click();
  await other.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '已审批通过');
  await other.fillCustomer({ name: '宁波市大数据发展管理局', uscc });
  assert.equal(await other.approvalState(), '未获审批');
  assert.match((await other.approvalProblems()).join('\n'), /另一客户/);
});

test('a rejection with its reason blocks approval while attached', async (t) => {
  const request = await requestFile();
  const approvals = await signedApprovals();
  const quote = await approvedQuote();
  const cb = await approverPage(t);
  await enrol(cb, 'cb');
  await cb.importRequest(request.path);
  const dl = await cb.sign({ passphrase: DEMO.cb.secret, reason: '折扣过高，请先与客户重新谈判' });
  assert.ok(dl.name.endsWith('-rejection-city_branch.json'), dl.name);
  const am = await accountManager(t);
  await openQuote(am, quote);
  await am.importApprovals(dl.path);
  await am.tid('approval-problems').waitFor();
  assert.equal(await am.approvalState(), '未获审批');
  assert.match((await am.approvalProblems()).join('\n'), /演示审批人·地市分公司（仅供演示）（地市分公司）已驳回：折扣过高，请先与客户重新谈判/);
  await am.tid('clear-approvals').click();
  await am.importApprovals([approvals.sm.path, approvals.cb.path]);
  await am.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '已审批通过');
});

test('a quote file with a malformed approval entry is refused with a clear message', async (t) => {
  const quote = await approvedQuote();
  const am = await accountManager(t);
  await openQuote(am, quote);
  const file = JSON.parse(quote.text);
  file.approvals[1] = { body: { decision: 'approve' }, signature: 'x' };
  const bad = path.join(OUT, 'malformed-approval.tailor.json');
  fs.writeFileSync(bad, JSON.stringify(file));
  const before = await am.quoteJson();
  await am.tid('import-quote').setInputFiles(bad);
  await am.tid('import-error').waitFor();
  assert.match(await am.text('import-error'), /malformed-approval\.tailor\.json：approvals\[1\] 不是有效的审批/);
  await am.tid('import-error').locator('button').click();
  assert.equal(await am.quoteJson(), before, 'the quote on screen is unchanged');
});

test('no passphrase or private key appears in the DOM, storage, console or any downloaded file', async (t) => {
  // The whole story in profiles of this test: every step that types a passphrase, handles a key
  // or writes a file.
  const profiles = [];
  const downloads = [];
  const consoleLines = [];
  const keep = (dl) => { downloads.push(dl); return dl; };
  const am = await accountManager(t, consoleLines);
  profiles.push(am);
  await buildProposal(am, CUSTOMER);
  const request = keep(await am.download('export-request'));
  const approvals = {};
  const approvers = {};
  for (const who of ['sm', 'cb']) {
    const app = await approverPage(t, consoleLines);
    profiles.push(app);
    await enrol(app, who);
    await app.importRequest(request.path);
    await signWithOldPassphrase(app, who);
    approvals[who] = keep(await app.sign({ passphrase: DEMO[who].secret, days: 30, comment: '同意，请尽快签约' }));
    keep(await app.download('export-key'));
    approvers[who] = app;
  }
  await approvers.cb.createKey('王经理', NEW_KEY_SECRET);
  await approvers.cb.reload();
  await attach(am, [approvals.sm.path, approvals.cb.path]);
  const quote = keep(await am.download('export-quote'));
  const other = await accountManager(t, consoleLines);
  profiles.push(other);
  await buildProposal(other, { ...CUSTOMER, name: '宁波市大数据发展管理局', uscc: otherUscc() });
  await other.importApprovals([approvals.sm.path, approvals.cb.path]);
  await other.tid('approval-problems').waitFor();
  await other.openQuoteFile(quote.path);
  await approvers.cb.importRequest(request.path);
  const rejection = keep(await approvers.cb.sign({ passphrase: DEMO.cb.secret, reason: '折扣过高，请先与客户重新谈判' }));
  await am.importApprovals(rejection.path);
  await am.tid('approval-problems').waitFor();

  assert.equal(downloads.length, 7, 'request, two approvals, two key backups, the approved quote, a rejection');
  for (const app of profiles) {
    const html = await app.page.content();
    const values = await app.inputValues();
    const storage = await app.page.evaluate(() => JSON.stringify({ ...localStorage }));
    for (const secret of [...SECRETS, ...SEEDS]) {
      assert.ok(!html.includes(secret), 'not in the DOM');
      assert.ok(!values.some((v) => v.includes(secret)), 'not in any input');
      assert.ok(!storage.includes(secret), 'not in storage');
    }
    for (const demo of [DEMO.sm.id, DEMO.cb.id]) assert.ok(!values.includes(demo), 'demo passphrase not left in an input');
  }
  for (const dl of downloads) {
    for (const secret of [...SECRETS, ...SEEDS]) assert.ok(!dl.text.includes(secret), `${dl.name} holds no secret`);
  }
  for (const line of consoleLines) {
    for (const secret of [...SECRETS, ...SEEDS, DEMO.sm.id, DEMO.cb.id]) assert.ok(!line.includes(secret), 'not in the console');
  }
});

// ---- Trust: what the app believes (issue 15) ----

const DEMO_POLICY = fs.readFileSync(path.join(ROOT, 'demo/policy.json'), 'utf8');
const DEMO_SIG = fs.readFileSync(path.join(ROOT, 'demo/policy.sig.json'), 'utf8');

/** The configurator of a server of its own serving `overrides`, in a profile of its own. */
async function accountManagerAt(t, overrides) {
  const base = await env.serve(overrides);
  const app = new ConfiguratorPage(await profile(t), base);
  await app.open();
  return app;
}

/** Signs `policy` with the demo publisher's key (public, like the demo approvers'): the folder
 * holding it and its `policy.sig.json`. */
function signDemoPolicy(policy) {
  const dir = tmp('demo-policy');
  fs.copyFileSync(path.join(DIST, 'catalog.json'), path.join(dir, 'catalog.json'));
  fs.writeFileSync(path.join(dir, 'policy.json'), JSON.stringify(policy, null, 2));
  fs.writeFileSync(path.join(dir, 'passphrase'), 'demo-publisher-passphrase\n');
  execFileSync('cargo', ['run', '-q', '-p', 'tailor-core', '--bin', 'tailor-publish', '--', 'sign',
    '--key', path.join(ROOT, 'demo/demo-publisher.tailor-key.json'), '--publisher', 'demo-publisher',
    '--publishers', path.join(ROOT, 'trust/publishers.json'), '--passphrase-file', path.join(dir, 'passphrase'),
    '--allow-demo', path.join(dir, 'catalog.json'), path.join(dir, 'policy.json')], { cwd: ROOT, stdio: 'pipe' });
  return dir;
}

/** Signs `policy` with the demo publisher's key and serves it (and its signature) from `served`. */
function publishDemoPolicy(served, policy) {
  const dir = signDemoPolicy(policy);
  for (const f of ['policy.json', 'policy.sig.json']) served.set(`/${f}`, fs.readFileSync(path.join(dir, f)));
}

/** A device (profile and server of their own, in demo mode) holding the approved quote, saved. */
async function approvedOnDevice(t) {
  const quote = await approvedQuote();
  const served = demoOverrides();
  const app = await accountManagerAt(t, served);
  await app.waitForPublishedCatalog();
  await openQuote(app, quote);
  await app.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '已审批通过');
  await app.waitSaveState('saved');
  return { app, served };
}

/** Today on this machine, as the app's clock reads it. */
function localToday() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test('a broken, unsigned or unreachable published policy: an approved demo proposal never shows "approved"', async (t) => {
  const quote = await approvedQuote();
  const production = JSON.parse(fs.readFileSync(path.join(ROOT, 'public/policy.json'), 'utf8'));
  production.approvers = JSON.parse(DEMO_POLICY).approvers;
  const cases = [
    ['the demo policy changed after signing', { '/policy.json': DEMO_POLICY.replace('"validity_days": 30', '"validity_days": 31'), '/policy.sig.json': DEMO_SIG }, /changed after it was signed/],
    ['the demo approvers copied into the production policy', { '/policy.json': JSON.stringify(production, null, 2) }, /changed after it was signed/],
    ['a policy that is not JSON', { '/policy.json': '{ not json', '/policy.sig.json': DEMO_SIG }, /policy\.json/],
    ['no policy at all', null, /policy\.json/],
  ];
  for (const [what, overrides, why] of cases) {
    const base = await env.serve(new Map(Object.entries(overrides || {})));
    // Unreachable: the page's requests are cut, and no service worker may fetch it instead (a
    // worker that takes control during the first load would, beyond the page's routes).
    const page = overrides ? await profile(t) : await env.newPage(t, { serviceWorkers: 'block' });
    if (!overrides) await page.route('**/policy.json', (route) => route.abort('internetdisconnected'));
    const app = new ConfiguratorPage(page, base);
    await app.open();
    await app.tid('load-banner').waitFor();
    assert.match(await app.text('load-banner'), why, what);
    assert.match(await app.text('catalog-version'), /内置/, what);
    await openQuote(app, quote);
    await app.tid('approval-problems').waitFor();
    assert.equal(await app.approvalState(), '未获审批', what);
    assert.match((await app.approvalProblems())[0], /审批无法验证/, what);
    await app.openProposal();
    // Pending approval, or (the device lacking the signed demo policy the quote names) needing
    // repricing: never approved.
    assert.match(await app.text('p-status'), /待审批|需按当前目录重新报价/, what);
    assert.doesNotMatch(await app.text('p-status'), /已审批/, what);
  }
});

test('a forged quote file: the verdict and the figures are what the native core computes, never the file\'s', async (t) => {
  const quote = await approvedQuote();
  const file = JSON.parse(quote.text);
  // More discount on one line, and the file's figures claiming nothing needs approval.
  file.quote.lines[0].discount_bp += 500;
  file.priced.authority.required = 0;
  file.priced.authority.refused = false;
  file.priced.totals.net.tcv = 100;
  const forged = path.join(OUT, 'forged.tailor.json');
  fs.writeFileSync(forged, JSON.stringify(file, null, 2));
  const native = JSON.parse(execFileSync('cargo', ['run', '-q', '-p', 'tailor-core', '--bin', 'tailor-price', '--',
    '--verdict', localToday(), forged, path.join(ROOT, 'public/catalog.json'), path.join(ROOT, 'demo/policy.json')], { cwd: ROOT, encoding: 'utf8' }));
  assert.equal(native.status, 'not_approved');
  const app = await accountManager(t);
  await openQuote(app, { path: forged });
  await app.tid('approval-problems').waitFor();
  assert.equal(await app.approvalState(), '未获审批');
  const priced = JSON.parse(await app.pricedJson());
  assert.equal(priced.authority.required, native.required);
  assert.equal(priced.totals.net.tcv, native.tcv);
  assert.notEqual(native.tcv, 100);
  assert.equal(await app.text('total-tcv'), yuan(native.tcv));
});

test('a policy revoking an approver, published while a device holds an approved proposal: at the next start it is not approved', async (t) => {
  const { app, served } = await approvedOnDevice(t);
  let library = await app.openLibrary();
  assert.match(await library.rows().first().locator('[data-testid="row-standing"]').textContent(), /已审批/);
  await library.close();

  // The pricing team revokes the city branch approver: a newer demo policy, signed.
  const policy = JSON.parse(DEMO_POLICY);
  policy.version = `${policy.version}-r2`;
  policy.approvers = policy.approvers.filter((a) => a.id !== 'demo-city-branch');
  publishDemoPolicy(served, policy);

  await app.page.reload();
  await app.page.waitForFunction((v) => document.querySelector('[data-testid="catalog-version"]')?.textContent.includes(v), policy.version);
  await app.tid('approval-problems').waitFor();
  assert.equal(await app.approvalState(), '未获审批');
  assert.match((await app.approvalProblems()).join('\n'), /demo-city-branch/);
  library = await app.openLibrary();
  assert.doesNotMatch(await library.rows().first().locator('[data-testid="row-standing"]').textContent(), /已审批/);
  await library.close();
  await app.openProposal();
  assert.match(await app.text('p-status'), /待审批/);
});

test('demo mode: the DEMO mark is on the screen, in the CSV and on every printed page', async (t) => {
  const app = await accountManager(t);
  assert.match(await app.text('demo-mark'), /演示 \/ DEMO — not an offer/);
  await buildProposal(app, CUSTOMER);
  for (let i = 0; i < 3; i += 1) {
    await app.addSite(`站点 ${i + 1}`, '杭州', `西湖区示例路 ${i + 1} 号`);
  }
  for (const search of ['SD-WAN', '专线', '物联网', '短信', '云盘', '视频会议', '企业邮箱', '电子签章']) {
    await app.addOffering(search);
  }
  const csv = await app.download('export-csv');
  assert.match(csv.name, /^DEMO-/);
  assert.match(csv.text.split('\n')[0], /演示 \/ DEMO — not an offer/);
  await app.openProposal();
  const pdf = path.join(OUT, 'demo-proposal.pdf');
  await app.page.pdf({ path: pdf, format: 'A4', printBackground: true });
  const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim());
  assert.ok(pages.length >= 2, `a proposal of several pages (${pages.length})`);
  pages.forEach((p, i) => assert.match(p, /DEMO/, `page ${i + 1} carries the demo mark`));
  await app.screenshot(path.join(OUT, 'demo-proposal.png'));
});

test('a device clock set back is flagged, and an approval that expired by the latest date seen stays expired', async (t) => {
  const quote = await approvedQuote();
  const app = await accountManager(t);
  await openQuote(app, quote);
  await app.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '已审批通过');
  await app.waitSaveState('saved');
  // The device has seen a date a year on (as after a later start); its clock now reads earlier.
  const later = `${new Date().getFullYear() + 1}-06-01`;
  await app.page.evaluate((d) => localStorage.setItem('tailor.seen-date.v1', d), later);
  await app.page.reload();
  await app.tid('clock-behind').waitFor();
  assert.match(await app.text('clock-behind'), new RegExp(later));
  await app.tid('approval-problems').waitFor();
  assert.equal(await app.approvalState(), '未获审批');
  assert.match((await app.approvalProblems()).join('\n'), /已于 .* 过期/);
});

test('past its expires date, a policy leaves an approved proposal "policy expired", never approved', async (t) => {
  const { app, served } = await approvedOnDevice(t);
  // The newest signed policy the device can fetch expired (say, the pricing team did not renew it).
  const policy = JSON.parse(DEMO_POLICY);
  policy.version = `${policy.version}-x`;
  policy.published = '2026-01-01';
  policy.expires = '2026-06-30';
  publishDemoPolicy(served, policy);
  await app.page.reload();
  await app.page.waitForFunction((v) => document.querySelector('[data-testid="catalog-version"]')?.textContent.includes(v), policy.version);
  await app.tid('approval-problems').waitFor();
  assert.equal(await app.approvalState(), '未获审批');
  assert.match((await app.approvalProblems())[0], /政策已于 2026-06-30 过期，请联网刷新后再验证审批/);
});

test('an amendment beyond authority: the approver sees which contract and from when, signs the amendment, and the seller accepts it', async (t) => {
  const am = await accountManager(t);
  await am.fillCustomer({ ...CUSTOMER, employees: 30 });
  await am.acceptTemplate(0);
  await am.waitSaveState('saved');
  // Handed over (its CSV for the customer) and accepted: a contract from the 1st of next month.
  await am.download('export-csv');
  await am.waitSaveState('saved');
  const q = JSON.parse(await am.quoteJson());
  const month = (d, k) => { const [y, m] = d.split('-').map(Number); const n = m - 1 + k; return `${y + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`; };
  const start = `${month(q.handed_over, 1)}-01`;
  await am.markAccepted(q.handed_over, start);
  await am.tid('contract-badge').waitFor();
  const library = await am.openLibrary();
  const effective = `${month(start, 2)}-10`;
  await library.amend(q.id, effective);
  // One more dedicated line, 14 % off: beyond the account manager once the contract's term and
  // bundle discounts come first.
  await am.addOffering('互联网专线');
  await am.setDiscount((await am.lines().count()) - 1, '14');
  await am.page.waitForFunction(() => document.querySelector('[data-testid="approval-state"]')?.textContent === '未获审批');
  const required = JSON.parse(await am.amendedJson()).authority.required;
  const request = await am.download('export-request');
  const files = [];
  for (const who of required >= 2 ? ['sm', 'cb'] : ['sm']) {
    const ap = await approverPage(t);
    await enrol(ap, who);
    await ap.importRequest(request.path);
    // The approver is told what they sign: this change to that contract, from that day.
    const notice = await ap.text('review-amends');
    assert.ok(notice.includes(`合同 ${q.id}`) && notice.includes(`自 ${effective} 生效`), notice);
    await ap.screenshot(path.join(OUT, `approver-amendment-${who}.png`));
    files.push((await ap.sign({ passphrase: DEMO[who].secret, days: 30, comment: '同意变更' })).path);
  }
  await attach(am, files);
  const after = (await am.text('amendment-monthly')).split(' → ')[1];
  const outcome = await am.acceptAmendment(effective);
  assert.doesNotMatch(outcome, /需先获审批/);
  assert.ok(outcome.includes(after), `${outcome} names the new monthly total ${after}`);
});
