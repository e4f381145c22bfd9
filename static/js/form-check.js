// The log page: a video or photo of an exercise (a form check) goes with the
// workout. On "Finish and save" each one is put in the phone's outbox beside the
// workout, keyed to be sent after it, so that with no signal both wait and both go
// once the phone is online again; the server stores each once, by its own id.
(function () {
  "use strict";
  const form = document.querySelector("[data-workout-log]");
  if (!form || !window.workoutOutbox) return;
  const url = form.dataset.formCheckUrl;

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

  // Capture: before the log page's own handler sends the workout.
  document.addEventListener(
    "submit",
    function (event) {
      if (event.target !== form || !url) return;
      const token = form.elements.csrfmiddlewaretoken;
      form.querySelectorAll("[data-form-check]").forEach(function (input) {
        const file = input.files && input.files[0];
        if (!file) return;
        const uid = newId();
        workoutOutbox.add({
          kind: "form-check",
          key: "~" + uid,
          url: url,
          fields: {
            uid: uid,
            workout_uid: form.elements.uid.value,
            prescription: input.dataset.formCheck,
            csrfmiddlewaretoken: token ? token.value : "",
          },
          files: { attachment: file },
          savedAt: new Date().toISOString(),
        });
        input.value = "";
      });
    },
    true,
  );
})();
