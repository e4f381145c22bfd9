// Workouts logged on this phone wait in IndexedDB (idb-keyval) until the server has
// them. Each is keyed by the id made on the phone, and the server stores a workout
// once per id, so sending one twice, or from two tabs, is harmless.
(function () {
  "use strict";
  if (!window.indexedDB || !window.idbKeyval) return;
  const store = idbKeyval.createStore("strength-coach", "outbox");
  const banner = document.querySelector("[data-outbox-status]");

  function say(text, kind) {
    if (!banner) return;
    banner.replaceChildren(document.createTextNode(text));
    banner.className = "alert alert-" + kind;
    banner.hidden = !text;
  }

  function waiting(items) {
    // Workouts, and messages written in a thread with no signal (thread.js).
    const count = function (kind) {
      return items.filter(function (item) {
        return item.kind === kind;
      }).length;
    };
    const messages = count("message");
    const checks = count("form-check");
    const workouts = items.length - messages - checks;
    const parts = [];
    if (workouts) parts.push(workouts === 1 ? "1 workout" : workouts + " workouts");
    if (checks) parts.push(checks === 1 ? "1 form check" : checks + " form checks");
    if (messages) parts.push(messages === 1 ? "1 message" : messages + " messages");
    const what = parts.join(" and ") + (items.length === 1 ? " is" : " are");
    const when = navigator.onLine
      ? "Sending it now."
      : "It is sent as soon as this phone is online again.";
    return what + " saved on this phone and waiting to be sent. " + when;
  }

  async function freshToken() {
    // After a new login the token in a saved form is stale: any page of the site
    // carries a fresh one, and /up/ is the smallest, for clients and trainers alike.
    const response = await fetch("/up/", {
      credentials: "same-origin",
      cache: "no-store",
    });
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const headers = JSON.parse(page.body.getAttribute("hx-headers") || "{}");
    return headers["X-CSRFToken"];
  }

  function post(item, token) {
    // A form-check video goes as a file, kept on the phone as the Blob it was.
    let body = new URLSearchParams(item.fields);
    if (item.files) {
      body = new FormData();
      Object.entries(item.fields).forEach(function ([name, value]) {
        body.append(name, value);
      });
      Object.entries(item.files).forEach(function ([name, file]) {
        body.append(name, file, file.name || name);
      });
    }
    if (token) body.set("csrfmiddlewaretoken", token);
    return fetch(item.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
  }

  async function sendOne(key, item) {
    let response = await post(item);
    if (response.status === 403) response = await post(item, await freshToken());
    if (response.ok) {
      await idbKeyval.del(key, store);
      return { key: key, kind: item.kind, sent: true, data: await response.json() };
    }
    if (response.status === 400) {
      item.errors = (await response.json()).errors;
      await idbKeyval.set(key, item, store);
      return { key: key, sent: false, refused: true, item: item };
    }
    throw new Error("not sent: " + response.status);
  }

  let running = null;
  function flush() {
    // One flush at a time in this tab; another tab may flush too, which the
    // server's one-workout-per-id rule makes harmless.
    running =
      running ||
      (async function () {
        const results = [];
        for (const [key, item] of await idbKeyval.entries(store)) {
          if (item.errors) continue;
          try {
            results.push(await sendOne(key, item));
          } catch (error) {
            break; // offline, or the server is not answering: keep it for later
          }
        }
        return results;
      })().finally(function () {
        running = null;
      });
    return running;
  }

  async function show() {
    const items = await idbKeyval.values(store);
    const refused = items.filter(function (item) {
      return item.errors;
    });
    if (refused.length) {
      const first = refused[0];
      const problems = Object.values(first.errors).flat().join(" ");
      say(
        first.kind === "message" || first.kind === "form-check"
          ? "A " + (first.kind === "message" ? "message" : "form check") +
              " saved on this phone could not be sent: " + problems +
              " Send it again, then clear it from this phone."
          : "The workout of " + first.dayName + " saved on this phone could not " +
              "be sent: " + problems + " Log it again, then clear it from this phone.",
        "danger",
      );
      const clear = document.createElement("button");
      clear.type = "button";
      clear.className = "btn btn-sm btn-outline-danger ms-2";
      clear.textContent = "Clear it";
      clear.addEventListener("click", async function () {
        await idbKeyval.del(first.key || first.fields.uid, store);
        show();
      });
      banner && banner.append(clear);
    } else if (items.length) {
      say(waiting(items), "warning");
    } else if (sessionStorage.getItem("workout-sent")) {
      sessionStorage.removeItem("workout-sent");
      say("Your workout is sent: your trainer can see it.", "success");
    } else {
      say("", "info");
    }
  }

  async function sync() {
    const results = await flush();
    if (results.some(function (r) { return r.sent && r.kind !== "message"; })) {
      sessionStorage.setItem("workout-sent", "1");
    }
    await show();
    return results;
  }

  window.workoutOutbox = {
    // An item may bring its own key: a form check's sorts after every workout
    // ("~" after hex digits), so that the workout it goes with is sent first.
    add: function (item) {
      return idbKeyval.set(item.key || item.fields.uid, item, store);
    },
    forget: function (uid) {
      return idbKeyval.del(uid, store);
    },
    sync: sync,
  };

  show().then(function () {
    if (navigator.onLine) sync();
  });
  // At the edge of coverage a phone flips online and offline within moments, and a
  // send started in such a flash is cut off mid-way: send once the signal has held.
  let steady = null;
  window.addEventListener("online", function () {
    clearTimeout(steady);
    steady = setTimeout(function () {
      if (navigator.onLine) sync();
    }, 1000);
  });
  window.addEventListener("offline", show);

  // Pages a client opens with no signal: "My program" and each day's log page,
  // with the scripts and styles they need.
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
    const links = Array.from(document.querySelectorAll("[data-offline]"), function (a) {
      return a.getAttribute("href");
    });
    if (links.length && navigator.onLine) {
      const assets = Array.from(
        document.querySelectorAll("script[src], link[rel=stylesheet]"),
        function (el) {
          return el.src || el.href;
        },
      ).concat((document.body.dataset.logScripts || "").split(" "));
      navigator.serviceWorker.ready.then(function (registration) {
        registration.active.postMessage({
          pages: [location.pathname].concat(links),
          assets: assets,
        });
      });
    }
  }

  // Logging out forgets the pages kept for offline use on this phone.
  document.addEventListener("submit", function (event) {
    if (event.target.matches("[data-logout]") && window.caches) {
      caches.delete("pages");
    }
  });
})();
