// The approver's keys are worth stealing, so they are hard to crack: a new key needs a passphrase
// of 12 characters or more that the strength estimator rates as hard to guess (the refusal says
// why, in the page's language); the browser is never invited to store a passphrase (no form
// submission, no-store attributes on every passphrase input). A request with a blocking finding
// lists it and cannot be approved, only rejected. Every signed decision is kept in the approver's
// log, which survives a reload and exports as a file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, once, tmp, ROOT } from './fixtures/browser.mjs';
import { demoOverrides } from './serve.mjs';
import { ApproverPage } from './fixtures/approver_page.mjs';
import { exportedRequest } from './fixtures/configurator_page.mjs';

const CUSTOMER = { name: '杭州市数据资源管理局', uscc: '91350100M000100Y43', industry: 'government', employees: 300 };
const CB = { id: 'demo-city-branch', file: path.join(ROOT, 'public/demo-keys/demo-city-branch.tailor-key.json'), secret: 'Cb-Passphrase-2e8d41-only-mine' };

let env;
// Demo mode: the demo approvers are enrolled only in the demo policy.
before(async () => { env = await start(demoOverrides()); });
after(async () => env.stop());

async function approverPage(t) {
  const app = new ApproverPage(await env.newPage(t, { viewport: { width: 1366, height: 900 } }), env.base);
  await app.open();
  await app.waitForPublishedCatalog();
  return app;
}

/** A request needing city-branch approval, exported by the account manager (once per run). */
const requestFile = once(() => exportedRequest(env, CUSTOMER));

/** The city-branch approver's demo key, imported and sealed under their own passphrase. */
async function enrolCityBranch(app) {
  await app.importKeyFile(CB.file);
  await app.changePassphrase(0, CB.id, CB.secret);
  assert.match(await app.text('keys-msg'), /口令已更改/);
}

test('a short or guessable passphrase is refused with its reason, in the page\'s language', async (t) => {
  const app = await approverPage(t);
  let refusal = await app.createKeyRefused('王经理', 'abcdefghijk');
  assert.match(refusal, /口令太短：只有 11 个字符，至少需要 12 个字符/);
  refusal = await app.createKeyRefused('王经理', 'password1234');
  assert.match(refusal, /口令太容易被猜到（强度 \d\/4，至少需要 3\/4）：这是很常见的密码/);
  refusal = await app.createKeyRefused('王经理', 'qwertyuiop[]');
  assert.match(refusal, /键盘上连成一行的键/);
  assert.equal(await app.tid('stored-key').count(), 0, 'no key was made');
  assert.equal(await app.tid('new-passphrase').inputValue(), '', 'the refused passphrase is cleared');

  await app.toggleLanguage();
  refusal = await app.createKeyRefused('Wang', 'password1234');
  assert.match(refusal, /too easy to guess \(strength \d\/4, at least 3\/4 needed\): it is a very common password/);

  // A strong one is accepted (Argon2id at 64 MiB × 3 in the browser: give it time).
  await app.createKey('Wang', 'Fresh-Key-Passphrase-91b0e2');
  assert.equal(await app.tid('stored-key').count(), 1);
});

test('the passphrase inputs carry the no-store attributes and sit in no form', async (t) => {
  const app = await approverPage(t);
  await app.importKeyFile(CB.file);
  await app.tid('change-passphrase').click();
  await app.importRequest((await requestFile()).path);
  const inputs = await app.passphraseInputs();
  assert.deepEqual(inputs.map((i) => i.testid).sort(), [
    'changed-passphrase', 'changed-passphrase-2', 'new-passphrase', 'new-passphrase-2', 'old-passphrase', 'preauth-passphrase', 'sign-passphrase',
  ]);
  for (const i of inputs) {
    assert.deepEqual(i, {
      testid: i.testid, autocomplete: 'one-time-code', name: null, inForm: false,
      lpignore: 'true', bwignore: 'true', onePassword: 'true',
    });
  }
  assert.equal(await app.page.locator('form').count(), 0, 'no form on the approver\'s page to submit');
  // Enter in the passphrase field signs, like the button (here: a wrong passphrase, refused).
  await app.tid('sign-passphrase').fill('not-the-passphrase');
  await app.tid('sign-passphrase').press('Enter');
  await app.page.waitForFunction(() => /口令错误/.test(document.querySelector('[data-testid="sign-msg"]')?.textContent || ''), null, { timeout: 60_000 });
  assert.equal(await app.tid('sign-passphrase').inputValue(), '');
});

test('signing a decision adds it to the log, which survives a reload and exports', async (t) => {
  const request = await requestFile();
  const app = await approverPage(t);
  assert.equal(await app.tid('no-decisions').count(), 1);
  assert.ok(await app.tid('export-decisions').isDisabled());
  await enrolCityBranch(app);
  await app.importRequest(request.path);
  const approval = JSON.parse((await app.sign({ passphrase: CB.secret, days: 30, comment: '同意，请尽快签约' })).text);
  await app.tid('decision-entry').first().waitFor();
  let rows = await app.decisionEntries();
  assert.equal(rows.length, 1);
  for (const part of ['批准', approval.body.quote_id, CUSTOMER.name, CUSTOMER.uscc, '地市分公司', CB.id, approval.body.quote_digest.slice(0, 12), '同意，请尽快签约']) {
    assert.ok(rows[0].includes(part), `${part} in ${rows[0]}`);
  }
  // A rejection too, newest first.
  await app.sign({ passphrase: CB.secret, reason: '折扣过高，请先与客户重新谈判' });
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="decision-entry"]').length === 2);
  rows = await app.decisionEntries();
  assert.match(rows[0], /驳回.*折扣过高/);

  await app.reload();
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="decision-entry"]').length === 2);
  const exported = await app.download('export-decisions');
  assert.match(exported.name, /^tailor-decisions-\d{4}-\d\d-\d\d\.json$/);
  const log = JSON.parse(exported.text);
  assert.equal(log.format, 'tailor-decision-log');
  assert.equal(log.version, 1);
  assert.equal(log.entries.length, 2);
  const [first, second] = log.entries;
  assert.equal(first.decision, 'approve');
  assert.equal(second.decision, 'reject');
  assert.equal(second.reason, '折扣过高，请先与客户重新谈判');
  for (const f of ['quote_id', 'customer_name', 'uscc', 'approver_id', 'level', 'issued', 'expires', 'quote_digest', 'comment']) {
    assert.equal(first[f], approval.body[f], f);
  }
  assert.ok(!Number.isNaN(Date.parse(first.signed_at)), first.signed_at);
  assert.ok(!exported.text.includes(CB.secret), 'no passphrase in the log');
});

test('a request with a blocking finding lists it and cannot be approved, only rejected', async (t) => {
  // The request with the customer's name removed: a quote check of severity error.
  const request = JSON.parse((await requestFile()).text);
  request.quote.customer.name = '';
  const file = path.join(tmp('blocked'), 'blocked-request.tailor.json');
  fs.writeFileSync(file, JSON.stringify(request));

  const app = await approverPage(t);
  await enrolCityBranch(app);
  await app.importRequest(file);
  assert.match(await app.text('review-findings'), /阻止批准：请填写客户名称/);
  await app.tid('decision-approve').check();
  assert.ok(await app.tid('sign').isDisabled(), 'approving is disabled');
  assert.match(await app.text('sign-blocked'), /阻止性问题.*不能批准/);
  // A rejection is still possible.
  const rejection = JSON.parse((await app.sign({ passphrase: CB.secret, reason: '请先填写客户名称' })).text);
  assert.equal(rejection.body.decision, 'reject');
  assert.equal(await app.tid('sign-blocked').count(), 0);
});
