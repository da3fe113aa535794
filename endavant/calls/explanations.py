"""Plain-language reasons why each project was or was not funded by an allocation run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from endavant.calls.models import Call
from endavant.voting import allocation


def rule_about(rule: str) -> str:
    """How the rule decides, in one or two sentences."""
    if rule == Call.Rule.EQUAL_SHARES:
        return _(
            "Method of Equal Shares: the budget is shared equally among the voters; a project is "
            "funded when its supporters can pay its cost together from their shares, the "
            "projects that need the least from each supporter first. Money left is shared again, "
            "one euro more per voter at a time (Add1 completion)."
        )
    if rule == Call.Rule.GREEDY_JURY:
        return _(
            "Greedy by jury score: projects are taken from the best weighted jury score down, "
            "each one funded if its cost fits in what is left of the budget."
        )
    return _(
        "Greedy by votes: projects are taken from the most supported down, each one funded if "
        "its cost fits in what is left of the budget."
    )


def explain(rule: str, detail: Mapping[str, Any]) -> str:
    """Why one project was funded or not, from its stored outcome."""
    values = {"votes": detail.get("votes", "0"), "cost": detail.get("cost", "")}
    if detail.get("selected"):
        if detail.get("phase") == allocation.PHASE_EQUAL_SHARES:
            return _("Funded: its supporters could pay its cost with their equal shares.")
        if rule == Call.Rule.EQUAL_SHARES:
            return _(
                "Funded in the completion: money was left after the equal shares and its cost "
                "fit in it."
            )
        if rule == Call.Rule.GREEDY_JURY:
            return (
                _("Funded: jury score %(votes)s; its cost (%(cost)s €) fit in what was left.")
                % values
            )
        return _("Funded: %(votes)s supports; its cost (%(cost)s €) fit in what was left.") % values
    reason = detail.get("reason")
    if reason == allocation.NOT_AFFORDABLE:
        return _(
            "Not funded: its supporters could not pay its cost with what was left of their "
            "equal shares."
        )
    if reason == allocation.OVER_BUDGET:
        return (
            _("Not funded: its cost (%(cost)s €) no longer fit in what was left of the budget.")
            % values
        )
    if reason == allocation.ZERO_COST:
        return _("Not funded: it asks for no money.")
    if rule == Call.Rule.GREEDY_JURY:
        return _("Not funded: the jury gave it no positive score.")
    return _("Not funded: nobody supported it.")
