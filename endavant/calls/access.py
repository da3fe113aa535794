"""Who may see each address of the calls app."""

from endavant.calls import sample
from endavant.core.registry import BACK_OFFICE, Access

LOGIN_OR_REDIRECT = {"anonymous": 302}
#: Jury page: jury members and the programme team.
JURY = {
    "anonymous": 302,
    "participant": 403,
    "mediator": 403,
    "moderator": 403,
    "researcher": 403,
}
#: Moderation: moderators, the programme team (who moderate too) and the administrator.
MODERATION = {
    "anonymous": 302,
    "participant": 403,
    "mediator": 403,
    "jury": 403,
    "researcher": 403,
}


def _c(suffix: str = "") -> str:
    return f"/appels-a-projets/{sample.call().pk}/{suffix}"


def _p(suffix: str = "") -> str:
    return f"/projets/{sample.project().pk}/{suffix}"


def _g(suffix: str = "") -> str:
    return f"/gestion/appels-a-projets/{sample.call().pk}/{suffix}"


ACCESS = [
    Access("calls:list", lambda: (sample.programme(), "/appels-a-projets/")[1]),
    Access("calls:detail", _c),
    Access("calls:project_create", lambda: _c("deposer/"), expected=LOGIN_OR_REDIRECT),
    Access("calls:jury", lambda: _c("jury/"), expected=JURY),
    Access("calls:project", _p),
    # Only the holder edits a project: others get "not found", visitors the login page.
    Access("calls:project_edit", lambda: _p("modifier/"), expected=LOGIN_OR_REDIRECT, default=404),
    # Submitting, withdrawing, supporting, commenting, reporting and appealing are POSTs: a
    # visitor goes to the login page, a logged-in person comes back with a message.
    Access("calls:project_submit", lambda: _p("soumettre/"), method="POST", default=302),
    Access("calls:project_withdraw", lambda: _p("retirer/"), method="POST", default=302),
    Access("calls:support", lambda: _p("soutenir/"), method="POST", default=302),
    Access("calls:comment", lambda: _p("commenter/"), method="POST", default=302),
    Access(
        "calls:report",
        lambda: f"/commentaires/{sample.comment()}/signaler/",
        method="POST",
        default=302,
    ),
    Access(
        "calls:appeal",
        lambda: f"/commentaires/{sample.comment()}/appel/",
        method="POST",
        default=302,
    ),
    Access(
        "calls:manage",
        lambda: (sample.programme(), "/gestion/appels-a-projets/")[1],
        expected=BACK_OFFICE,
    ),
    Access(
        "calls:manage_create",
        lambda: (sample.programme(), "/gestion/appels-a-projets/nouveau/")[1],
        expected=BACK_OFFICE,
    ),
    Access("calls:moderation", "/gestion/appels-a-projets/moderation/", expected=MODERATION),
    Access("calls:manage_call", _g, expected=BACK_OFFICE),
    Access("calls:manage_edit", lambda: _g("modifier/"), expected=BACK_OFFICE),
    Access("calls:ledger", lambda: _g("fonds/"), expected=BACK_OFFICE),
    Access(
        "calls:ledger_csv",
        lambda: f"/gestion/appels-a-projets/{sample.call().pk}/fonds.csv",
        expected=BACK_OFFICE,
    ),
]
