"""Who may see each address of the open-data app: the catalogue is public, the research exports
are for researchers and the programme team."""

from endavant.core.registry import BACK_OFFICE, read_only
from endavant.workshops import sample

#: Researchers get what the programme team gets; every other role is refused.
RESEARCH = {**BACK_OFFICE, "researcher": 200}


def _programme(path: str) -> str:
    sample.programme()
    return path


ACCESS = [
    *read_only("opendata:catalogue", lambda: _programme("/donnees/"), public=True),
    *read_only(
        "opendata:datapackage", lambda: _programme("/donnees/datapackage.json"), public=True
    ),
    *read_only(
        "opendata:dataset", lambda: _programme("/donnees/actions-feuille-de-route/"), public=True
    ),
    *read_only(
        "opendata:download",
        lambda: _programme("/donnees/actions-feuille-de-route.json"),
        public=True,
    ),
    *read_only("opendata:research", lambda: _programme("/donnees/recherche/"), expected=RESEARCH),
    *read_only(
        "opendata:research_download",
        lambda: _programme("/donnees/recherche/votes.csv"),
        expected=RESEARCH,
    ),
]
