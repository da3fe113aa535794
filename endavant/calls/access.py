"""Who may see each address of the calls app."""

from endavant.calls import sample
from endavant.core.registry import BACK_OFFICE, Access, method_refused

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
    Access("calls:list", lambda: (sample.programme(), "/appels-a-projets/")[1], public=True),
    Access("calls:detail", _c, public=True),
    Access("calls:project_create", lambda: _c("deposer/"), expected=LOGIN_OR_REDIRECT),
    Access("calls:jury", lambda: _c("jury/"), expected=JURY),
    Access("calls:project", _p, public=True),
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
    # The other method of each address: public pages and the participants' actions answer one
    # method only (405); a form posted empty is drawn again with its errors.
    method_refused("calls:list", lambda: (sample.programme(), "/appels-a-projets/")[1]),
    method_refused("calls:detail", _c),
    method_refused("calls:project", _p),
    method_refused("calls:project_submit", lambda: _p("soumettre/"), method="GET"),
    method_refused("calls:project_withdraw", lambda: _p("retirer/"), method="GET"),
    method_refused("calls:support", lambda: _p("soutenir/"), method="GET"),
    method_refused("calls:comment", lambda: _p("commenter/"), method="GET"),
    method_refused(
        "calls:report", lambda: f"/commentaires/{sample.comment()}/signaler/", method="GET"
    ),
    method_refused(
        "calls:appeal", lambda: f"/commentaires/{sample.comment()}/appel/", method="GET"
    ),
    Access(
        "calls:project_create",
        lambda: _c("deposer/"),
        method="POST",
        expected=LOGIN_OR_REDIRECT,
        default=400,
    ),
    # The jury and moderation forms name a project or a comment: posted without one, 404.
    Access("calls:jury", lambda: _c("jury/"), method="POST", expected=JURY, default=404),
    Access(
        "calls:project_edit",
        lambda: _p("modifier/"),
        method="POST",
        expected=LOGIN_OR_REDIRECT,
        default=404,
    ),
    Access(
        "calls:manage",
        lambda: (sample.programme(), "/gestion/appels-a-projets/")[1],
        method="POST",
        expected=BACK_OFFICE,
    ),
    Access(
        "calls:manage_create",
        lambda: (sample.programme(), "/gestion/appels-a-projets/nouveau/")[1],
        method="POST",
        expected=BACK_OFFICE,
        default=400,
    ),
    Access(
        "calls:moderation",
        "/gestion/appels-a-projets/moderation/",
        method="POST",
        expected=MODERATION,
        default=404,
    ),
    Access("calls:manage_call", _g, method="POST", expected=BACK_OFFICE, default=400),
    Access(
        "calls:manage_edit",
        lambda: _g("modifier/"),
        method="POST",
        expected=BACK_OFFICE,
        default=400,
    ),
    Access("calls:ledger", lambda: _g("fonds/"), method="POST", expected=BACK_OFFICE, default=400),
    Access(
        "calls:ledger_csv",
        lambda: f"/gestion/appels-a-projets/{sample.call().pk}/fonds.csv",
        method="POST",
        expected=BACK_OFFICE,
        default=405,
    ),
]
