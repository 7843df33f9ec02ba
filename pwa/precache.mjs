// Post-build step, run by trunk as a `post_build` hook (see Trunk.toml) on the staging dir, so
// both `trunk build` and `trunk serve` get it; pwa/build.sh runs it again on the whole bundle
// once both pages are in: node pwa/precache.mjs dist
//
// 1. Moves trunk's inline start-up module script out of each page (index.html, library.html, approver.html, verify.html)
//    into `start-<hash>.js`, so a Content-Security-Policy needs no inline script (see the README's
//    hosting note). Running it again on a page already done changes nothing.
// 2. Writes sw.js from pwa/sw.js with the list of every file of the build (never a hand list)
//    and a version that is a hash of every file's name and content: any change to the build,
//    catalog.json and policy.json included, gives a new service worker and a new cache.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist');
const publicUrl = process.env.TRUNK_PUBLIC_URL || '/';
const sha = (algo, data) => crypto.createHash(algo).update(data).digest();

function externalizeStartScript(page) {
  const file = path.join(dir, page);
  const html = fs.readFileSync(file, 'utf8');
  const re = /<script type="module"([^>]*)>([\s\S]*?)<\/script>/g;
  let moved = 0;
  const out = html.replace(re, (whole, attrs, body) => {
    if (/\bsrc=/.test(attrs) || !body.includes('TrunkApplicationStarted')) return whole;
    const code = body.trim() + '\n';
    const name = `start-${sha('sha256', code).toString('hex').slice(0, 16)}.js`;
    fs.writeFileSync(path.join(dir, name), code);
    moved += 1;
    const integrity = `sha384-${sha('sha384', code).toString('base64')}`;
    return `<script type="module" src="${publicUrl}${name}" integrity="${integrity}" crossorigin="anonymous"></script>`;
  });
  if (moved === 0 && !/src="[^"]*start-[0-9a-f]{16}\.js"/.test(html)) {
    throw new Error(`precache: trunk's start-up script was not found in ${page}`);
  }
  fs.writeFileSync(file, out);
}

function buildFiles(root) {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(path.relative(root, p).split(path.sep).join('/'));
    }
  };
  walk(root);
  return files.filter((f) => f !== 'sw.js' && !f.startsWith('.')).sort();
}

function writeServiceWorker() {
  const files = buildFiles(dir);
  const digest = crypto.createHash('sha256');
  for (const f of files) {
    digest.update(`${f}\0${sha('sha256', fs.readFileSync(path.join(dir, f))).toString('hex')}\n`);
  }
  const version = digest.digest('hex').slice(0, 16);
  const template = fs.readFileSync(path.join(here, 'sw.js'), 'utf8');
  const sw = template
    .replace("'__VERSION__'", JSON.stringify(version))
    .replace('__FILES__', JSON.stringify(files, null, 2));
  fs.writeFileSync(path.join(dir, 'sw.js'), sw);
  console.log(`precache: sw.js ${version}, ${files.length} files`);
}

for (const page of fs.readdirSync(dir).filter((f) => f.endsWith('.html'))) externalizeStartScript(page);
writeServiceWorker();
