"""Reads of the ballots app, in a bounded number of queries. Results are read from the
pre-aggregated tallies (``models.Tally``), never counted from the votes on a page load; what the
counts mean is the method's business (``ballots.methods``); drawing is the presenters'."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from endavant.ballots import methods
from endavant.ballots.models import Ballot, BallotOption, Tally, Vote, VoteItem
from endavant.ballots.presenters import SegmentResult, grade_legend
from endavant.core.audiences import Audience


def min_group_size() -> int:
    """Groups smaller than this are never shown in a breakdown (``ENDAVANT_MIN_GROUP_SIZE``)."""
    return int(getattr(settings, "ENDAVANT_MIN_GROUP_SIZE", 5))


def ballot_list(programme: Any) -> list[Ballot]:
    """The programme's ballots with their numbers of options and votes (one query).

    The number of votes is the sum of the ballot's voter tallies: no join of votes or options.
    """
    voters = (
        Tally.objects.filter(ballot=OuterRef("pk"), kind=Tally.Kind.VOTERS)
        .order_by()
        .values("ballot")
        .annotate(n=Sum("count"))
        .values("n")
    )
    options = (
        BallotOption.objects.filter(ballot=OuterRef("pk"))
        .order_by()
        .values("ballot")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        Ballot.objects.filter(programme=programme).annotate(
            option_count=Coalesce(Subquery(options), 0),
            vote_count=Coalesce(Subquery(voters), 0),
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
    #: (channel label, number of voters), for the channels that have votes.
    by_channel: list[tuple[str, int]] = field(default_factory=list)

    @property
    def legend(self) -> list[tuple[int, str, str]]:
        return grade_legend()


def tally_cell(audience: str, isolated: bool | None, channel: str) -> tuple[str, str, str]:
    """The cell of voters a vote is counted in (``models.Tally``): audience, isolation,
    channel."""
    return (audience or str(Audience.UNKNOWN), str(isolated), channel)


def cell_segments(audience: str, isolated: str) -> tuple[str, str, str]:
    """The segments a cell of voters belongs to: everyone, its audience, its isolation."""
    return ("all", f"audience:{audience or Audience.UNKNOWN}", f"isolated:{isolated}")


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


Counts = dict[str, dict[Any, Any]]


def _tallies(ballot: Ballot, pairwise: bool) -> tuple[dict[str, int], dict[str, int], Counts]:
    """Voters per segment, voters per channel and the method's data per segment, summed from
    the ballot's tallies in one query (the database folds the channels of the judgments:
    a few thousand rows whatever the number of votes)."""
    voters: dict[str, int] = defaultdict(int)
    channels: dict[str, int] = defaultdict(int)
    data: Counts = {}
    kinds = [Tally.Kind.VOTERS, Tally.Kind.PAIR if pairwise else Tally.Kind.VALUE]
    rows = (
        Tally.objects.filter(ballot=ballot, kind__in=kinds)
        .annotate(
            by_channel=Case(
                When(kind=Tally.Kind.VOTERS, then=F("channel")),
                default=Value(""),
                output_field=models.CharField(),
            )
        )
        .values_list("audience", "isolated", "by_channel", "kind", "a", "b")
        .annotate(n=Sum("count"))
        .exclude(n=0)
        .order_by()
    )
    for audience, isolated, channel, kind, a, b, count in rows:
        keys = cell_segments(audience, isolated)
        if kind == Tally.Kind.VOTERS:
            channels[channel] += count
            for key in keys:
                voters[key] += count
        elif pairwise:
            for key in keys:
                matrix = data.setdefault(key, defaultdict(int))
                matrix[a, b] += count
        else:
            for key in keys:
                per_option = data.setdefault(key, {})
                per_value = per_option.setdefault(a, defaultdict(int))
                per_value[b] += count
    return voters, channels, data


def ballot_results(ballot: Ballot, options: list[BallotOption] | None = None) -> BallotResults:
    """Count the ballot overall, by audience and isolated vs other communes, from its tallies.

    Two queries (options, tallies), whatever the number of votes. A segment with fewer voters
    than the minimum group size is listed as withheld, without figures, so that nobody's vote
    can be read off a small group.
    """
    method = methods.get(ballot.method)
    if options is None:
        options = list(ballot.options.all())
    voters, channels, data = _tallies(ballot, method.counts_from == "pairwise")
    smallest = min_group_size()
    segments: dict[str, SegmentResult] = {}
    if voters.get("all"):
        for key, n in voters.items():
            if not n:
                continue
            label = _segment_label(key)
            if key != "all" and n < smallest:
                segments[key] = SegmentResult(key, label, n, [], withheld=True)
            else:
                segments[key] = method.segment(key, label, n, options, data.get(key, {}))
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
    channel_labels = dict(Vote.Channel.choices)
    by_channel = [
        (str(channel_labels.get(value, value)), channels[value])
        for value in Vote.Channel.values
        if channels.get(value)
    ]
    return BallotResults(
        ballot=ballot,
        method=method,
        voters=voters.get("all", 0),
        overall=segments.get("all"),
        by_audience=by_audience,
        by_isolation=by_isolation,
        min_group=smallest,
        by_channel=by_channel,
    )


@dataclass(frozen=True)
class VoteState:
    """A voter's vote as last read: what a change must move out of the tallies."""

    vote_id: int
    version: int
    audience: str
    commune_code: str
    commune_isolated: bool | None
    channel: str
    values: dict[int, int]


def _state_from_rows(rows: Iterable[Mapping[str, Any]]) -> VoteState | None:
    state: VoteState | None = None
    for row in rows:
        if row["vote_id"] is None:
            continue
        if state is None:
            state = VoteState(
                vote_id=row["vote_id"],
                version=row["vote_version"],
                audience=row["vote_audience"],
                commune_code=row["vote_commune"],
                commune_isolated=row["vote_isolated"],
                channel=row["vote_channel"],
                values={},
            )
        if row["item_option"] is not None:
            state.values[row["item_option"]] = row["item_value"]
    return state


def vote_state(ballot: Ballot, voter: Any, *, lock: bool = False) -> VoteState | None:
    """``voter``'s vote on ``ballot`` with its judgments, or None (one query; two with
    ``lock``, which holds the vote row until the caller's transaction ends)."""
    votes = Vote.objects.filter(ballot=ballot, voter=voter)
    if lock:
        # A row lock cannot be taken through the outer join to the items: lock first.
        list(votes.select_for_update().values_list("pk", flat=True))
    rows = votes.values(
        vote_id=F("pk"),
        vote_version=F("version"),
        vote_audience=F("audience"),
        vote_commune=F("commune_code"),
        vote_isolated=F("commune_isolated"),
        vote_channel=F("channel"),
        item_option=F("items__option_id"),
        item_value=F("items__value"),
    )
    return _state_from_rows(rows)


@dataclass
class VoteContext:
    """A ballot as one voter sees it: its options, their current values, the vote state."""

    ballot: Ballot
    options: list[BallotOption]
    state: VoteState | None

    @property
    def option_ids(self) -> list[int]:
        return [option.pk for option in self.options]

    @property
    def current(self) -> dict[int, int]:
        """The voter's current values (option id -> value), empty if they have not voted."""
        return dict(self.state.values) if self.state else {}


def ballot_for_voter(pk: int, user: Any) -> VoteContext:
    """The ballot ``pk`` with its options and ``user``'s vote, in one query (the page and the
    vote both start here). Raises ``Ballot.DoesNotExist``."""
    options = BallotOption.objects.filter(ballot_id=pk).select_related("ballot__programme")
    authenticated = getattr(user, "is_authenticated", False)
    if authenticated:
        # A LEFT JOIN to the voter's vote (at most one row: one vote per person) and one to
        # the judgment of each option.
        options = (
            options.annotate(
                my_vote=FilteredRelation("ballot__votes", condition=Q(ballot__votes__voter=user)),
            )
            .annotate(
                vote_id=F("my_vote__pk"),
                vote_version=F("my_vote__version"),
                vote_audience=F("my_vote__audience"),
                vote_commune=F("my_vote__commune_code"),
                vote_isolated=F("my_vote__commune_isolated"),
                vote_channel=F("my_vote__channel"),
            )
            .annotate(
                item_value=Subquery(
                    VoteItem.objects.filter(vote=OuterRef("vote_id"), option=OuterRef("pk")).values(
                        "value"
                    )[:1]
                ),
            )
        )
    rows = list(options)
    if not rows:
        # A ballot without options (never made by the services) still has a page.
        return VoteContext(Ballot.objects.select_related("programme").get(pk=pk), [], None)
    state = None
    if authenticated:
        state = _state_from_rows(
            {
                "vote_id": o.vote_id,  # type: ignore[attr-defined]
                "vote_version": o.vote_version,  # type: ignore[attr-defined]
                "vote_audience": o.vote_audience,  # type: ignore[attr-defined]
                "vote_commune": o.vote_commune,  # type: ignore[attr-defined]
                "vote_isolated": o.vote_isolated,  # type: ignore[attr-defined]
                "vote_channel": o.vote_channel,  # type: ignore[attr-defined]
                "item_option": o.pk if o.item_value is not None else None,  # type: ignore[attr-defined]
                "item_value": o.item_value,  # type: ignore[attr-defined]
            }
            for o in rows
        )
    ballot = rows[0].ballot
    for option in rows:
        option.ballot = ballot
    return VoteContext(ballot, rows, state)


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
