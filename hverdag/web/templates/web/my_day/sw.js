// Hverdag's service worker for Min dag (scope /min-dag/): the day and its visit pages stay
// readable when the network drops. Pages are network-first (the server's state wins whenever
// it can be reached) and kept at most two days; static files are cache-first per release.
// Writes are not handled here: the page's queue (offline.js) keeps and replays them.
"use strict";
const RELEASE = "{{ release }}";
const STATIC = "hverdag-static-" + RELEASE;
const PAGES = "hverdag-pages";
const PAGE_TIMEOUT_MS = 4000;
const PAGE_MAX_AGE_MS = 2 * 24 * 3600 * 1000;
const ASSETS = {{ assets_json|safe }};
const OFFLINE_PAGE = {{ offline_page_json|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("hverdag-static-") && name !== STATIC) await caches.delete(name);
    }
    await prunePages();
    await self.clients.claim();
  })());
});

// Health data on the phone is kept no longer than the visits it serves (yesterday to tomorrow).
async function prunePages() {
  const cache = await caches.open(PAGES);
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    const saved = Date.parse(response && response.headers.get("Date") || "");
    if (!saved || Date.now() - saved > PAGE_MAX_AGE_MS) await cache.delete(request);
  }
}

function isPage(request, url) {
  return request.method === "GET" && url.origin === self.location.origin &&
    url.pathname.startsWith("/min-dag/") && !url.pathname.endsWith("/sw.js") &&
    (request.mode === "navigate" || (request.headers.get("Accept") || "").includes("text/html"));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("{{ static_prefix }}")) {
    event.respondWith(caches.match(request, { ignoreVary: true }).then((hit) => hit || fetch(request)));
  } else if (isPage(request, url)) {
    event.respondWith(pageFirstFromNetwork(request));
  }
});

async function pageFirstFromNetwork(request) {
  const cache = await caches.open(PAGES);
  try {
    const response = await withTimeout(fetch(request), PAGE_TIMEOUT_MS);
    // Only the caregiver's own pages are kept; a login page or an error is not.
    if (response.ok && !response.redirected) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(request, { ignoreVary: true });
    if (hit) return hit;
    return new Response(OFFLINE_PAGE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error) => { clearTimeout(timer); reject(error); });
  });
}

// The page asks for the day's visit pages to be kept, so they open without network later;
// and clears everything when the caregiver logs out or another person logs in.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep" && Array.isArray(data.urls)) {
    event.waitUntil((async () => {
      const cache = await caches.open(PAGES);
      for (const url of data.urls) {
        try {
          const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
          if (response.ok && !response.redirected) await cache.put(url, response);
        } catch (error) { return; }
      }
      if (event.source) event.source.postMessage({ type: "kept", count: data.urls.length });
    })());
  } else if (data.type === "forget") {
    event.waitUntil(caches.delete(PAGES));
  }
});
