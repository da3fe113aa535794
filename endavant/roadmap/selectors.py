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
