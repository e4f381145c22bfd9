// The log page: each workout gets an id made here, then goes to the outbox, which
// sends it now or, with no signal, as soon as the phone is online again.
(function () {
  "use strict";
  const form = document.querySelector("[data-workout-log]");
  if (!form || !window.workoutOutbox) return;

  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
    return [0, 8, 12, 16, 20].map(function (start, i, all) {
      return hex.slice(start, all[i + 1] || 32);
    }).join("-");
  }

  // A copy of this page kept for offline use serves many workouts: each its own id.
  form.elements.uid.value = newId();

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const button = form.querySelector("[type=submit]");
    button.disabled = true;
    const item = {
      url: form.getAttribute("action") || location.pathname + location.search,
      fields: Object.fromEntries(new FormData(form)),
      dayName: form.dataset.dayName,
      savedAt: new Date().toISOString(),
    };
    await workoutOutbox.add(item);
    // With no signal it waits for the "online" event; trying now only races it.
    const results = navigator.onLine ? await workoutOutbox.sync() : [];
    const mine = results.find(function (r) {
      return r.key === item.fields.uid;
    });
    if (mine && mine.sent) {
      location.assign(mine.data.url);
    } else if (mine && mine.refused) {
      // Let the server show what to fix, field by field.
      await workoutOutbox.forget(item.fields.uid);
      form.submit();
    } else {
      location.assign(form.dataset.offlineReturn);
    }
  });
})();
