// Preselect the visitor's own time zone on a fresh form (not after an error, where the
// select already holds what they chose).
document.querySelectorAll("select[data-detect-time-zone]").forEach((select) => {
  if (select.closest("form")?.dataset.bound === "true") return;
  let zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }
  if (zone && Array.from(select.options).some((option) => option.value === zone)) {
    select.value = zone;
  }
});
