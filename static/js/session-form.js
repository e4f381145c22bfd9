// Scheduling form: show the weekly series fields only when "Every week" is chosen.
const seriesFields = document.querySelector("[data-series-fields]");
const repeat = document.querySelectorAll("input[name=repeat]");

function showSeriesFields() {
  const checked = document.querySelector("input[name=repeat]:checked");
  seriesFields.hidden = !checked || checked.value !== "weekly";
}

if (seriesFields && repeat.length) {
  repeat.forEach((radio) => radio.addEventListener("change", showSeriesFields));
  showSeriesFields();
}
