// The service worker: with no signal, "My program", each day's log page and the
// workouts list open from the copies kept here. Workbox, served by this site.
importScripts("{{ workbox_sw }}");
workbox.setConfig({ modulePathPrefix: "{{ workbox_path }}", debug: false });

const { registerRoute, setCatchHandler } = workbox.routing;
const { NetworkFirst, StaleWhileRevalidate } = workbox.strategies;
const OFFLINE_PAGE = "{{ offline_url }}";
const PAGES = /^\/my\/(program|workouts|days\/\d+\/log)\/$/;

registerRoute(
  ({ request, url }) => request.mode === "navigate" && PAGES.test(url.pathname),
  new NetworkFirst({
    cacheName: "pages",
    networkTimeoutSeconds: 5,
    matchOptions: { ignoreSearch: true },
  }),
);
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith("{{ static_url }}"),
  new StaleWhileRevalidate({ cacheName: "static" }),
);
setCatchHandler(async ({ request }) => {
  if (request.mode === "navigate") {
    return (await caches.match(OFFLINE_PAGE)) || Response.error();
  }
  return Response.error();
});

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open("pages").then((cache) => cache.add(OFFLINE_PAGE)));
  self.skipWaiting();
});
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// "My program" asks for its day pages to be kept, so that they open offline too.
self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.cache) || [];
  const ours = urls.filter((u) => PAGES.test(new URL(u, self.location).pathname));
  event.waitUntil(
    caches.open("pages").then((cache) =>
      Promise.all(
        ours.map((u) =>
          fetch(u, { credentials: "same-origin" }).then((r) => r.ok && cache.put(u, r)),
        ),
      ),
    ),
  );
});
