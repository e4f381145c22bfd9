// The log page's rest timer. It counts from the moment the rest started, kept on this
// phone (localStorage), never from how often a script ran: a locked screen, a page in
// the background or a reload loses no time. At the end it vibrates and beeps where
// the phone allows, and says so on the page.
(function () {
  "use strict";
  const panel = document.querySelector("[data-rest-timer]");
  if (!panel) return;

  const KEY = "rest-timer";
  // A rest that ended longer ago than this is not shown again on opening the page.
  const SHOW_OVER_FOR_MS = 60 * 1000;
  const clock = panel.querySelector("[data-rest-clock]");
  const label = panel.querySelector("[data-rest-label]");
  const over = panel.querySelector("[data-rest-over]");
  const progress = panel.querySelector("[data-rest-progress]");
  const announce = panel.querySelector("[data-rest-announce]");
  let ticking = null;
  let audio = null;
  let wakeLock = null;

  function read() {
    try {
      const rest = JSON.parse(localStorage.getItem(KEY));
      if (rest && typeof rest.startedAt === "number" && rest.seconds > 0) return rest;
    } catch (error) {
      // Storage unreadable (private mode, or a value of another version): no timer.
    }
    return null;
  }

  function write(rest) {
    try {
      if (rest) localStorage.setItem(KEY, JSON.stringify(rest));
      else localStorage.removeItem(KEY);
    } catch (error) {
      // Storage full or refused: the timer still runs while the page stays open.
    }
    current = rest;
  }

  let current = read();

  function leftMs(rest) {
    return rest.startedAt + rest.seconds * 1000 - Date.now();
  }

  function format(ms) {
    const total = Math.max(0, Math.ceil(ms / 1000));
    const minutes = Math.floor(total / 60);
    const seconds = total % 60;
    return minutes + ":" + String(seconds).padStart(2, "0");
  }

  function beep() {
    if (!audio || audio.state !== "running") return;
    const at = audio.currentTime;
    [0, 0.3].forEach(function (offset) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.001, at + offset);
      gain.gain.exponentialRampToValueAtTime(0.4, at + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.001, at + offset + 0.2);
      tone.connect(gain).connect(audio.destination);
      tone.start(at + offset);
      tone.stop(at + offset + 0.22);
    });
  }

  function signal() {
    // A phone lets a page vibrate only once it has been tapped (after a reload,
    // say, it has not): the page says it instead.
    const tapped = !navigator.userActivation || navigator.userActivation.hasBeenActive;
    if (navigator.vibrate && tapped) {
      try {
        navigator.vibrate([300, 150, 300]);
      } catch (error) {
        // Not allowed without a tap on this page: the page says it instead.
      }
    }
    beep();
    announce.textContent = "Rest over: next set.";
  }

  function keepScreenOn(on) {
    if (on && !wakeLock && navigator.wakeLock) {
      navigator.wakeLock.request("screen").then(
        function (lock) {
          wakeLock = lock;
          lock.addEventListener("release", function () {
            wakeLock = null;
          });
        },
        function () {},
      );
    } else if (!on && wakeLock) {
      wakeLock.release().catch(function () {});
      wakeLock = null;
    }
  }

  function render() {
    const rest = current;
    if (!rest) {
      panel.hidden = true;
      clearInterval(ticking);
      ticking = null;
      keepScreenOn(false);
      return;
    }
    const left = leftMs(rest);
    if (left <= -SHOW_OVER_FOR_MS) {
      write(null);
      render();
      return;
    }
    panel.hidden = false;
    label.textContent = "Rest · " + rest.label;
    clock.textContent = format(left);
    progress.value = Math.min(1, Math.max(0, 1 - left / (rest.seconds * 1000)));
    const done = left <= 0;
    over.hidden = !done;
    panel.classList.toggle("rest-timer-over", done);
    if (done && !rest.signalled) {
      write(Object.assign({}, rest, { signalled: true }));
      signal();
      keepScreenOn(false);
    }
  }

  function run() {
    render();
    if (!ticking && current) ticking = setInterval(render, 250);
  }

  function start(seconds, text) {
    // Sound needs a tap to be allowed: this is the tap.
    const Context = window.AudioContext || window.webkitAudioContext;
    if (Context && !audio) audio = new Context();
    if (audio && audio.state === "suspended") audio.resume().catch(function () {});
    announce.textContent = "";
    write({ startedAt: Date.now(), seconds: seconds, label: text, signalled: false });
    keepScreenOn(true);
    run();
  }

  document.querySelectorAll("[data-rest-start]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      start(Number(button.dataset.restStart), button.dataset.restLabel);
    });
  });

  // Ticking a set done starts the rest of its exercise.
  document.querySelectorAll(".log-exercise").forEach(function (card) {
    const button = card.querySelector("[data-rest-start]");
    if (!button) return;
    card.addEventListener("change", function (event) {
      if (event.target.matches(".set-done") && event.target.checked) button.click();
    });
  });

  panel.querySelector("[data-rest-add]").addEventListener("click", function () {
    if (!current) return;
    // Fifteen seconds more; once the rest has ended, fifteen seconds from now.
    const rest =
      leftMs(current) > 0
        ? Object.assign({}, current, { seconds: current.seconds + 15 })
        : { startedAt: Date.now(), seconds: 15, label: current.label };
    write(Object.assign(rest, { signalled: false }));
    announce.textContent = "";
    run();
  });

  panel.querySelector("[data-rest-stop]").addEventListener("click", function () {
    write(null);
    render();
  });

  // Back from a locked screen or another app: show the time left at once.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      current = read();
      run();
    }
  });
  // Another tab of this page started or stopped a rest.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      current = read();
      run();
    }
  });

  run();
})();
