// The configurator end to end in headless Chromium: customer, guided selling, line edits,
// at-risk, role, language, presentation mode, totals against the native core, and screenshots.
// Every test has a fresh profile of its own and builds the quote it needs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, priceNatively, yuan, OUT } from './fixtures/browser.mjs';
import { ConfiguratorPage } from './fixtures/configurator_page.mjs';

let env;
before(async () => { env = await start(); });
after(async () => env.stop());

/** The configurator with the published catalog, in a profile of its own for test `t`. */
async function configurator(t) {
  const app = new ConfiguratorPage(await env.newPage(t), env.base);
  await app.open();
  await app.waitForPublishedCatalog();
  return app;
}

/** The recommended solution for a government customer of 300, accepted. */
async function governmentSolution(t) {
  const app = await configurator(t);
  await app.fillCustomer({ name: '杭州市数据资源管理局', industry: 'government', employees: 300 });
  await app.acceptTemplate(0);
  return app;
}

/** That solution tailored: a quantity, an option and a discount changed, and the deal at risk. */
async function tailoredSolution(t) {
  const app = await governmentSolution(t);
  await app.setQuantity(0, 420);
  const select = app.lines().filter({ has: app.page.locator('[data-testid="option"]') }).first().locator('[data-testid="option"]').first();
  const values = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
  await select.selectOption(values[values.length - 1]);
  await app.setDiscount(1, '30');
  await app.setAtRisk('某友商', '对手报价低 15%，合同 12 月到期');
  return app;
}

test('USCC is checked live with the precise reason', async (t) => {
  const app = await configurator(t);
  await app.fillCustomer({ uscc: '91350100M000100Y44' });
  assert.match(await app.usccMessage(), /第 18 位校验码应为「3」/);
  await app.fillCustomer({ uscc: '9135' });
  assert.match(await app.usccMessage(), /应为 18 位/);
  await app.fillCustomer({ uscc: '91350100M000100Y43' });
  assert.match(await app.usccMessage(), /代码有效/);
});

test('industry and size give the recommended solution, which the seller accepts', async (t) => {
  const app = await configurator(t);
  await app.fillCustomer({ name: '杭州市数据资源管理局', industry: 'government', employees: 300 });
  assert.ok(await app.tid('template').count() >= 1);
  await app.acceptTemplate(0);
  assert.ok(await app.lines().count() >= 5, 'the template gives several lines');
  await app.screenshot(path.join(OUT, 'configurator-1366.png'));
});

test('editing options, quantities and discounts reprices at once and keeps what is typed', async (t) => {
  const app = await governmentSolution(t);
  const before = await app.text('total-tcv');
  await app.setQuantity(0, 420);
  assert.equal(await app.line(0).locator('[data-testid="qty"]').inputValue(), '420');
  const after = await app.text('total-tcv');
  assert.notEqual(before, after);

  const withOptions = app.lines().filter({ has: app.page.locator('[data-testid="option"]') }).first();
  const select = withOptions.locator('[data-testid="option"]').first();
  const values = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
  await select.selectOption(values[values.length - 1]);
  assert.notEqual(await app.text('total-tcv'), after);

  await app.setDiscount(1, '12.5');
  assert.equal(await app.line(1).locator('[data-testid="discount"]').inputValue(), '12.5');
  assert.match(await app.line(1).locator('[data-testid="line-effective"]').textContent(), /%/);

  await app.setDiscount(1, '12.345');
  assert.match(await app.line(1).locator('[data-testid="discount-msg"]').textContent(), /最多两位小数/);
  await app.setDiscount(1, '30');
  assert.match(await app.text('required-level'), /需审批/);
  assert.ok((await app.tid('reasons').locator('li').count()) >= 1);
});

test('at-risk needs competitor and reason, and widens authority', async (t) => {
  const app = await governmentSolution(t);
  await app.setDiscount(1, '14');
  const without = await app.line(1).locator('[data-testid="authority-badge"]').textContent();
  await app.tid('at-risk').check();
  assert.match(await app.text('quote-findings'), /竞争对手和原因/);
  await app.tid('competitor').fill('某友商');
  await app.tid('risk-reason').fill('对手报价低 15%，合同 12 月到期');
  const widened = await app.line(1).locator('[data-testid="authority-badge"]').textContent();
  assert.notEqual(widened, without, 'the at-risk widening changes the line authority');
});

test('the role changes what is within authority', async (t) => {
  const app = await tailoredSolution(t);
  await app.setDiscount(1, '30');
  const am = await app.text('required-level');
  await app.setRole('provincial');
  assert.notEqual(await app.text('required-level'), am);
  assert.match(await app.text('required-level'), /权限内|需审批/);
});

test('totals shown equal the native core for the same quote, byte for byte', async (t) => {
  const app = await tailoredSolution(t);
  const quote = await app.quoteJson();
  const native = priceNatively(quote);
  assert.equal(await app.pricedJson(), native, 'browser and native priced bytes are identical');
  const totals = JSON.parse(native).totals;
  assert.equal(await app.text('total-mrc'), yuan(totals.net.mrc));
  assert.equal(await app.text('total-nrc'), yuan(totals.net.nrc));
  assert.equal(await app.text('total-tcv'), yuan(totals.net.tcv));
  assert.equal(await app.text('total-gross'), yuan(totals.gross.tcv));
});

test('English switches the whole UI and the catalog texts', async (t) => {
  const app = await tailoredSolution(t);
  await app.toggleLanguage();
  const body = await app.page.locator('body').innerText();
  assert.match(body, /Customer/);
  assert.match(body, /Solution lines/);
  assert.doesNotMatch(body, /客户信息|方案明细/);
  await app.screenshot(path.join(OUT, 'configurator-en-1366.png'));
});

test('presentation mode removes cost, margin, headroom and authority from the DOM', async (t) => {
  const app = await tailoredSolution(t);
  const cost = await app.text('total-cost');
  await app.togglePresentation();
  const html = await app.page.content();
  for (const id of ['seller-view', 'total-cost', 'total-margin', 'line-cost', 'line-margin', 'headroom', 'authority-badge', 'required-level', 'reasons', 'role', 'competitor']) {
    assert.equal(await app.tid(id).count(), 0, `${id} is not in the DOM`);
  }
  for (const word of ['成本', '毛利', '权限', '审批', '让利', '某友商', cost]) {
    assert.ok(!html.includes(word), `"${word}" is not in the DOM`);
  }
  await app.screenshot(path.join(OUT, 'presentation-1366.png'));
  await app.page.setViewportSize({ width: 1024, height: 768 });
  await app.screenshot(path.join(OUT, 'presentation-1024.png'));
  await app.togglePresentation();
  assert.equal(await app.tid('seller-view').count(), 1, 'one click brings the seller view back');
  await app.screenshot(path.join(OUT, 'configurator-1024.png'));
});

test('on a tablet, what takes the focus is never left under the top bar, which stays at the top and wraps to two rows', async (t) => {
  const app = await tailoredSolution(t);
  const { page } = app;
  await page.setViewportSize({ width: 1024, height: 768 });
  // From the bottom of the page back up: the customer's name takes the focus (as Shift+Tab or a
  // click on its label would) and is scrolled into view below the bar, not under it.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  for (const id of ['customer-name', 'qty']) {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await app.tid(id).first().focus();
    const [top, bar] = await page.evaluate((id) => [
      document.querySelector(`[data-testid="${id}"]`).getBoundingClientRect().top,
      document.querySelector('.topbar').getBoundingClientRect().bottom,
    ], id);
    assert.ok(top >= bar, `${id} at ${top} px is under the top bar (down to ${bar} px)`);
  }
  // Keyboard alone, backwards from the bottom: every field reached is below the bar.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await app.tid('qty').last().focus();
  for (let k = 0; k < 25; k += 1) {
    await page.keyboard.press('Shift+Tab');
    const [top, bar, inBar] = await page.evaluate(() => [
      document.activeElement.getBoundingClientRect().top,
      document.querySelector('.topbar').getBoundingClientRect().bottom,
      !!document.activeElement.closest('.topbar'),
    ]);
    if (!inBar) assert.ok(top >= bar - 1, `Shift+Tab ${k + 1}: the focus at ${top} px is under the top bar (down to ${bar} px)`);
  }
});

test('Enter in the catalog search adds the first match', async (t) => {
  const app = await tailoredSolution(t);
  const n = await app.lines().count();
  await app.addOffering('SD-WAN');
  assert.equal(await app.lines().count(), n + 1);
  assert.match(await app.line(n).textContent(), /SD-WAN/);
  await app.line(n).locator('[data-testid="remove-line"]').click();
  assert.equal(await app.lines().count(), n);
});
