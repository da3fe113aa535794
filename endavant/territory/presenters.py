"""What the pages, the CSV and the GeoJSON downloads show: one place, so that a download holds
exactly what its page shows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from endavant.territory import geo, maps
from endavant.territory.methods import FTTH_SOURCE, GEOMETRY_SOURCE, METHODS
from endavant.territory.models import Commune, Departement
from endavant.territory.selectors import DepartementSummary

ISOLATED_COLOUR = "#a63603"
NOT_ISOLATED_COLOUR = "#fdd0a2"
UNKNOWN_COLOUR = "#d9d9d9"
FTTH_BANDS = [  # ARCEP's coverage bands, lower bounds.
    (0.8, "#08519c", "80–100 %"),
    (0.5, "#3182bd", "50–80 %"),
    (0.25, "#6baed6", "25–50 %"),
    (0.1, "#9ecae1", "10–25 %"),
    (1e-9, "#c6dbef", "0–10 %"),
]
FTTH_NONE = "#f7f7f7"
SHARE_BANDS = [
    (0.5, "#a63603", "≥ 50 %"),
    (0.25, "#e6550d", "25–50 %"),
    (0.1, "#fdae6b", "10–25 %"),
    (0.0, "#feedde", "0–10 %"),
]


def isolation_label(value: bool | None) -> str:
    """Isolated / not isolated / unknown, translated."""
    if value is None:
        return _("unknown")
    return _("isolated") if value else _("not isolated")


def method_notes(slugs: Iterable[str]) -> list[dict[str, Any]]:
    """Label, description, source and vintage of each method in ``slugs``."""
    return [
        {
            "slug": slug,
            "label": METHODS[slug].label,
            "description": METHODS[slug].description,
            "source": METHODS[slug].source,
            "vintage": METHODS[slug].vintage,
        }
        for slug in slugs
        if slug in METHODS
    ]


def method_text(slugs: Iterable[str]) -> str:
    """One line naming the method(s), source(s) and vintage(s)."""
    return "; ".join(
        f"{note['label']} ({note['source']}, {note['vintage']})" for note in method_notes(slugs)
    )


def _share_colour(share: float | None, bands: list[tuple[float, str, str]], none: str) -> str:
    if share is None:
        return UNKNOWN_COLOUR
    for lower, colour, _label in bands:
        if share >= lower:
            return colour
    return none


# --- National ------------------------------------------------------------------------------


NATIONAL_HEADER = [
    "code_departement",
    "departement",
    "communes",
    "communes_isolees",
    "part_communes_isolees",
    "population_2018",
    "population_2018_communes_isolees",
    "part_population_isolee",
    "methode_isolement",
]


def national_rows(
    summaries: Sequence[DepartementSummary], methods: Sequence[str]
) -> list[list[Any]]:
    """The rows of the national table and of its CSV."""
    text = method_text(methods)
    return [
        [
            s.code,
            s.name,
            s.communes,
            s.isolated,
            None if s.share is None else round(s.share, 4),
            s.population,
            s.isolated_population,
            None if s.population_share is None else round(s.population_share, 4),
            text,
        ]
        for s in summaries
    ]


def national_geojson(
    summaries: Sequence[DepartementSummary], methods: Sequence[str]
) -> dict[str, Any]:
    """The départements of the national map with the figures of the table."""
    by_code = {s.code: s for s in summaries}
    features = []
    for feature in geo.departement_outlines():
        summary = by_code.get(feature["properties"]["code"])
        if summary is None:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": dict(
                    zip(NATIONAL_HEADER, national_rows([summary], methods)[0], strict=True)
                ),
                "geometry": feature["geometry"],
            }
        )
    return _collection(features, methods)


def national_svg(summaries: Sequence[DepartementSummary], methods: Sequence[str]) -> str:
    """The national choropleth: share of isolated communes per département (metropole)."""
    by_code = {s.code: s for s in summaries}
    shapes = []
    for feature in geo.departement_outlines():
        summary = by_code.get(feature["properties"]["code"])
        share = summary.share if summary else None
        title = f"{feature['properties']['nom']} ({feature['properties']['code']})"
        if summary and share is not None:
            title += f" : {share * 100:.1f} %"
        shapes.append(
            maps.Shape(
                feature["properties"]["code"],
                title,
                _share_colour(share, SHARE_BANDS, SHARE_BANDS[-1][1]),
                feature["geometry"],
            )
        )
    legend = [maps.LegendItem(colour, label) for _lower, colour, label in SHARE_BANDS]
    legend.append(maps.LegendItem(UNKNOWN_COLOUR, _("no data")))
    return maps.render_map(
        shapes,
        title=_("Share of isolated communes by département (metropolitan France)"),
        description=_("Method: %(method)s. The table on the page gives the same figures.")
        % {"method": method_text(methods)},
        legend=legend,
        source=_("Sources: %(sources)s; %(geometry)s")
        % {
            "sources": ", ".join(METHODS[m].source for m in methods if m in METHODS),
            "geometry": GEOMETRY_SOURCE,
        },
        link=lambda code: f"/territoires/{code}/",
    )


# --- Département ---------------------------------------------------------------------------


DEPARTEMENT_HEADER = [
    "code_insee",
    "commune",
    "population_2018",
    "commune_isolee",
    "methode_isolement",
    "locaux_raccordables_ftth_2018t1",
    "locaux_total_2018t1",
    "part_ftth_2018t1",
]


def departement_rows(communes: Iterable[Commune]) -> list[list[Any]]:
    """The rows of the département table and of its CSV."""
    return [
        [
            c.code,
            c.name,
            c.population,
            _flag(c.is_isolated),  # type: ignore[attr-defined]
            c.isolation_method or "",  # type: ignore[attr-defined]
            c.ftth_connectable,  # type: ignore[attr-defined]
            c.ftth_total,  # type: ignore[attr-defined]
            None if c.ftth_share is None else round(min(1.0, c.ftth_share), 4),  # type: ignore[attr-defined]
        ]
        for c in communes
    ]


def _flag(value: bool | None) -> int | None:
    """1 / 0 / empty in downloads, whatever the language of the page."""
    return None if value is None else int(value)


def departement_totals(communes: Sequence[Commune]) -> dict[str, Any]:
    """Totals of the département table."""
    connectable = total = population = isolated = 0
    for c in communes:
        connectable += getattr(c, "ftth_connectable", None) or 0
        total += getattr(c, "ftth_total", None) or 0
        population += c.population or 0
        isolated += 1 if getattr(c, "is_isolated", None) else 0
    return {
        "communes": len(communes),
        "population": population,
        "isolated": isolated,
        "ftth_connectable": connectable,
        "ftth_total": total,
        "ftth_share": connectable / total if total else None,
    }


def departement_geojson(
    departement: Departement, communes: Sequence[Commune], methods: Sequence[str]
) -> dict[str, Any]:
    """The communes of the département maps with the figures of the table."""
    rows = {row[0]: row for row in departement_rows(communes)}
    features = []
    outlines, _detailed = geo.commune_outlines(departement.code)
    for feature in outlines:
        row = rows.get(feature["properties"]["code"])
        if row is None:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": dict(zip(DEPARTEMENT_HEADER, row, strict=True)),
                "geometry": feature["geometry"],
            }
        )
    return _collection(features, methods, extra=[FTTH_SOURCE])


def departement_svg(
    departement: Departement, communes: Sequence[Commune], kind: str, methods: Sequence[str]
) -> str:
    """The isolation or FttH choropleth of a département's communes."""
    by_code = {c.code: c for c in communes}
    outlines, detailed = geo.commune_outlines(departement.code)
    shapes = []
    for feature in outlines:
        commune = by_code.get(feature["properties"]["code"])
        name = feature["properties"]["nom"]
        if kind == "isolement":
            value = commune.is_isolated if commune else None  # type: ignore[attr-defined]
            colour = (
                UNKNOWN_COLOUR
                if value is None
                else (ISOLATED_COLOUR if value else NOT_ISOLATED_COLOUR)
            )
            title = f"{name} : {isolation_label(value)}"
        else:
            share = commune.ftth_share if commune else None  # type: ignore[attr-defined]
            colour = _share_colour(share, FTTH_BANDS, FTTH_NONE)
            title = f"{name} : " + ("–" if share is None else f"{min(share, 1) * 100:.1f} %")
        shapes.append(maps.Shape(feature["properties"]["code"], title, colour, feature["geometry"]))
    geometry = GEOMETRY_SOURCE + ("" if detailed else _(", very simplified (about 250 m)"))
    if kind == "isolement":
        legend = [
            maps.LegendItem(ISOLATED_COLOUR, _("isolated")),
            maps.LegendItem(NOT_ISOLATED_COLOUR, _("not isolated")),
            maps.LegendItem(UNKNOWN_COLOUR, _("unknown")),
        ]
        title = _("Isolated communes: %(name)s") % {"name": departement.name}
        description = _("Method: %(method)s.") % {"method": method_text(methods)}
        source = ", ".join(METHODS[m].source for m in methods if m in METHODS)
    else:
        legend = [maps.LegendItem(colour, label) for _lower, colour, label in FTTH_BANDS]
        legend += [maps.LegendItem(FTTH_NONE, "0 %"), maps.LegendItem(UNKNOWN_COLOUR, _("no data"))]
        title = _(
            "Premises that can be connected to fibre (FttH), first quarter 2018: %(name)s"
        ) % {"name": departement.name}
        description = _("Share of premises (dwellings and establishments) that can be connected.")
        source = FTTH_SOURCE + ", 2018T1"
    return maps.render_map(
        shapes,
        title=title,
        description=description,
        legend=legend,
        source=_("Sources: %(sources)s; %(geometry)s") % {"sources": source, "geometry": geometry},
        link=lambda code: f"/communes/{code}/",
    )


def _collection(
    features: list[dict[str, Any]], methods: Sequence[str], extra: Sequence[str] = ()
) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "metadata": {
            "isolation_methods": method_notes_plain(methods),
            "sources": [*extra, GEOMETRY_SOURCE],
        },
        "features": features,
    }


def method_notes_plain(methods: Sequence[str]) -> list[dict[str, str]]:
    """JSON-ready method notes."""
    return [{key: str(value) for key, value in note.items()} for note in method_notes(methods)]
