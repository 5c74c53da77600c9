"""The bulletin's maps and charts, drawn offline with matplotlib.

Boundaries come from ``data/boundaries.geojson``, built from Natural Earth (public domain) by
``scripts/build_boundaries.py``: countries at 1:50m everywhere, provinces at 1:10m for the
countries the theatres cover. Nothing is fetched: no tiles, no web fonts.

Each drawing returns a :class:`Graphic` holding PNG bytes with its caption and source line, as the
seed prints them under every map ("(Nors Studies, November 2, 2017)").
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from importlib.resources import files
from typing import Any

from matplotlib import patheffects
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure as Canvas
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from shapely.geometry import MultiPolygon, Polygon, box, shape
from shapely.geometry.base import BaseGeometry

from sitrep.analyse.control import ControlChange
from sitrep.kb.registry import Camp
from sitrep.model import Incident

BOUNDARY_SOURCE = "Boundaries: Natural Earth"
# Points further than this from the week's centre of activity are listed, not drawn, so one
# far-off attack does not shrink the theatre to a corner of the map.
FAR_KM = 2500.0
MIN_SPAN_LON = 8.0
MIN_SPAN_LAT = 5.5
PAD_DEGREES = 1.8
DPI = 150
WIDTH_INCHES = 7.2
# Names are printed only for areas taking up this share of the map at least.
PROVINCE_LABEL_SHARE = 0.006
COUNTRY_LABEL_SHARE = 0.02
# A busy week names only its deadliest places; the rest are in the bulletin's text.
MAX_LABELS = 25
# ACLED's six event types, in colours that stay apart in print and for red-green colour blindness.
EVENT_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e08214",
    "Violence against civilians": "#7b3294",
    "Protests": "#2c7bb6",
    "Riots": "#1a9850",
    "Strategic developments": "#4d4d4d",
}
OTHER_FORCES = Camp("other", "Other forces", "#000000")
_SEA, _LAND, _FOCUS_LAND = "#d6e4ee", "#e9e6df", "#f7f5ef"
_HALO = [patheffects.withStroke(linewidth=2.6, foreground="white")]


@dataclass(frozen=True)
class Graphic:
    """A drawn figure: ``name`` is its file stem ("map-incidents")."""

    name: str
    caption: str
    source: str
    png: bytes
    alt: str


@dataclass(frozen=True)
class Boundary:
    level: int
    """0 a country, 1 a province."""
    country: str | None
    name: str | None
    geometry: BaseGeometry


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float
    label: str
    country: str


@cache
def boundaries() -> tuple[Boundary, ...]:
    """The packaged boundaries, read once a process (the file never changes under it)."""
    raw = json.loads(files("sitrep.report").joinpath("data/boundaries.geojson").read_text(encoding="utf-8"))
    return tuple(
        Boundary(
            f["properties"]["level"],
            f["properties"]["country"],
            f["properties"]["name"],
            shape(f["geometry"]),
        )
        for f in raw["features"]
    )


@cache
def outlines_geojson() -> str:
    """Country outlines as GeoJSON text, for a web map's basemap."""
    raw = json.loads(files("sitrep.report").joinpath("data/boundaries.geojson").read_text(encoding="utf-8"))
    countries = [f for f in raw["features"] if f["properties"]["level"] == 0]
    return json.dumps({"type": "FeatureCollection", "features": countries}, separators=(",", ":"))


def _km(a: Point, b: Point) -> float:
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def split_far(points: Sequence[Point]) -> tuple[list[Point], list[Point]]:
    """The points near the median of all of them, and the ones too far away to share a map."""
    if not points:
        return [], []
    lats, lons = sorted(p.lat for p in points), sorted(p.lon for p in points)
    centre = Point(lats[len(lats) // 2], lons[len(lons) // 2], "", "")
    near = [p for p in points if _km(centre, p) <= FAR_KM]
    return near, [p for p in points if _km(centre, p) > FAR_KM]


def extent(points: Iterable[Point]) -> tuple[float, float, float, float]:
    """(west, south, east, north) around the points, padded, no smaller than a province group
    and shaped for a page (about 4:3 once latitude is allowed for)."""
    chosen = list(points)
    west, east = min(p.lon for p in chosen) - PAD_DEGREES, max(p.lon for p in chosen) + PAD_DEGREES
    south, north = min(p.lat for p in chosen) - PAD_DEGREES, max(p.lat for p in chosen) + PAD_DEGREES
    mid_lat = (south + north) / 2
    squeeze = math.cos(math.radians(mid_lat))
    lon_span = max(east - west, MIN_SPAN_LON)
    lat_span = max(north - south, MIN_SPAN_LAT)
    # Widen the narrower side until the drawn shape is 4:3.
    if lon_span * squeeze < lat_span * 4 / 3:
        lon_span = lat_span * 4 / 3 / squeeze
    else:
        lat_span = lon_span * squeeze * 3 / 4
    cx, cy = (west + east) / 2, (south + north) / 2
    south, north = max(-85.0, cy - lat_span / 2), min(85.0, cy + lat_span / 2)
    return cx - lon_span / 2, south, cx + lon_span / 2, north


def _rings(geometry: BaseGeometry) -> list[list[tuple[float, float]]]:
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    return [[(x, y) for x, y, *_ in p.exterior.coords] for p in polygons if isinstance(p, Polygon)]


def _canvas(bounds: tuple[float, float, float, float], legend_rows: int) -> tuple[Canvas, Any]:
    """A page-wide figure whose map keeps the true shape of ``bounds`` with room for the
    legend below it; returns the figure and the map's axes (matplotlib ships no stubs for
    mypy's strict mode, hence Any)."""
    west, south, east, north = bounds
    squeeze = math.cos(math.radians((south + north) / 2))
    map_height = WIDTH_INCHES * (north - south) / ((east - west) * squeeze)
    legend_height = 0.25 + 0.17 * legend_rows
    canvas = Canvas(figsize=(WIDTH_INCHES, map_height + legend_height))
    total = map_height + legend_height
    ax = canvas.add_axes((0.0, legend_height / total, 1.0, map_height / total))
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / squeeze)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor(_SEA)
    return canvas, ax


def _basemap(ax: Any, bounds: tuple[float, float, float, float], focus: set[str]) -> None:
    """Land, country and province borders, and their names, inside ``bounds``; provinces are
    named only in the ``focus`` countries and only where they are large enough to hold a name."""
    west, south, east, north = bounds
    window = box(west, south, east, north)
    shown = [b for b in boundaries() if b.geometry.intersects(window)]
    countries = [b for b in shown if b.level == 0]
    provinces = [b for b in shown if b.level == 1]
    land = [(r, _FOCUS_LAND if b.country in focus else _LAND) for b in countries for r in _rings(b.geometry)]
    ax.add_collection(
        PolyCollection(
            [r for r, _ in land],
            facecolors=[c for _, c in land],
            edgecolors="#4a4a4a",
            linewidths=0.9,
            zorder=1,
        )
    )
    ax.add_collection(
        PolyCollection(
            [r for b in provinces for r in _rings(b.geometry)],
            facecolors="none",
            edgecolors="#a39b8f",
            linewidths=0.45,
            linestyles=(0, (3, 2)),
            zorder=2,
        )
    )
    for b in provinces:
        if b.country not in focus or not b.name or b.geometry.area < PROVINCE_LABEL_SHARE * window.area:
            continue
        at = b.geometry.representative_point()
        if window.contains(at):
            ax.text(at.x, at.y, b.name, fontsize=6, color="#8a8276", style="italic", ha="center", zorder=3)
    for b in countries:
        # The label goes on the part inside the window, not on a far-off island.
        inside = b.geometry.intersection(window)
        if inside.is_empty or inside.area < COUNTRY_LABEL_SHARE * window.area or not b.name:
            continue
        at = inside.representative_point()
        ax.text(
            at.x,
            at.y,
            b.name.upper(),
            fontsize=8.5,
            color="#555555",
            ha="center",
            fontweight="bold",
            alpha=0.8,
            zorder=3,
        )


class _Labels:
    """Place names beside their markers, each put where it overlaps no name already placed
    (trying right, left, above and below, then further out), so crowded places stay legible."""

    # Offsets in points from the marker: (dx, dy, horizontal alignment).
    CANDIDATES = (
        (7, 3, "left"),
        (7, -10, "left"),
        (-7, 3, "right"),
        (-7, -10, "right"),
        (0, 9, "center"),
        (0, -17, "center"),
        (7, 15, "left"),
        (7, -22, "left"),
        (-7, 15, "right"),
        (-7, -22, "right"),
    )
    FONT = 7.5

    def __init__(self, ax: Any) -> None:
        self.ax = ax
        self.boxes: list[tuple[float, float, float, float]] = []

    def _box(self, x: float, y: float, dx: float, dy: float, align: str, text: str) -> tuple[float, ...]:
        width = 0.56 * self.FONT * len(text)
        left = x + dx - (width if align == "right" else width / 2 if align == "center" else 0)
        return (left, y + dy, left + width, y + dy + self.FONT)

    def add(self, lon: float, lat: float, text: str, bold: bool = False) -> None:
        # Marker position in points from the figure's corner.
        px, py = self.ax.transData.transform((lon, lat)) * 72.0 / self.ax.figure.dpi
        chosen = self.CANDIDATES[0]
        for dx, dy, align in self.CANDIDATES:
            a = self._box(px, py, dx, dy, align, text)
            if not any(a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3] for b in self.boxes):
                chosen = (dx, dy, align)
                break
        dx, dy, align = chosen
        box_ = self._box(px, py, dx, dy, align, text)
        self.boxes.append((box_[0], box_[1], box_[2], box_[3]))
        self.ax.annotate(
            text,
            (lon, lat),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=align,
            fontsize=self.FONT,
            fontweight="bold" if bold else "normal",
            path_effects=_HALO,
            zorder=6,
        )


def _png(canvas: Canvas) -> bytes:
    buffer = io.BytesIO()
    canvas.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _day(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def control_map(
    held: Sequence[ControlChange],
    camp_of: dict[str, Camp],
    key: Sequence[Camp],
    on: date,
    changed: set[str],
) -> Graphic | None:
    """Who held each place on ``on``, in the key's colours; places that changed hands in the
    week are drawn larger and named in bold. ``camp_of`` maps a holder's name to its camp.
    None when no held place has coordinates."""
    located = [c for c in held if c.latitude is not None and c.longitude is not None]
    points = [Point(float(c.latitude or 0), float(c.longitude or 0), c.place, c.country) for c in located]
    near, far = split_far(points)
    if not near:
        return None
    bounds = extent(near)
    canvas, ax = _canvas(bounds, legend_rows=(len(key) + 3) // 2)
    _basemap(ax, bounds, {p.country for p in near})
    labels = _Labels(ax)
    drawn = {(p.label, p.country) for p in near}
    # The week's changes first, so they are named before the map fills up; drawn above the rest.
    for change in sorted(located, key=lambda c: (c.place not in changed, c.place)):
        if (change.place, change.country) not in drawn:
            continue
        camp = camp_of.get(change.taken_by or "", OTHER_FORCES)
        big = change.place in changed
        ax.scatter(
            [change.longitude],
            [change.latitude],
            s=190 if big else 75,
            marker="*" if big else "o",
            facecolor=camp.colour,
            edgecolor="black",
            linewidth=0.9,
            zorder=5.5 if big else 5,
        )
        if big or len(labels.boxes) < MAX_LABELS:
            labels.add(float(change.longitude or 0), float(change.latitude or 0), change.place, bold=big)
    handles: list[Any] = [
        Patch(facecolor=c.colour, edgecolor="black", linewidth=0.6, label=c.label) for c in key
    ]
    if any(camp_of.get(c.taken_by or "") is None for c in located):
        handles.append(Patch(facecolor=OTHER_FORCES.colour, edgecolor="black", label=OTHER_FORCES.label))
    handles.append(
        Line2D(
            [],
            [],
            marker="*",
            linestyle="",
            markersize=11,
            markerfacecolor="white",
            markeredgecolor="black",
            label="Changed hands this week",
        )
    )
    return _finished(
        canvas,
        handles,
        2,
        far,
        Graphic(
            "map-control",
            f"Control of the places reported as changing hands, as of {_day(on)}.",
            f"Sitrep control timeline from the sources cited below. {BOUNDARY_SOURCE}.",
            b"",
            f"Map of {len(near)} places coloured by who held them on {_day(on)}",
        ),
    )


def incident_map(incidents: Sequence[Incident], week_start: date, week_end: date) -> Graphic | None:
    """The week's incidents by event type, the circle's area by the people killed; hollow
    circles are placed to the district or province only (ACLED geo-precision 2 or 3)."""
    located = [i for i in incidents if i.latitude is not None and i.longitude is not None]
    points = [Point(float(i.latitude or 0), float(i.longitude or 0), i.location, i.country) for i in located]
    near, far = split_far(points)
    if not near:
        return None
    bounds = extent(near)
    canvas, ax = _canvas(bounds, legend_rows=3)
    _basemap(ax, bounds, {p.country for p in near})
    labels = _Labels(ax)
    kept = {(p.label, p.country) for p in near}
    labelled: set[str] = set()
    for i in sorted(located, key=lambda i: -(i.killed.best if i.killed else 0)):
        if (i.location, i.country) not in kept:
            continue
        killed = i.killed.best if i.killed else 0
        colour = EVENT_COLOURS.get(i.event_type, "#000000")
        exact = i.geo_precision == 1
        ax.scatter(
            [i.longitude],
            [i.latitude],
            s=_area(killed),
            facecolor=colour if exact else "none",
            edgecolor=colour if not exact else "black",
            linewidth=0.7 if exact else 1.6,
            alpha=0.85,
            zorder=5,
        )
        if i.location not in labelled and len(labelled) < MAX_LABELS:
            labelled.add(i.location)
            labels.add(float(i.longitude or 0), float(i.latitude or 0), i.location)
    types = [t for t in EVENT_COLOURS if any(i.event_type == t for i in located)]
    handles: list[Any] = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=7,
            markerfacecolor=EVENT_COLOURS[t],
            markeredgecolor="black",
            markeredgewidth=0.5,
            label=t,
        )
        for t in types
    ]
    handles += [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=math.sqrt(_area(k)),
            markerfacecolor="#bbbbbb",
            markeredgecolor="black",
            markeredgewidth=0.5,
            label=f"{k} killed",
        )
        for k in (1, 10, 50)
    ]
    if any(i.geo_precision != 1 for i in located):
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=7,
                markerfacecolor="none",
                markeredgecolor="#4d4d4d",
                markeredgewidth=1.5,
                label="Approximate location",
            )
        )
    return _finished(
        canvas,
        handles,
        3,
        far,
        Graphic(
            "map-incidents",
            f"Incidents of {_day(week_start)} to {_day(week_end)} by event type; area by the number killed.",
            f"Sitrep incident database, from the sources cited below. {BOUNDARY_SOURCE}.",
            b"",
            f"Map of {len(near)} incidents of the week",
        ),
    )


def _finished(
    canvas: Canvas, handles: list[Any], columns: int, far: Sequence[Point], graphic: Graphic
) -> Graphic:
    """A map with its legend below it, drawn; the caption names the places left off the map."""
    canvas.legend(handles=handles, loc="lower center", ncol=columns, fontsize=7, frameon=False)
    caption = graphic.caption
    if far:
        caption += " Not shown: " + ", ".join(sorted({p.label for p in far})) + "."
    return replace(graphic, caption=caption, png=_png(canvas))


def _area(killed: int) -> float:
    return 22.0 + 14.0 * math.pow(killed, 0.8)


def trend_chart(
    weeks: Sequence[date], series: Mapping[str, Sequence[int]], title: str, covered_from: date | None
) -> Graphic | None:
    """Incidents a week for each group (theatre), one line a group. Weeks that end before
    ``covered_from`` (the store's first incident) are shaded and left without points: no
    reports were collected then, which is not the same as no incidents. None with nothing to draw."""
    if not weeks or not any(any(v) for v in series.values()):
        return None
    canvas = Canvas(figsize=(WIDTH_INCHES, 3.4))
    ax = canvas.add_axes((0.08, 0.28, 0.9, 0.64))
    positions = list(range(len(weeks)))
    covered = [covered_from is not None and w + timedelta(days=6) >= covered_from for w in weeks]
    for name, values in series.items():
        shown = [v if c else math.nan for v, c in zip(values, covered, strict=True)]
        ax.plot(positions, shown, marker="o", linewidth=1.6, markersize=4, label=name)
    uncovered = covered.index(True) if True in covered else len(weeks)
    if uncovered:
        ax.axvspan(-0.5, uncovered - 0.5, color="#eeeeee", zorder=0)
        ax.text(
            (uncovered - 1) / 2,
            0.5,
            "no reports on record",
            ha="center",
            fontsize=7,
            color="#777777",
            transform=ax.get_xaxis_transform(),
        )
    ax.set_xticks(positions, [f"{w:%b} {w.day}" for w in weeks])
    ax.set_xlim(-0.5, len(weeks) - 0.5)
    ax.set_ylabel("incidents", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(title, fontsize=9, loc="left")
    canvas.legend(loc="lower center", ncol=min(5, len(series)), fontsize=7, frameon=False)
    return Graphic(
        "chart-trends",
        f"Incidents a week by theatre in the {len(weeks)} weeks to {_day(weeks[-1] + timedelta(days=6))}, "
        "each week starting on the day shown (demonstrations not counted).",
        "Sitrep incident database.",
        _png(canvas),
        f"Line chart of incidents a week by theatre over {len(weeks)} weeks",
    )
