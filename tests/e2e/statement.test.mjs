// The signed proposal statement end to end, in demo mode: the account manager signs a proposal
// with the demo seller key ("sign and hand over") and prints it to PDF; page 1 is rasterised with
// pdftoppm and its QR code decoded by jsQR (not the app's code); the decoded link opens the
// verification page in a fresh profile, which says "genuine" with the right customer and TCV,
// and still does with the network off after the first load. A statement with one digit of its
// TCV changed is "not genuine", and with the proposal file the page names the figure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { start, yuan, ROOT, OUT } from './fixtures/browser.mjs';
import { demoOverrides } from './serve.mjs';
import { ConfiguratorPage } from './fixtures/configurator_page.mjs';
import { decodeLink, encodeLink } from './fixtures/link.mjs';

const SELLER_KEY = path.join(ROOT, 'public/demo-keys/demo-account-manager.tailor-key.json');
const CUSTOMER = { name: '杭州市数据资源管理局', uscc: '91350100M000100Y43', industry: 'government', employees: 20 };
const PHONE = { width: 390, height: 844 };

let env;
before(async () => { env = await start(demoOverrides()); });
after(async () => env.stop());

/** Signs a small proposal with the demo seller key; returns the app, the quote file and the priced result. */
async function signedProposal(t) {
  const app = new ConfiguratorPage(await env.newPage(t, { viewport: { width: 1366, height: 900 } }), env.base);
  await app.open();
  await app.waitForPublishedCatalog();
  await app.fillCustomer(CUSTOMER);
  await app.acceptTemplate(0);
  const priced = JSON.parse(await app.pricedJson());
  const file = await app.download('export-quote');
  await app.openProposal();
  await app.tid('seller-key-file').setInputFiles(SELLER_KEY);
  await app.tid('seller-key').waitFor();
  await app.tid('seller-passphrase').fill('demo-account-manager');
  await app.tid('sign-handover').click();
  await app.tid('p-qr').locator('svg').waitFor({ timeout: 60000 });
  return { app, file, priced };
}

/** The QR code on page 1 of `pdf`, decoded by jsQR from pdftoppm's rendering. */
function qrOfFirstPage(pdf) {
  const prefix = path.join(OUT, 'statement-page');
  execFileSync('pdftoppm', ['-r', '200', '-f', '1', '-l', '1', '-png', '-singlefile', pdf, prefix]);
  const png = PNG.sync.read(fs.readFileSync(`${prefix}.png`));
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(code, 'a QR code is found on page 1');
  return code.data;
}

test('a signed proposal prints a QR code that opens the verification page offline: genuine, right customer and TCV', async (t) => {
  const { app, priced } = await signedProposal(t);
  const pdf = path.join(OUT, 'statement-proposal.pdf');
  await app.page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  const code = (await app.tid('p-code').textContent()).split(/[:：]\s*/).pop().trim();
  assert.match(code, /^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
  const pages = text.split('\f').filter((p) => p.trim());
  for (const [i, p] of pages.entries()) assert.ok(p.includes(code), `the verification code on page ${i + 1}`);
  const url = qrOfFirstPage(pdf);
  assert.match(url, /\/verify\.html#tailor1\.s\./);
  const link = url.split('#')[1];
  console.log(`# statement link: ${link.length} characters; QR decoded from page 1 of ${pages.length}`);

  const page = await env.newPage(t, { viewport: PHONE });
  await page.goto(`${url.split('#')[0]}?lang=en#${link}`);
  const verdict = page.getByTestId('verdict');
  await verdict.filter({ hasText: /Genuine|Not genuine/ }).waitFor({ timeout: 30000 });
  assert.match(await verdict.textContent(), /Genuine/);
  assert.equal(await page.getByTestId('v-customer').textContent(), CUSTOMER.name);
  assert.equal(await page.getByTestId('v-tcv').textContent(), yuan(priced.totals.net.tcv));
  assert.equal(await page.getByTestId('v-code').textContent(), code);
  await page.screenshot({ path: path.join(OUT, 'verify-genuine.png'), fullPage: true });

  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 }).catch(() => page.reload());
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
  await page.context().setOffline(true);
  await page.reload();
  await verdict.filter({ hasText: /Genuine|Not genuine/ }).waitFor({ timeout: 30000 });
  assert.match(await verdict.textContent(), /^\s*✓ Genuine/);
  assert.equal(await page.getByTestId('v-tcv').textContent(), yuan(priced.totals.net.tcv));
});

test('a statement with one digit changed is not genuine, and the proposal file names the figure', async (t) => {
  const { app, file, priced } = await signedProposal(t);
  const url = await app.tid('p-verify-url').textContent();
  const { bytes } = decodeLink(url);
  const statement = JSON.parse(bytes.toString('utf8'));
  const tcv = String(statement.body.totals.tcv);
  const digit = tcv.length - 3; // the yuan's last digit
  const changed = `${tcv.slice(0, digit)}${(Number(tcv[digit]) + 1) % 10}${tcv.slice(digit + 1)}`;
  const forged = bytes.toString('utf8').replace(`"tcv":${tcv},`, `"tcv":${changed},`);
  assert.notEqual(forged, bytes.toString('utf8'));
  const page = await env.newPage(t, { viewport: PHONE });
  await page.goto(`${url.split('#')[0]}?lang=en#${encodeLink('statement', forged)}`);
  const verdict = page.getByTestId('verdict');
  await verdict.filter({ hasText: /Genuine|Not genuine/ }).waitFor({ timeout: 30000 });
  assert.match(await verdict.textContent(), /Not genuine/);
  assert.match(await page.getByTestId('why').textContent(), /changed after it was signed/);
  await page.getByTestId('verify-file').setInputFiles(file.path);
  const check = page.getByTestId('file-check');
  await check.waitFor();
  const said = await check.textContent();
  assert.ok(said.includes(`TCV (excl. tax): ${yuan(Number(changed))} on the statement, ${yuan(priced.totals.net.tcv)} recomputed`), said);
  await page.screenshot({ path: path.join(OUT, 'verify-altered.png'), fullPage: true });
});

test('a proposal whose later version this device verified says it is superseded', async (t) => {
  const { app } = await signedProposal(t);
  const url = await app.tid('p-verify-url').textContent();
  const statement = JSON.parse(decodeLink(url).bytes.toString('utf8'));
  const page = await env.newPage(t, { viewport: PHONE });
  const [base, fragment] = url.split('#');
  // First opened as it is: genuine, nothing later; the page keeps it as its lineage's latest.
  await page.goto(`${base}?lang=en#${fragment}`);
  const verdict = page.getByTestId('verdict');
  await verdict.filter({ hasText: /Genuine/ }).waitFor({ timeout: 30000 });
  assert.equal(await page.getByTestId('superseded').count(), 0);
  const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('tailor.verified.v1')));
  assert.deepEqual(kept.map((s) => [s.lineage, s.version]), [[statement.body.proposal, statement.body.proposal_version]]);
  // V2 of the same lineage verified on this device since (as the page keeps it): V1 says so.
  await page.evaluate(([lineage]) => localStorage.setItem('tailor.verified.v1', JSON.stringify([
    { lineage, proposal: `${lineage}-2`, version: 2, date: '2026-12-05', code: '0A1B-2C3D-4E5F-6071' },
  ])), [statement.body.proposal]);
  await page.reload();
  await page.getByTestId('superseded').waitFor({ timeout: 30000 });
  assert.match(await page.getByTestId('superseded').textContent(), /Superseded by a later version: this device has verified V2 \(2026-12-05, code 0A1B-2C3D-4E5F-6071\)/);
});
