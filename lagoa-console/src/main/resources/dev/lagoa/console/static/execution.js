// Draws the states of an execution's state machine (/runs/<id>) from its JSON (data-src): each state coloured by what the
// history says happened to it, the failing state in red with a thick border, the transitions taken drawn thick and dark.
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
    .then(function (execution) {
      var graph = execution.graph;
      var elements = graph.nodes.map(function (node) {
        return {
          data: {id: node.id, label: node.id + '\n' + node.type, outcome: node.outcome},
          classes: [node.outcome, node.failing ? 'failing' : '', node.start ? 'start' : ''].join(' ').trim()
        };
      }).concat(graph.edges.map(function (edge, index) {
        return {data: {id: 'e' + index, source: edge.source, target: edge.target, label: edge.kind === 'next' ? '' : edge.label},
          classes: edge.kind + (edge.taken ? ' taken' : '')};
      }));
      var cy = cytoscape({
        container: container,
        elements: elements,
        style: [
          {selector: 'node', style: {'label': 'data(label)', 'font-size': 11, 'text-wrap': 'wrap', 'text-max-width': 150,
            'text-valign': 'bottom', 'text-margin-y': 4, 'shape': 'round-rectangle', 'width': 26, 'height': 18,
            'background-color': '#c5ccd3', 'border-width': 1, 'border-color': '#8a96a3'}},
          {selector: 'node.succeeded', style: {'background-color': '#1b7f3b', 'border-color': '#1b7f3b'}},
          {selector: 'node.caught', style: {'background-color': '#e8a33d', 'border-color': '#9a6700'}},
          {selector: 'node.entered', style: {'background-color': '#f0b429', 'border-color': '#9a6700'}},
          {selector: 'node.failed', style: {'background-color': '#b42318', 'border-color': '#b42318'}},
          {selector: 'node.failing', style: {'background-color': '#b42318', 'border-width': 4, 'border-color': '#7a1209', 'font-weight': 'bold', 'color': '#b42318',
            'width': 34, 'height': 24}},
          {selector: 'node.start', style: {'shape': 'ellipse'}},
          {selector: 'edge', style: {'width': 1.5, 'line-color': '#8a96a3', 'target-arrow-color': '#8a96a3', 'target-arrow-shape': 'triangle',
            'curve-style': 'bezier', 'label': 'data(label)', 'font-size': 9, 'color': '#5b6775', 'text-rotation': 'autorotate',
            'text-background-color': '#f6f8fa', 'text-background-opacity': 1}},
          {selector: 'edge.catch', style: {'line-style': 'dashed', 'line-color': '#b42318', 'target-arrow-color': '#b42318'}},
          {selector: 'edge.branch', style: {'line-style': 'dotted'}},
          {selector: 'edge.taken', style: {'width': 3, 'line-color': '#1d2733', 'target-arrow-color': '#1d2733'}},
          {selector: 'edge.catch.taken', style: {'line-color': '#b42318', 'target-arrow-color': '#b42318'}}
        ]
      });
      var start = graph.start_at ? cy.getElementById(graph.start_at) : cy.collection();
      cy.layout({name: 'breadthfirst', directed: true, roots: start.nonempty() ? start : undefined, spacingFactor: 1.15, padding: 20}).run();
      container.setAttribute('data-drawn', String(graph.nodes.length));
    })
    .catch(function (error) {
      container.textContent = 'The graph could not be drawn (' + error.message + '); the list beside it holds the same states.';
    });
})();
