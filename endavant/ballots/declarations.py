"""What the ballots app declares to the core registries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from endavant.core.registry import (
    AuditAction,
    Column,
    Dataset,
    EventKind,
    PersonalData,
    Section,
    entity_actions,
)

AUDIT_ACTIONS = [
    *entity_actions("ballot", _("ballot")),
    AuditAction("ballot.options_set", _("options of a ballot set")),
    AuditAction("ballot.recount", _("tallies of a ballot recounted from its votes")),
]

EVENT_KINDS = [
    EventKind("ballot.vote", _("Vote cast"), module="ballots"),
    EventKind(
        "ballot.vote_change", _("Vote changed"), module="ballots", counts_as_participation=False
    ),
]

PERSONAL_DATA = [
    PersonalData(
        "ballots.Vote",
        owner="voter",
        export=(
            "id",
            "ballot__title",
            "cast_at",
            "updated_at",
            "audience",
            "commune_code",
            "channel",
        ),
        erase="keep",
        why=_("Votes stay, attached to the anonymised account, so that results do not change."),
        table="votes",
    ),
    PersonalData(
        "ballots.Vote",
        owner="entered_by",
        export=("id", "ballot__title", "updated_at", "channel"),
        erase="keep",
        why=_("A vote entered for someone else stays after the person who entered it leaves."),
        table="votes_i_entered",
    ),
]


def _result_rows(programme: Any) -> Iterator[Sequence[Any]]:
    """One row per option of each closed ballot of the programme, overall only."""
    from endavant.ballots.models import Ballot
    from endavant.ballots.selectors import ballot_results

    ballots = Ballot.objects.filter(programme=programme).order_by("closes_at", "pk")
    for ballot in ballots:
        if not ballot.results_visible():
            continue
        results = ballot_results(ballot)
        if results.overall is None:
            continue
        for line in results.overall.lines:
            yield (
                ballot.pk,
                ballot.title,
                ballot.method,
                ballot.closes_at,
                results.voters,
                line.option.label,
                line.rank,
                line.score,
                ballot.is_example,
            )


DATASETS = [
    Dataset(
        slug="resultats-scrutins",
        title=_("Ballot results"),
        description=_(
            "The overall result of every ballot whose results are published: each option's rank "
            "and figure (majority grade, approvals or Schulze rank)."
        ),
        columns=(
            Column("ballot_id", "integer", _("Identifier of the ballot")),
            Column("ballot", "string", _("Title of the ballot")),
            Column("method", "string", _("Voting method")),
            Column("closes_at", "datetime", _("Closing time")),
            Column("voters", "integer", _("Number of voters")),
            Column("option", "string", _("Option")),
            Column("rank", "integer", _("Rank, 1 = first")),
            Column("figure", "string", _("The method's figure for the option")),
            Column("is_example", "boolean", _("Fictional example (demo data)")),
        ),
        rows=_result_rows,
        source=_("Votes cast on this platform"),
    ),
]


def _home(request: Any, _subject: Any) -> dict[str, Any] | None:
    from django.utils import timezone

    from endavant.ballots.models import Ballot
    from endavant.programmes.context import programme_for

    programme = programme_for(request)
    if programme is None:
        return None
    now = timezone.now()
    open_now = list(
        Ballot.objects.filter(programme=programme, opens_at__lte=now, closes_at__gt=now)[:5]
    )
    return {"items": open_now} if open_now else None


HOME_SECTIONS = [Section("ballots", "ballots/_home.html", _home, order=20)]
