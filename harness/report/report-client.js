// Browser side of the report: reads the inline chart specs (JSON) and draws each with the inlined uPlot; no network.
(function () {
  'use strict';
  var specs = JSON.parse(document.getElementById('report-data').textContent).charts;

  function fmtMs(v) {
    if (v == null) return '';
    if (v === 0) return '0';
    if (v >= 1000) return (v / 1000).toPrecision(3) + ' s';
    if (v >= 1) return +v.toPrecision(3) + ' ms';
    return +(v * 1000).toPrecision(3) + ' µs';
  }
  function fmtPercentile(x) {
    if (x == null) return '';
    var p = 100 * (1 - 1 / x);
    if (p <= 0) return '0%';
    var digits = Math.max(0, Math.ceil(Math.log10(x)) - 2);
    return p.toFixed(digits) + '%';
  }
  function fmtRate(v) {
    if (v == null) return '';
    return v >= 10000 ? (v / 1000).toFixed(0) + 'k' : v >= 1000 ? (v / 1000).toFixed(1) + 'k' : String(+v.toPrecision(3));
  }
  function fmtNum(v) {
    return v == null ? '' : String(+v.toPrecision(3));
  }
  function formatter(kind, spec) {
    if (kind === 'ms') return fmtMs;
    if (kind === 'percentile') return fmtPercentile;
    if (kind === 'rate') return fmtRate;
    if (kind === 'seconds') return function (v) { return v == null ? '' : v + ' s'; };
    if (kind === 'labels') return function (v) { return v == null ? '' : (spec.xLabels[Math.round(v)] || ''); };
    return fmtNum;
  }

  function drawMarkers(u, markers) {
    if (!markers || markers.length === 0) return;
    var ctx = u.ctx;
    var dpr = window.devicePixelRatio || 1;
    ctx.save();
    ctx.font = (11 * dpr) + 'px sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    var vertical = 0;
    markers.forEach(function (m) {
      ctx.strokeStyle = m.color || '#666';
      ctx.fillStyle = m.color || '#666';
      ctx.lineWidth = 1.5 * dpr;
      ctx.setLineDash([6 * dpr, 4 * dpr]);
      ctx.beginPath();
      if (m.x != null) {
        var x = u.valToPos(m.x, 'x', true);
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        // Stagger the labels of neighbouring vertical markers so they stay readable.
        ctx.fillText(m.label, x + 3 * dpr, u.bbox.top + (12 + 13 * (vertical++ % 4)) * dpr);
      } else if (m.y != null) {
        var y = u.valToPos(m.y, 'y', true);
        if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
        ctx.moveTo(u.bbox.left, y);
        ctx.lineTo(u.bbox.left + u.bbox.width, y);
        ctx.stroke();
        ctx.fillText(m.label, u.bbox.left + 4 * dpr, y - 4 * dpr);
      }
    });
    ctx.restore();
  }

  // Value labels on top of bars, so small bars next to tall ones still read.
  function drawBarValues(u, spec, fy) {
    var ctx = u.ctx;
    var dpr = window.devicePixelRatio || 1;
    ctx.save();
    ctx.font = 'bold ' + (11 * dpr) + 'px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillStyle = '#333';
    spec.series.forEach(function (s, si) {
      if (!s.bars) return;
      var ys = u.data[si + 1];
      for (var i = 0; i < ys.length; i++) {
        if (ys[i] == null) continue;
        var x = u.valToPos(u.data[0][i], 'x', true);
        var y = u.valToPos(ys[i], 'y', true);
        ctx.fillText(fy(ys[i]), x, Math.max(u.bbox.top + 12 * dpr, y - 3 * dpr));
      }
    });
    ctx.restore();
  }

  // Ticks of a log axis: 1-2-5 steps, or decades only when that would crowd the axis.
  function logSplits(u, axisIdx, min, max) {
    if (!(min > 0) || !(max > 0)) return [];
    var out = [];
    var lo = Math.floor(Math.log10(min));
    var hi = Math.ceil(Math.log10(max));
    var steps = hi - lo <= 3 ? [1, 2, 5] : [1];
    for (var e = lo; e <= hi; e++) {
      steps.forEach(function (m) {
        var v = m * Math.pow(10, e);
        if (v >= min * 0.999 && v <= max * 1.001) out.push(+v.toPrecision(3));
      });
    }
    return out;
  }

  function build(spec) {
    var el = document.getElementById(spec.id);
    if (!el) return;
    var fx = formatter(spec.xFormat, spec);
    var fy = formatter(spec.yFormat, spec);
    var categorical = spec.xFormat === 'labels';
    var anyBars = spec.series.some(function (s) { return s.bars; });
    var series = [{ label: spec.xLabel, value: function (u, v) { return fx(v); } }];
    spec.series.forEach(function (s) {
      var cfg = {
        label: s.label,
        stroke: s.color,
        width: s.width || (s.pointsOnly ? 0 : 2),
        spanGaps: true,
        value: function (u, v) { return fy(v); },
        points: { show: !!(s.points || s.pointsOnly), size: s.pointsOnly ? 9 : 6, fill: s.color, stroke: s.color },
      };
      if (s.dash) cfg.dash = [8, 5];
      if (s.pointsOnly) cfg.paths = function () { return null; };
      if (s.bars) {
        cfg.paths = uPlot.paths.bars({ size: [0.6, 90] });
        cfg.fill = s.color + 'b0';
        cfg.points = { show: false };
      }
      series.push(cfg);
    });
    var n = spec.data[0].length;
    var xScale = { time: false };
    if (spec.xLog) { xScale.distr = 3; xScale.log = 10; }
    if (categorical) xScale.range = [-0.5, n - 0.5];
    if (spec.xFormat === 'percentile') xScale.range = [1, 100000];
    var yScale = {};
    if (spec.yLog) {
      yScale.distr = 3;
      yScale.log = 10;
      // Bars grow from the bottom of the scale: leave a decade below the smallest so it still shows.
      if (anyBars) yScale.range = function (u, min, max) {
        return [Math.pow(10, Math.floor(Math.log10(min / 3))), Math.pow(10, Math.ceil(Math.log10(max * 1.5)))];
      };
    } else yScale.range = function (u, min, max) { return [0, max > 0 ? max * 1.15 : 1]; };
    var xAxis = { label: spec.xLabel, values: function (u, splits) { return splits.map(fx); }, stroke: '#333', grid: { stroke: '#eee' } };
    if (categorical) {
      xAxis.splits = function () { return spec.xLabels.map(function (_, i) { return i; }); };
      xAxis.grid = { show: false };
      // Long category names ("stage 3 ×4 apps") overlap their neighbours: their variant goes on a second line.
      if (spec.xLabels.some(function (l) { return / ×/.test(l || ''); })) {
        xAxis.values = function (u, splits) { return splits.map(function (v) { return fx(v).replace(' ×', '\n×'); }); };
        xAxis.size = 62;
      }
    }
    if (spec.xFormat === 'percentile') xAxis.splits = function () { return [1, 10, 100, 1000, 10000, 100000]; };
    var yAxis = { label: spec.yLabel, values: function (u, splits) { return splits.map(fy); }, size: 64, stroke: '#333', grid: { stroke: '#eee' } };
    if (spec.yLog) yAxis.splits = logSplits;
    if (spec.xLog && spec.xFormat !== 'percentile') xAxis.splits = logSplits;
    var opts = {
      width: Math.max(320, el.clientWidth || 600),
      height: spec.height || 300,
      padding: [14, 34, 0, 0],
      scales: { x: xScale, y: yScale },
      series: series,
      axes: [xAxis, yAxis],
      legend: { live: false },
      cursor: { drag: { x: !categorical, y: false } },
      hooks: { draw: [function (u) { drawMarkers(u, spec.markers); if (anyBars) drawBarValues(u, spec, fy); }] },
    };
    var plot = new uPlot(opts, spec.data, el);
    el.setAttribute('data-drawn', 'true');
    return plot;
  }

  var plots = [];
  specs.forEach(function (spec) {
    try {
      var p = build(spec);
      if (p) plots.push({ plot: p, el: document.getElementById(spec.id) });
    } catch (e) {
      console.error('chart ' + spec.id + ': ' + (e && e.message));
      throw e;
    }
  });
  window.addEventListener('resize', function () {
    plots.forEach(function (p) { p.plot.setSize({ width: Math.max(320, p.el.clientWidth), height: p.plot.height }); });
  });
  document.body.setAttribute('data-charts-ready', String(plots.length));
})();
