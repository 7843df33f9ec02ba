// A small static server for the built dist/: the right MIME types (application/wasm), cache
// headers for trunk's hashed files, the README's security headers on every response, and optional
// per-path overrides for tests.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};

/** The Content-Security-Policy the README recommends for hosting Tailor (see "Hosting"). */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
  + "img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
  + "object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'";

const DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../demo');

/**
 * Demo mode: the demo policy (its approvers' keys are public, everything made under it is marked
 * "演示 / DEMO — not an offer") and its demo publisher's signature, served in place of the
 * published policy.
 */
export function demoOverrides() {
  return new Map(['policy.json', 'policy.sig.json', 'keys.json', 'keys.sig.json'].map((f) => [`/${f}`, fs.readFileSync(path.join(DEMO_DIR, f))]));
}

/**
 * The features the app's own pages use (`self`, nothing embedded): the camera to scan a decision's
 * QR code, the clipboard to copy an approval link.
 */
export const SELF_FEATURES = ['camera', 'clipboard-write'];

/** Every feature the Permissions-Policy header denies: the app uses none of them. */
export const DENIED_FEATURES = ['accelerometer', 'autoplay', 'browsing-topics',
  'clipboard-read', 'display-capture', 'encrypted-media', 'fullscreen', 'gamepad',
  'geolocation', 'gyroscope', 'hid', 'idle-detection', 'local-fonts', 'magnetometer', 'microphone',
  'midi', 'payment', 'picture-in-picture', 'publickey-credentials-create', 'publickey-credentials-get',
  'screen-wake-lock', 'serial', 'usb', 'window-management', 'xr-spatial-tracking'];

/**
 * The security headers the README recommends for hosting Tailor (see "Hosting"), the one
 * definition: this server sends them with every response, so every end-to-end test (and
 * `tests/serve.sh`) runs the app under them.
 */
export const HEADERS = {
  'Content-Security-Policy': CSP,
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': [...DENIED_FEATURES.map((f) => `${f}=()`), ...SELF_FEATURES.map((f) => `${f}=(self)`)]
    .sort().join(', '),
};

/**
 * Serves `root` on 127.0.0.1:`port` with [`HEADERS`] on every response; `overrides` maps a URL
 * path to a body served instead.
 */
export function serve(root, port = 0, overrides = new Map()) {
  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(HEADERS)) res.setHeader(name, value);
    const url = new URL(req.url, 'http://localhost');
    let p = decodeURIComponent(url.pathname);
    if (overrides.has(p)) {
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(p)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
      res.end(overrides.get(p));
      return;
    }
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(root, path.normalize(p).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(path.resolve(root))) { res.writeHead(403); res.end(); return; }
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      // trunk's hashes are hexadecimal without leading zeros: up to 16 digits.
      const immutable = /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css)$/.test(file);
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      res.end(body);
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const demo = args.includes('--demo');
  const [dir, port] = args.filter((a) => a !== '--demo');
  const root = path.resolve(dir || 'dist');
  serve(root, Number(port || 8080), demo ? demoOverrides() : new Map())
    .then(() => console.log(`serving ${root}${demo ? ' in demo mode' : ''} at http://127.0.0.1:${port || 8080}/`));
}
