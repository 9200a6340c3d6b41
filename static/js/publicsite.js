/* Maps of the public neighbourhood pages (django-leaflet calls these as map callbacks). */
(function () {
  "use strict";

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  // The neighbourhood page: draw the boundary and zoom to it.
  window.npmsNeighbourhoodMap = function (map) {
    var data = readJSON("map-data");
    if (!data) { return; }
    if (data.boundary) {
      var layer = L.geoJSON(data.boundary, { style: { color: "#1d70b8", weight: 3, fillOpacity: 0.1 } });
      layer.addTo(map);
      map.fitBounds(layer.getBounds());
    } else if (data.centre) {
      map.setView(data.centre, 14);
    }
  };

  // The search page: a click on the map searches for the neighbourhood at that point.
  window.npmsSearchMap = function (map) {
    var outlines = readJSON("search-outlines");
    if (outlines && outlines.features.length) {
      var layer = L.geoJSON(outlines, {
        style: { color: "#1d70b8", weight: 1, fillOpacity: 0.1 },
        onEachFeature: function (feature, l) {
          l.bindTooltip(feature.properties.name);
          l.on("click", function (event) {
            L.DomEvent.stopPropagation(event);
            window.location.href = feature.properties.url;
          });
        }
      });
      layer.addTo(map);
      map.fitBounds(layer.getBounds());
    }
    map.on("click", function (event) {
      var form = document.getElementById("search-form");
      var input = document.getElementById("q");
      if (!form || !input) { return; }
      input.value = event.latlng.lat.toFixed(6) + "," + event.latlng.lng.toFixed(6);
      form.submit();
    });
  };
})();
