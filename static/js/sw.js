// Backstretch's service worker. Served at /sw.js by config.pages.pwa.service_worker, which writes
// two lines above this: the import of the queue's `flush` and SETTINGS = { version, shell
// (the app shell's addresses), offline (our offline page) }.
//
// - The app shell is precached at install, under the version; a new version's worker
//   deletes every cache of the old one when it activates, so old and new never mix.
// - Static files: from the cache first (their names change with their contents).
// - Pages: from the network first, then the device's copy, then the offline page.
// - A play-through: at its start the player sends every address it will show; they are
//   fetched and kept, and its steps are then swapped in from the device, network or not.
// - Player records are not handled here: the page puts them in the queue (queue.js), which
//   this worker also sends on Background Sync.

/* global SETTINGS, flush */
const SHELL = `backstretch-shell-${SETTINGS.version}`;
const PAGES = `backstretch-pages-${SETTINGS.version}`;
const PLAY = `backstretch-play-${SETTINGS.version}`;
const OURS = [SHELL, PAGES, PLAY];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(SETTINGS.shell))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("backstretch-") && !OURS.includes(name))
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

const isStatic = (url) => url.pathname.startsWith("/static/");
const isStep = (url) => /^\/play\/\d+\/[0-9a-f-]{36}\/(\d+|after)\/$/.test(url.pathname);

async function fromCacheFirst(request, cacheName) {
  const cached = await caches.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && cacheName) (await caches.open(cacheName)).put(request, response.clone());
  return response;
}

async function fromNetworkFirst(request, { keep }) {
  try {
    const response = await fetch(request);
    if (keep && response.ok && response.type === "basic") {
      (await caches.open(PAGES)).put(request, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request, { ignoreVary: true });
    if (cached) return cached;
    if (request.mode === "navigate") {
      const offline = await caches.match(SETTINGS.offline);
      if (offline) return offline;
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/admin/") || url.pathname === "/sw.js") return;
  if (isStatic(url)) {
    event.respondWith(fromCacheFirst(request, SHELL));
  } else if (isStep(url) && request.mode !== "navigate") {
    // htmx asking for the next step of a play-through: from the device, never waiting.
    event.respondWith(fromCacheFirst(request, null));
  } else {
    // A whole page: its latest version when there is a network. Only whole pages are
    // kept (htmx's fragments share their addresses).
    const keep = request.mode === "navigate";
    event.respondWith(fromNetworkFirst(request, { keep }));
  }
});

// Keep every address of a play-through, so it plays to the end without a network.
async function keepPlay(urls) {
  const cache = await caches.open(PLAY);
  let bytes = 0;
  for (const url of urls) {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    bytes += (await response.clone().arrayBuffer()).byteLength;
    await cache.put(url, response);
  }
  return bytes;
}

async function forget(urls) {
  const cache = await caches.open(PLAY);
  await Promise.all(urls.map((url) => cache.delete(url)));
}

self.addEventListener("message", (event) => {
  const { type, urls } = event.data || {};
  const reply = (message) => event.ports[0]?.postMessage(message);
  if (type === "keep-play") {
    event.waitUntil(
      keepPlay(urls).then(
        (bytes) => reply({ ok: true, bytes }),
        (error) => reply({ ok: false, error: String(error) }),
      ),
    );
  } else if (type === "forget-play") {
    event.waitUntil(forget(urls).then(() => reply({ ok: true })));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag === "backstretch-queue") event.waitUntil(flush());
});
