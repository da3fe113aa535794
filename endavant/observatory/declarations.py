"""What the observatory declares to the core registries: a block on the home page and on each
commune's page. It records nothing (no audit action, no participation kind, no personal data)."""

from __future__ import annotations

from typing import Any

from endavant.core.registry import Section


def _programme_of(request: Any, commune: Any = None) -> Any:
    from endavant.programmes.context import programme_for
    from endavant.programmes.models import Programme

    chosen = programme_for(request)
    if commune is None:
        return chosen
    if chosen is not None and chosen.territory_id == commune.departement_id:
        return chosen
    return Programme.objects.active().filter(territory_id=commune.departement_id).first()


def _home(request: Any, _subject: Any) -> dict[str, Any] | None:
    from endavant.observatory.summary import home_figures

    programme = _programme_of(request)
    if programme is None:
        return None
    return home_figures(programme)


def _commune(request: Any, commune: Any) -> dict[str, Any] | None:
    from endavant.observatory.summary import commune_figures

    programme = _programme_of(request, commune)
    if programme is None or programme.territory_id is None:
        return None
    return {"figures": commune_figures(programme, commune)}


HOME_SECTIONS = [Section("observatory", "observatory/_home.html", _home, order=40)]
COMMUNE_SECTIONS = [Section("observatory", "observatory/_commune.html", _commune, order=40)]
