"""The methods that can produce the isolation indicator, with their sources and vintages.

Every page, chart and export that shows isolation names the method from this registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Method:
    """How an indicator value was produced."""

    slug: str
    label: str | Promise
    description: str | Promise
    source: str
    vintage: str


PROXY_AAV2020 = Method(
    slug="proxy_aav2020",
    label=_("Proxy: outside any urban attraction area (AAV 2020)"),
    description=_(
        "Until home-to-work flows are imported, a commune is counted as isolated when INSEE "
        "classifies it outside any urban attraction area (AAV 2020 category 30)."
    ),
    source="INSEE, table d'appartenance géographique des communes (zonage AAV 2020)",
    vintage="COG 2022",
)
FLOWS_ZAU2010 = Method(
    slug="flows_zau2010",
    label=_("Home-to-work flows towards urban areas (ZAU 2010)"),
    description=_(
        "Share of employed residents who work in a commune of an urban area of the 2010 zoning "
        "(poles and their crowns); isolated below the threshold (Terra Nova / Google France, 2017)."
    ),
    source="INSEE, mobilités professionnelles (MOBPRO) et zonage en aires urbaines 2010",
    vintage="ZAU 2010",
)
FLOWS_AAV2020 = Method(
    slug="flows_aav2020",
    label=_("Home-to-work flows towards urban attraction areas (AAV 2020)"),
    description=_(
        "Share of employed residents who work in a commune of an urban attraction area of the "
        "2020 zoning (poles and crowns); isolated below the threshold."
    ),
    source="INSEE, mobilités professionnelles (MOBPRO) et zonage en aires d’attraction "
    "des villes 2020",
    vintage="AAV 2020",
)

METHODS = {method.slug: method for method in (PROXY_AAV2020, FLOWS_ZAU2010, FLOWS_AAV2020)}

FTTH_SOURCE = "ARCEP, observatoire du haut et très haut débit : déploiements FttH par commune"
POPULATION_SOURCE = "INSEE, base comparateur de territoires (recensement 2018)"
COG_SOURCE = "INSEE, table d'appartenance géographique des communes, COG 2022"
GEOMETRY_SOURCE = "IGN Admin Express COG 2018, simplifié (france-geojson)"
