// Đảng bộ số's service worker. Kept on the phone: the offline page and the style, and the library documents the
// member has opened (their page and their file), so they stay readable without a network. Nothing else is cached:
// every other page is asked of the server, and when there is no network the offline page answers. Signing out
// empties the documents' cache (app.js posts "clear").
const SHELL = "dangbo-shell-v1";
const DOCUMENTS = "dangbo-documents-v1";
const OFFLINE = "/so-tay/ngoai-tuyen/";
const SHELL_FILES = [OFFLINE, "/static/css/app.css", "/static/js/app.js", "/static/portal/icon-192.png"];
const DOCUMENT_PATH = /^\/van-ban\/\d+\/(tep\/)?$/;

self.addEventListener("install", (event) => {
  // Each file on its own: one missing (a renamed static file) does not stop the rest.
  event.waitUntil(
    caches.open(SHELL)
      .then((cache) => Promise.all(SHELL_FILES.map((file) => cache.add(file).catch(() => null))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  const kept = [SHELL, DOCUMENTS];
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => !kept.includes(n)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "clear") {
    event.waitUntil(caches.delete(DOCUMENTS));
  }
});

async function fromNetwork(request) {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    if (response.ok && DOCUMENT_PATH.test(url.pathname)) {
      const cache = await caches.open(DOCUMENTS);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await caches.match(request);
    if (kept) {
      return kept;
    }
    if (request.mode === "navigate") {
      return caches.match(OFFLINE);
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  event.respondWith(fromNetwork(event.request));
});
