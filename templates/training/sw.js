// The service worker: with no signal, "My program", each day's log page and the
// workouts list open from the copies kept here; any other page of the site opens the
// app's offline page rather than the browser's error. Workbox, served by this site.
importScripts("{{ workbox_sw }}", "{{ push_sw }}");
workbox.setConfig({ modulePathPrefix: "{{ workbox_path }}", debug: false });

const { registerRoute, setCatchHandler } = workbox.routing;
const { NetworkFirst, NetworkOnly, StaleWhileRevalidate } = workbox.strategies;
const OFFLINE_PAGE = "{{ offline_url }}";
const PAGES = /^\/my\/(program|workouts|thread|days\/\d+\/log)\/$/;

registerRoute(
  ({ request, url }) => request.mode === "navigate" && PAGES.test(url.pathname),
  new NetworkFirst({
    cacheName: "pages",
    networkTimeoutSeconds: 5,
    matchOptions: { ignoreSearch: true },
  }),
);
// Every other page of the site goes to the network as it would without this worker,
// but through Workbox, so that no signal ends in the catch handler's offline page.
registerRoute(
  ({ request, url }) =>
    request.mode === "navigate" && url.origin === self.location.origin,
  new NetworkOnly(),
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

// The offline page has a cache of its own, which logging out (it empties "pages")
// leaves alone; it is fetched without cookies, so it names nobody.
const keepOfflinePage = () =>
  caches
    .open("offline")
    .then((cache) => cache.add(new Request(OFFLINE_PAGE, { credentials: "omit" })));
self.addEventListener("install", (event) => {
  event.waitUntil(keepOfflinePage());
  self.skipWaiting();
});
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// "My program" asks for its day pages to be kept, with the scripts and styles they
// use, so that they open offline too.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  const ours = (urls, test) =>
    (urls || []).filter((u) => u && test(new URL(u, self.location)));
  const keep = (name, urls) =>
    caches.open(name).then((cache) =>
      Promise.all(
        urls.map((u) =>
          fetch(u, { credentials: "same-origin" })
            .then((r) => r.ok && cache.put(u, r))
            .catch(() => null),
        ),
      ),
    );
  event.waitUntil(
    Promise.all([
      keep("pages", ours(data.pages, (url) => PAGES.test(url.pathname))),
      keep(
        "static",
        ours(
          data.assets,
          (url) =>
            url.origin === self.location.origin &&
            url.pathname.startsWith("{{ static_url }}"),
        ),
      ),
    ]),
  );
});
