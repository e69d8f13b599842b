// Draws the lineage graph of /lineage/<dataset> from its JSON (data-src); each node leads to its own lineage page.
(function () {
  'use strict';
  var container = document.getElementById('graph');
  if (!container || typeof cytoscape !== 'function') {
    return;
  }
  fetch(container.getAttribute('data-src'), {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
    .then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    })
    .then(function (graph) {
      var elements = graph.nodes.map(function (node) {
        // a zero-width space after each underscore lets long table names wrap under their node
        return {data: {id: node.id, label: node.label.replace(/_/g, '_\u200b'), href: node.href, side: node.side}};
      }).concat(graph.edges.map(function (edge, index) {
        return {data: {id: 'e' + index, source: edge.source, target: edge.target, jobs: edge.jobs}};
      }));
      var cy = cytoscape({
        container: container,
        elements: elements,
        layout: {name: 'breadthfirst', directed: true, spacingFactor: 1.1, padding: 20},
        style: [
          {selector: 'node', style: {'label': 'data(label)', 'font-size': 11, 'text-wrap': 'wrap', 'text-max-width': 90,
            'text-valign': 'bottom', 'text-margin-y': 4, 'background-color': '#0b6e99', 'width': 18, 'height': 18}},
          {selector: 'node[side = "root"]', style: {'background-color': '#f0b429', 'width': 26, 'height': 26, 'font-weight': 'bold'}},
          {selector: 'node[side = "downstream"]', style: {'background-color': '#1b7f3b'}},
          {selector: 'edge', style: {'width': 1.5, 'line-color': '#8a96a3', 'target-arrow-color': '#8a96a3', 'target-arrow-shape': 'triangle',
            'curve-style': 'bezier'}}
        ]
      });
      cy.on('tap', 'node', function (event) {
        var href = event.target.data('href');
        if (href) {
          window.location.assign(href);
        }
      });
      container.setAttribute('data-drawn', String(graph.nodes.length));
    })
    .catch(function (error) {
      container.textContent = 'The graph could not be drawn (' + error.message + '); the lists beside it hold the same datasets.';
    });
})();
