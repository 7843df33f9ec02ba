// The browser half of `bash tests/bench.sh`: drives the release build ($TAILOR_DIST) in headless
// Chromium and writes its figures to target/bench-browser.json (tests/bench/report.mjs turns
// them into the report). Quote files of the deterministic sample quotes (tailor_core::sample)
// are generated natively first: node tests/bench/browser.mjs QUOTE200.json QUOTE1000.json
//
// 1. core in the browser: window.tailorPriceBench(1000, runs), the wasm core pricing the same
//    1,000-line quote as the criterion benchmark, each run timed with performance.now();
// 2. edit-to-paint: a 200-line proposal opened in the app; a quantity edited (an input event on
//    the line's quantity field, dispatched at the start of a frame) until that frame, with the
//    new totals, has been painted; and which lines' DOM an edit touched (MutationObserver);
// 3. load: time to interactive on a first visit throttled like "Fast 3G" through the DevTools
//    protocol, and on reloads served by the service worker with the network off;
// 4. memory: JS heap and wasm memory with a 1,000-line proposal open;
// 5. scale: quotes of 1,000 and 5,000 lines over 1,500 sites (tailor_core::sample::network,
//    drawn by the line editor at scale, only the rows on screen): opening the 5,000-line file,
//    the DOM elements with each open, edit-to-paint at each, and a bulk edit of all 1,500 sites.
//    Passed as NETWORK1000.json NETWORK5000.json after the other two.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { start, ROOT } from '../e2e/fixtures/browser.mjs';
import { ConfiguratorPage } from '../e2e/fixtures/configurator_page.mjs';

const [quote200, quote1000, network1000, network5000] = process.argv.slice(2);
const PRICE_RUNS = Number(process.env.BENCH_PRICE_RUNS || 100);
const EDITS = Number(process.env.BENCH_EDITS || 60);
const RELOADS = Number(process.env.BENCH_RELOADS || 5);
// "Fast 3G" as Lighthouse defines it: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
const FAST_3G = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
const VIEWPORT = { width: 1366, height: 768 };

const out = { figures: {}, notes: [] };
const fig = (id, value) => { out.figures[id] = value; };
const log = (...a) => console.log('bench:', ...a);
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { n: s.length, median: q(0.5), p95: q(0.95), min: s[0], max: s[s.length - 1] };
};

// Records when the app became interactive: the moment [data-testid=catalog-version] (rendered by
// the mounted app, event handlers attached) enters the DOM, in ms since navigation start.
const TTI_PROBE = () => {
  const seen = () => {
    if (window.__tailorTti === undefined && document.querySelector('[data-testid="catalog-version"]')) {
      window.__tailorTti = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
};

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.webmanifest': 'application/manifest+json' };

/** Serves `root` compressed as a production host would (gzip, level 9; Chromium asks for brotli
 *  only over HTTPS), for the first-visit timing. */
function serveCompressed(root) {
  const cache = new Map();
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(root, path.normalize(p).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
    const type = TYPES[path.extname(file)] || 'application/octet-stream';
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] || '') && !type.startsWith('image/');
    if (!cache.has(file)) cache.set(file, zlib.gzipSync(fs.readFileSync(file), { level: 9 }));
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
    res.end(gzip ? cache.get(file) : fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function openQuote(app, file, lines) {
  await app.importQuoteFile(file);
  await app.tid('import-open').click();
  // Every line drawn, or (a large quote, drawn at scale) every line counted in the list.
  await app.page.waitForFunction((n) => document.querySelectorAll('[data-testid="line"]').length === n
    || (document.querySelector('[data-testid="line-find-count"]')?.textContent || '').includes(`/ ${n} `), lines, { timeout: 120_000 });
}

async function coreInBrowser(env) {
  const context = await env.browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const app = new ConfiguratorPage(page, env.base);
  await app.open();
  await app.waitForPublishedCatalog();
  await page.evaluate(() => window.tailorPriceBench(1000, 10)); // warm up (tier-up of the wasm)
  const runs = await page.evaluate((n) => window.tailorPriceBench(1000, n), PRICE_RUNS);
  fig('browser_price_1000', stats(runs));
  const small = await page.evaluate(() => window.tailorPriceBench(100, 200));
  fig('browser_price_100', stats(small));
  log(`wasm pricing, 1,000 lines: median ${stats(runs).median.toFixed(2)} ms over ${runs.length} runs`);
  await context.close();
}

/** In the page: at the start of a frame, either sets the quantity of the line drawn in row `row`
 *  to `value` (an input event, as typing does) or clicks the element `click` (a test id); resolves
 *  with the ms until a frame showing a changed TCV total was painted (a message posted from
 *  requestAnimationFrame is delivered after that frame's style, layout and paint) and how many
 *  frames that took. With `observe`, also which lines' DOM changed (a MutationObserver). */
function timeToPaint({ row, value, click, observe, frames: most = 120 }) {
  return new Promise((resolve, reject) => {
    const total = document.querySelector('[data-testid="total-tcv"]');
    const before = total.textContent;
    const records = [];
    const mo = observe ? new MutationObserver((rs) => records.push(...rs)) : null;
    const channel = new MessageChannel();
    let t0 = 0;
    let frames = 0;
    const afterPaint = () => channel.port2.postMessage(0);
    const act = () => {
      if (click) {
        document.querySelector(`[data-testid="${click}"]`).click();
        return;
      }
      const input = document.querySelectorAll('[data-testid="line"]')[row].querySelector('[data-testid="qty"]');
      input.value = String(value);
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: String(value).slice(-1) }));
    };
    channel.port1.onmessage = () => {
      frames += 1;
      if (total.textContent !== before) {
        const ms = performance.now() - t0;
        channel.port1.close();
        let touched = null;
        if (mo) {
          records.push(...mo.takeRecords());
          mo.disconnect();
          const lines = new Set();
          let outside = 0;
          for (const r of records) {
            const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
            const l = el && el.closest('[data-testid="line"]');
            if (l) lines.add(l.dataset.line); else outside += 1;
          }
          touched = { records: records.length, lines: [...lines], outside_lines: outside };
        }
        resolve({ ms, frames, touched });
      } else if (frames > most) {
        reject(new Error('the totals did not change'));
      } else {
        requestAnimationFrame(afterPaint);
      }
    };
    requestAnimationFrame(() => {
      if (mo) mo.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      t0 = performance.now();
      act();
      afterPaint();
    });
  });
}

async function editToPaint(env) {
  const context = await env.browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const app = new ConfiguratorPage(page, env.base);
  await app.open();
  await app.waitForPublishedCatalog();
  await openQuote(app, quote200, 200);
  // One edit of line `i`'s quantity; `observe` also records which lines' DOM changed.
  const edit = (i, value, observe) => page.evaluate(timeToPaint, { row: i, value, observe });
  // Quantities to alternate between on each line, within the offering's bounds.
  const quantities = await page.evaluate(() => {
    const q = JSON.parse(window.tailorQuote());
    return q.lines.map((l) => l.quantity);
  });
  const times = [];
  let touched = null;
  const bumped = new Map();
  for (let k = 0; k < EDITS + 5; k += 1) {
    const i = (k * 37) % quantities.length;
    const up = !bumped.get(i);
    bumped.set(i, up);
    const value = up ? quantities[i] + 1 : quantities[i];
    const r = await edit(i, value, k === EDITS + 4);
    if (k >= 5) times.push(r.ms); // the first few edits warm up
    if (r.touched) touched = { ...r.touched, line: i, frames: r.frames };
  }
  fig('edit_to_paint_200', stats(times));
  fig('edit_touched', touched);
  log(`edit-to-paint, 200 lines: median ${stats(times).median.toFixed(1)} ms, p95 ${stats(times).p95.toFixed(1)} ms; lines touched by one edit: ${touched.lines.length}`);
  await context.close();
}

/** One edit of the quantity of the line drawn in row `row` (of those in the DOM) to `value`. */
const editVisible = async (page, row, value) => (await page.evaluate(timeToPaint, { row, value })).ms;

/** Opens a quote file drawn at scale; returns ms from choosing the file to the first rows painted. */
async function openAtScale(app, file, lines) {
  const { page } = app;
  await page.evaluate(() => { window.__tailorOpenT0 = performance.now(); });
  await app.importQuoteFile(file);
  await app.tid('import-open').click();
  await page.waitForFunction((n) => {
    const count = document.querySelector('[data-testid="line-find-count"]');
    return count && count.textContent.includes(`/ ${n} `) && document.querySelector('[data-testid="line"]');
  }, lines, { timeout: 120_000, polling: 'raf' });
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now() - window.__tailorOpenT0), 0))));
}

/** 60 quantity edits (up and back, on rows on screen whose line has a price) at scale. */
async function editsAtScale(page) {
  const rows = await page.evaluate(() => [...document.querySelectorAll('[data-testid="line"]')]
    .map((l, i) => [i, l.querySelector('[data-testid="line-tcv"]')?.textContent, Number(l.querySelector('[data-testid="qty"]')?.value)])
    .filter(([, tcv, q]) => tcv && tcv !== '¥0.00' && q >= 1)
    .map(([i, , q]) => [i, q]));
  const times = [];
  for (let k = 0; k < EDITS + 6; k += 1) {
    const [row, q] = rows[Math.floor(k / 2) % rows.length];
    const ms = await editVisible(page, row, k % 2 === 0 ? q + 1 : q);
    if (k >= 6) times.push(ms);
  }
  return times;
}

async function scale(env) {
  if (!network1000 || !network5000) { out.notes.push('scale: no network quote files given'); return; }
  const sizes = {};
  for (const [lines, file] of [[1000, network1000], [5000, network5000]]) {
    const context = await env.browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const app = new ConfiguratorPage(page, env.base);
    await app.open();
    await app.waitForPublishedCatalog();
    const openMs = await openAtScale(app, file, lines);
    const dom = await page.evaluate(() => document.getElementsByTagName('*').length);
    const drawn = await page.evaluate(() => document.querySelectorAll('[data-testid="line"]').length);
    sizes[lines] = dom;
    fig(`scale_open_${lines}`, openMs);
    fig(`scale_dom_${lines}`, { elements: dom, line_rows: drawn });
    const times = await editsAtScale(page);
    fig(`scale_edit_${lines}`, stats(times));
    log(`${lines.toLocaleString('en')} lines over 1,500 sites: opened in ${openMs.toFixed(0)} ms, ${dom} DOM elements (${drawn} line rows), edit-to-paint median ${stats(times).median.toFixed(1)} ms, p95 ${stats(times).p95.toFixed(1)} ms`);
    if (lines === 5000) {
      // A bulk edit of every line of all 1,500 sites: from the click to the painted totals.
      await app.tid('bulk-value').fill('3');
      const bulk = [];
      for (const value of [3, 2, 3, 2, 3]) {
        await app.tid('bulk-value').fill(String(value));
        bulk.push((await page.evaluate(timeToPaint, { click: 'bulk-apply', frames: 240 })).ms);
      }
      const count = (await app.text('bulk-count'));
      fig('scale_bulk_1500', { ...stats(bulk.slice(1)), selected: count });
      log(`bulk edit (${count}): median ${stats(bulk.slice(1)).median.toFixed(1)} ms to paint`);
    }
    await context.close();
  }
}

async function load(env) {
  // First visit, throttled, nothing cached and no service worker, from a server that compresses.
  const gz = await serveCompressed(env.dist);
  const gzBase = `http://127.0.0.1:${gz.address().port}/`;
  const times = [];
  for (let k = 0; k < 3; k += 1) {
    const context = await env.browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
    await context.addInitScript(TTI_PROBE);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    await page.goto(gzBase, { waitUntil: 'commit', timeout: 120_000 });
    await page.waitForFunction(() => window.__tailorTti !== undefined, null, { timeout: 120_000 });
    times.push(await page.evaluate(() => window.__tailorTti));
    await context.close();
  }
  gz.close();
  fig('tti_fast3g', stats(times));
  log(`first visit on Fast 3G: ${stats(times).median.toFixed(0)} ms to interactive`);
  // Unthrottled first visit, for comparison.
  {
    const context = await env.browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
    await context.addInitScript(TTI_PROBE);
    const page = await context.newPage();
    const local = [];
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    for (let k = 0; k < 3; k += 1) {
      await page.goto(env.base, { waitUntil: 'commit' });
      await page.waitForFunction(() => window.__tailorTti !== undefined);
      local.push(await page.evaluate(() => window.__tailorTti));
    }
    fig('tti_local', stats(local));
    await context.close();
  }
  // Offline reload from the service worker.
  if (!fs.existsSync(path.join(env.dist, 'sw.js'))) {
    fig('tti_offline', null);
    out.notes.push('no service worker in the build (sw.js): offline reload not measured');
    return;
  }
  const context = await env.browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(TTI_PROBE);
  const page = await context.newPage();
  const app = new ConfiguratorPage(page, env.base);
  await app.open();
  try {
    await app.waitForServiceWorker(60_000);
  } catch {
    fig('tti_offline', null);
    out.notes.push('the service worker never took control of the page: offline reload not measured');
    await context.close();
    return;
  }
  // Let the worker finish caching, then cut the network.
  await page.waitForFunction(async () => {
    const keys = await caches.keys();
    for (const k of keys) if ((await (await caches.open(k)).keys()).length > 3) return true;
    return false;
  }, null, { timeout: 60_000 });
  await context.setOffline(true);
  const offline = [];
  for (let k = 0; k < RELOADS + 1; k += 1) {
    await page.reload({ waitUntil: 'commit' });
    await page.waitForFunction(() => window.__tailorTti !== undefined, null, { timeout: 30_000 });
    const t = await page.evaluate(() => window.__tailorTti);
    if (k > 0) offline.push(t); // the first reload compiles the cached wasm anew
  }
  const controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null);
  if (!controlled) out.notes.push('offline reload: the page was not controlled by the service worker');
  fig('tti_offline', stats(offline));
  log(`offline reload from the service worker: ${stats(offline).median.toFixed(0)} ms to interactive`);
  await context.close();
}

async function memory(env) {
  const context = await env.browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const app = new ConfiguratorPage(page, env.base);
  const cdp = await context.newCDPSession(page);
  await app.open();
  await app.waitForPublishedCatalog();
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize, totalSize } = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.tailorWasmMemory());
    const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    return { js_heap_used: usedSize, js_heap_total: totalSize, wasm_memory: wasm, dom_elements: nodes };
  };
  const empty = await heap();
  const t0 = Date.now();
  await openQuote(app, quote1000, 1000);
  const openMs = Date.now() - t0;
  const full = await heap();
  fig('memory_empty', empty);
  fig('memory_1000', { ...full, open_ms: openMs });
  log(`1,000-line proposal: JS heap ${(full.js_heap_used / 1048576).toFixed(1)} MB, wasm memory ${(full.wasm_memory / 1048576).toFixed(1)} MB, opened in ${openMs} ms`);
  await context.close();
}

const env = await start();
env.dist = path.resolve(ROOT, process.env.TAILOR_DIST || 'dist');
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : null;
const steps = { coreInBrowser, editToPaint, load, memory, scale };
try {
  for (const [name, step] of Object.entries(steps)) {
    if (only && !only.includes(name)) continue;
    try {
      await step(env);
    } catch (e) {
      out.notes.push(`${name}: ${e.message.split('\n')[0]}`);
      console.error(`bench: ${name} failed:`, e);
    }
  }
} finally {
  await env.stop();
}
fs.mkdirSync(path.join(ROOT, 'target'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'target/bench-browser.json'), JSON.stringify(out, null, 2));
