"""Who may see each address of the roadmap app.

Public pages answer 200 to everyone and refuse POST (405). The back-office is for the programme
team (and the administrator): anonymous visitors are redirected to the login page (302), other
roles get 403. Every kind of back-office object (``/gestion/feuille-de-route/<kind>/...``) has
its rules: the page, and an empty form posted back (400, with the errors).
"""

from __future__ import annotations

from collections.abc import Callable

from endavant.core.registry import BACK_OFFICE, Access, read_only
from endavant.roadmap import sample
from endavant.roadmap.models import Competency

MANAGE = "/gestion/feuille-de-route/"


def _action() -> str:
    return f"/feuille-de-route/actions/{sample.action().pk}/"


def _programme_path(path: str) -> Callable[[], str]:
    def make() -> str:
        sample.programme()
        return path

    return make


#: One object of each kind, created in the sample programme; ``origine`` has no edit page.
INSTANCES: dict[str, Callable[[], int]] = {
    "competence": lambda: (sample.programme(), Competency.objects.get(code="culture").pk)[1],
    "domaine": lambda: sample.action().domain_id or 0,
    "orientation": lambda: sample.action().orientation_id,
    "action": lambda: sample.action().pk,
    "jalon": lambda: sample.milestone().pk,
    "engagement": lambda: sample.commitment().pk,
    "origine": lambda: sample.action().pk,
}
#: Kinds that moved to another app (a permanent redirect), and one that never existed.
ELSEWHERE = {"scrutin": 301, "programme": 301, "inconnu": 404}


def _edit(kind: str) -> Callable[[], str]:
    return lambda: f"{MANAGE}{kind}/{INSTANCES[kind]()}/"


def _form(url_name: str, path: Callable[[], str], get: int = 200, post: int = 400) -> list[Access]:
    return [
        Access(url_name, path, expected=BACK_OFFICE, default=get),
        Access(url_name, path, method="POST", expected=BACK_OFFICE, default=post),
    ]


ACCESS = [
    *read_only("roadmap:index", _programme_path("/feuille-de-route/"), public=True),
    *read_only("roadmap:action", _action, public=True),
    *read_only("roadmap:versions", _programme_path("/feuille-de-route/versions/"), public=True),
    *read_only("roadmap:commitments", "/engagements/", public=True),
    *read_only("roadmap:domains", _programme_path("/domaines/"), public=True),
    *read_only("roadmap:manage", MANAGE, expected=BACK_OFFICE),
    *_form("roadmap:manage_freeze", _programme_path(f"{MANAGE}figer/")),
    *[
        rule
        for kind in INSTANCES
        for rule in _form("roadmap:manage_create", _programme_path(f"{MANAGE}{kind}/nouveau/"))
    ],
    *[
        rule
        for kind, status in ELSEWHERE.items()
        for rule in _form(
            "roadmap:manage_create",
            _programme_path(f"{MANAGE}{kind}/nouveau/"),
            get=status,
            post=status,
        )
    ],
    *[
        rule
        for kind in INSTANCES
        if kind != "origine"
        for rule in _form("roadmap:manage_edit", _edit(kind))
    ],
    *_form("roadmap:manage_edit", _edit("origine"), get=404, post=404),
]
