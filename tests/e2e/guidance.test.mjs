// Discount guidance (issue 16): under a signed policy with guidance for the basic family (the
// government's own tighter than everyone's), a line shows where its discount sits; above normal
// it asks for a reason (an error until given), which travels in the approval request and shows
// on the approver's review. Presentation mode shows none of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, tmp, DIST, OUT } from './fixtures/browser.mjs';
import { ConfiguratorPage } from './fixtures/configurator_page.mjs';
import { ApproverPage } from './fixtures/approver_page.mjs';
import { signPublished } from './fixtures/publisher.mjs';

let env;
before(async () => {
  const dir = tmp('guidance');
  fs.copyFileSync(path.join(DIST, 'catalog.json'), path.join(dir, 'catalog.json'));
  const policy = JSON.parse(fs.readFileSync(path.join(DIST, 'policy.json'), 'utf8'));
  policy.version = `${policy.version}-g`;
  policy.guidance = [
    { family: 'basic', target_bp: 1000, normal_bp: 1200 },
    { family: 'basic', industry: 'government', target_bp: 800, normal_bp: 1000 },
  ];
  policy.reasons = [{ zh: '竞争对手报价更低', en: 'A competitor bid lower' }];
  fs.writeFileSync(path.join(dir, 'policy.json'), JSON.stringify(policy, null, 2));
  signPublished(dir);
  const served = ['catalog.sig.json', 'policy.json', 'policy.sig.json'].map((f) => [`/${f}`, fs.readFileSync(path.join(dir, f))]);
  env = await start(new Map(served));
});
after(async () => env.stop());

const CUSTOMER = { name: '杭州市数据资源管理局', uscc: '91350100M000100Y43', industry: 'government', employees: 300 };

test('a discount above normal shows its band, needs a reason, and the approver sees the reason', async (t) => {
  const app = new ConfiguratorPage(await env.newPage(t), env.base);
  await app.open();
  await app.waitForPublishedCatalog();
  await app.fillCustomer(CUSTOMER);
  await app.acceptTemplate(0);
  const first = app.tid('line').nth(0);
  const band = first.locator('[data-testid="line-band"]');
  await band.waitFor();
  assert.match(await band.textContent(), /目标折扣以内 · 目标 8(\.00)?% · 常规 10(\.00)?%/);
  await app.setDiscount(0, '3');
  await app.page.waitForFunction(() => /高于常规折扣/.test(document.querySelector('[data-testid="line"] [data-testid="line-band"]')?.textContent || ''));
  assert.match((await first.locator('[data-testid="line-finding"]').allTextContents()).join('\n'), /高于常规折扣 10(\.00)?%，请填写原因/);
  await first.locator('[data-testid="line-reason"]').fill('竞争对手报价更低');
  await app.page.waitForFunction(() => ![...document.querySelectorAll('[data-testid="line"]:first-of-type [data-testid="line-finding"]')].some((f) => /请填写原因/.test(f.textContent)));
  await app.screenshot(path.join(OUT, 'guidance-reason.png'));

  // Presentation mode shows no guidance.
  await app.togglePresentation();
  assert.equal(await app.tid('line-band').count(), 0);
  assert.equal(await app.tid('line-reason').count(), 0);
  await app.togglePresentation();

  const request = await app.download('export-request');
  assert.match(request.text, /"reason":"竞争对手报价更低"/);
  const approver = new ApproverPage(await env.newPage(t), env.base);
  await approver.open();
  await approver.waitForPublishedCatalog();
  await approver.importRequest(request.path);
  assert.match(await approver.text('review-reason'), /原因：竞争对手报价更低/);
});
