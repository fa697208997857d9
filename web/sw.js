// sw.js — keeps the app shell on the device so Gongyu opens with no network.
//
// Cache-first for the files of one build (listed at packaging time, the
// lazily loaded files module among them, so Excel and sync work offline too); a new
// build has a new VERSION, so the browser installs this worker anew, which
// fetches the new files and drops the old cache: the next visit runs the new
// version with no manual cache clearing. Data requests (the sync store) are
// never touched.
var VERSION = '__GONGYU_VERSION__';
var ASSETS = __GONGYU_ASSETS__;
var CACHE = 'gongyu-shell-' + VERSION;
var scope = self.registration.scope;
var shellUrls = ASSETS.map(function (a) { return new URL(a, scope).href; });

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(ASSETS.map(function (a) { return new Request(new URL(a, scope), { cache: 'reload' }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('gongyu-shell-') === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url);
  url.search = '';
  url.hash = '';
  var key = url.href === scope ? new URL('index.html', scope).href : url.href;
  if (shellUrls.indexOf(key) < 0) return;
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(key).then(function (hit) { return hit || fetch(request); });
  }));
});
