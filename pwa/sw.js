// Tailor's service worker, written into the build by pwa/precache.mjs (never edited in dist/).
// It keeps every file of one build in one cache named after a hash of that build, so the app
// opens with no network; a new build is a new sw.js and so a new cache, installed in the
// background and activated only when the user says so (the page sends `skip-waiting`).
//
// - the build's files (trunk's hashed .js/.wasm/.css, index.html, manifest, icons…): cache first;
// - catalog.json, policy.json and their signatures: the network first, the cached copy only
//   when the network fails. A newly published policy (revoking an approver, say) applies as
//   soon as it is fetched: nobody's click may delay it. Saved proposals keep their price all
//   the same: each is priced on the signed versions it names, which the page keeps;
// - page loads: the cached page (index.html, library.html, approver.html, verify.html), else the
//   cached index.html.
/* eslint-env serviceworker */
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `tailor-${VERSION}`;
const LIVE = ['catalog.json', 'catalog.sig.json', 'policy.json', 'policy.sig.json', 'keys.json', 'keys.sig.json'];

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
  if (type === 'skip-waiting') self.skipWaiting();
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
    event.respondWith(networkFirst(key));
  } else if (PRECACHED.has(key)) {
    event.respondWith(cacheFirst(key, req));
  }
});

async function cacheFirst(key, req) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  return hit || fetch(req);
}

/** The published copy, kept for offline use; the kept copy only when the network fails. */
async function networkFirst(key) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(key, { cache: 'no-cache' });
    if (res.ok) {
      await cache.put(key, res.clone());
      return res;
    }
    if (res.status === 404) {
      // Withdrawn (an unsigned deployment has no signature files): forget the kept copy.
      await cache.delete(key);
      return res;
    }
    return (await cache.match(key)) || res;
  } catch (e) {
    const hit = await cache.match(key);
    if (hit) return hit;
    throw e;
  }
}
