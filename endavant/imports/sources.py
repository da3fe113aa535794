"""The three sources the imports know, with their provenance (see data/SOURCES.md), and the
functions that read and import one of them: shared by the command and the background job."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from endavant.imports import readers, services
from endavant.imports.services import ImportResult, Origin
from endavant.programmes.models import Programme

DATA = Path(__file__).resolve().parent / "data"

DECIDIM = Origin(
    platform="decidim",
    name="Grand Débat MEL 2019 (Decidim, importé)",
    source=(
        "Decidim open-data export of the Métropole Européenne de Lille platform "
        "(participation.lillemetropole.fr, process granddebatmel), January–February 2019, shared "
        "by Open Source Politics: OpenSourcePolitics/datathon-grand-debat, data brute/, commit "
        "02325205cd35. Author names dropped at staging; authors are pseudonyms here."
    ),
    licence=(
        "Not stated for the data (repository GPL-3.0); Decidim open-data exports are usually "
        "under ODbL: verify with the platform"
    ),
    source_url="https://github.com/OpenSourcePolitics/datathon-grand-debat",
    starts_on=date(2019, 1, 15),
    ends_on=date(2019, 3, 15),
)
CONSUL = Origin(
    platform="consul",
    name="Decide Madrid (CONSUL, importé)",
    source=(
        "Decide Madrid (Ayuntamiento de Madrid, CONSUL), collected by the UAM ARGRECSYS research "
        "group: argrecsys/dgov-visual-analytics, data/raw_data/, commit f99c04597eae. Sample: "
        "80 proposals from 2015-09 and the comments of 20 of them."
    ),
    licence="Repository Apache-2.0; the original data is the public content of decide.madrid.es",
    source_url="https://github.com/argrecsys/dgov-visual-analytics",
    starts_on=date(2015, 9, 1),
)
GRAND_DEBAT = Origin(
    platform="granddebat",
    name="Grand Débat National 2019 (agrégats, importé)",
    source=(
        "Aggregates of the granddebat.fr open data (online questionnaires, up to 21 March 2019) "
        "computed by jgorene/grand-debat-synthese, commit c1ff7bfb19b0, unpacked by département."
    ),
    licence="Not stated in the repository; upstream: granddebat.fr open data",
    source_url="https://github.com/jgorene/grand-debat-synthese",
    starts_on=date(2019, 1, 15),
    ends_on=date(2019, 3, 21),
)
GRAND_DEBAT_CAVEAT = (
    "The counts appear to cover only part of the contributions: use them for relative "
    "comparisons only."
)

SERIES_SLUG = "grand-debat-2019-participants-departement"
DEFAULT_SLUGS = {
    "decidim": "decidim-mel-grand-debat-2019",
    "consul": "consul-decide-madrid",
    "granddebat": "grand-debat-national-2019",
}
SAMPLES = {
    "decidim": DATA / "decidim_mel_granddebat_2019",
    "consul": DATA / "decide_madrid_consul_sample",
    "granddebat": DATA / "grand_debat_2019" / "participants_par_departement.csv",
}


def run(
    platform: str,
    path: Path,
    *,
    actor: Any,
    slug: str = "",
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Read ``path`` (a folder, or the file of the Grand Débat) and import it: all or nothing.

    Raises ``CSVFormatError`` (a bad file, naming the line) before anything is written.
    """
    slug = slug or DEFAULT_SLUGS[platform]
    note = progress or (lambda _text: None)
    if platform == "granddebat":
        rows = readers.read_grand_debat(path)
        note(f"{len(rows)} rows read")
        services.programme_import(actor=actor, slug=slug, origin=GRAND_DEBAT, items=[])
        return services.reference_import(
            actor=actor,
            slug=SERIES_SLUG,
            title="Grand Débat National 2019 : participants par département",
            origin=GRAND_DEBAT,
            rows=rows,
            caveat=GRAND_DEBAT_CAVEAT,
            programme=Programme.objects.get(slug=slug),
        )
    read = readers.read_decidim if platform == "decidim" else readers.read_consul
    items = read(path)
    note(f"{len(items)} rows read")
    origin = DECIDIM if platform == "decidim" else CONSUL
    return services.programme_import(
        actor=actor, slug=slug, origin=origin, items=items, progress=note
    )
