"""Who may see each address of the ballots app."""

from endavant.ballots import sample
from endavant.core.registry import BACK_OFFICE, Access


def _ballot() -> str:
    return f"/priorites/{sample.closed_ballot().pk}/"


def _edit() -> str:
    return f"/gestion/scrutins/{sample.closed_ballot().pk}/"


def _options() -> str:
    return f"/gestion/scrutins/{sample.closed_ballot().pk}/options/"


def _list() -> str:
    sample.programme()
    return "/gestion/scrutins/"


ACCESS = [
    Access("ballots:list", "/priorites/"),
    Access("ballots:ballot", _ballot),
    Access("ballots:manage", _list, expected=BACK_OFFICE),
    Access("ballots:manage_create", lambda: _list() + "nouveau/", expected=BACK_OFFICE),
    Access("ballots:manage_edit", _edit, expected=BACK_OFFICE),
    Access("ballots:manage_options", _options, expected=BACK_OFFICE),
]
