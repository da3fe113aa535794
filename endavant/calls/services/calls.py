"""Writes of calls for projects: the call itself and its evaluation criteria."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from endavant.calls.models import (
    Call,
    Criterion,
)
from endavant.calls.services._common import (
    MAX_CRITERIA,
)
from endavant.calls.services.fund import ledger_totals
from endavant.core.services import (
    ApplicationError,
    write,
)

# --- Calls ---------------------------------------------------------------------------------


def _check_call(call: Call) -> None:
    unknown = sorted(set(call.holders) - set(Call.Holder.values))
    if unknown:
        raise ApplicationError(
            _("Unknown kind of holder: %(names)s.") % {"names": ", ".join(unknown)}, code="holder"
        )
    call.holders = sorted(set(call.holders))
    if call.submission_closes_at <= call.submission_opens_at:
        raise ApplicationError(_("Submission must close after it opens."), code="window")
    if call.participation_closes_at <= call.participation_opens_at:
        raise ApplicationError(_("Support or vote must close after it opens."), code="window")
    if call.participation_opens_at < call.submission_opens_at:
        raise ApplicationError(
            _("Support or vote cannot open before submission opens."), code="window"
        )
    if call.jury_closes_at < call.participation_closes_at:
        raise ApplicationError(
            _("The jury review ends after the support or vote closes."), code="window"
        )
    if call.realisation_until < call.selection_on:
        raise ApplicationError(_("Realisation ends after the selection."), code="window")
    if call.max_amount is not None and call.max_amount > call.budget:
        raise ApplicationError(
            _("The largest amount per project cannot exceed the budget."), code="max_amount"
        )


@transaction.atomic
def call_save(*, actor: Any, call: Call | None = None, **fields: Any) -> Call:
    """Create or edit a call. The budget cannot fall below what is already committed."""
    if call is not None and call.pk:
        call = Call.objects.select_for_update().get(pk=call.pk)
        if "budget" in fields and Decimal(fields["budget"]) < ledger_totals(call)["committed"]:
            raise ApplicationError(
                _("The budget cannot fall below what is already committed."), code="budget"
            )
    instance = call or Call()
    for name, value in fields.items():
        setattr(instance, name, value)
    _check_call(instance)
    fields["holders"] = instance.holders
    return write(actor=actor, instance=instance, fields=fields, action="call")


@transaction.atomic
def criterion_save(
    *, actor: Any, call: Call, criterion: Criterion | None = None, **fields: Any
) -> Criterion:
    """Add or edit an evaluation criterion with its weight."""
    if criterion is None and call.criteria.count() >= MAX_CRITERIA:
        raise ApplicationError(
            _("A call has at most %(n)s criteria.") % {"n": MAX_CRITERIA}, code="too_many"
        )
    return write(
        actor=actor,
        instance=criterion or Criterion(call=call),
        fields=fields,
        action="criterion",
    )


# --- Projects ------------------------------------------------------------------------------
