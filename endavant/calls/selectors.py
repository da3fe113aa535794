"""Reads of the calls app, in a bounded number of queries."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from endavant.calls import explanations
from endavant.calls.models import (
    AllocationRun,
    Call,
    Comment,
    Conflict,
    JuryMember,
    LedgerEntry,
    Project,
    Score,
    Support,
)
from endavant.core.audiences import Audience
from endavant.roadmap.selectors import actions_from_source

#: No breakdown shows a group smaller than this.
MIN_GROUP = 5
#: Longest list a public page shows.
PAGE_LIMIT = 200


def calls(programme: Any) -> list[Call]:
    """The programme's calls, newest first."""
    return list(
        Call.objects.filter(programme=programme)
        .annotate(n_projects=Count("projects", filter=~Q(projects__status=Project.Status.DRAFT)))
        .order_by("-submission_opens_at", "pk")[:PAGE_LIMIT]
    )


def open_calls(programme: Any, limit: int = 5) -> list[Call]:
    """Calls taking submissions, supports or votes now."""
    now = timezone.now()
    return list(
        Call.objects.filter(programme=programme)
        .filter(
            Q(submission_opens_at__lte=now, submission_closes_at__gt=now)
            | Q(participation_opens_at__lte=now, participation_closes_at__gt=now)
        )
        .order_by("submission_closes_at")[:limit]
    )


def public_projects(call: Call) -> QuerySet[Project]:
    """The call's projects that have a public page, with their support counts."""
    return (
        call.projects.exclude(status=Project.Status.DRAFT)
        .select_related("domain")
        .prefetch_related("communes")
        .annotate(n_supports=Count("supports"))
        .order_by("-n_supports", "pk")
    )


@dataclass
class ResultLine:
    project: Project
    selected: bool
    votes: str
    explanation: str
    committed: Decimal = Decimal("0")


@dataclass
class Results:
    run: AllocationRun
    about: str
    lines: list[ResultLine]


def results(call: Call, run: AllocationRun | None = None) -> Results | None:
    """The last allocation run of ``call``, each project with why it was funded or not."""
    run = run or call.runs.first()
    if run is None:
        return None
    projects = {p.pk: p for p in call.projects.filter(pk__in=[int(k) for k in run.details])}
    committed = _committed_by_project(call)
    order = [*run.selected, *[int(k) for k in run.details if int(k) not in run.selected]]
    lines = [
        ResultLine(
            project=projects[pk],
            selected=run.details[str(pk)]["selected"],
            votes=run.details[str(pk)]["votes"],
            explanation=explanations.explain(run.rule, run.details[str(pk)]),
            committed=committed.get(pk, Decimal("0")),
        )
        for pk in order
        if pk in projects
    ]
    return Results(run, explanations.rule_about(run.rule), lines)


@dataclass
class ComparisonLine:
    project: Project
    votes: str
    #: Whether each compared rule funded the project, in the order of ``RuleComparison.runs``.
    funded: list[bool]


@dataclass
class RuleComparison:
    """The latest run of each rule on a call, side by side."""

    runs: list[AllocationRun]
    lines: list[ComparisonLine]

    @property
    def summaries(self) -> list[tuple[AllocationRun, str, int]]:
        """Per run: the run, its rule's name and how many projects it funded."""
        return [
            (run, str(Call.Rule(run.rule).label), len(run.selected))
            for run in self.runs
            if run.rule in Call.Rule.values
        ]


def rule_comparison(call: Call) -> RuleComparison | None:
    """The latest run of each rule, when more than one rule was run (as on past calls)."""
    latest: dict[str, AllocationRun] = {}
    for run in call.runs.all():  # newest first
        latest.setdefault(run.rule, run)
    if len(latest) < 2:
        return None
    runs = sorted(latest.values(), key=lambda r: r.rule)
    keys = {int(k) for run in runs for k in run.details}
    projects = call.projects.filter(pk__in=keys).only("pk", "title", "requested_amount", "call")
    lines = [
        ComparisonLine(
            project=project,
            votes=next(
                (r.details[str(project.pk)]["votes"] for r in runs if str(project.pk) in r.details),
                "",
            ),
            funded=[bool(r.details.get(str(project.pk), {}).get("selected")) for r in runs],
        )
        for project in projects
    ]
    lines.sort(key=lambda line: (-sum(line.funded), -Decimal(line.votes or 0), line.project.pk))
    return RuleComparison(runs, lines)


def _committed_by_project(call: Call) -> dict[int, Decimal]:
    rows = (
        LedgerEntry.objects.filter(call=call)
        .values("project_id", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    committed: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        if row["kind"] == LedgerEntry.Kind.COMMITMENT:
            committed[row["project_id"]] += row["total"]
        elif row["kind"] == LedgerEntry.Kind.RELEASE:
            committed[row["project_id"]] -= row["total"]
    return dict(committed)


@dataclass
class ProjectDetail:
    project: Project
    supports: int
    mine: bool
    threads: list[Comment]
    breakdown: list[tuple[str, int]]
    became: list[Any] = field(default_factory=list)


def project_detail(pk: int, user: Any) -> ProjectDetail:
    """A public project with what its page shows (``Project.DoesNotExist`` for drafts)."""
    project = (
        Project.objects.exclude(status=Project.Status.DRAFT)
        .select_related("call__programme", "domain")
        .prefetch_related("communes", "attachments")
        .get(pk=pk)
    )
    replies = Comment.objects.select_related("author").order_by("created_at", "pk")
    threads = list(
        project.comments.filter(parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "pk")[:PAGE_LIMIT]
    )
    mine = bool(
        getattr(user, "is_authenticated", False)
        and project.supports.filter(supporter=user).exists()
    )
    return ProjectDetail(
        project=project,
        supports=project.supports.count(),
        mine=mine,
        threads=threads,
        breakdown=support_breakdown(project),
        became=actions_from_source(project),
    )


def support_breakdown(project: Project) -> list[tuple[str, int]]:
    """Supports by audience; groups under :data:`MIN_GROUP` are merged into "other"."""
    rows = (
        Support.objects.filter(project=project)
        .values("audience")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    shown: list[tuple[str, int]] = []
    hidden = 0
    for row in rows:
        if row["n"] >= MIN_GROUP:
            label = (
                str(Audience(row["audience"]).label)
                if row["audience"] in Audience.values
                else str(Audience.UNKNOWN.label)
            )
            shown.append((label, row["n"]))
        else:
            hidden += row["n"]
    if hidden >= MIN_GROUP:
        shown.append(("", hidden))
    return shown


@dataclass
class JuryLine:
    """A project's aggregated jury score: the weighted mean per member, then across members."""

    mean: float | None
    sd: float | None
    low: float | None
    high: float | None
    jurors: int
    by_criterion: dict[int, float]


def jury_summary(call: Call) -> dict[int, JuryLine]:
    """Per project: mean of the jurors' weighted means, standard deviation, min and max."""
    weights = {c.pk: float(c.weight) for c in call.criteria.all()}
    by_project: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for juror_id, project_id, criterion_id, value in Score.objects.filter(
        project__call=call
    ).values_list("juror_id", "project_id", "criterion_id", "value"):
        by_project[project_id][juror_id][criterion_id] = value
    summary: dict[int, JuryLine] = {}
    for project_id, jurors in by_project.items():
        totals = []
        per_criterion: dict[int, list[int]] = defaultdict(list)
        for values in jurors.values():
            weight = sum(weights.get(c, 0.0) for c in values)
            if weight:
                totals.append(sum(weights.get(c, 0.0) * v for c, v in values.items()) / weight)
            for c, v in values.items():
                per_criterion[c].append(v)
        summary[project_id] = JuryLine(
            mean=round(statistics.fmean(totals), 2) if totals else None,
            sd=round(statistics.pstdev(totals), 2) if totals else None,
            low=round(min(totals), 2) if totals else None,
            high=round(max(totals), 2) if totals else None,
            jurors=len(totals),
            by_criterion={c: round(statistics.fmean(v), 2) for c, v in per_criterion.items()},
        )
    return summary


@dataclass
class JuryPage:
    juror: JuryMember | None
    projects: list[Project]
    conflicts: set[int]
    mine: dict[tuple[int, int], Score]


def jury_page(call: Call, user: Any) -> JuryPage:
    """What a jury member sees: the projects, their conflicts and their own scores."""
    juror = JuryMember.objects.filter(call=call, member_id=getattr(user, "pk", None)).first()
    projects = list(
        call.projects.filter(status=Project.Status.SUBMITTED).order_by("pk")[:PAGE_LIMIT]
    )
    conflicts: set[int] = set()
    mine: dict[tuple[int, int], Score] = {}
    if juror is not None:
        conflicts = set(Conflict.objects.filter(juror=juror).values_list("project_id", flat=True))
        mine = {(s.project_id, s.criterion_id): s for s in Score.objects.filter(juror=juror)}
    return JuryPage(juror, projects, conflicts, mine)


@dataclass
class LedgerLine:
    project: Project
    committed: Decimal
    paid: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.committed - self.paid


def ledger_lines(call: Call) -> list[LedgerLine]:
    """Per selected or funded project: committed, paid, remaining."""
    committed = _committed_by_project(call)
    paid = dict(
        LedgerEntry.objects.filter(call=call, kind=LedgerEntry.Kind.PAYMENT)
        .values("project_id")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("project_id", "total")
    )
    projects = call.projects.filter(
        Q(decision=Project.Decision.SELECTED) | Q(pk__in=list(committed))
    ).order_by("pk")
    return [
        LedgerLine(p, committed.get(p.pk, Decimal("0")), paid.get(p.pk, Decimal("0")))
        for p in projects
    ]


def ledger_csv_rows(call: Call) -> Iterator[Sequence[Any]]:
    """Every entry of the fund, for finance (streamed)."""
    entries = (
        LedgerEntry.objects.filter(call=call)
        .select_related("project")
        .order_by("on", "pk")
        .iterator(chunk_size=500)
    )
    for e in entries:
        yield (
            e.pk,
            e.on,
            e.get_kind_display(),
            e.project_id,
            e.project.title,
            e.amount,
            e.evidence,
            e.evidence_url,
            e.note,
            e.recorded_at,
        )


def commune_projects(programme: Any, commune: Any) -> list[Project]:
    """Public projects of the programme's calls that name ``commune``."""
    return list(
        Project.objects.filter(call__programme=programme, communes=commune)
        .exclude(status=Project.Status.DRAFT)
        .select_related("call")
        .order_by("-pk")[:10]
    )


def my_projects(call: Call, user: Any) -> list[Project]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        call.projects.filter(Q(holder=user) | Q(entered_by=user)).order_by("pk")[:PAGE_LIMIT]
    )
