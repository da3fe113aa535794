"""Who may see each address of the programmes app.

An empty form posted to the back-office is answered 400 with the errors.
"""

from endavant.core.registry import BACK_OFFICE, Access, method_refused, read_only
from endavant.programmes.models import Programme


def _programme() -> Programme:
    programme, _created = Programme.objects.get_or_create(
        slug="programme-test", defaults={"name": "Programme test"}
    )
    return programme


def _edit() -> str:
    return f"/gestion/programmes/{_programme().pk}/"


def _archive() -> str:
    return f"/gestion/programmes/{_programme().pk}/archiver/"


def _choose() -> str:
    _programme()
    return "/programmes/"


ACCESS = [
    Access("programmes:choose", _choose, public=True),
    # Choosing a programme is remembered for anyone, then goes back where the visitor was.
    Access(
        "programmes:choose",
        _choose,
        method="POST",
        data={"programme": "programme-test", "next": "/"},
        default=302,
        public=True,
    ),
    *read_only(
        "programmes:detail", lambda: f"/programmes/{_programme().slug}/", default=302, public=True
    ),
    *read_only("programmes:manage", "/gestion/programmes/", expected=BACK_OFFICE),
    Access("programmes:manage_create", "/gestion/programmes/nouveau/", expected=BACK_OFFICE),
    Access(
        "programmes:manage_create",
        "/gestion/programmes/nouveau/",
        method="POST",
        expected=BACK_OFFICE,
        default=400,
    ),
    Access("programmes:manage_edit", _edit, expected=BACK_OFFICE),
    Access("programmes:manage_edit", _edit, method="POST", expected=BACK_OFFICE, default=400),
    Access(
        "programmes:manage_archive",
        _archive,
        method="POST",
        data={"reason": "test"},
        expected=BACK_OFFICE,
        default=302,
    ),
    method_refused("programmes:manage_archive", _archive, method="GET"),
]
