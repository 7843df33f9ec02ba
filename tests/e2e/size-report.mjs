// Prints the gzipped and brotli sizes of the release bundle's wasm, js and css, with the budget
// (350 KB gzipped in all, catalog excluded), and writes them as JSON to dist/../target/size.json.
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
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('file'.padEnd(40), 'raw'.padStart(10), 'gzip'.padStart(10), 'brotli'.padStart(10));
for (const r of rows) console.log(r.file.padEnd(40), kb(r.raw).padStart(10), kb(r.gzip).padStart(10), kb(r.brotli).padStart(10));
console.log('total'.padEnd(40), kb(total.raw).padStart(10), kb(total.gzip).padStart(10), kb(total.brotli).padStart(10));
const pass = total.gzip <= BUDGET;
console.log(`budget ${kb(BUDGET)} gzipped (catalog excluded): ${pass ? 'PASS' : 'FAIL'}`);
fs.mkdirSync(path.resolve('target'), { recursive: true });
fs.writeFileSync(path.resolve('target/size.json'), JSON.stringify({ files: rows, total, budget: BUDGET, pass }, null, 2));
if (!pass) process.exit(1);
