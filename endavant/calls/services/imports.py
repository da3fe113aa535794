"""Past calls imported from open data: a Pabulib (``.pb``) participatory budget becomes a closed
call of a programme, with its projects and its published ballots, ready for both allocation
rules. Nothing of it can be submitted, supported or voted on afterwards: its phases are over."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.calls.models import Call, ImportedBallot, Project
from endavant.core.services import ApplicationError, audit_record, write
from endavant.territory.models import Commune
from endavant.voting.pabulib import PabulibInstance

#: Pabulib META vote types the platform can read as approvals (cumulative: projects given points).
READABLE_VOTE_TYPES = ("approval", "cumulative")


def _date(meta: dict[str, str], key: str) -> datetime:
    text = meta.get(key, "")
    try:
        day = datetime.strptime(text, "%d.%m.%Y").date()
    except ValueError:
        raise ApplicationError(
            _("The file's META %(key)s is not a date (dd.mm.yyyy): %(value)s.")
            % {"key": key, "value": text or "—"},
            code="meta",
        ) from None
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _summary(fields: dict[str, str]) -> str:
    parts = []
    area = fields.get("district") or fields.get("subunit")
    if area:
        parts.append(_("Area: %(area)s") % {"area": area.title()})
    if fields.get("category"):
        parts.append(_("Category: %(category)s") % {"category": fields["category"]})
    return " · ".join(parts) or _("Project of a published participatory budget.")


@transaction.atomic
def past_call_import(
    *,
    actor: Any,
    programme: Any,
    instance: PabulibInstance,
    source: str,
    title: str,
    website: str = "",
    commune_code: str = "",
) -> Call:
    """Create the past call of ``instance`` in ``programme``: its projects (holders unknown) and
    one :class:`ImportedBallot` per published vote. Idempotent: a call of the same programme
    imported from the same ``source`` is returned as it is."""
    existing = Call.objects.filter(programme=programme, imported_from=source).first()
    if existing is not None:
        return existing
    meta = dict(instance.meta)
    vote_type = instance.vote_type
    if vote_type not in READABLE_VOTE_TYPES:
        raise ApplicationError(
            _("Votes of type %(type)s cannot be read as approvals.") % {"type": vote_type},
            code="vote_type",
        )
    opens, closes = _date(meta, "date_begin"), _date(meta, "date_end")
    if closes <= opens:
        raise ApplicationError(_("The vote must end after it begins."), code="meta")
    length = ""
    if meta.get("min_length") or meta.get("max_length"):
        length = _(" Each voter chose %(min)s to %(max)s projects.") % {
            "min": meta.get("min_length", "1"),
            "max": meta.get("max_length", "…"),
        }
    if vote_type == "cumulative":
        kind = _(
            "Cumulative vote: up to %(points)s points per project, %(total)s in all; greedy by "
            "total points."
        ) % {"points": meta.get("max_points", "…"), "total": meta.get("max_sum_points", "…")}
    else:
        kind = _("Approval vote; greedy by number of votes.") + length
    call = write(
        actor=actor,
        instance=Call(),
        fields={
            "programme": programme,
            "title": title[:200],
            "rules": _(
                "Past participatory budget imported from published open data (%(source)s). "
                "%(kind)s The file gives no official outcome: the platform computes both rules."
            )
            % {"source": source, "kind": kind},
            "budget": _money(instance.budget),
            "holders": [],
            "territory_only": False,
            "submission_opens_at": opens,
            "submission_closes_at": opens,
            "participation": Call.Participation.VOTE,
            "vote_method": Call.VoteMethod.APPROVAL,
            "participation_opens_at": opens,
            "participation_closes_at": closes,
            "jury_closes_at": closes,
            "selection_on": closes.date(),
            "realisation_until": closes.date(),
            "rule": Call.Rule.GREEDY_VOTES,
            "website": website,
            "imported_from": source,
        },
        action="call",
    )
    commune = Commune.objects.filter(code=commune_code).first() if commune_code else None
    by_id: dict[str, int] = {}
    for project_id, project in instance.projects.items():
        fields = dict(project.fields)
        name = (fields.get("name") or "").strip() or _("Project %(id)s") % {"id": project_id}
        row = write(
            actor=actor,
            instance=Project(call=call),
            fields={
                "holder": None,
                "holder_kind": Call.Holder.RESIDENT,
                "title": name[:200],
                "summary": _summary(fields)[:500],
                "description": name,
                "requested_amount": _money(project.cost),
                "status": Project.Status.SUBMITTED,
                "submitted_at": opens,
                "channel": "imported",
            },
            action="project",
            m2m={"communes": [commune] if commune else []},
        )
        by_id[project_id] = row.pk
    ImportedBallot.objects.bulk_create(
        [
            ImportedBallot(
                call=call,
                voter_key=vote.voter_id[:64],
                projects=[by_id[k] for k in vote.vote],
                points=[int(p) for p in vote.points] if vote.points is not None else None,
            )
            for vote in instance.votes
        ],
        batch_size=2000,
    )
    audit_record(
        actor=actor,
        action="call.import",
        target=call,
        after={"source": source, "projects": len(by_id), "ballots": len(instance.votes)},
    )
    return call
