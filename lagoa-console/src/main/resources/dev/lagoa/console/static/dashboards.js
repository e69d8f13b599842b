// Draws the charts of a dashboard page (/dashboards/...) with ECharts from the page's JSON (data-src): one chart per
// container <div class="chart" data-chart="<id>">, numbers in the page's language; data-drawn="true" once drawn.
(function () {
  'use strict';
  var root = document.querySelector('[data-dashboard][data-src]');
  if (!root) {
    return;
  }
  var containers = Array.prototype.slice.call(root.querySelectorAll('.chart[data-chart]'));
  var lang = document.documentElement.lang || 'en';
  var POSITIVE = '#1b7f3b';
  var NEGATIVE = '#b42318';
  var PALETTE = ['#0b6e99', '#f0b429', '#1b7f3b', '#b42318', '#6b4fbb', '#5b6775', '#d9730d', '#0f9d9a'];
  var numberFormats = {};

  function fail(message) {
    containers.forEach(function (container) {
      container.textContent = root.getAttribute('data-error') + ' (' + message + ')';
    });
  }

  if (typeof echarts === 'undefined') {
    fail('ECharts');
    return;
  }

  // How a column's numbers read: its decimals, its unit, a sign before positive values (the JSON's column format).
  // On an axis, round ticks lose their zeros (3%, not 3,000%).
  function formatter(format, axis) {
    if (!format) {
      return function (value) {
        return value === null || value === undefined ? '—' : String(value);
      };
    }
    var key = format.decimals + '|' + format.signed + '|' + Boolean(axis);
    if (!numberFormats[key]) {
      numberFormats[key] = new Intl.NumberFormat(lang, {
        minimumFractionDigits: axis ? 0 : format.decimals,
        maximumFractionDigits: format.decimals,
        signDisplay: format.signed ? 'exceptZero' : 'auto'
      });
    }
    var numbers = numberFormats[key];
    return function (value) {
      if (value === null || value === undefined || value === '' || isNaN(Number(value))) {
        return '—';
      }
      return numbers.format(Number(value)) + format.suffix;
    };
  }

  function column(chart, name) {
    for (var i = 0; i < chart.columns.length; i++) {
      if (chart.columns[i].name === name) {
        return i;
      }
    }
    throw new Error('no column ' + name + ' in ' + chart.id);
  }

  function number(value) {
    return value === null || value === undefined ? null : Number(value);
  }

  function unique(values) {
    var seen = {};
    return values.filter(function (value) {
      var key = String(value);
      if (seen.hasOwnProperty(key)) {
        return false;
      }
      seen[key] = true;
      return true;
    });
  }

  function treemap(chart) {
    var group = column(chart, chart.category);
    var leaf = column(chart, chart.series);
    var value = column(chart, chart.values[0]);
    var format = formatter(chart.columns[value].format);
    var groups = {};
    var order = [];
    chart.rows.forEach(function (row) {
      var name = String(row[group]);
      if (!groups.hasOwnProperty(name)) {
        groups[name] = {name: name, children: []};
        order.push(name);
      }
      groups[name].children.push({name: String(row[leaf]), value: number(row[value])});
    });
    return {
      color: PALETTE,
      tooltip: {valueFormatter: format},
      series: [{
        type: 'treemap',
        name: chart.title,
        top: 8, left: 4, right: 4, bottom: 36,
        roam: false,
        nodeClick: 'zoomToNode',
        breadcrumb: {show: true},
        leafDepth: 2,
        label: {formatter: function (params) { return params.name + '\n' + format(params.value); }},
        levels: [
          {itemStyle: {borderWidth: 0, gapWidth: 3}, upperLabel: {show: false}},
          {itemStyle: {borderColor: '#fff', borderWidth: 3, gapWidth: 1},
            upperLabel: {show: true, height: 20, color: '#fff', textBorderColor: 'rgba(0, 0, 0, 0.5)', textBorderWidth: 2,
              formatter: function (params) { return params.name + ' · ' + format(params.value); }}},
          {colorSaturation: [0.35, 0.6], itemStyle: {borderColorSaturation: 0.7, gapWidth: 1, borderWidth: 1}}
        ],
        data: order.map(function (name) { return groups[name]; })
      }]
    };
  }

  function cartesian(chart, type) {
    var x = column(chart, chart.category);
    var categories = unique(chart.rows.map(function (row) { return row[x]; }));
    var first = column(chart, chart.values[0]);
    var format = formatter(chart.columns[first].format);
    var series;
    if (chart.series) {
      // one series per value of the series column, aligned on the categories
      var by = column(chart, chart.series);
      var names = unique(chart.rows.map(function (row) { return row[by]; }));
      series = names.map(function (name) {
        var values = {};
        chart.rows.forEach(function (row) {
          if (row[by] === name) {
            values[String(row[x])] = number(row[first]);
          }
        });
        return {
          name: String(name), type: type, stack: type === 'bar' ? 'total' : undefined, showSymbol: categories.length <= 40,
          data: categories.map(function (category) {
            return values.hasOwnProperty(String(category)) ? values[String(category)] : null;
          })
        };
      });
    } else {
      var signed = chart.columns[first].format && chart.columns[first].format.signed;
      series = chart.values.map(function (name) {
        var index = column(chart, name);
        var one = {
          name: name, type: type, showSymbol: categories.length <= 40,
          data: chart.rows.map(function (row) { return number(row[index]); })
        };
        if (type === 'bar' && signed) {
          one.itemStyle = {color: function (params) { return params.value < 0 ? NEGATIVE : POSITIVE; }};
        }
        return one;
      });
    }
    return {
      color: PALETTE,
      tooltip: {trigger: 'axis', valueFormatter: format},
      legend: {show: series.length > 1, top: 0, type: 'scroll'},
      grid: {left: 8, right: 16, top: series.length > 1 ? 32 : 16, bottom: 8, containLabel: true},
      xAxis: {type: 'category', data: categories.map(String), axisLabel: {hideOverlap: true}},
      yAxis: {type: 'value', scale: type === 'line', axisLabel: {formatter: formatter(chart.columns[first].format, true)}},
      series: series
    };
  }

  function option(chart) {
    switch (chart.kind) {
      case 'treemap':
        return treemap(chart);
      case 'bar':
      case 'line':
        return cartesian(chart, chart.kind);
      default:
        return null;
    }
  }

  fetch(root.getAttribute('data-src'), {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
    .then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    })
    .then(function (dashboard) {
      var byId = {};
      dashboard.charts.forEach(function (chart) {
        byId[chart.id] = chart;
      });
      var drawn = [];
      containers.forEach(function (container) {
        var chart = byId[container.getAttribute('data-chart')];
        if (!chart || !chart.rows.length) {
          return;
        }
        try {
          var settings = option(chart);
          if (!settings) {
            return;
          }
          // drawn at once, without animation: the numbers are right as soon as the chart shows (and for screenshots)
          settings.animation = false;
          var instance = echarts.init(container);
          instance.setOption(settings);
          drawn.push(instance);
          container.setAttribute('data-drawn', 'true');
        } catch (error) {
          container.textContent = root.getAttribute('data-error') + ' (' + error.message + ')';
        }
      });
      window.addEventListener('resize', function () {
        drawn.forEach(function (instance) {
          instance.resize();
        });
      });
    })
    .catch(function (error) {
      fail(error.message);
    });
})();
