"""Reads of a programme's roadmap, in a bounded number of queries."""

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

from endavant.ballots.selectors import latest_rank_by_source
from endavant.programmes.models import Programme
from endavant.roadmap.compare import VersionComparison, compare_versions
from endavant.roadmap.models import (
    Action,
    ActionOrigin,
    Commitment,
    Competency,
    FunctionalDomain,
    Orientation,
    RoadmapVersion,
)

# --- Roadmap -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OriginLine:
    """One kind of origin: how many current actions, and how much of their budget."""

    key: str
    label: str
    actions: int
    budget: Decimal
    total_actions: int
    total_budget: Decimal

    @property
    def action_share(self) -> float | None:
        return self.actions / self.total_actions if self.total_actions else None

    @property
    def budget_share(self) -> float | None:
        return float(self.budget / self.total_budget) if self.total_budget else None


@dataclass(frozen=True)
class OriginBalance:
    """Top-down, bottom-up and co-constructed actions of a programme, by count and by budget.

    An action is *top-down* when its only origins are steering decisions, *bottom-up* when they
    all come from participants (a contribution, a ballot, a selected project), *co-constructed*
    when it has both; actions with no recorded origin are counted apart.
    """

    actions: int
    budget: Decimal
    lines: tuple[OriginLine, ...]

    def line(self, key: str) -> OriginLine:
        return next(line for line in self.lines if line.key == key)

    @property
    def bottom_up_actions(self) -> int:
        """Actions with at least one origin from participants (bottom-up or co-constructed)."""
        return self.line("bottom_up").actions + self.line("co_constructed").actions


def _bottom_up() -> Exists:
    return Exists(
        ActionOrigin.objects.filter(action=OuterRef("pk"), kind__in=ActionOrigin.BOTTOM_UP)
    )


def _steering() -> Exists:
    return Exists(
        ActionOrigin.objects.filter(action=OuterRef("pk"), kind=ActionOrigin.Kind.STEERING)
    )


def origin_balance(programme: Programme) -> OriginBalance:
    """The programme's balance of origins (dropped actions left out), in one query."""
    categories = {
        "top_down": Q(steering=True, bottom_up=False),
        "bottom_up": Q(steering=False, bottom_up=True),
        "co_constructed": Q(steering=True, bottom_up=True),
        "unknown": Q(steering=False, bottom_up=False),
    }
    aggregates: dict[str, Any] = {"n": Count("pk"), "total": Sum("budget")}
    for key, condition in categories.items():
        aggregates[f"{key}_n"] = Count("pk", filter=condition)
        aggregates[f"{key}_budget"] = Sum("budget", filter=condition)
    figures = (
        Action.objects.filter(orientation__programme=programme)
        .exclude(status=Action.Status.DROPPED)
        .annotate(bottom_up=_bottom_up(), steering=_steering())
        .aggregate(**aggregates)
    )
    total_budget = figures["total"] or Decimal(0)
    labels = {
        "top_down": _("Top-down (steering decisions)"),
        "bottom_up": _("Bottom-up (from participants)"),
        "co_constructed": _("Co-constructed (both)"),
        "unknown": _("Origin not recorded"),
    }
    return OriginBalance(
        actions=figures["n"],
        budget=total_budget,
        lines=tuple(
            OriginLine(
                key,
                labels[key],
                figures[f"{key}_n"],
                figures[f"{key}_budget"] or Decimal(0),
                figures["n"],
                total_budget,
            )
            for key in categories
        ),
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
        .annotate(bottom_up=_bottom_up(), steering=_steering())
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


@dataclass
class DomainPriority:
    """A functional domain with its latest priority (rank in the latest closed ballot)."""

    domain: FunctionalDomain
    ballot: Any = None
    rank: int | None = None
    score: str = ""


@dataclass
class CompetencyDomains:
    competency: Competency
    domains: list[DomainPriority] = field(default_factory=list)


def competencies_with_domains(programme: Programme) -> list[CompetencyDomains]:
    """The département's competencies (mandatory, then voluntary) with the programme's
    functional domains under each, and each domain's latest priority result."""
    domains = list(programme.domains.select_related("competency"))
    ranks = latest_rank_by_source(domains)  # type: ignore[arg-type]
    by_competency: dict[int, list[DomainPriority]] = defaultdict(list)
    for domain in domains:
        ballot, rank, score = ranks.get(domain.pk, (None, None, ""))
        by_competency[domain.competency_id].append(DomainPriority(domain, ballot, rank, score))
    return [
        CompetencyDomains(
            competency,
            sorted(
                by_competency.get(competency.pk, []), key=lambda d: (d.rank or 999, d.domain.name)
            ),
        )
        for competency in Competency.objects.all()
    ]


def latest_realised(programme: Programme, limit: int = 5) -> list[Action]:
    """The most recently realised actions (done, by actual end date)."""
    return list(
        Action.objects.filter(orientation__programme=programme, status=Action.Status.DONE).order_by(
            "-ended_on", "-pk"
        )[:limit]
    )
