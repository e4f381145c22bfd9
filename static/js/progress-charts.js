// Progress charts: each <canvas data-chart="name"> is drawn with Chart.js from the
// JSON in #progress-data. The table under each chart is open when the page has no
// JavaScript; once the chart is drawn, the table folds away behind its summary.
(() => {
  const source = document.getElementById("progress-data");
  if (!source || !window.Chart) return;
  const data = JSON.parse(source.textContent);

  // One colour and one point shape per pattern, the same in every chart: mostly
  // Okabe-Ito colours, which colour-blind readers tell apart, each at least 3:1
  // against white; the shapes tell them apart without colour.
  const PATTERN = {
    hinge: ["#0072b2", "circle"],
    squat: ["#d55e00", "rect"],
    push: ["#009e73", "triangle"],
    pull: ["#cc79a7", "rectRot"],
    lunge: ["#8c6d00", "crossRot"],
    carry: ["#7a5195", "star"],
  };
  const INK = "#212529";
  const GRID = "rgba(33, 37, 41, 0.1)";
  const phone = window.matchMedia("(max-width: 575.98px)").matches;

  Chart.defaults.color = INK;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = window.matchMedia("(prefers-reduced-motion: reduce)").matches
    ? false
    : { duration: 250 };
  Chart.defaults.plugins.legend.position = "bottom";
  Chart.defaults.plugins.legend.labels.usePointStyle = true;
  Chart.defaults.plugins.legend.labels.boxHeight = 8;

  const note = (context) => {
    const notes = context.dataset.notes;
    return notes && notes[context.dataIndex] ? notes[context.dataIndex] : "";
  };

  // A series per pattern (or lift): the second lift of a pattern is dashed.
  const lines = (series, extra = {}) => {
    const seen = {};
    return series.map((s) => {
      const [colour, point] = PATTERN[s.key] || [INK, "circle"];
      const again = (seen[s.key] = (seen[s.key] || 0) + 1) > 1;
      return {
        label: s.label,
        data: s.data,
        notes: s.notes,
        borderColor: colour,
        backgroundColor: colour,
        pointStyle: point,
        pointRadius: phone ? 3 : 4,
        borderWidth: 2,
        borderDash: again ? [6, 4] : [],
        spanGaps: true,
        ...extra,
      };
    });
  };

  // On a phone the chart's heading names the unit, and the width goes to the data.
  const axis = (title, more = {}) => ({
    title: { display: !phone, text: title },
    grid: { color: GRID },
    beginAtZero: true,
    ...more,
  });

  // Bars get square swatches in their legend, lines their point shapes.
  const BOXES = { labels: { usePointStyle: false, boxWidth: 12, boxHeight: 12 } };

  const weeksAxis = { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 8 } };

  const weekTitle = (items) => (items.length ? `Week of ${items[0].label}` : "");

  const tooltip = (unit) => ({
    callbacks: {
      title: weekTitle,
      label: (c) => `${c.dataset.label}: ${c.formattedValue}${unit}`,
      afterLabel: note,
    },
  });

  const build = {
    rungs: (d) => ({
      type: "line",
      data: {
        labels: d.labels,
        datasets: [
          // Patterns on the same rung are drawn a little apart, so that none hides
          // another; the tooltip says the rung itself.
          ...lines(d.series, { stepped: "before" }).map((set, i, all) => ({
            ...set,
            data: set.data.map((n) => (n === null ? null : n + (i - (all.length - 1) / 2) * 0.1)),
          })),
          {
            label: d.markers.label,
            data: d.markers.data,
            notes: d.markers.notes,
            showLine: false,
            pointStyle: "triangle",
            pointRadius: 7,
            pointHoverRadius: 8,
            borderColor: INK,
            backgroundColor: INK,
          },
        ],
      },
      options: {
        scales: {
          x: weeksAxis,
          y: axis("Rung", { min: 0, max: d.top + 1, ticks: { stepSize: 1, precision: 0 } }),
        },
        plugins: {
          tooltip: {
            callbacks: {
              title: weekTitle,
              label: (c) => (c.dataset.showLine === false ? note(c) : `${c.dataset.label}: ${note(c)}`),
            },
          },
        },
      },
    }),
    load: (d) => ({
      type: "line",
      data: { labels: d.labels, datasets: lines(d.series) },
      options: { scales: { x: weeksAxis, y: axis("kg") }, plugins: { tooltip: tooltip(" kg") } },
    }),
    e1rm: (d) => ({
      type: "line",
      data: { labels: d.labels, datasets: lines(d.series) },
      options: { scales: { x: weeksAxis, y: axis("kg, estimated") }, plugins: { tooltip: tooltip(" kg") } },
    }),
    volume: (d) => ({
      type: "bar",
      data: { labels: d.labels, datasets: lines(d.series, { borderWidth: 0 }) },
      options: {
        scales: { x: { ...weeksAxis, stacked: true }, y: axis("kg × reps", { stacked: true }) },
        plugins: { legend: BOXES, tooltip: tooltip(" kg") },
      },
    }),
    pain: (d) => ({
      type: "line",
      // The most painful pattern is drawn last, over the pain-free ones at 0.
      data: {
        labels: d.labels,
        datasets: lines(d.series, { spanGaps: false }).map((set) => ({
          ...set,
          order: -Math.max(0, ...set.data.filter((n) => n !== null)),
        })),
      },
      options: {
        scales: { x: weeksAxis, y: axis("Pain", { min: 0, max: 10, ticks: { stepSize: 2 } }) },
        plugins: {
          legend: { labels: { sort: (a, b) => a.datasetIndex - b.datasetIndex } },
          tooltip: tooltip("/10"),
        },
      },
    }),
    balance: (d) => ({
      type: "bar",
      data: {
        labels: d.labels,
        datasets: d.series.map((s, i) => ({
          label: s.label,
          data: s.data,
          backgroundColor: i === 0 ? "#0a58ca" : "#868e96",
        })),
      },
      options: {
        scales: { x: { grid: { display: false } }, y: axis("Sets", { ticks: { precision: 0 } }) },
        plugins: {
          legend: BOXES,
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${c.formattedValue} sets` } },
        },
      },
    }),
  };

  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const name = canvas.dataset.chart;
    if (!data[name] || !build[name]) return;
    const box = canvas.closest(".chart-box");
    box.hidden = false;
    new Chart(canvas, build[name](data[name]));
    const numbers = box.parentElement.querySelector("details.progress-numbers");
    if (numbers) numbers.open = false;
  });
})();
