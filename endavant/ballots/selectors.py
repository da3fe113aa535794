"""Reads of the ballots app, in a bounded number of queries. Counting is the method's business
(``ballots.methods``); drawing is the presenters'."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext as _

from endavant.ballots import methods
from endavant.ballots.models import Ballot, BallotOption, Vote, VoteItem
from endavant.ballots.presenters import SegmentResult, grade_legend
from endavant.core.audiences import Audience


def min_group_size() -> int:
    """Groups smaller than this are never shown in a breakdown (``ENDAVANT_MIN_GROUP_SIZE``)."""
    return int(getattr(settings, "ENDAVANT_MIN_GROUP_SIZE", 5))


def ballot_list(programme: Any) -> list[Ballot]:
    """The programme's ballots with their numbers of options and votes (one query)."""
    return list(
        Ballot.objects.filter(programme=programme).annotate(
            option_count=Count("options", distinct=True), vote_count=Count("votes", distinct=True)
        )
    )


@dataclass
class BallotResults:
    ballot: Ballot
    method: methods.VotingMethod
    voters: int
    overall: SegmentResult | None
    by_audience: list[SegmentResult]
    by_isolation: list[SegmentResult]
    min_group: int

    @property
    def legend(self) -> list[tuple[int, str, str]]:
        return grade_legend()


def _segments(audience: str, isolated: bool | None) -> list[str]:
    return ["all", f"audience:{audience or Audience.UNKNOWN}", f"isolated:{isolated}"]


def _segment_label(key: str) -> str:
    if key == "all":
        return _("All voters")
    kind, value = key.split(":", 1)
    if kind == "audience":
        return str(Audience(value).label) if value in Audience.values else value
    return {
        "True": _("Voters from isolated communes"),
        "False": _("Voters from other communes"),
        "None": _("Commune not known"),
    }[value]


def _value_counts(ballot: Ballot) -> dict[str, dict[int, dict[int, int]]]:
    counts: dict[str, dict[int, dict[int, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    rows = (
        VoteItem.objects.filter(vote__ballot=ballot)
        .values("vote__audience", "vote__commune_isolated", "option_id", "value")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for item in rows:
        for key in _segments(item["vote__audience"], item["vote__commune_isolated"]):
            counts[key][item["option_id"]][item["value"]] += item["n"]
    return counts


def _folded_rankings(ballot: Ballot) -> dict[str, dict[tuple[tuple[int, ...], ...], int]]:
    folded: dict[str, dict[tuple[tuple[int, ...], ...], int]] = defaultdict(
        lambda: defaultdict(int)
    )
    per_vote: dict[int, tuple[str, bool | None, dict[int, list[int]]]] = {}
    items = VoteItem.objects.filter(vote__ballot=ballot).values_list(
        "vote_id", "vote__audience", "vote__commune_isolated", "option_id", "value"
    )
    for vote_id, audience, isolated, option_id, value in items:
        entry = per_vote.setdefault(vote_id, (audience, isolated, defaultdict(list)))
        entry[2][value].append(option_id)
    for audience, isolated, levels in per_vote.values():
        ranking = tuple(tuple(sorted(levels[level])) for level in sorted(levels))
        for key in _segments(audience, isolated):
            folded[key][ranking] += 1
    return folded


def ballot_results(ballot: Ballot) -> BallotResults:
    """Count the ballot overall, by audience and isolated vs other communes.

    A segment with fewer voters than the minimum group size is listed as withheld, without
    figures, so that nobody's vote can be read off a small group.
    """
    method = methods.get(ballot.method)
    options = list(ballot.options.all())
    voters: dict[str, int] = defaultdict(int)
    voter_rows = Vote.objects.filter(ballot=ballot).values("audience", "commune_isolated")
    for row in voter_rows.annotate(n=Count("pk")).order_by():
        for key in _segments(row["audience"], row["commune_isolated"]):
            voters[key] += row["n"]
    smallest = min_group_size()
    segments: dict[str, SegmentResult] = {}
    if voters.get("all"):
        data: Any = (
            _folded_rankings(ballot) if method.counts_from == "rankings" else _value_counts(ballot)
        )
        for key, n in voters.items():
            label = _segment_label(key)
            if key != "all" and n < smallest:
                segments[key] = SegmentResult(key, label, n, [], withheld=True)
            else:
                segments[key] = method.segment(key, label, n, options, data[key])
    audience_order = {value: i for i, value in enumerate(Audience.values)}
    by_audience = sorted(
        (s for k, s in segments.items() if k.startswith("audience:")),
        key=lambda s: audience_order.get(s.key.split(":", 1)[1], 99),
    )
    isolation_order = {"isolated:True": 0, "isolated:False": 1, "isolated:None": 2}
    by_isolation = sorted(
        (s for k, s in segments.items() if k.startswith("isolated:")),
        key=lambda s: isolation_order[s.key],
    )
    return BallotResults(
        ballot=ballot,
        method=method,
        voters=voters.get("all", 0),
        overall=segments.get("all"),
        by_audience=by_audience,
        by_isolation=by_isolation,
        min_group=smallest,
    )


def vote_of(ballot: Ballot, user: Any) -> dict[int, int]:
    """The user's current values on ``ballot`` (option id -> value), empty if none."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return dict(
        VoteItem.objects.filter(vote__ballot=ballot, vote__voter=user).values_list(
            "option_id", "value"
        )
    )


def options_from(sources: list[models.Model]) -> list[BallotOption]:
    """Every ballot option drawn from one of ``sources`` (with its ballot), newest ballot first."""
    if not sources:
        return []
    content_type = ContentType.objects.get_for_model(sources[0])
    return list(
        BallotOption.objects.filter(
            source_type=content_type, source_id__in=[str(s.pk) for s in sources]
        )
        .select_related("ballot")
        .order_by("-ballot__closes_at", "pk")
    )


def latest_rank_by_source(sources: list[models.Model]) -> dict[int, tuple[Ballot, int, str]]:
    """For each source record, its rank in the latest closed ballot it was an option of.

    Returns ``{source pk: (ballot, rank, score text)}``: how the programme's ballots feed the
    priority of its functional domains (or any record ballots draw options from).
    """
    latest: dict[int, tuple[Ballot, int, str]] = {}
    counted: dict[int, BallotResults] = {}
    for option in options_from(sources):
        source_pk = int(option.source_id)
        ballot = option.ballot
        if source_pk in latest or not ballot.is_closed():
            continue
        if ballot.pk not in counted:
            counted[ballot.pk] = ballot_results(ballot)
        overall = counted[ballot.pk].overall
        if overall is None:
            continue
        for line in overall.lines:
            if line.option.pk == option.pk:
                latest[source_pk] = (ballot, line.rank, line.score)
    return latest
