// The neighbourhood graph (Cytoscape.js): data from /graph.json with the page's own query, nodes
// sized by mentions and coloured by type; clicking a node opens its page.
(function () {
  "use strict";
  var box = document.getElementById("graph");
  if (!box || typeof cytoscape === "undefined") { return; }
  var colours = { PER: "#2471a3", ORG: "#c0392b", LOC: "#1e8449" };
  fetch(box.dataset.src, { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var most = Math.max.apply(null, data.nodes.map(function (n) { return n.mentions; }).concat([1]));
      var elements = data.nodes.map(function (n) {
        return { data: { id: n.id, label: n.name, type: n.type, center: n.center,
                         size: 18 + 42 * Math.sqrt(n.mentions / most) } };
      }).concat(data.edges.map(function (e, i) {
        return { data: { id: "e" + i, source: e.source, target: e.target, label: e.type,
                         width: 1 + Math.min(6, e.reports) } };
      }));
      var cy = cytoscape({
        container: box,
        elements: elements,
        style: [
          { selector: "node", style: {
              "label": "data(label)", "width": "data(size)", "height": "data(size)",
              "background-color": function (n) { return colours[n.data("type")] || "#566573"; },
              "font-family": "Noto Naskh Arabic, Noto Sans Arabic, Amiri, Tahoma, sans-serif",
              "font-size": 13, "text-valign": "bottom", "text-margin-y": 4, "color": "#1b2631",
              "text-background-color": "#ffffff", "text-background-opacity": 0.7 } },
          { selector: "node[?center]", style: { "border-width": 4, "border-color": "#f1c40f" } },
          { selector: "edge", style: {
              "label": "data(label)", "width": "data(width)", "curve-style": "bezier",
              "target-arrow-shape": "triangle", "line-color": "#aab7b8", "target-arrow-color": "#aab7b8",
              "font-size": 10, "color": "#5d6d7e", "text-rotation": "autorotate" } }
        ],
        layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 110 }
      });
      cy.on("tap", "node", function (evt) {
        window.location.href = "/entities/" + encodeURIComponent(evt.target.id()).replace(/%3A/g, ":");
      });
      box.dataset.ready = "1";
    });
})();
