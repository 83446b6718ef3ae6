// Dashboard charts (Chart.js): each card's value against its target, and the trends over the years.
// Every figure shown in a legend or a tooltip is the server's own text ("86,7%": one decimal, half up, decimal
// comma), so the charts never disagree with the cards; the numbers only size the bars and place the points.
(function () {
  var source = document.getElementById("kpi-chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var colours = { exceeded: "#1e7d32", green: "#1e7d32", amber: "#b26a00", red: "#b3101b", none: "#9aa0a6" };
  var palette = ["#b3101b", "#0b57d0", "#1e7d32", "#b26a00"];
  var axis = function (v) { return String(v).replace(".", ",") + "%"; };

  document.querySelectorAll("canvas.kpi-chart").forEach(function (canvas) {
    var metric = canvas.dataset.metric;
    var value = canvas.dataset.value === "" ? null : Number(canvas.dataset.value);
    var target = data.targets[metric];
    var datasets = [{ data: [value === null ? 0 : value], backgroundColor: colours[canvas.dataset.status] || colours.none,
                      label: canvas.dataset.text, text: canvas.dataset.text }];
    if (target !== undefined) {
      datasets.push({ data: [target.value], backgroundColor: "rgba(0,0,0,.15)", label: target.label, text: target.text });
    }
    new Chart(canvas, {
      type: "bar",
      data: { labels: [canvas.dataset.label], datasets: datasets },
      options: {
        // The box around the canvas sets the height: with the default aspect ratio a narrow desktop card left
        // the bars no room at all once the legend and the axis were laid out.
        indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { min: 0, max: Math.max(100, value || 0), ticks: { callback: axis } }, y: { display: false } },
        plugins: {
          legend: { display: true, position: "bottom" },
          tooltip: { callbacks: { label: function (c) { return c.dataset.text; } } }
        }
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
          return { label: s.label, data: s.values, texts: s.texts, borderColor: palette[i % palette.length],
                   backgroundColor: palette[i % palette.length], spanGaps: true, tension: 0.2 };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { min: 0, max: 100, ticks: { callback: axis } } },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + c.dataset.texts[c.dataIndex]; } } }
        }
      }
    });
  }
})();
