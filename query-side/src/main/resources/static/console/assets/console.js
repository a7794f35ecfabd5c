// Tally console: the little JavaScript the pages need. No inline scripts (the pages' CSP forbids them).
(function () {
  "use strict";

  // An order's live timeline: the same Server-Sent Events the API's /updates stream sends.
  function timeline(section) {
    var list = section.querySelector(".timeline");
    var statusCell = document.getElementById("order-status");
    var versionCell = document.getElementById("order-version");
    var live = section.querySelector(".live");
    var last = Number(section.getAttribute("data-version"));
    var source = new EventSource(section.getAttribute("data-updates"));
    source.onopen = function () { live.textContent = "live"; live.className = "live status ok"; };
    source.onerror = function () { live.textContent = "reconnecting"; live.className = "live status warn"; };
    // the stream names its events "order", as the API's does
    source.addEventListener("order", function (message) {
      var order;
      try { order = JSON.parse(message.data); } catch (e) { return; }
      if (typeof order.version !== "number" || order.version <= last) { return; }
      last = order.version;
      var item = document.createElement("li");
      var when = document.createElement("time");
      when.textContent = (order.updatedAt || "").replace("T", " ").replace(/(\.\d+)?Z$/, " UTC");
      var what = document.createElement("span");
      what.className = "status " + order.status;
      what.textContent = order.status;
      item.appendChild(when);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(what);
      item.appendChild(document.createTextNode(" version " + order.version
          + (order.paymentStatus ? ", payment " + order.paymentStatus : "")
          + (order.reason ? " (" + order.reason + ")" : "")));
      list.appendChild(item);
      statusCell.textContent = order.status;
      statusCell.className = "status " + order.status;
      versionCell.textContent = String(order.version);
      if (order.status === "SHIPPED" || order.status === "REJECTED" || order.status === "CANCELLED") {
        // the order changes no more; the stream ends here
        source.close();
        live.textContent = "final";
        live.className = "live status";
      }
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  // Revenue as a chart (ECharts from its webjar); the numbers come from a JSON block on the page.
  function chart(element) {
    if (typeof echarts === "undefined") { return; }
    var data = JSON.parse(document.getElementById("chart-data").textContent);
    var plot = echarts.init(element);
    plot.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 36, bottom: 30 },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", name: "net revenue" },
      series: data.series.map(function (s) { return { name: s.name, type: "bar", data: s.data }; })
    });
    window.addEventListener("resize", function () { plot.resize(); });
    element.setAttribute("data-drawn", "true");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.querySelector("[data-updates]");
    if (section) { timeline(section); }
    var plot = document.getElementById("chart");
    if (plot) { chart(plot); }
  });
})();
