"""Who may see each address of the mediation app."""

from endavant.core.registry import BACK_OFFICE, Access, method_refused, read_only
from endavant.mediation import sample


def _doc(suffix: str = "") -> str:
    return f"/documents/{sample.document().pk}/{suffix}"


def _with_programme(path: str) -> str:
    sample.programme()
    return path


def _coverage() -> str:
    return f"/comprendre/ma-commune/?code={sample.commune_with_coverage()}"


def _manage_doc(suffix: str = "") -> str:
    return f"/gestion/documents/{sample.document().pk}/{suffix}"


ACCESS = [
    *read_only("mediation:understand", "/comprendre/", public=True),
    *read_only("mediation:faq", "/comprendre/questions/", public=True),
    *read_only("mediation:glossary", "/glossaire/", public=True),
    *read_only("mediation:coverage", _coverage, public=True),
    *read_only("mediation:list", lambda: _with_programme("/documents/?q=reseau"), public=True),
    *read_only("mediation:list_csv", lambda: _with_programme("/documents.csv"), public=True),
    *read_only("mediation:analysis", lambda: _with_programme("/documents/analyse/"), public=True),
    *read_only("mediation:document", _doc, public=True),
    *read_only("mediation:text", lambda: _doc()[:-1] + "/texte.txt", public=True),
    # A document without a file has no original to download (404 for everyone).
    Access("mediation:original", lambda: _doc("original/"), default=404, public=True),
    method_refused("mediation:original", lambda: _doc("original/")),
    Access(
        "mediation:manage",
        lambda: _with_programme("/gestion/documents/"),
        expected=BACK_OFFICE,
    ),
    Access(
        "mediation:manage",
        lambda: _with_programme("/gestion/documents/"),
        method="POST",
        expected=BACK_OFFICE,
        default=400,
    ),
    Access(
        "mediation:manage_create",
        lambda: _with_programme("/gestion/documents/nouveau/"),
        expected=BACK_OFFICE,
    ),
    Access(
        "mediation:manage_create",
        lambda: _with_programme("/gestion/documents/nouveau/"),
        method="POST",
        expected=BACK_OFFICE,
        default=400,
    ),
    Access("mediation:manage_edit", _manage_doc, expected=BACK_OFFICE),
    Access("mediation:manage_edit", _manage_doc, method="POST", expected=BACK_OFFICE, default=400),
    Access("mediation:manage_delete", lambda: _manage_doc("supprimer/"), expected=BACK_OFFICE),
    # Confirmed deletion goes back to the list.
    Access(
        "mediation:manage_delete",
        lambda: _manage_doc("supprimer/"),
        method="POST",
        expected=BACK_OFFICE,
        default=302,
    ),
]
