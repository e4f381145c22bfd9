// Web Push in the service worker (imported by /sw.js): every push shows a
// notification, and tapping it opens (or focuses) the page it is about.
self.addEventListener("push", function (event) {
  let data = {};
  if (event.data) {
    try {
      data = event.data.json();
    } catch (error) {
      data = { body: event.data.text() };
    }
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "Something new", {
      body: data.body || "",
      tag: data.tag || undefined,
      icon: data.icon || undefined,
      data: { url: data.url || "/" },
    }),
  );
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  const target = new URL((event.notification.data || {}).url || "/", self.location.origin);
  // Only pages of this site.
  const url = target.origin === self.location.origin ? target.href : self.location.origin;
  event.waitUntil(
    self.clients
      .matchAll({ type: "window", includeUncontrolled: true })
      .then(function (windows) {
        const open = windows.find(function (w) {
          return w.url === url && "focus" in w;
        });
        return open ? open.focus() : self.clients.openWindow(url);
      }),
  );
});
