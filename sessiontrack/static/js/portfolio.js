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
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true }, y: { stacked: true } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  });
})();
