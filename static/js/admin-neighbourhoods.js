// The admin's map of the neighbourhoods listed (templates/admin/teams/neighbourhood/
// change_list.html): a file, not an inline script, for the content security policy.
window.npmsNeighbourhoodMap = function (map) {
  var data = JSON.parse(document.getElementById("neighbourhood-boundaries").textContent);
  var layer = L.geoJSON(data, {
    style: {color: "#1d70b8", weight: 1, fillOpacity: 0.25},
    onEachFeature: function (feature, l) { l.bindTooltip(feature.properties.name); }
  }).addTo(map);
  if (layer.getLayers().length) { map.fitBounds(layer.getBounds()); }
};
