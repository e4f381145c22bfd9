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

// The page a notification is about: a page of this site only; a link anywhere
// else opens the site's home page instead.
function notificationUrl(data) {
  const home = new URL("/", self.location.origin).href;
  let target;
  try {
    target = new URL((data || {}).url || "/", self.location.origin);
  } catch (error) {
    return home;
  }
  return target.origin === self.location.origin ? target.href : home;
}

// Tapping a notification: it closes, and the tab already on its page comes to the
// front, or the page opens. Resolves to that window. ``clients`` is the worker's
// (the browser tests hand in the same, writing down what it is asked to open).
function notificationOpen(notification, clients) {
  notification.close();
  const url = notificationUrl(notification.data);
  return clients
    .matchAll({ type: "window", includeUncontrolled: true })
    .then(function (windows) {
      const open = windows.find(function (w) {
        return w.url === url && "focus" in w;
      });
      return open ? open.focus() : clients.openWindow(url);
    });
}

self.addEventListener("notificationclick", function (event) {
  event.waitUntil(notificationOpen(event.notification, self.clients));
});
