// Dashboard charts (Chart.js): each card's value against its target, and the trends over the years.
(function () {
  var source = document.getElementById("kpi-chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var colours = { green: "#1e7d32", amber: "#b26a00", red: "#b3101b", none: "#9aa0a6" };
  var palette = ["#b3101b", "#0b57d0", "#1e7d32", "#b26a00"];
  var pct = function (v) { return v === null || v === undefined ? "—" : String(v).replace(".", ",") + "%"; };

  document.querySelectorAll("canvas.kpi-chart").forEach(function (canvas) {
    var metric = canvas.dataset.metric;
    var value = canvas.dataset.value === "" ? null : parseFloat(canvas.dataset.value);
    var target = data.targets[metric];
    var status = (canvas.closest(".kpi-card").className.match(/kpi-(green|amber|red|none)/) || [, "none"])[1];
    var values = [value === null ? 0 : value];
    var labels = [canvas.getAttribute("aria-label").split(":")[0]];
    var datasets = [{ data: values, backgroundColor: colours[status], label: pct(value) }];
    if (target !== undefined) {
      datasets.push({ data: [target], backgroundColor: "rgba(0,0,0,.15)", label: "Chỉ tiêu " + pct(target) });
    }
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: "y", responsive: true, animation: false,
        scales: { x: { min: 0, max: Math.max(100, value || 0), ticks: { callback: pct } }, y: { display: false } },
        plugins: { legend: { display: true, position: "bottom" }, tooltip: { callbacks: { label: function (c) { return pct(c.raw); } } } }
      }
    });
  });

  var trend = document.getElementById("kpi-trend");
  if (trend) {
    new Chart(trend, {
      type: "line",
      data: {
        labels: data.years.map(String),
        datasets: data.series.map(function (s, i) {
          return { label: s.label, data: s.values, borderColor: palette[i % palette.length],
                   backgroundColor: palette[i % palette.length], spanGaps: true, tension: 0.2 };
        })
      },
      options: {
        responsive: true, animation: false,
        scales: { y: { min: 0, max: 100, ticks: { callback: pct } } },
        plugins: { legend: { position: "bottom" }, tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + pct(c.raw); } } } }
      }
    });
  }
})();
