/* NPMS dashboards: colour the neighbourhood map (django-leaflet) by the chosen metric.
   Every colour is repeated as a word in the pop-up, and the figures are in the page's tables. */
(function () {
  "use strict";
  var COLOURS = { green: "#00703c", amber: "#ffdd00", red: "#d4351c" };
  var WORDS = { green: "Green", amber: "Amber", red: "Red" };

  function describe(props, metric) {
    var fig = props[metric];
    var rating = props.rag[metric];
    var word = rating ? WORDS[rating] : "Not rated";
    var text = "";
    if (fig) {
      if (metric === "priority_ageing") text = fig.open + " open, " + fig.review_overdue + " past review";
      else if (metric === "meeting_cadence") text = fig.days_since_last === null ? "no PACT meeting yet" : fig.days_since_last + " days since the last PACT meeting";
      else if (metric === "contact_responsiveness") text = fig.rate === null ? "no contacts due" : Math.round(fig.rate * 100) + "% answered in time";
      else if (metric === "named_officer_coverage") text = fig.covered ? "has a named officer" : "no named officer";
    }
    return word + (text ? ": " + text : "");
  }

  window.npmsDashboardMap = function (map) {
    var wrapper = document.getElementById("npms-map-wrapper");
    var select = document.getElementById("map-metric");
    if (!wrapper || !select) return;
    var layer = null;
    fetch(wrapper.getAttribute("data-geojson-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        function draw() {
          var metric = select.value;
          if (layer) map.removeLayer(layer);
          layer = L.geoJSON(data, {
            style: function (feature) {
              var rating = feature.properties.rag[metric];
              return { color: "#0b0c0c", weight: 1, fillOpacity: 0.55, fillColor: COLOURS[rating] || "#b1b4b6" };
            },
            onEachFeature: function (feature, l) {
              var p = feature.properties;
              l.bindPopup("<strong>" + p.name.replace(/</g, "&lt;") + "</strong><br>" + describe(p, metric));
              l.bindTooltip(p.name.replace(/</g, "&lt;") + " – " + describe(p, metric));
            }
          }).addTo(map);
          if (data.features.length) map.fitBounds(layer.getBounds());
        }
        select.addEventListener("change", draw);
        draw();
      });
  };
})();
