// The browser knows its own time zone: offer it rather than ask for it.
(() => {
  let zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }
  if (!zone) return;

  // A fresh form (not one shown again after an error, which holds what was typed)
  // starts on the visitor's zone.
  document.querySelectorAll("[data-detect-time-zone]").forEach((field) => {
    if (field.closest("form")?.dataset.bound === "true") return;
    if (field.tagName === "SELECT") {
      if (Array.from(field.options).some((option) => option.value === zone)) {
        field.value = zone;
      }
      return;
    }
    const known = field.list && Array.from(field.list.options).some((o) => o.value === zone);
    if (known) field.value = zone;
  });

  // Signed in with a profile in another zone: offer this one, in one click, until
  // it is taken or dismissed.
  const offer = document.querySelector("[data-time-zone-offer]");
  if (!offer || offer.dataset.profileZone === zone) return;
  const dismissedKey = "time-zone-offer-dismissed";
  if (localStorage.getItem(dismissedKey) === zone) return;
  offer.querySelector("input[name=time_zone]").value = zone;
  offer.querySelectorAll("[data-zone-name]").forEach((el) => {
    el.textContent = zone.replaceAll("_", " ");
  });
  offer.hidden = false;
  offer.querySelector("[data-dismiss-offer]").addEventListener("click", () => {
    localStorage.setItem(dismissedKey, zone);
    offer.hidden = true;
  });
})();
