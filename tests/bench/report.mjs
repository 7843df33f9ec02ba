// The report of `bash tests/bench.sh`: every figure with its target and PASS/FAIL (or MISSING
// when it could not be measured), printed and written to target/bench-report.json so figures can
// be compared across commits. Reads criterion's estimates (CRITERION_HOME, argv[2]), the size
// report (target/size.json), the browser figures (target/bench-browser.json) and the wasm core's
// incremental reprice (target/bench-wasm-reprice.json).
// Exits 1 when any target is missed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const criterionDir = path.resolve(process.argv[2] || path.join(ROOT, 'target/bench-criterion'));
const readJson = (f) => { try { return JSON.parse(fs.readFileSync(f, 'utf8')); } catch { return null; } };

/** Criterion's median estimate (ns) of every benchmark, by full id ("price/lines/1000"). */
function criterion(dir) {
  const out = {};
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (!e.isDirectory()) continue;
      if (e.name === 'new') {
        const b = readJson(path.join(p, 'benchmark.json'));
        const est = readJson(path.join(p, 'estimates.json'));
        if (b && est) out[b.full_id] = { median_ns: est.median.point_estimate, mean_ns: est.mean.point_estimate };
      } else if (e.name !== 'base' && e.name !== 'change' && e.name !== 'report') {
        walk(p);
      }
    }
  };
  walk(dir);
  return out;
}

const crit = criterion(criterionDir);
const size = readJson(path.join(ROOT, 'target/size.json'));
const browser = readJson(path.join(ROOT, 'target/bench-browser.json')) || { figures: {}, notes: ['no browser figures (tests/bench/browser.mjs did not run)'] };
const bf = browser.figures || {};

const rows = [];
/** A figure: `value` (null when missing), `fmt` its text, `target` text and `ok` its test. */
function add(section, name, value, { unit = '', fmt, target = '', ok } = {}) {
  const missing = value === null || value === undefined || Number.isNaN(value);
  const status = missing ? 'MISSING' : ok ? (ok(value) ? 'PASS' : 'FAIL') : 'info';
  rows.push({ section, name, value: missing ? null : value, unit, text: missing ? '—' : (fmt ? fmt(value) : `${value}`), target, status });
}
const ms = (v) => `${v.toFixed(v < 1 ? 3 : v < 10 ? 2 : 1)} ms`;
const us = (ns) => (ns < 1e6 ? `${(ns / 1e3).toFixed(1)} µs` : ms(ns / 1e6));
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;

// 1. Core, native.
const perLine = {};
for (const n of [10, 100, 1000, 10000]) {
  const e = crit[`price/lines/${n}`];
  perLine[n] = e ? e.median_ns / n : null;
  add('core native', `price ${n.toLocaleString('en')} lines`, e ? e.median_ns : null, {
    unit: 'ns', fmt: (v) => `${us(v)} (${(v / n).toFixed(0)} ns/line)`,
    ...(n === 1000 ? { target: '< 0.5 ms', ok: (v) => v < 0.5e6 } : {}),
  });
}
add('core native', 'ns/line growth 100 → 10,000 lines', perLine[100] && perLine[10000] ? perLine[10000] / perLine[100] : null, {
  unit: '×', fmt: (v) => `${v.toFixed(2)}×`, target: '≤ 2×', ok: (v) => v <= 2,
});
const critRow = (id, name) => add('core native', name, crit[id] ? crit[id].median_ns : null, { unit: 'ns', fmt: us });
critRow('reprice_5000_lines/full', '5,000 lines, full price');
add('core native', '5,000 lines, one-line edit repriced incrementally', crit['reprice_5000_lines/one_line'] ? crit['reprice_5000_lines/one_line'].median_ns : null, {
  unit: 'ns', fmt: us, target: '< 100 µs', ok: (v) => v < 100e3,
});
critRow('catalog/check default', 'check default catalog + policy (parsed)');
critRow('catalog/parse and check default', 'parse + check default catalog + policy');
for (const n of [10, 200, 1000]) {
  critRow(`approval/sign chain/${n}`, `sign approval chain, ${n} lines`);
  critRow(`approval/verify chain/${n}`, `verify approval chain, ${n} lines`);
  critRow(`approval/verify none/${n}`, `verify no approvals (every edit), ${n} lines`);
}

// 2. Core in the browser.
const wasm = bf.browser_price_1000;
add('core in Chromium', 'price 1,000 lines (wasm, median)', wasm ? wasm.median : null, {
  unit: 'ms', fmt: (v) => `${ms(v)} (n=${wasm.n}, p95 ${ms(wasm.p95)})`, target: '< 5 ms', ok: (v) => v < 5,
});
const reprice = readJson(path.join(ROOT, 'target/bench-wasm-reprice.json'));
add('core in Chromium', '5,000 lines, one-line edit repriced incrementally (wasm, median)', reprice ? reprice.median_us * 1e3 : null, {
  unit: 'ns', fmt: (v) => `${us(v)} (p95 ${us(reprice.p95_us * 1e3)}, ${reprice.batches} × ${reprice.edits} edits)`, target: '< 100 µs', ok: (v) => v < 100e3,
});
const native1000 = crit['price/lines/1000'];
add('core in Chromium', 'wasm / native, 1,000 lines', wasm && native1000 ? (wasm.median * 1e6) / native1000.median_ns : null, {
  unit: '×', fmt: (v) => `${v.toFixed(1)}×`,
});

// 3. Edit-to-paint.
const edit = bf.edit_to_paint_200;
add('edit-to-paint', '200 lines, median', edit ? edit.median : null, { unit: 'ms', fmt: (v) => `${ms(v)} (n=${edit.n})`, target: '< 16 ms', ok: (v) => v < 16 });
add('edit-to-paint', '200 lines, p95', edit ? edit.p95 : null, { unit: 'ms', fmt: ms, target: '< 16 ms', ok: (v) => v < 16 });
const touched = bf.edit_touched;
add('edit-to-paint', 'lines whose DOM one edit changed', touched ? touched.lines.length : null, {
  fmt: (v) => `${v} (${touched.records} mutations, ${touched.outside_lines} outside lines)`, target: '= 1', ok: (v) => v === 1,
});

// 4. Load.
if (size) {
  const byKind = {};
  for (const f of size.files) {
    const k = path.extname(f.file).slice(1);
    byKind[k] = byKind[k] || { gzip: 0, brotli: 0, raw: 0 };
    for (const x of ['gzip', 'brotli', 'raw']) byKind[k][x] += f[x];
  }
  for (const k of ['wasm', 'js', 'css']) {
    const s = byKind[k];
    add('load', `${k} gzip / brotli`, s ? s.gzip : null, { unit: 'B', fmt: (v) => `${kb(v)} / ${kb(s.brotli)} (raw ${kb(s.raw)})` });
  }
  const embedded = size.embedded || 0;
  add('load', 'total gzipped (catalog excluded)', size.total.gzip - embedded, {
    unit: 'B', fmt: (v) => `${kb(v)} (${kb(size.total.gzip)} less the embedded catalog's ${kb(embedded)}; brotli ${kb(size.total.brotli)})`,
    target: '≤ 350 KB', ok: (v) => v <= 350 * 1024,
  });
  const approver = size.pages && size.pages['approver.html'];
  if (approver) {
    add('load', 'approver page, total gzipped (catalog excluded)', approver.budgeted, { unit: 'B', fmt: kb });
  }
  for (const [name, what] of [['worker', 'signing worker'], ['sheets', 'spreadsheet worker']]) {
    const w = size.pages && size.pages[name];
    if (w) add('load', `${what} (on first use), total gzipped`, w.budgeted, { unit: 'B', fmt: kb });
  }
} else {
  add('load', 'total gzipped (catalog excluded)', null, { target: '≤ 350 KB' });
}
const st = (s) => (s ? s.median : null);
add('load', 'first visit, Fast 3G, to interactive', st(bf.tti_fast3g), { unit: 'ms', fmt: (v) => `${ms(v)} (median of ${bf.tti_fast3g.n})` });
add('load', 'first visit, no throttling, to interactive', st(bf.tti_local), { unit: 'ms', fmt: ms });
add('load', 'offline reload from the service worker', st(bf.tti_offline), {
  unit: 'ms', fmt: (v) => `${ms(v)} (median of ${bf.tti_offline.n}, max ${ms(bf.tti_offline.max)})`, target: '< 500 ms', ok: (v) => v < 500,
});

// 5. Memory.
const mem = bf.memory_1000;
add('memory', 'JS heap, 1,000-line proposal open', mem ? mem.js_heap_used : null, { unit: 'B', fmt: (v) => `${mb(v)} (empty app ${mb(bf.memory_empty.js_heap_used)})` });
add('memory', 'wasm memory, 1,000-line proposal open', mem ? mem.wasm_memory : null, { unit: 'B', fmt: (v) => `${mb(v)} (empty app ${mb(bf.memory_empty.wasm_memory)})` });
add('memory', 'DOM elements, 1,000-line proposal open', mem ? mem.dom_elements : null, { fmt: (v) => `${v.toLocaleString('en')}` });
add('memory', 'open the 1,000-line quote file', mem ? mem.open_ms : null, { unit: 'ms', fmt: ms });

// 6. Scale: the line editor at scale, 1,000 and 5,000 lines over 1,500 sites.
const open5000 = bf.scale_open_5000;
add('scale', 'open a 5,000-line quote file (1,500 sites)', open5000, { unit: 'ms', fmt: ms, target: '< 1 s', ok: (v) => v < 1000 });
for (const n of [1000, 5000]) {
  const e = bf[`scale_edit_${n}`];
  add('scale', `edit-to-paint, ${n.toLocaleString('en')} lines, p95`, e ? e.p95 : null, {
    unit: 'ms', fmt: (v) => `${ms(v)} (median ${ms(e.median)}, n=${e.n})`, target: '< 16 ms', ok: (v) => v < 16,
  });
}
const bulk = bf.scale_bulk_1500;
add('scale', 'bulk edit of 1,500 sites, to paint (median)', bulk ? bulk.median : null, {
  unit: 'ms', fmt: (v) => `${ms(v)} (max ${ms(bulk.max)}, n=${bulk.n}; ${bulk.selected})`, target: '< 100 ms', ok: (v) => v < 100,
});
const dom1000 = bf.scale_dom_1000;
const dom5000 = bf.scale_dom_5000;
add('scale', 'DOM elements, 5,000-line quote open', dom5000 ? dom5000.elements : null, {
  fmt: (v) => `${v.toLocaleString('en')} (${dom5000.line_rows} line rows drawn; 1,000 lines: ${dom1000 ? dom1000.elements.toLocaleString('en') : '—'})`,
});
add('scale', 'DOM elements, 5,000 less 1,000 lines', dom1000 && dom5000 ? Math.abs(dom5000.elements - dom1000.elements) : null, {
  fmt: (v) => `${v}`, target: '≤ 40', ok: (v) => v <= 40,
});

// The machine and the commit.
const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1] || os.cpus()[0]?.model || '?';
const git = (args) => { try { return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim(); } catch { return ''; } };
const report = {
  date: new Date().toISOString(),
  commit: git(['rev-parse', '--short', 'HEAD']),
  dirty: git(['status', '--porcelain']).length > 0,
  machine: { cpus: os.cpus().length, cpu, memory_gb: Math.round(os.totalmem() / 2 ** 30), load_avg: os.loadavg().map((x) => +x.toFixed(2)) },
  figures: rows,
  notes: browser.notes || [],
  raw: { criterion: crit, size, browser: bf },
};
fs.writeFileSync(path.join(ROOT, 'target/bench-report.json'), JSON.stringify(report, null, 2));

const w = [0, 0, 0, 0];
const cells = rows.map((r) => [`${r.section}: ${r.name}`, r.text, r.target, r.status]);
for (const c of [['figure', 'value', 'target', 'result'], ...cells]) c.forEach((x, i) => { w[i] = Math.max(w[i], [...x].length); });
const line = (c) => c.map((x, i) => x + ' '.repeat(w[i] - [...x].length)).join('  ');
console.log(`\nTailor benchmark report — ${report.date}, ${report.commit}${report.dirty ? ' (uncommitted changes)' : ''}`);
console.log(`machine: ${report.machine.cpus} × ${cpu}, ${report.machine.memory_gb} GB; load average ${report.machine.load_avg.join(' ')}\n`);
console.log(line(['figure', 'value', 'target', 'result']));
console.log(line(w.map((n) => '-'.repeat(n))));
for (const c of cells) console.log(line(c));
for (const n of report.notes) console.log(`note: ${n}`);
const failed = rows.filter((r) => r.status === 'FAIL');
const missing = rows.filter((r) => r.status === 'MISSING');
console.log(`\n${rows.filter((r) => r.status === 'PASS').length} passed, ${failed.length} failed, ${missing.length} missing; written to target/bench-report.json`);
process.exit(failed.length ? 1 : 0);
