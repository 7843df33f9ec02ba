// Tailor's service worker, written into the build by pwa/precache.mjs (never edited in dist/).
// It keeps every file of one build in one cache named after a hash of that build, so the app
// opens with no network; a new build is a new sw.js and so a new cache, installed in the
// background and activated only when the user says so (the page sends `skip-waiting`).
//
// - the build's files (trunk's hashed .js/.wasm/.css, index.html, manifest, icons…): cache first;
// - catalog.json and policy.json: answered from the cache at once, then checked against the
//   network; a different published copy is held aside and the page told (`catalog-updated`). It
//   replaces the cached one only when the user says so (`apply-update`), so a newly published
//   catalog never comes in behind the seller's back;
// - page loads: the cached page (index.html, approver.html), else the cached index.html.
/* eslint-env serviceworker */
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `tailor-${VERSION}`;
const PENDING = 'tailor-pending';
const LIVE = ['catalog.json', 'policy.json'];

const scoped = (p) => new URL(p, self.registration.scope).href;
const PRECACHED = new Set(FILES.map(scoped));
const LIVE_URLS = new Set(LIVE.map(scoped));
const INDEX = scoped('index.html');

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(FILES.map((f) => new Request(scoped(f), { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const keys = await caches.keys();
    await Promise.all(keys.filter((k) => k.startsWith('tailor-') && k !== CACHE).map((k) => caches.delete(k)));
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'skip-waiting') {
    self.skipWaiting();
  } else if (type === 'apply-update') {
    event.waitUntil(applyPending().then(() => reply(event, { type: 'update-applied' })));
  } else if (type === 'status') {
    event.waitUntil(pendingFiles().then((files) => {
      if (files.length) reply(event, { type: 'catalog-updated', files });
    }));
  }
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  const key = url.origin + url.pathname;
  if (req.mode === 'navigate' && key.startsWith(self.registration.scope)) {
    event.respondWith(cacheFirst(PRECACHED.has(key) ? key : INDEX, req));
  } else if (LIVE_URLS.has(key)) {
    event.respondWith(staleWhileRevalidate(event, key));
  } else if (PRECACHED.has(key)) {
    event.respondWith(cacheFirst(key, req));
  }
});

async function cacheFirst(key, req) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  return hit || fetch(req);
}

async function staleWhileRevalidate(event, key) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(key);
  if (!cached) {
    const res = await fetch(key, { cache: 'no-cache' });
    if (res.ok) await cache.put(key, res.clone());
    return res;
  }
  event.waitUntil(revalidate(key, cached.clone()).catch(() => {}));
  return cached;
}

/** Fetches the published copy; if it differs from the cached one, holds it aside and says so. */
async function revalidate(key, cached) {
  const res = await fetch(key, { cache: 'no-cache' });
  if (!res.ok) return;
  const [now, published] = await Promise.all([cached.text(), res.clone().text()]);
  const pending = await caches.open(PENDING);
  if (now === published) {
    await pending.delete(key);
    return;
  }
  await pending.put(key, res);
  const files = await pendingFiles();
  const clients = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const c of clients) c.postMessage({ type: 'catalog-updated', files });
}

async function pendingFiles() {
  const pending = await caches.open(PENDING);
  const keys = await pending.keys();
  return keys.map((r) => new URL(r.url).pathname.split('/').pop());
}

/** Moves the held-aside published files into the cache in use. */
async function applyPending() {
  const [pending, cache] = await Promise.all([caches.open(PENDING), caches.open(CACHE)]);
  for (const req of await pending.keys()) {
    const res = await pending.match(req);
    if (res) await cache.put(req.url, res);
    await pending.delete(req);
  }
}

function reply(event, message) {
  if (event.source) event.source.postMessage(message);
}
