// The portfolio's charts: Chart.js draws each <canvas data-chart="name"> from the page's JSON
// (the same figures are in the tables beside them).
(function () {
  "use strict";

  var source = document.getElementById("portfolio-charts");
  if (!source || !window.Chart) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = ["#198754", "#dc3545", "#0d6efd", "#fd7e14", "#6f42c1", "#20c997"];
  // A long session title would push the bars off the canvas (or be cut at its edge): the axis
  // shows its start, as much as a third of the canvas holds; the tooltip and the table beside
  // the chart give the whole title.
  function shortLabel(value) {
    var label = String(this.getLabelForValue(value));
    var length = Math.max(12, Math.floor(this.chart.width / 20));
    return label.length > length ? label.slice(0, length - 1) + "…" : label;
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var chart = data[canvas.dataset.chart];
    if (!chart || !chart.labels.length) {
      return;
    }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: chart.series.map(function (series, index) {
          return {
            label: series.label,
            data: series.data,
            backgroundColor: colours[index % colours.length],
          };
        }),
      },
      options: {
        indexAxis: canvas.dataset.horizontal ? "y" : "x",
        locale: document.documentElement.lang || undefined,
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true },
          y: { stacked: true, ticks: canvas.dataset.horizontal ? { callback: shortLabel } : {} },
        },
        plugins: { legend: { position: "bottom" } },
      },
    });
  });
})();
