"""Server-side SVG maps and charts from GeoJSON. Plain Python: no Django.

The projection is equirectangular with the longitude scaled by the cosine of the map's mean
latitude, which keeps shapes true enough at the scale of a département or of France, and the
coordinates are rounded to whole pixels with repeated points dropped, so that a map of the 226
communes of a département stays a few tens of kilobytes. Libraries that do this (geopandas,
shapely + pyproj, cartopy) bring compiled dependencies for what is sixty lines here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

Ring = Sequence[Sequence[float]]


@dataclass(frozen=True)
class LegendItem:
    """One colour of a map's legend."""

    colour: str
    label: str


@dataclass(frozen=True)
class Shape:
    """A feature to draw: its code, its tooltip and its fill colour."""

    code: str
    title: str
    colour: str
    geometry: Mapping[str, Any]


def _polygons(geometry: Mapping[str, Any]) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def bounds(geometries: Iterable[Mapping[str, Any]]) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of the geometries."""
    xs: list[float] = []
    ys: list[float] = []
    for geometry in geometries:
        for polygon in _polygons(geometry):
            for ring in polygon:
                xs.extend(point[0] for point in ring)
                ys.extend(point[1] for point in ring)
    if not xs:
        return (0.0, 0.0, 1.0, 1.0)
    return min(xs), min(ys), max(xs), max(ys)


class Projection:
    """Equirectangular projection fitted to ``width`` pixels."""

    def __init__(self, box: tuple[float, float, float, float], width: int, margin: int = 4):
        min_lon, min_lat, max_lon, max_lat = box
        self.kx = math.cos(math.radians((min_lat + max_lat) / 2))
        span_x = max((max_lon - min_lon) * self.kx, 1e-9)
        span_y = max(max_lat - min_lat, 1e-9)
        self.scale = (width - 2 * margin) / span_x
        self.min_lon, self.max_lat, self.margin = min_lon, max_lat, margin
        self.width = width
        self.height = math.ceil(span_y * self.scale) + 2 * margin

    def __call__(self, lon: float, lat: float) -> tuple[int, int]:
        x = (lon - self.min_lon) * self.kx * self.scale + self.margin
        y = (self.max_lat - lat) * self.scale + self.margin
        return round(x), round(y)


def path_data(geometry: Mapping[str, Any], project: Projection) -> str:
    """SVG path data with relative moves, whole pixels, repeated points dropped."""
    parts: list[str] = []
    cursor = (0, 0)
    for polygon in _polygons(geometry):
        for ring in polygon:
            points: list[tuple[int, int]] = []
            for lon, lat, *_ in ring:
                point = project(lon, lat)
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) < 3:
                continue
            start = points[0]
            steps = [f"m{start[0] - cursor[0]} {start[1] - cursor[1]}"]
            previous = start
            deltas = []
            for point in points[1:]:
                deltas.append(f"{point[0] - previous[0]} {point[1] - previous[1]}")
                previous = point
            steps.append("l" + " ".join(deltas) + "z")
            parts.append("".join(steps))
            cursor = start  # "z" returns to the ring's start
    return "".join(parts).replace(" -", "-")


def render_map(
    shapes: Sequence[Shape],
    *,
    title: str,
    description: str,
    legend: Sequence[LegendItem],
    source: str,
    width: int = 560,
    link: Callable[[str], str] | None = None,
) -> str:
    """A standalone SVG choropleth with a title, a description, a legend and its source."""
    project = Projection(bounds(shape.geometry for shape in shapes), width)
    legend_height = 20 * len(legend) + 30
    height = project.height + legend_height
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="t d" '
        'font-family="sans-serif" font-size="12">',
        f'<title id="t">{escape(title)}</title><desc id="d">{escape(description)}</desc>',
        '<g stroke="#fff" stroke-width="0.5" stroke-linejoin="round">',
    ]
    for shape in shapes:
        data = path_data(shape.geometry, project)
        if not data:
            continue
        element = (
            f'<path fill="{shape.colour}" d="{data}"><title>{escape(shape.title)}</title></path>'
        )
        if link is not None:
            element = f"<a href={quoteattr(link(shape.code))}>{element}</a>"
        out.append(element)
    out.append("</g>")
    y = project.height + 8
    for item in legend:
        out.append(
            f'<rect x="8" y="{y}" width="14" height="14" fill="{item.colour}" stroke="#333"/>'
            f'<text x="28" y="{y + 11}">{escape(item.label)}</text>'
        )
        y += 20
    out.append(f'<text x="8" y="{y + 12}" fill="#333">{escape(source)}</text>')
    out.append("</svg>")
    return "".join(out)


def render_line_chart(
    points: Sequence[tuple[str, float]],
    *,
    title: str,
    description: str,
    source: str,
    width: int = 480,
    height: int = 220,
) -> str:
    """An inline SVG line chart of shares (0 to 1) over labelled periods, with a 0-100 % axis."""
    left, right, top, bottom = 44, 16, 16, 48
    inner_w, inner_h = width - left - right, height - top - bottom
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="ct cd" font-family="sans-serif" font-size="12">',
        f'<title id="ct">{escape(title)}</title><desc id="cd">{escape(description)}</desc>',
    ]
    for tick in (0, 25, 50, 75, 100):
        y = top + inner_h - inner_h * tick / 100
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.0f}" y2="{y:.0f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y + 4:.0f}" text-anchor="end">{tick} %</text>'
        )
    coords = []
    for index, (label, value) in enumerate(points):
        x = left + (inner_w * index / max(len(points) - 1, 1))
        y = top + inner_h - inner_h * max(0.0, min(1.0, value))
        coords.append((x, y))
        label_y = height - bottom + 18
        out.append(f'<text x="{x:.0f}" y="{label_y}" text-anchor="middle">{escape(label)}</text>')
    if coords:
        line = " ".join(f"{x:.0f},{y:.0f}" for x, y in coords)
        out.append(f'<polyline points="{line}" fill="none" stroke="#1d4e89" stroke-width="2"/>')
        for x, y in coords:
            out.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="3.5" fill="#1d4e89"/>')
    out.append(f'<text x="4" y="{height - 6}" fill="#333">{escape(source)}</text></svg>')
    return "".join(out)
