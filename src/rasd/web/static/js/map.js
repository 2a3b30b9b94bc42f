// Events on the Natural Earth base map shipped with rasd (no tiles, nothing from the network).
// Points come from the page's <script type="application/json" id="map-data"> block; popups are
// built with DOM text nodes, never HTML strings, so article words stay text.
(function () {
  "use strict";
  var box = document.getElementById("map") || document.getElementById("entity-map");
  var source = document.getElementById("map-data");
  if (!box || !source || typeof L === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var map = L.map(box, { attributionControl: true, zoomSnap: 0.5 }).setView([20, 5], 4);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth");

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  fetch("/basemap.geojson").then(function (r) { return r.json(); }).then(function (countries) {
    L.geoJSON(countries, {
      style: { color: "#7f8c8d", weight: 1, fillColor: "#f4f1e8", fillOpacity: 1 },
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(feature.properties.name_ar || feature.properties.name_en, { sticky: true });
      }
    }).addTo(map).bringToBack();
  });

  var points = [];
  data.events.forEach(function (ev) {
    if (!ev.geo) { return; }
    var colour = data.colours[ev.acled || ""] || data.colours[""] || "#566573";
    var marker = L.circleMarker([ev.geo.lat, ev.geo.lon], {
      radius: 7, color: "#ffffff", weight: 1, fillColor: colour, fillOpacity: 0.85
    });
    var popup = el("div", null, { dir: "rtl", "class": "popup" });
    popup.appendChild(el("a", ev.type + (ev.when ? " · " + ev.when : ""), { href: "/events/" + ev.id }));
    if (ev.location_name) { popup.appendChild(el("div", ev.location_name)); }
    if (ev.acled) { popup.appendChild(el("div", ev.acled, { lang: "en" })); }
    popup.appendChild(el("a", "المقال والدليل", {
      href: "/articles/" + ev.doc_id + "?hl=" + ev.evidence.start + "-" + ev.evidence.end + "#hl"
    }));
    marker.bindPopup(popup);
    marker.addTo(map);
    points.push([ev.geo.lat, ev.geo.lon]);
  });
  if (points.length) { map.fitBounds(points, { padding: [40, 40], maxZoom: 6 }); }
  box.dataset.points = String(points.length);
  box.dataset.ready = "1";
})();
