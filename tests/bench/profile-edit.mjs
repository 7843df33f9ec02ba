// Profiles quantity edits in a proposal with Chromium's sampling profiler (DevTools protocol) and
// prints where the time goes, by self and total time per function. For readable wasm names, run
// it on a build whose wasm keeps its name section (wasm-bindgen output before wasm-opt), e.g.
//   TAILOR_DIST=target/dist-prof node tests/bench/profile-edit.mjs QUOTE.tailor.json [edits]
// It also writes the raw profile to target/edit.cpuprofile (open it in DevTools).
import fs from 'node:fs';
import path from 'node:path';
import { start, ROOT } from '../e2e/fixtures/browser.mjs';
import { ConfiguratorPage } from '../e2e/fixtures/configurator_page.mjs';

const [file, edits = '30'] = process.argv.slice(2);
const env = await start();
try {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const app = new ConfiguratorPage(page, env.base);
  await app.open();
  await app.waitForPublishedCatalog();
  await app.importQuoteFile(file);
  await app.tid('import-open').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="line"]').length > 0);
  const n = await page.evaluate(() => document.querySelectorAll('[data-testid="line"]').length);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const ms = await page.evaluate(async ({ edits, n }) => {
    const times = [];
    for (let k = 0; k < edits; k += 1) {
      const input = document.querySelectorAll('[data-testid="line"]')[(k * 37) % n].querySelector('[data-testid="qty"]');
      const t0 = performance.now();
      input.value = String(Number(input.value) + (k % 2 ? -1 : 1));
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      times.push(performance.now() - t0);
    }
    return times;
  }, { edits: Number(edits), n });
  const { profile } = await cdp.send('Profiler.stop');
  fs.writeFileSync(path.join(ROOT, 'target/edit.cpuprofile'), JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map();
  for (const x of profile.nodes) for (const c of x.children || []) parent.set(c, x.id);
  const dt = new Map();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) || 0) + (profile.timeDeltas[i] || 0)));
  const self = new Map();
  const total = new Map();
  const name = (x) => (x.callFrame.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}$/, '').slice(0, 150);
  for (const [id, t] of dt) {
    const x = byId.get(id);
    self.set(name(x), (self.get(name(x)) || 0) + t);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const nm = name(byId.get(cur));
      if (!seen.has(nm)) { seen.add(nm); total.set(nm, (total.get(nm) || 0) + t); }
    }
  }
  const all = [...dt.values()].reduce((a, b) => a + b, 0);
  const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k)
    .map(([nm, t]) => `${(t / 1000).toFixed(1).padStart(9)} ms ${(100 * t / all).toFixed(1).padStart(5)}%  ${nm}`).join('\n');
  ms.sort((a, b) => a - b);
  console.log(`${n} lines, ${ms.length} edits: median ${ms[ms.length >> 1].toFixed(1)} ms; profile ${(all / 1000).toFixed(0)} ms\n`);
  console.log(`self time:\n${top(self, 40)}\n\ntotal time:\n${top(total, 150)}`);
  await context.close();
} finally {
  await env.stop();
}
