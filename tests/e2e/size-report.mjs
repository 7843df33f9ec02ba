// Prints the gzipped and brotli sizes of the release bundle's wasm, js and css, with the budget
// (350 KB gzipped in all, catalog excluded) and PASS/FAIL, and writes them as JSON to
// target/size.json. It reports; it does not fail the test run (the figure is a target, tracked
// by the benchmark report).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const BUDGET = 350 * 1024;
const dist = path.resolve(process.argv[2] || 'dist');
const kinds = ['.wasm', '.js', '.css'];
const rows = fs.readdirSync(dist)
  .filter((f) => kinds.includes(path.extname(f)) && f !== 'sw.js')
  .map((f) => {
    const raw = fs.readFileSync(path.join(dist, f));
    return {
      file: f,
      raw: raw.length,
      gzip: zlib.gzipSync(raw, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(raw).length,
    };
  });
const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip, brotli: a.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
// The wasm embeds the default catalog and policy; their gzipped size is taken off the budgeted total.
const embedded = ['catalog.json', 'policy.json']
  .map((f) => path.join(dist, f))
  .filter((f) => fs.existsSync(f))
  .reduce((a, f) => a + zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length, 0);
const budgeted = total.gzip - embedded;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('file'.padEnd(40), 'raw'.padStart(10), 'gzip'.padStart(10), 'brotli'.padStart(10));
for (const r of rows) console.log(r.file.padEnd(40), kb(r.raw).padStart(10), kb(r.gzip).padStart(10), kb(r.brotli).padStart(10));
console.log('total'.padEnd(40), kb(total.raw).padStart(10), kb(total.gzip).padStart(10), kb(total.brotli).padStart(10));
const pass = budgeted <= BUDGET;
console.log(`embedded catalog and policy (gzipped) ${kb(embedded)}; total without them ${kb(budgeted)}`);
console.log(`budget ${kb(BUDGET)} gzipped (catalog excluded): ${pass ? 'PASS' : 'FAIL'}`);
fs.mkdirSync(path.resolve('target'), { recursive: true });
fs.writeFileSync(path.resolve('target/size.json'), JSON.stringify({ files: rows, total, embedded, budgeted, budget: BUDGET, pass }, null, 2));
