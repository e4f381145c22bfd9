// Web Push on this device: the notifications page turns it on and off with a tap, and
// every page re-syncs the subscription once each time the app opens (the browser may
// have renewed it, or the site's keys changed), so the server keeps a live address.
(function () {
  "use strict";
  const script = document.currentScript;
  const key = script.dataset.key;
  const saveUrl = script.dataset.save;
  const removeUrl = script.dataset.remove;
  const supported =
    "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  const ON = "push-on"; // this device was turned on here (localStorage)
  const SYNCED = "push-synced"; // re-synced since the app opened (sessionStorage)

  function token() {
    const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    return headers["X-CSRFToken"] || "";
  }

  function post(url, fields) {
    const body = new URLSearchParams(fields);
    body.set("csrfmiddlewaretoken", token());
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) throw new Error("The site answered " + response.status);
      return response;
    });
  }

  function bytes(base64url) {
    const base64 = (base64url + "===".slice((base64url.length + 3) % 4))
      .replace(/-/g, "+")
      .replace(/_/g, "/");
    return Uint8Array.from(atob(base64), function (c) {
      return c.charCodeAt(0);
    });
  }

  function sameKey(subscription) {
    const current = subscription.options && subscription.options.applicationServerKey;
    if (!current) return true;
    const mine = bytes(key);
    const theirs = new Uint8Array(current);
    return (
      mine.length === theirs.length &&
      mine.every(function (b, i) {
        return b === theirs[i];
      })
    );
  }

  function save(subscription) {
    const json = subscription.toJSON();
    return post(saveUrl, {
      endpoint: json.endpoint,
      p256dh: json.keys.p256dh,
      auth: json.keys.auth,
    });
  }

  function subscribe(registration) {
    return registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: bytes(key),
    });
  }

  // The subscription this device has now, renewed if it was made with other keys.
  function current(registration) {
    return registration.pushManager.getSubscription().then(function (subscription) {
      if (!subscription || sameKey(subscription)) return subscription;
      return subscription.unsubscribe().then(function () {
        return subscribe(registration);
      });
    });
  }

  function resync() {
    if (!supported || !key || Notification.permission !== "granted") return;
    if (sessionStorage.getItem(SYNCED)) return;
    navigator.serviceWorker.ready
      .then(function (registration) {
        // Only a device turned on here, by whoever is logged in now.
        if (!localStorage.getItem(ON)) return null;
        return current(registration).then(function (subscription) {
          return subscription ? save(subscription) : subscribe(registration).then(save);
        });
      })
      .then(function () {
        sessionStorage.setItem(SYNCED, "1");
      })
      .catch(function () {});
  }

  const panel = document.querySelector("[data-push-panel]");
  if (panel) {
    const status = panel.querySelector("[data-push-status]");
    const on = panel.querySelector("[data-push-on]");
    const off = panel.querySelector("[data-push-turn-off]");
    const show = function (text, isOn) {
      status.textContent = text;
      on.hidden = isOn !== false;
      off.hidden = isOn !== true;
    };
    if (!supported || !key) {
      show("This browser cannot get notifications.", null);
    } else if (Notification.permission === "denied") {
      show(
        "Notifications are blocked for this site in the browser's settings: allow them there, then come back.",
        null,
      );
    } else {
      navigator.serviceWorker.ready
        .then(current)
        .then(function (subscription) {
          if (subscription && localStorage.getItem(ON)) {
            show("Notifications are on for this device.", true);
          } else {
            show("Notifications are off for this device.", false);
          }
        })
        .catch(function () {
          show("Notifications are off for this device.", false);
        });
      on.addEventListener("click", function () {
        on.disabled = true;
        Notification.requestPermission()
          .then(function (permission) {
            if (permission !== "granted") throw new Error("refused");
            return navigator.serviceWorker.ready;
          })
          .then(subscribe)
          .then(save)
          .then(function () {
            localStorage.setItem(ON, "1");
            sessionStorage.setItem(SYNCED, "1");
            location.reload();
          })
          .catch(function () {
            on.disabled = false;
            show(
              Notification.permission === "denied"
                ? "Notifications were not allowed, so they stay off for this device."
                : "Notifications could not be turned on: try again in a moment.",
              Notification.permission === "denied" ? null : false,
            );
          });
      });
      off.addEventListener("click", function () {
        off.disabled = true;
        localStorage.removeItem(ON);
        navigator.serviceWorker.ready
          .then(function (registration) {
            return registration.pushManager.getSubscription();
          })
          .then(function (subscription) {
            if (!subscription) return null;
            const endpoint = subscription.endpoint;
            return subscription.unsubscribe().then(function () {
              return post(removeUrl, { endpoint: endpoint });
            });
          })
          .then(function () {
            location.reload();
          })
          .catch(function () {
            off.disabled = false;
            show("Notifications could not be turned off: try again in a moment.", true);
          });
      });
    }
  }

  // Logging out turns this device off (the server forgets it with the session):
  // whoever logs in next turns it on for themselves.
  document.addEventListener("submit", function (event) {
    if (!event.target.matches("[data-logout]") || !supported) return;
    localStorage.removeItem(ON);
    sessionStorage.removeItem(SYNCED);
    navigator.serviceWorker.ready
      .then(function (registration) {
        return registration.pushManager.getSubscription();
      })
      .then(function (subscription) {
        return subscription && subscription.unsubscribe();
      })
      .catch(function () {});
  });

  resync();
})();
