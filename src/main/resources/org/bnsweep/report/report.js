// Draws the report's interactive figures with Apache ECharts from the JSON the page carries
// (script#report-data). Each div.chart names its figure in data-chart. Every chart is kept in
// window.reportCharts by that name, so that a test (or a reader's console) can reach it.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var byId = {};
  data.trials.forEach(function (t) { byId[t.id] = t; });
  var BEST = '#d62728';
  window.reportCharts = {};

  function esc(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  /** A trial's id, stage, swept parameters and accuracies, as tooltip HTML. */
  function trialTip(id) {
    var t = byId[id];
    if (!t) { return 'trial ' + esc(id); }
    var lines = ['<b>trial ' + esc(t.id) + '</b> (stage ' + esc(t.stage) + ')'];
    Object.keys(t.params).forEach(function (k) { lines.push(esc(k) + ': ' + esc(t.params[k])); });
    lines.push('validation accuracy: ' + esc(t.val), 'test accuracy: ' + esc(t.test));
    return lines.join('<br>');
  }

  /** Rounded tick labels: at most four significant digits, no float noise. */
  function tick(v) {
    return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3)
      ? Number(v).toExponential(1) : String(Number(Number(v).toPrecision(4)));
  }

  /** Log axes: powers of ten as 1e-4. */
  function logTick(v) {
    return Number(v).toExponential(0).replace('e+', 'e');
  }

  var zoom = [{ type: 'inside', filterMode: 'none' }, { type: 'slider', height: 18, bottom: 4 }];
  var toolbox = { right: 10, feature: { dataZoom: { title: { zoom: 'zoom', back: 'back' } },
    restore: { title: 'reset' } } };

  var builders = {
    parallel: function (el, d) {
      var chart = echarts.init(el);
      var axes = d.axes.map(function (a, i) {
        var axis = { dim: i, name: a.name, type: a.type, nameLocation: 'end',
          axisLabel: { formatter: a.type === 'category' ? null
            : a.type === 'log' ? logTick : tick } };
        if (a.data) { axis.data = a.data; }
        if (a.type !== 'category') { axis.scale = true; }
        return axis;
      });
      var lines = d.lines.map(function (values, i) {
        var best = d.ids[i] === d.best;
        return { value: values, name: d.ids[i],
          lineStyle: best ? { color: BEST, width: 3, opacity: 1 } : undefined };
      });
      chart.setOption({
        animation: false,
        tooltip: { trigger: 'item', confine: true,
          formatter: function (p) { return trialTip(p.name); } },
        parallel: { left: 50, right: 90, top: 50, bottom: 40,
          parallelAxisDefault: { nameGap: 14, nameTextStyle: { fontSize: 12 },
            areaSelectStyle: { width: 24 } } },
        parallelAxis: axes,
        visualMap: { type: 'continuous', dimension: axes.length - 1, orient: 'vertical',
          right: 5, top: 'middle', itemHeight: 160, calculable: false,
          min: Math.min.apply(null, d.lines.map(function (l) { return l[l.length - 1]; })),
          max: Math.max.apply(null, d.lines.map(function (l) { return l[l.length - 1]; })),
          text: ['val. acc. %', ''], formatter: tick,
          inRange: { color: ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'] } },
        series: [{ type: 'parallel', lineStyle: { width: 1.5, opacity: 0.8 },
          inactiveOpacity: 0.05, activeOpacity: 1, emphasis: { lineStyle: { width: 4 } },
          data: lines }]
      });
      chart.on('axisareaselected', function () { followBrush(chart, d.ids); });
      return chart;
    },

    lambda: function (el, d) {
      var chart = echarts.init(el);
      var palette = ['#1f77b4', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
      var series = d.series.map(function (s, i) {
        return { name: s.name, type: 'scatter', symbolSize: 10, data: s.points,
          itemStyle: { color: palette[i % palette.length] } };
      });
      series.push({ name: 'best: ' + d.best[2], type: 'scatter', symbolSize: 16, z: 3,
        data: [d.best], itemStyle: { color: 'rgba(0,0,0,0)', borderColor: BEST, borderWidth: 3 } });
      chart.setOption({
        animation: false, toolbox: toolbox, dataZoom: zoom,
        legend: { top: 36, type: 'scroll' },
        grid: { left: 60, right: 30, top: 80, bottom: 70 },
        tooltip: { trigger: 'item', confine: true,
          formatter: function (p) { return trialTip(p.value[2]); } },
        xAxis: { type: 'log', name: 'lambda (log scale)', nameLocation: 'middle', nameGap: 28,
          axisLabel: { formatter: logTick } },
        yAxis: { type: 'value', name: 'validation accuracy (%)', scale: true,
          axisLabel: { formatter: tick } },
        series: series
      });
      return chart;
    },

    curves: function (el, d) {
      var chart = echarts.init(el);
      chart.setOption({
        animation: false, toolbox: toolbox, dataZoom: zoom,
        legend: { top: 36 }, grid: { left: 60, right: 30, top: 80, bottom: 70 },
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? 'n/a' : tick(v); } },
        xAxis: { type: 'category', name: 'epoch', nameLocation: 'middle', nameGap: 28,
          data: d.epochs },
        yAxis: { type: 'value', name: d.unit, scale: true, axisLabel: { formatter: tick } },
        series: [
          { name: 'training', type: 'line', data: d.training, itemStyle: { color: '#1f77b4' } },
          { name: 'validation', type: 'line', data: d.validation, itemStyle: { color: '#ff7f0e' },
            lineStyle: { type: 'dashed' } }
        ]
      });
      return chart;
    },

    // The optimisation history of each compared sweep: best validation accuracy so far against
    // what the sweep had spent when each of its trials ended; a step up where a trial improved.
    history: function (el, d) {
      var chart = echarts.init(el);
      var palette = ['#1f77b4', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
      var series = d.series.map(function (s, i) {
        return { name: s.name, type: 'line', step: 'end', data: s.points, symbolSize: 5,
          itemStyle: { color: palette[i % palette.length] }, lineStyle: { width: 2.5 } };
      });
      chart.setOption({
        animation: false, toolbox: toolbox, dataZoom: zoom,
        legend: { top: 36, type: 'scroll' },
        grid: { left: 60, right: 30, top: 80, bottom: 70 },
        tooltip: { trigger: 'item', confine: true, formatter: function (p) {
          var v = p.value;
          return '<b>' + esc(p.seriesName) + '</b><br>best so far: ' + tick(v[1]) + ' %'
            + '<br>after trial ' + esc(v[2]) + ' ended<br>' + esc(d.x) + ': ' + tick(v[0]);
        } },
        xAxis: { type: 'value', name: d.x, nameLocation: 'middle', nameGap: 28, scale: true,
          axisLabel: { formatter: tick } },
        yAxis: { type: 'value', name: 'best validation accuracy (%)', scale: true,
          axisLabel: { formatter: tick } },
        series: series
      });
      return chart;
    },

    heatmap: function (el, d) {
      var chart = echarts.init(el);
      var values = d.cells.map(function (c) { return c[2]; });
      var top = Math.max.apply(null, values);
      // The best cell outlined in red, as in the PNG.
      var cells = d.cells.map(function (c) {
        return c[2] === top ? { value: c, itemStyle: { borderColor: BEST, borderWidth: 3 } }
          : { value: c };
      });
      chart.setOption({
        animation: false,
        grid: { left: 80, right: 30, top: 30, bottom: 110 },
        tooltip: { trigger: 'item', confine: true, formatter: function (p) {
          var c = p.value;
          return esc(d.x.name) + ' ' + esc(d.x.values[c[0]]) + ', ' + esc(d.y.name) + ' '
            + esc(d.y.values[c[1]]) + '<br>mean validation accuracy: ' + tick(c[2]) + ' %'
            + '<br>' + c[3] + ' trial(s): ' + esc(c[4]);
        } },
        xAxis: { type: 'category', data: d.x.values, name: d.x.name, nameLocation: 'middle',
          nameGap: 30, splitArea: { show: true } },
        yAxis: { type: 'category', data: d.y.values, name: d.y.name, splitArea: { show: true } },
        visualMap: { dimension: 2, min: Math.min.apply(null, values), max: top,
          calculable: true, orient: 'horizontal', left: 'center', bottom: 10, formatter: tick,
          inRange: { color: ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'] } },
        series: [{ type: 'heatmap', data: cells, label: { show: true, color: '#fff',
          textBorderColor: '#000', textBorderWidth: 2,
          formatter: function (p) { return tick(p.value[2]); } } }]
      });
      return chart;
    }
  };

  /** Shows only the rows of the trials table whose trials the parallel axes' brushes keep. */
  function followBrush(chart, ids) {
    var series = chart.getModel().getSeries()[0];
    var inactive = series.getRawIndicesByActiveState('inactive');
    var kept = {};
    var brushing = inactive.length > 0;
    series.getRawIndicesByActiveState('active').forEach(function (i) { kept[ids[i]] = true; });
    var shown = 0;
    var rows = document.querySelectorAll('tr[data-trial]');
    rows.forEach(function (r) {
      var keep = !brushing || kept[r.getAttribute('data-trial')] === true;
      r.classList.toggle('brushed-out', !keep);
      if (keep) { shown++; }
    });
    var note = document.getElementById('selection');
    if (note) {
      note.hidden = !brushing;
      note.textContent = brushing ? shown + ' of ' + rows.length + ' trials shown: those the'
        + ' brushes on the parallel coordinates keep (drag on an axis elsewhere to clear it)' : '';
    }
    window.reportSelection = brushing ? Object.keys(kept) : null;
  }

  document.querySelectorAll('div.chart').forEach(function (el) {
    var key = el.getAttribute('data-chart');
    var kind = key.indexOf('heatmap:') === 0 ? 'heatmap'
      : key.indexOf('history:') === 0 ? 'history'
      : (key === 'bestAccuracy' || key === 'bestLoss') ? 'curves' : key;
    window.reportCharts[key] = builders[kind](el, data.charts[key]);
  });
  window.addEventListener('resize', function () {
    Object.keys(window.reportCharts).forEach(function (k) { window.reportCharts[k].resize(); });
  });
})();
