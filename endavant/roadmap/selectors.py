"""Reads of the programme, the roadmap and the ballots, in a bounded number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.utils.translation import gettext as _

from endavant.core.audiences import Audience
from endavant.roadmap.compare import VersionComparison, compare_versions
from endavant.roadmap.models import (
    Action,
    ActionOrigin,
    Ballot,
    BallotOption,
    Commitment,
    Orientation,
    Programme,
    RoadmapVersion,
    Vote,
    VoteItem,
)
from endavant.voting import (
    MJ_GRADES_FR,
    PairReason,
    approval,
    explain_pair,
    majority_judgment,
    schulze,
)

# Merit-profile colours, worst grade first: dark enough for 3:1 against white (WCAG 1.4.11).
GRADE_COLOURS = (
    "#8b1a1a",
    "#b0421a",
    "#8a5a00",
    "#6b6b00",
    "#3f7a1f",
    "#1e6b34",
    "#0b4f3a",
)


def current_programme() -> Programme | None:
    """The programme the public pages show (the first one created)."""
    return Programme.objects.select_related("territory").order_by("pk").first()


# --- Roadmap -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BottomUpShare:
    """Share of actions, and of their budget, with at least one bottom-up origin."""

    actions: int
    bottom_up_actions: int
    budget: Decimal
    bottom_up_budget: Decimal

    @property
    def action_share(self) -> float | None:
        return self.bottom_up_actions / self.actions if self.actions else None

    @property
    def budget_share(self) -> float | None:
        return float(self.bottom_up_budget / self.budget) if self.budget else None


def _bottom_up() -> Exists:
    return Exists(
        ActionOrigin.objects.filter(action=OuterRef("pk"), kind__in=ActionOrigin.BOTTOM_UP)
    )


def bottom_up_share(programme: Programme) -> BottomUpShare:
    """The programme's bottom-up figure (dropped actions left out), in one query."""
    figures = (
        Action.objects.filter(orientation__programme=programme)
        .exclude(status=Action.Status.DROPPED)
        .annotate(bottom_up=_bottom_up())
        .aggregate(
            actions=Count("pk"),
            bottom_up_actions=Count("pk", filter=Q(bottom_up=True)),
            total_budget=Sum("budget"),
            total_bottom_up_budget=Sum("budget", filter=Q(bottom_up=True)),
        )
    )
    return BottomUpShare(
        actions=figures["actions"],
        bottom_up_actions=figures["bottom_up_actions"],
        budget=figures["total_budget"] or Decimal(0),
        bottom_up_budget=figures["total_bottom_up_budget"] or Decimal(0),
    )


@dataclass
class OrientationProgress:
    orientation: Orientation
    actions: list[Action]
    counts: dict[str, int]

    @property
    def done_share(self) -> float | None:
        considered = sum(n for s, n in self.counts.items() if s != Action.Status.DROPPED)
        return self.counts.get(Action.Status.DONE, 0) / considered if considered else None


def roadmap_overview(programme: Programme, filters: Mapping[str, Any]) -> list[OrientationProgress]:
    """Orientations with their (filtered) actions and status counts, in three queries.

    ``filters`` may hold ``orientation``, ``domain`` (ids), ``commune`` (INSEE code) and
    ``status``.
    """
    actions = (
        Action.objects.filter(orientation__programme=programme)
        .select_related("domain")
        .annotate(bottom_up=_bottom_up())
    )
    if filters.get("orientation"):
        actions = actions.filter(orientation_id=filters["orientation"])
    if filters.get("domain"):
        actions = actions.filter(domain_id=filters["domain"])
    if filters.get("commune"):
        actions = actions.filter(communes__code=filters["commune"])
    if filters.get("status"):
        actions = actions.filter(status=filters["status"])
    by_orientation: dict[int, list[Action]] = defaultdict(list)
    for listed_action in actions.distinct():
        by_orientation[listed_action.orientation_id].append(listed_action)
    result = []
    for orientation in programme.orientations.all():
        listed = by_orientation.get(orientation.pk, [])
        if filters.get("orientation") and str(orientation.pk) != str(filters["orientation"]):
            continue
        counts: dict[str, int] = defaultdict(int)
        for action in listed:
            counts[action.status] += 1
        result.append(OrientationProgress(orientation, listed, dict(counts)))
    return result


def action_detail(pk: int) -> Action:
    """One action with everything its public page shows (raises ``Action.DoesNotExist``)."""
    return (
        Action.objects.select_related("orientation__programme", "domain__competency")
        .prefetch_related(
            "milestones",
            "communes",
            "commitments",
            Prefetch("origins", queryset=ActionOrigin.objects.select_related("content_type")),
        )
        .get(pk=pk)
    )


def actions_from_source(source: models.Model) -> list[Action]:
    """The actions whose origin points to ``source``: what it became."""
    content_type = ContentType.objects.get_for_model(source)
    return list(
        Action.objects.filter(
            origins__content_type=content_type, origins__object_id=str(source.pk)
        ).distinct()
    )


def commitments(programme: Programme) -> list[Commitment]:
    """The programme's political commitments with their actions."""
    return list(programme.commitments.prefetch_related("actions"))


def versions(programme: Programme) -> list[RoadmapVersion]:
    return list(programme.versions.defer("snapshot"))


def version_comparison(
    programme: Programme, first: int, second: int
) -> tuple[RoadmapVersion, RoadmapVersion, VersionComparison] | None:
    """Compare two versions of the programme by number (``None`` if one is missing)."""
    found = {v.number: v for v in programme.versions.filter(number__in=[first, second])}
    if first not in found or second not in found:
        return None
    v1, v2 = found[first], found[second]
    return v1, v2, compare_versions(v1.snapshot, v2.snapshot)


# --- Ballots -------------------------------------------------------------------------------


def ballot_list(programme: Programme) -> list[Ballot]:
    return list(
        programme.ballots.annotate(
            option_count=Count("options", distinct=True), vote_count=Count("votes", distinct=True)
        )
    )


@dataclass
class OptionLine:
    """One option's result, ready for the template."""

    option: BallotOption
    rank: int
    score: str = ""
    majority_grade: str = ""
    gauge_text: str = ""
    bars: list[dict[str, Any]] = field(default_factory=list)
    tally: list[int] = field(default_factory=list)


@dataclass
class SegmentResult:
    key: str
    label: str
    voters: int
    lines: list[OptionLine]
    explanations: list[str] = field(default_factory=list)

    @property
    def chart_height(self) -> int:
        """Height of the merit-profile chart: 50 units per option."""
        return 50 * len(self.lines) + 10


@dataclass
class BallotResults:
    ballot: Ballot
    voters: int
    overall: SegmentResult | None
    by_audience: list[SegmentResult]
    by_isolation: list[SegmentResult]
    grades: tuple[str, ...] = MJ_GRADES_FR
    colours: tuple[str, ...] = GRADE_COLOURS

    @property
    def legend(self) -> list[tuple[str, str]]:
        return list(zip(reversed(self.grades), reversed(self.colours), strict=True))


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "0 %"


def _mj_segment(
    key: str, label: str, voters: int, options: list[BallotOption], tallies: dict[int, list[int]]
) -> SegmentResult:
    result = majority_judgment(
        {o.pk: tallies.get(o.pk, [0] * len(MJ_GRADES_FR)) for o in options},
        MJ_GRADES_FR,
        pad_with_worst=True,
    )
    by_pk = {o.pk: o for o in options}
    lines = []
    for pk in result.ranking:
        merit = result.merits[pk]
        grade = MJ_GRADES_FR[merit.majority_grade]
        gauge = merit.gauge
        if gauge.sign > 0:
            tendency = _("more voters judged it better than “%(grade)s” than worse: “%(grade)s +”")
        elif gauge.sign < 0:
            tendency = _("more voters judged it worse than “%(grade)s” than better: “%(grade)s −”")
        else:
            tendency = _("as many judged it better as worse")
        gauge_text = _(
            "%(p)s of voters gave a better grade than “%(grade)s” (p) and %(q)s a worse one (q): "
            "%(tendency)s."
        ) % {
            "p": _percent(gauge.above, gauge.total),
            "q": _percent(gauge.below, gauge.total),
            "grade": grade,
            "tendency": tendency % {"grade": grade},
        }
        bars, x = [], 0.0
        for index in reversed(range(len(merit.tally))):
            count = merit.tally[index]
            width = 100 * count / merit.total if merit.total else 0
            if count:
                bars.append(
                    {
                        "x": f"{x:.2f}",
                        "width": f"{width:.2f}",
                        "colour": GRADE_COLOURS[index],
                        "grade": MJ_GRADES_FR[index],
                        "count": count,
                    }
                )
            x += width
        lines.append(
            OptionLine(
                option=by_pk[pk],
                rank=merit.rank,
                majority_grade=grade,
                gauge_text=gauge_text,
                bars=bars,
                tally=list(reversed(merit.tally)),
            )
        )
    explanations = []
    for upper, lower in zip(result.ranking, result.ranking[1:], strict=False):
        why = explain_pair(result, upper, lower)
        names = {"a": by_pk[upper].label, "b": by_pk[lower].label}
        if why.reason == PairReason.IDENTICAL:
            explanations.append(
                _("“%(a)s” and “%(b)s” are tied: they received exactly the same grades.") % names
            )
        elif why.reason == PairReason.MAJORITY_GRADE:
            explanations.append(
                _(
                    "“%(a)s” ranks above “%(b)s” because its majority grade, “%(ga)s”, is better "
                    "than “%(gb)s”."
                )
                % {
                    **names,
                    "ga": MJ_GRADES_FR[why.grade_a or 0],
                    "gb": MJ_GRADES_FR[why.grade_b or 0],
                }
            )
        else:
            explanations.append(
                _(
                    "“%(a)s” and “%(b)s” share the majority grade “%(g)s”. Setting aside, one by "
                    "one, the %(step)s median judgments they have in common, “%(a)s” then gets "
                    "“%(ga)s” and “%(b)s” “%(gb)s”: “%(a)s” ranks above."
                )
                % {
                    **names,
                    "g": MJ_GRADES_FR[result.merits[upper].majority_grade],
                    "step": why.step,
                    "ga": MJ_GRADES_FR[why.grade_a or 0],
                    "gb": MJ_GRADES_FR[why.grade_b or 0],
                }
            )
    return SegmentResult(key, label, voters, lines, explanations)


def _approval_segment(
    key: str, label: str, voters: int, options: list[BallotOption], scores: dict[int, int]
) -> SegmentResult:
    ids = [o.pk for o in options]
    result = approval([[pk] for pk in ids], ids, counts=[scores.get(pk, 0) for pk in ids])
    by_pk = {o.pk: o for o in options}
    lines = [
        OptionLine(
            option=by_pk[pk],
            rank=result.ranks[pk],
            score=_("%(n)s approvals (%(share)s of voters)")
            % {"n": result.scores[pk], "share": _percent(result.scores[pk], voters)},
        )
        for pk in result.ranking
    ]
    explanations = [
        _("“%(a)s” ranks above “%(b)s”: %(na)s approvals against %(nb)s.")
        % {
            "a": by_pk[a].label,
            "b": by_pk[b].label,
            "na": result.scores[a],
            "nb": result.scores[b],
        }
        for a, b in zip(result.ranking, result.ranking[1:], strict=False)
        if result.scores[a] != result.scores[b]
    ]
    return SegmentResult(key, label, voters, lines, explanations)


def _schulze_segment(
    key: str,
    label: str,
    voters: int,
    options: list[BallotOption],
    ballots: Mapping[tuple[tuple[int, ...], ...], int],
) -> SegmentResult:
    ids = [o.pk for o in options]
    rankings = list(ballots)
    result = schulze(rankings, ids, counts=[ballots[r] for r in rankings])
    by_pk = {o.pk: o for o in options}
    lines = [OptionLine(option=by_pk[pk], rank=result.ranks[pk], score="") for pk in result.ranking]
    explanations = []
    for a, b in zip(result.ranking, result.ranking[1:], strict=False):
        explanations.append(
            _(
                "%(da)s voters prefer “%(a)s” to “%(b)s” and %(db)s the reverse; the strongest "
                "chain of majorities from “%(a)s” to “%(b)s” has strength %(pa)s, against %(pb)s "
                "the other way."
            )
            % {
                "a": by_pk[a].label,
                "b": by_pk[b].label,
                "da": result.preference(a, b),
                "db": result.preference(b, a),
                "pa": result.path_strength(a, b),
                "pb": result.path_strength(b, a),
            }
        )
    return SegmentResult(key, label, voters, lines, explanations)


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


def ballot_results(ballot: Ballot) -> BallotResults:
    """Count the ballot with ``endavant.voting``, overall, by audience and isolated vs other.

    Majority judgment and approval are counted by the database (one GROUP BY over the
    judgments). Schulze needs each ranking; identical rankings are folded before counting.
    """
    options = list(ballot.options.all())
    voter_rows = Vote.objects.filter(ballot=ballot).values("audience", "commune_isolated")
    voters: dict[str, int] = defaultdict(int)
    for row in voter_rows.annotate(n=Count("pk")).order_by():
        for key in _segments(row["audience"], row["commune_isolated"]):
            voters[key] += row["n"]
    segments: dict[str, SegmentResult] = {}
    if voters.get("all"):
        if ballot.method == Ballot.Method.SCHULZE:
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
            for key in voters:
                segments[key] = _schulze_segment(
                    key, _segment_label(key), voters[key], options, folded[key]
                )
        else:
            counts: dict[str, dict[int, list[int]]] = defaultdict(
                lambda: defaultdict(lambda: [0] * len(MJ_GRADES_FR))
            )
            rows = (
                VoteItem.objects.filter(vote__ballot=ballot)
                .values("vote__audience", "vote__commune_isolated", "option_id", "value")
                .annotate(n=Count("pk"))
                .order_by()
            )
            for item in rows:
                for key in _segments(item["vote__audience"], item["vote__commune_isolated"]):
                    grade = 0 if ballot.method == Ballot.Method.APPROVAL else item["value"]
                    counts[key][item["option_id"]][grade] += item["n"]
            for key in voters:
                if ballot.method == Ballot.Method.APPROVAL:
                    scores = {pk: tally[0] for pk, tally in counts[key].items()}
                    segments[key] = _approval_segment(
                        key, _segment_label(key), voters[key], options, scores
                    )
                else:
                    segments[key] = _mj_segment(
                        key, _segment_label(key), voters[key], options, dict(counts[key])
                    )
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
        voters=voters.get("all", 0),
        overall=segments.get("all"),
        by_audience=by_audience,
        by_isolation=by_isolation,
    )


def vote_of(ballot: Ballot, user: Any) -> dict[int, int]:
    """The user's current judgments on ``ballot`` (option id -> value), empty if none."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return dict(
        VoteItem.objects.filter(vote__ballot=ballot, vote__voter=user).values_list(
            "option_id", "value"
        )
    )
