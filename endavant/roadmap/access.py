"""Who may see each address of the programme and roadmap app.

Public pages answer 200 to everyone. The back-office is for the programme team (and the
administrator): anonymous visitors are redirected to the login page (302), other roles get 403.
"""

from endavant.core.registry import Access
from endavant.roadmap import sample

BACK_OFFICE = {
    "anonymous": 302,
    "participant": 403,
    "mediator": 403,
    "jury": 403,
    "moderator": 403,
    "researcher": 403,
}


def _action() -> str:
    return f"/feuille-de-route/actions/{sample.action().pk}/"


def _ballot() -> str:
    return f"/priorites/{sample.closed_ballot().pk}/"


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
    Access("roadmap:ballots", "/priorites/"),
    Access("roadmap:ballot", _ballot),
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
