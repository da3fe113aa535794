"""Who may see each address of the programme and roadmap app.

Public pages answer 200 to everyone. The back-office is for the programme team (and the
administrator): anonymous visitors are redirected to the login page (302), other roles get 403.
"""

from endavant.core.registry import BACK_OFFICE, Access
from endavant.roadmap import sample


def _action() -> str:
    return f"/feuille-de-route/actions/{sample.action().pk}/"


def _programme_path(path: str) -> str:
    sample.programme()
    return path


def _edit_orientation() -> str:
    return f"/gestion/feuille-de-route/orientation/{sample.action().orientation_id}/"


ACCESS = [
    Access("roadmap:index", lambda: _programme_path("/feuille-de-route/")),
    Access("roadmap:action", _action),
    Access("roadmap:versions", lambda: _programme_path("/feuille-de-route/versions/")),
    Access("roadmap:commitments", "/engagements/"),
    Access("roadmap:domains", lambda: _programme_path("/domaines/")),
    Access("roadmap:manage", "/gestion/feuille-de-route/", expected=BACK_OFFICE),
    Access(
        "roadmap:manage_freeze",
        lambda: _programme_path("/gestion/feuille-de-route/figer/"),
        expected=BACK_OFFICE,
    ),
    Access(
        "roadmap:manage_create",
        lambda: _programme_path("/gestion/feuille-de-route/action/nouveau/"),
        expected=BACK_OFFICE,
    ),
    Access("roadmap:manage_edit", _edit_orientation, expected=BACK_OFFICE),
]
