"""Who may see each address of the ballots app, and who may vote.

The vote is a POST to the ballot's page: a visitor is sent to log in; a person outside the
ballot's audience, or too late, gets 400 and the page says why; anyone else's vote is recorded
and they come back to the page. An empty form posted to the back-office is answered 400.
"""

from collections.abc import Callable

from django.urls import resolve

from endavant.ballots import sample
from endavant.ballots.models import Ballot
from endavant.core.registry import BACK_OFFICE, ROLES, Access, read_only

LOGGED_IN_400 = {role: 400 for role in ROLES if role != "anonymous"}


def _ballot() -> str:
    return f"/priorites/{sample.closed_ballot().pk}/"


def _open_for_everyone() -> str:
    return f"/priorites/{sample.open_ballot().pk}/"


def _open_for_officials() -> str:
    return f"/priorites/{sample.open_ballot(audiences=['elected_official']).pk}/"


def _vote(path: str) -> dict[str, str]:
    """A valid majority-judgment vote on every option of the ballot at ``path``."""
    ballot = Ballot.objects.get(pk=resolve(path).kwargs["pk"])
    return {f"option-{option.pk}": "3" for option in ballot.options.all()}


def _edit() -> str:
    return f"/gestion/scrutins/{sample.closed_ballot().pk}/"


def _options() -> str:
    return f"/gestion/scrutins/{sample.closed_ballot().pk}/options/"


def _list() -> str:
    sample.programme()
    return "/gestion/scrutins/"


def _create() -> str:
    return _list() + "nouveau/"


def _assisted() -> str:
    return f"/gestion/scrutins/{sample.open_ballot().pk}/pour-un-habitant/"


def _paper() -> str:
    return f"/gestion/scrutins/{sample.open_ballot().pk}/papier/"


MEDIATORS = {
    role: (200 if role in ("mediator", "programme_team", "administrator") else 403)
    for role in ROLES
    if role != "anonymous"
}


def _form(url_name: str, path: Callable[[], str]) -> list[Access]:
    return [
        Access(url_name, path, expected=BACK_OFFICE),
        Access(url_name, path, method="POST", expected=BACK_OFFICE, default=400),
    ]


ACCESS = [
    *read_only("ballots:list", "/priorites/", public=True),
    Access("ballots:ballot", _ballot, public=True),
    Access("ballots:ballot", _open_for_officials, public=True),
    # Voting: ballots.vote (logged in, window open, in the ballot's audience).
    Access("ballots:ballot", _open_for_everyone, method="POST", data=_vote, default=302),
    Access(
        "ballots:ballot",
        _open_for_officials,
        method="POST",
        data=_vote,
        expected=LOGGED_IN_400,
        default=302,
    ),
    Access(
        "ballots:ballot", _ballot, method="POST", data=_vote, expected=LOGGED_IN_400, default=302
    ),
    *read_only("ballots:manage", _list, expected=BACK_OFFICE),
    *_form("ballots:manage_create", _create),
    *_form("ballots:manage_edit", _edit),
    *_form("ballots:manage_options", _options),
    # Assisted participation: mediators (and the team, who may act as mediators) vote for a
    # resident; an empty form is answered 400. The team enters paper ballots.
    Access("ballots:assisted_vote", _assisted, expected=MEDIATORS, default=302),
    Access(
        "ballots:assisted_vote",
        _assisted,
        method="POST",
        expected={role: (400 if status == 200 else status) for role, status in MEDIATORS.items()},
        default=302,
    ),
    *_form("ballots:paper_entry", _paper),
]
