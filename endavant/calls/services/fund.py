"""The allocation of the fund by the call's rule, and the fund ledger."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.calls.models import (
    AllocationRun,
    Call,
    ImportedBallot,
    LedgerEntry,
    Project,
    Support,
)
from endavant.calls.services._common import (
    user_or_none,
)
from endavant.calls.services.projects import check_upload
from endavant.core.services import (
    ApplicationError,
    audit_record,
    write,
)
from endavant.roadmap.models import ActionOrigin
from endavant.roadmap.services import action_origin_add
from endavant.voting import allocation


def _candidates(call: Call) -> list[Project]:
    return list(
        call.projects.filter(status=Project.Status.SUBMITTED)
        .exclude(decision=Project.Decision.REJECTED)
        .order_by("pk")
    )


def _approval_ballots(call: Call, ids: set[int]) -> tuple[str, list[list[int]]]:
    """Each voter's approved projects: from the ballot when the call votes, else supports."""
    by_voter: dict[int, list[int]] = defaultdict(list)
    rows: Any
    if call.imported_from:
        imported = ImportedBallot.objects.filter(call=call).values_list("projects", flat=True)
        return "imported", [[pk for pk in projects if pk in ids] for projects in imported]
    if call.uses_vote:
        if call.ballot is None:
            raise ApplicationError(_("This call has no ballot yet."), code="no_ballot")
        rows = call.ballot.votes.filter(items__value__gt=0).values_list(
            "pk", "items__option__source_id"
        )
        source = "ballot"
        # Voters who approved nothing still hold a share of the budget.
        for pk in call.ballot.votes.values_list("pk", flat=True):
            by_voter.setdefault(pk, [])
    else:
        rows = Support.objects.filter(project__call=call).values_list("supporter_id", "project_id")
        source = "supports"
    for voter, project_id in rows:
        pid = int(project_id) if project_id is not None and str(project_id).isdigit() else None
        if pid in ids:
            by_voter[voter].append(pid)
    return source, list(by_voter.values())


def _jury_score(line: Any) -> Fraction:
    if line is None or line.mean is None:
        return Fraction(0)
    return Fraction(str(line.mean))


def _money(value: Any) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"))


def _imported_points(call: Call, ids: set[int]) -> dict[int, int] | None:
    """Total points per project of an imported cumulative vote (None for approval votes)."""
    totals: dict[int, int] = dict.fromkeys(ids, 0)
    cumulative = False
    for projects, points in ImportedBallot.objects.filter(call=call).values_list(
        "projects", "points"
    ):
        if points is None:
            continue
        cumulative = True
        for pk, value in zip(projects, points, strict=True):
            if pk in totals:
                totals[pk] += value
    return totals if cumulative else None


@transaction.atomic
def allocation_run(*, actor: Any, call: Call, rule: str | None = None) -> AllocationRun:
    """Run the call's rule (or ``rule``, to compare) on the supports, the ballot's approvals,
    the imported ballots or the jury's scores, and store the outcome with a reason for every
    project.

    On an imported cumulative vote, greedy ranks by total points (as the city did) and Equal
    Shares reads every project given points as approved."""
    from endavant.calls.selectors import jury_summary

    call = Call.objects.select_for_update().get(pk=call.pk)
    rule = rule or call.rule
    if rule not in Call.Rule.values:
        raise ApplicationError(_("Unknown allocation rule."), code="rule")
    projects = _candidates(call)
    if not projects:
        raise ApplicationError(_("No submitted project to allocate."), code="empty")
    costs = {p.pk: p.requested_amount for p in projects}
    voters = 0
    result: allocation.AllocationResult[int]
    points = _imported_points(call, set(costs)) if call.imported_from else None
    if rule == Call.Rule.GREEDY_JURY:
        source = "jury"
        summary = jury_summary(call)
        scores = {p.pk: _jury_score(summary.get(p.pk)) for p in projects}
        result = allocation.greedy(costs, scores, call.budget)
    else:
        source, ballots = _approval_ballots(call, set(costs))
        voters = len(ballots)
        if rule == Call.Rule.EQUAL_SHARES:
            result = allocation.equal_shares(costs, ballots, call.budget, completion="add1")
        elif points is not None:
            result = allocation.greedy(costs, points, call.budget)
        else:
            result = allocation.greedy(costs, ballots, call.budget)
    details = {
        str(pk): {
            "selected": d.selected,
            "step": d.step,
            "phase": d.phase,
            "reason": d.reason,
            "votes": str(_money(Fraction(d.votes))).removesuffix(".00"),
            "cost": str(_money(Fraction(d.cost))),
        }
        for pk, d in result.details.items()
    }
    run = AllocationRun.objects.create(
        call=call,
        rule=rule,
        source=source,
        budget=call.budget,
        total_cost=_money(Fraction(result.cost)),
        voters=voters,
        selected=list(result.selected),
        details=details,
        ran_by=user_or_none(actor),
    )
    audit_record(
        actor=actor,
        action="allocation.run",
        target=call,
        after={"rule": rule, "source": source, "selected": list(result.selected)},
    )
    return run


# --- Fund ledger ---------------------------------------------------------------------------


def ledger_totals(call: Call, project: Project | None = None) -> dict[str, Decimal]:
    """Committed (commitments less releases), paid and remaining, for a call or one project."""
    entries = LedgerEntry.objects.filter(call=call)
    if project is not None:
        entries = entries.filter(project=project)
    sums = {
        row["kind"]: row["total"]
        for row in entries.values("kind").annotate(total=Sum("amount")).order_by()
    }
    zero = Decimal("0")
    committed = sums.get("commitment", zero) - sums.get("release", zero)
    paid = sums.get("payment", zero)
    remaining = (call.budget if project is None else committed) - (
        committed if project is None else paid
    )
    return {"committed": committed, "paid": paid, "remaining": remaining}


@transaction.atomic
def ledger_record(
    *,
    actor: Any,
    project: Project,
    kind: str,
    amount: Decimal,
    on: date | None = None,
    evidence: str = "",
    evidence_url: str = "",
    evidence_file: UploadedFile | None = None,
    note: str = "",
) -> LedgerEntry:
    """Record a commitment, a payment (instalment) or a release.

    The call row is locked while the totals are read, so that parallel commitments never take
    the total committed above the budget; payments never exceed what is committed to the
    project; a release never frees money already paid.
    """
    if kind not in LedgerEntry.Kind.values:
        raise ApplicationError(_("Unknown kind of entry."), code="kind")
    try:
        amount = Decimal(amount)
    except (ArithmeticError, ValueError, TypeError) as error:
        raise ApplicationError(_("The amount is not a number."), code="amount") from error
    if not amount.is_finite() or amount <= 0:
        raise ApplicationError(_("The amount must be positive."), code="amount")
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ApplicationError(_("Amounts are in euros and cents."), code="amount")
    call = Call.objects.select_for_update().get(pk=project.call_id)
    project = Project.objects.get(pk=project.pk)
    if kind == LedgerEntry.Kind.COMMITMENT:
        if project.decision != Project.Decision.SELECTED:
            raise ApplicationError(
                _("Money is committed to selected projects only."), code="not_selected"
            )
        left = ledger_totals(call)["remaining"]
        if amount > left:
            raise ApplicationError(
                _("This commitment exceeds the budget: %(left)s € left.") % {"left": left},
                code="over_budget",
            )
    else:
        mine = ledger_totals(call, project)
        if amount > mine["remaining"]:
            raise ApplicationError(
                (
                    _("This payment exceeds what is committed to the project: %(left)s € left.")
                    if kind == LedgerEntry.Kind.PAYMENT
                    else _("Only what is committed and not paid can be released: %(left)s €.")
                )
                % {"left": mine["remaining"]},
                code="over_committed",
            )
    if kind == LedgerEntry.Kind.PAYMENT and not (evidence or evidence_url or evidence_file):
        raise ApplicationError(_("A payment needs its evidence."), code="evidence")
    if evidence_file is not None:
        check_upload(evidence_file)
    fields: dict[str, Any] = {
        "call": call,
        "project": project,
        "kind": kind,
        "amount": amount,
        "on": on or timezone.localdate(),
        "evidence": evidence.strip(),
        "evidence_url": evidence_url,
        "note": note.strip(),
        "recorded_by": user_or_none(actor),
    }
    if evidence_file is not None:
        fields["evidence_file"] = evidence_file
    return write(actor=actor, instance=LedgerEntry(), fields=fields, action="ledger_entry")


# --- Realisation ---------------------------------------------------------------------------


@transaction.atomic
def project_realisation_update(
    *, actor: Any, project: Project, realisation: str, note: str = ""
) -> Project:
    """Record how far a selected project has come."""
    if realisation not in Project.Realisation.values:
        raise ApplicationError(_("Unknown state of realisation."), code="realisation")
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.decision != Project.Decision.SELECTED:
        raise ApplicationError(_("Only selected projects are realised."), code="not_selected")
    return write(
        actor=actor,
        instance=project,
        fields={"realisation": realisation, "realisation_note": note.strip()},
        action="project",
    )


@transaction.atomic
def project_link_action(*, actor: Any, project: Project, action: Any) -> Any:
    """Say that a roadmap action realises a selected project (the traceability chain)."""
    project = Project.objects.select_related("call").get(pk=project.pk)
    if action.orientation.programme_id != project.call.programme_id:
        raise ApplicationError(_("This action belongs to another programme."), code="programme")
    if project.decision != Project.Decision.SELECTED:
        raise ApplicationError(_("Only selected projects become actions."), code="not_selected")
    already = ActionOrigin.objects.filter(
        action=action, object_id=str(project.pk), kind=ActionOrigin.Kind.PROJECT
    ).exists()
    if already:
        raise ApplicationError(_("This link already exists."), code="already")
    return action_origin_add(
        actor=actor,
        action=action,
        kind=ActionOrigin.Kind.PROJECT,
        source=project,
        label=_("Selected project “%(p)s”") % {"p": project.title},
        date=(project.decided_at or timezone.now()).date(),
    )
