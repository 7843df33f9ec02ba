// Prints the gzipped and brotli sizes of the wasm, js and css each page of the release bundle
// loads, with the budget (350 KB gzipped, catalog excluded) for the configurator's first visit
// (index.html) and PASS/FAIL, and writes them as JSON to target/size.json. The approver's page
// (approver.html) and the customer's verification page (verify.html), each a bundle of its own, and
// the two workers the configurator loads on first use (signing; spreadsheets), are reported beside
// it. It reports; it does not fail the
// test run (the figure is a target, tracked by the benchmark report).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const BUDGET = 350 * 1024;
const dist = path.resolve(process.argv[2] || 'dist');
const kinds = ['.wasm', '.js', '.css'];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** The wasm, js and css a page loads: what its HTML names, and what the scripts it names import. */
function assetsOf(page) {
  const found = new Set();
  const visit = (text) => {
    for (const m of text.matchAll(/["'(]\/?([\w.-]+\.(?:wasm|js|css))["')]/g)) {
      const f = m[1];
      if (found.has(f) || !fs.existsSync(path.join(dist, f))) continue;
      found.add(f);
      if (f.endsWith('.js')) visit(fs.readFileSync(path.join(dist, f), 'utf8'));
    }
  };
  visit(fs.readFileSync(path.join(dist, page), 'utf8'));
  return [...found].filter((f) => kinds.includes(path.extname(f)) && f !== 'sw.js').sort();
}

function sizes(file) {
  const raw = fs.readFileSync(path.join(dist, file));
  return {
    file,
    raw: raw.length,
    gzip: zlib.gzipSync(raw, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(raw).length,
  };
}

const sum = (rows) => rows.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip, brotli: a.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
// The wasm embeds the default catalog and policy; their gzipped size is taken off the budgeted total.
const embedded = ['catalog.json', 'policy.json']
  .map((f) => path.join(dist, f))
  .filter((f) => fs.existsSync(f))
  .reduce((a, f) => a + zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length, 0);

const pages = {};
for (const page of fs.readdirSync(dist).filter((f) => f.endsWith('.html')).sort()) {
  const rows = assetsOf(page).map(sizes);
  const total = sum(rows);
  pages[page] = { files: rows, total, budgeted: total.gzip - embedded };
  console.log(`\n${page}`);
  console.log('file'.padEnd(40), 'raw'.padStart(10), 'gzip'.padStart(10), 'brotli'.padStart(10));
  for (const r of rows) console.log(r.file.padEnd(40), kb(r.raw).padStart(10), kb(r.gzip).padStart(10), kb(r.brotli).padStart(10));
  console.log('total'.padEnd(40), kb(total.raw).padStart(10), kb(total.gzip).padStart(10), kb(total.brotli).padStart(10));
}
// The workers the configurator loads on first use, never on its first visit: signing (a
// statement, the TMF648 export) and spreadsheets (site lists read, the per-site XLSX written).
for (const [name, what] of [['worker', 'signing, TMF648'], ['sheets', 'site lists CSV/GBK/XLSX, per-site XLSX']]) {
  const files = [`${name}_loader.js`, `${name}.js`, `${name}_bg.wasm`].filter((f) => fs.existsSync(path.join(dist, f))).map(sizes);
  if (!files.length) continue;
  const total = sum(files);
  pages[name] = { files, total, budgeted: total.gzip };
  console.log(`\n${name} (loaded on first use: ${what})`);
  for (const r of files) console.log(r.file.padEnd(40), kb(r.raw).padStart(10), kb(r.gzip).padStart(10), kb(r.brotli).padStart(10));
  console.log('total'.padEnd(40), kb(total.raw).padStart(10), kb(total.gzip).padStart(10), kb(total.brotli).padStart(10));
}
const first = pages['index.html'] || { files: [], total: sum([]), budgeted: 0 };
const pass = first.budgeted <= BUDGET;
console.log(`\nembedded catalog and policy (gzipped) ${kb(embedded)}; the configurator's first visit without them ${kb(first.budgeted)}`);
console.log(`budget ${kb(BUDGET)} gzipped (catalog excluded): ${pass ? 'PASS' : 'FAIL'}`);
fs.mkdirSync(path.resolve('target'), { recursive: true });
fs.writeFileSync(path.resolve('target/size.json'), JSON.stringify({
  files: first.files, total: first.total, embedded, budgeted: first.budgeted, budget: BUDGET, pass, pages,
}, null, 2));
