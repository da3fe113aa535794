"""Server-side SVG of the network: a light map of the département with its sites and links, and
a chart of the network's growth. Plain Python: no Django.

The map reuses the projection and path encoding of ``territory.maps``: the département's outline,
the isolated communes shaded, sites as points and links as lines. Commune rings are thinned to
points a few pixels apart, which keeps the map of the 66 to a few kilobytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from endavant.territory.maps import LegendItem, Projection, bounds, path_data

TECHNOLOGY_COLOURS = {
    "fibre": "#1d4e89",
    "radio": "#b35806",
    "copper": "#6a3d9a",
    "satellite": "#1b7837",
}
#: Dash pattern by status, so that the status does not rest on colour alone.
STATUS_DASHES = {"in_service": "", "ordered": "6 3", "planned": "2 3"}
DEPARTEMENT_FILL = "#f2f2f2"
ISOLATED_FILL = "#fdd0a2"
SITE_COLOUR = "#222222"


@dataclass(frozen=True)
class SitePoint:
    """A site on the map."""

    longitude: float
    latitude: float
    title: str
    at_centroid: bool


@dataclass(frozen=True)
class LinkLine:
    """A link on the map, between two positions."""

    start: tuple[float, float]
    end: tuple[float, float]
    technology: str
    status: str
    title: str


def _thinned(geometry: Mapping[str, Any], project: Projection, pixels: int) -> dict[str, Any]:
    """The geometry with ring points closer than ``pixels`` to the last kept one dropped."""

    def ring(points: Sequence[Sequence[float]]) -> list[Sequence[float]]:
        kept: list[Sequence[float]] = []
        last: tuple[int, int] | None = None
        for point in points:
            x, y = project(point[0], point[1])
            if last is None or abs(x - last[0]) + abs(y - last[1]) >= pixels:
                kept.append(point)
                last = (x, y)
        return kept

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r) for r in geometry["coordinates"]]}
    if geometry["type"] == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [[ring(r) for r in polygon] for polygon in geometry["coordinates"]],
        }
    return {"type": geometry["type"], "coordinates": []}


def network_map(
    *,
    departement: Mapping[str, Any] | None,
    isolated: Sequence[Mapping[str, Any]],
    sites: Sequence[SitePoint],
    links: Sequence[LinkLine],
    title: str,
    description: str,
    legend: Sequence[LegendItem],
    source: str,
    width: int = 560,
) -> str:
    """The network over the département: outline, isolated communes, links, then sites."""
    geometries = [departement] if departement is not None else []
    if geometries:
        box = bounds(geometries)
    else:
        xs = [s.longitude for s in sites] or [0.0, 1.0]
        ys = [s.latitude for s in sites] or [0.0, 1.0]
        box = (min(xs) - 0.05, min(ys) - 0.05, max(xs) + 0.05, max(ys) + 0.05)
    project = Projection(box, width, margin=8)
    legend_height = 20 * len(legend) + 30
    height = project.height + legend_height
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="nt nd" '
        'font-family="sans-serif" font-size="12" class="network-map">',
        f'<title id="nt">{escape(title)}</title><desc id="nd">{escape(description)}</desc>',
    ]
    if departement is not None:
        out.append(
            f'<path fill="{DEPARTEMENT_FILL}" stroke="#999" stroke-width="1" '
            f'd="{path_data(_thinned(departement, project, 2), project)}"/>'
        )
    if isolated:
        out.append(f'<g fill="{ISOLATED_FILL}" stroke="#fff" stroke-width="0.5">')
        for geometry in isolated:
            data = path_data(_thinned(geometry, project, 3), project)
            if data:
                out.append(f'<path d="{data}"/>')
        out.append("</g>")
    out.append('<g fill="none" stroke-width="2.5" stroke-linecap="round">')
    for link in links:
        x1, y1 = project(*link.start)
        x2, y2 = project(*link.end)
        colour = TECHNOLOGY_COLOURS.get(link.technology, "#555")
        dash = STATUS_DASHES.get(link.status, "")
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}"{dash_attr}>'
            f"<title>{escape(link.title)}</title></line>"
        )
    out.append("</g>")
    for site in sites:
        x, y = project(site.longitude, site.latitude)
        fill = "#fff" if site.at_centroid else SITE_COLOUR
        # No links inside the image (role="img" makes its content presentational): the table
        # next to the map links to each site.
        out.append(
            f'<circle cx="{x}" cy="{y}" r="4" fill="{fill}" stroke="{SITE_COLOUR}" '
            f'stroke-width="1.5"><title>{escape(site.title)}</title></circle>'
        )
    y = project.height + 8
    for item in legend:
        out.append(
            f'<rect x="8" y="{y}" width="14" height="14" fill="{item.colour}" stroke="#333"/>'
            f'<text x="28" y="{y + 11}">{escape(item.label)}</text>'
        )
        y += 20
    out.append(f'<text x="8" y="{y + 12}" fill="#333">{escape(source)}</text></svg>')
    return "".join(out)


@dataclass(frozen=True)
class Series:
    """One line of the growth chart."""

    label: str
    values: Sequence[int]
    colour: str
    dash: str = ""


def growth_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    width: int = 520,
    height: int = 240,
) -> str:
    """A line chart of counts over periods (the table next to it gives the same figures)."""
    left, right, top, bottom = 44, 16, 16, 40 + 18 * len(series)
    inner_w, inner_h = width - left - right, height - top - bottom
    top_value = max([1, *(v for s in series for v in s.values)])
    step = max(1, -(-top_value // 4))
    scale_max = step * 4
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="gt gd" '
        'font-family="sans-serif" font-size="12" class="network-chart">',
        f'<title id="gt">{escape(title)}</title><desc id="gd">{escape(description)}</desc>',
    ]
    for tick in range(0, scale_max + 1, step):
        y = top + inner_h - inner_h * tick / scale_max
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.0f}" y2="{y:.0f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y + 4:.0f}" text-anchor="end">{tick}</text>'
        )
    count = len(labels)
    for index, label in enumerate(labels):
        x = left + inner_w * index / max(count - 1, 1)
        y = top + inner_h + 16
        out.append(f'<text x="{x:.0f}" y="{y}" text-anchor="middle">{escape(label)}</text>')
    for line in series:
        coords = [
            (left + inner_w * i / max(count - 1, 1), top + inner_h - inner_h * v / scale_max)
            for i, v in enumerate(line.values)
        ]
        if not coords:
            continue
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        points = " ".join(f"{x:.0f},{y:.0f}" for x, y in coords)
        out.append(
            f'<polyline points="{points}" fill="none" stroke="{line.colour}" '
            f'stroke-width="2"{dash}/>'
        )
        out.extend(
            f'<circle cx="{x:.0f}" cy="{y:.0f}" r="3" fill="{line.colour}"/>' for x, y in coords
        )
    y = top + inner_h + 30
    for line in series:
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        out.append(
            f'<line x1="{left}" x2="{left + 24}" y1="{y}" y2="{y}" stroke="{line.colour}" '
            f'stroke-width="2"{dash}/><text x="{left + 30}" y="{y + 4}">{escape(line.label)}</text>'
        )
        y += 18
    out.append("</svg>")
    return "".join(out)
