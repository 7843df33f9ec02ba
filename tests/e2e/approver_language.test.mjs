// On the approver's page, switching the language changes the labels only: what the approver has
// typed in the sign form (validity, comment, reason, passphrase) and in the key form stays as it is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './fixtures/browser.mjs';
import { ConfiguratorPage } from './fixtures/configurator_page.mjs';

const CUSTOMER = { name: '杭州市数据资源管理局', uscc: '91350100M000100Y43', industry: 'government', employees: 300 };

let env;
before(async () => { env = await start(); });
after(async () => env.stop());

test('switching the language on the approver\'s page keeps what is typed in the sign and key forms', async (t) => {
  // A request needing approval, exported by the account manager.
  const seller = new ConfiguratorPage(await env.newPage(t, { viewport: { width: 1366, height: 900 } }), env.base);
  await seller.open();
  await seller.waitForPublishedCatalog();
  await seller.fillCustomer(CUSTOMER);
  await seller.acceptTemplate(0);
  await seller.setDiscount(0, '15');
  const request = await seller.download('export-request');

  const app = await seller.openApprover();
  await app.importRequest(request.path);
  assert.match(await app.text('sign-form'), /我的决定/);
  await app.tid('validity-days').fill('12');
  await app.tid('approval-comment').fill('同意，请尽快签约');
  await app.tid('decision-reject').check();
  await app.tid('reject-reason').fill('价格过低');
  await app.tid('sign-passphrase').fill('typed-not-submitted');
  await app.tid('key-label').fill('王经理');
  await app.tid('new-passphrase').fill('new-key-secret');

  await app.toggleLanguage();
  await app.page.waitForFunction(() => /My decision/.test(document.querySelector('[data-testid="sign-form"]')?.textContent || ''));
  assert.match(await app.text('sign-form'), /Comment \(optional\)/);
  assert.match(await app.text('approver-screen'), /My approver keys/);
  assert.equal(await app.tid('validity-days').inputValue(), '12');
  assert.equal(await app.tid('approval-comment').inputValue(), '同意，请尽快签约');
  assert.ok(await app.tid('decision-reject').isChecked());
  assert.equal(await app.tid('reject-reason').inputValue(), '价格过低');
  assert.equal(await app.tid('sign-passphrase').inputValue(), 'typed-not-submitted');
  assert.equal(await app.tid('key-label').inputValue(), '王经理');
  assert.equal(await app.tid('new-passphrase').inputValue(), 'new-key-secret');
  assert.equal(await app.text('review-customer'), CUSTOMER.name, 'the request stays under review');

  // And back: still the same values, the labels in Chinese again.
  await app.toggleLanguage();
  await app.page.waitForFunction(() => /我的决定/.test(document.querySelector('[data-testid="sign-form"]')?.textContent || ''));
  assert.equal(await app.tid('validity-days').inputValue(), '12');
  assert.equal(await app.tid('approval-comment').inputValue(), '同意，请尽快签约');
  assert.equal(await app.tid('sign-passphrase').inputValue(), 'typed-not-submitted');
});
