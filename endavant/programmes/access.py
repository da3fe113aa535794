"""Who may see each address of the programmes app."""

from endavant.core.registry import BACK_OFFICE, Access
from endavant.programmes.models import Programme


def _programme() -> Programme:
    programme, _created = Programme.objects.get_or_create(
        slug="programme-test", defaults={"name": "Programme test"}
    )
    return programme


def _dataset() -> str:
    _programme()
    return "/donnees/actions-feuille-de-route.csv"


ACCESS = [
    Access("programmes:dataset", _dataset),
    Access("programmes:choose", "/programmes/"),
    Access("programmes:detail", lambda: f"/programmes/{_programme().slug}/", default=302),
    Access("programmes:manage", "/gestion/programmes/", expected=BACK_OFFICE),
    Access("programmes:manage_create", "/gestion/programmes/nouveau/", expected=BACK_OFFICE),
    Access(
        "programmes:manage_edit",
        lambda: f"/gestion/programmes/{_programme().pk}/",
        expected=BACK_OFFICE,
    ),
    Access(
        "programmes:manage_archive",
        lambda: f"/gestion/programmes/{_programme().pk}/archiver/",
        method="POST",
        data={"reason": "test"},
        expected=BACK_OFFICE,
        default=302,
    ),
]
