// A thread: a message with no photo or video goes through the phone's outbox (as a
// logged workout does), keyed by an id made here, so that one written with no
// signal is sent once the phone is online again, and a replay stores it once.
(function () {
  "use strict";
  const form = document.querySelector("[data-message-form]");
  if (!form) return;
  const status = form.querySelector("[data-message-status]");

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

  function refresh() {
    const list = document.getElementById("thread-messages");
    if (list && window.htmx && list.getAttribute("hx-get")) {
      htmx.ajax("GET", list.getAttribute("hx-get"), { target: list, swap: "outerHTML" });
    }
  }

  // A copy of this page kept for offline use serves many messages: each its own id.
  form.elements.uid.value = newId();

  form.addEventListener("submit", async function (event) {
    const file = form.elements.attachment;
    // A photo or video goes as the form does, with the signal there is.
    if (!window.workoutOutbox || (file && file.files.length)) return;
    event.preventDefault();
    const body = form.elements.body.value.trim();
    if (!body) {
      status.textContent = "Write a message, or attach a photo or a video.";
      return;
    }
    const button = form.querySelector("[type=submit]");
    button.disabled = true;
    const item = {
      kind: "message",
      url: form.getAttribute("action"),
      fields: Object.fromEntries(new FormData(form)),
      savedAt: new Date().toISOString(),
    };
    delete item.fields.attachment;
    await workoutOutbox.add(item);
    const results = navigator.onLine ? await workoutOutbox.sync() : [];
    const mine = results.find(function (r) {
      return r.key === item.fields.uid;
    });
    button.disabled = false;
    if (mine && mine.refused) {
      await workoutOutbox.forget(item.fields.uid);
      status.textContent = Object.values(mine.item.errors).flat().join(" ");
      return;
    }
    form.elements.body.value = "";
    form.elements.uid.value = newId();
    if (mine && mine.sent) {
      status.textContent = "Sent.";
      refresh();
    } else {
      status.textContent =
        "Saved on this phone: it is sent as soon as the phone is online again.";
    }
  });
})();
