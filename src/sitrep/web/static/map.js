// The workspace map: country outlines from the packaged boundaries (no tile server), the
// filtered incidents by event type, and who held each place on the day shown.
// Report text is put in popups with textContent only, so hostile markup stays text.
"use strict";

(function () {
  const COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e08214",
    "Violence against civilians": "#7b3294",
    "Protests": "#2c7bb6",
    "Riots": "#1a9850",
    "Strategic developments": "#4d4d4d",
  };

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function incidentPopup(p) {
    const box = element("div");
    const title = element("a", p.sub_event_type + " in " + p.location + ", " + p.date);
    title.href = "/incidents/" + encodeURIComponent(p.id);
    box.appendChild(title);
    box.appendChild(element("p", p.summary));
    const toll = [];
    if (p.killed) toll.push(p.killed.best + " killed");
    if (p.wounded) toll.push(p.wounded.best + " wounded");
    if (toll.length) box.appendChild(element("p", toll.join(", ")));
    return box;
  }

  function controlPopup(c) {
    const box = element("div");
    box.appendChild(element("strong", c.place));
    box.appendChild(element("p", "Held by " + (c.taken_by || "unidentified forces") + " since " + c.date));
    box.appendChild(element("p", (c.sources || []).join(", ")));
    return box;
  }

  async function json(url) {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(url + ": " + response.status);
    return response.json();
  }

  async function draw() {
    const holder = document.getElementById("map");
    const status = document.getElementById("map-status");
    if (!holder || typeof L === "undefined") return;
    const map = L.map(holder, { worldCopyJump: true, preferCanvas: true, zoomAnimation: false }).setView([33.5, 40], 5);
    try {
      const outlines = await json(holder.dataset.boundaries);
      L.geoJSON(outlines, {
        style: { color: "#555", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
        interactive: false,
      }).addTo(map);
      const incidents = await json(holder.dataset.incidents);
      incidents.features = incidents.features.filter(function (f) { return f.geometry; });
      const layer = L.geoJSON(incidents, {
        pointToLayer: function (feature, at) {
          const p = feature.properties;
          const killed = p.killed ? p.killed.best : 0;
          return L.circleMarker(at, {
            radius: 4 + Math.sqrt(killed) * 2,
            color: "#222",
            weight: 0.6,
            fillColor: COLOURS[p.event_type] || "#000",
            fillOpacity: 0.8,
          });
        },
        onEachFeature: function (feature, marker) {
          marker.bindPopup(incidentPopup(feature.properties));
        },
      }).addTo(map);
      const control = await json(holder.dataset.control);
      for (const c of control.held) {
        if (c.latitude === null || c.longitude === null) continue;
        L.marker([c.latitude, c.longitude], {
          icon: L.divIcon({
            className: "control-square",
            html: "",
            iconSize: [12, 12],
          }),
        })
          .on("add", function (event) {
            event.target.getElement().style.background = c.colour || "#000";
            event.target.getElement().style.border = "1px solid #000";
          })
          .bindPopup(controlPopup(c))
          .addTo(map);
      }
      const count = incidents.features.length;
      status.textContent = " " + count + " incident" + (count === 1 ? "" : "s") + ", " + control.held.length + " places held.";
      map.invalidateSize({ animate: false });
      if (count) map.fitBounds(layer.getBounds(), { maxZoom: 8, padding: [20, 20], animate: false });
    } catch (error) {
      status.textContent = " Could not load the map data: " + error.message;
    }
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
