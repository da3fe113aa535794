"""Writes of the programme and its roadmap. Each one leaves an audit or a participation row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.core.audiences import Audience
from endavant.core.services import ApplicationError, audit_record, participation_record
from endavant.roadmap import people
from endavant.roadmap.models import (
    Action,
    ActionOrigin,
    Ballot,
    BallotOption,
    Commitment,
    Competency,
    FunctionalDomain,
    Milestone,
    Orientation,
    Programme,
    RoadmapVersion,
    Vote,
    VoteItem,
)
from endavant.voting import MJ_GRADES_FR

M = TypeVar("M", bound=models.Model)


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def _state(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of ``instance``, JSON-ready, for the audit row."""
    return {
        f.attname: _plain(getattr(instance, f.attname))
        for f in instance._meta.concrete_fields
        if not f.primary_key
    }


def _save(
    *,
    actor: Any,
    instance: M,
    fields: Mapping[str, Any],
    action: str,
    m2m: Mapping[str, Iterable[Any]] | None = None,
) -> M:
    """Set ``fields`` on ``instance``, validate, save, set many-to-many, write the audit row."""
    before = None if instance.pk is None else _state(instance)
    for name, value in fields.items():
        setattr(instance, name, value)
    try:
        instance.full_clean()
    except ValidationError as error:
        raise ApplicationError("; ".join(error.messages)) from error
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(list(values))
    audit_record(
        actor=actor,
        action=f"{action}.{'create' if before is None else 'update'}",
        target=instance,
        before=before,
        after=_state(instance),
    )
    return instance


@transaction.atomic
def competency_save(
    *, actor: Any, competency: Competency | None = None, **fields: Any
) -> Competency:
    """Create or edit a competency of the taxonomy."""
    return _save(
        actor=actor, instance=competency or Competency(), fields=fields, action="competency"
    )


@transaction.atomic
def programme_save(
    *,
    actor: Any,
    programme: Programme | None = None,
    team: Iterable[Any] | None = None,
    **fields: Any,
) -> Programme:
    """Create or edit a programme and its team."""
    return _save(
        actor=actor,
        instance=programme or Programme(),
        fields=fields,
        action="programme",
        m2m=None if team is None else {"team": team},
    )


@transaction.atomic
def domain_save(
    *, actor: Any, domain: FunctionalDomain | None = None, **fields: Any
) -> FunctionalDomain:
    """Create or edit a functional domain (tied to one competency)."""
    return _save(actor=actor, instance=domain or FunctionalDomain(), fields=fields, action="domain")


@transaction.atomic
def orientation_save(
    *, actor: Any, orientation: Orientation | None = None, **fields: Any
) -> Orientation:
    """Create or edit an orientation of the roadmap."""
    return _save(
        actor=actor, instance=orientation or Orientation(), fields=fields, action="orientation"
    )


@transaction.atomic
def action_save(
    *,
    actor: Any,
    action: Action | None = None,
    communes: Iterable[Any] | None = None,
    **fields: Any,
) -> Action:
    """Create or edit an action (prescribed target and realisation)."""
    if fields.get("status") == Action.Status.DONE and not (
        fields.get("ended_on") or (action and action.ended_on)
    ):
        raise ApplicationError(_("A done action needs its actual end date."))
    return _save(
        actor=actor,
        instance=action or Action(),
        fields=fields,
        action="action",
        m2m=None if communes is None else {"communes": communes},
    )


@transaction.atomic
def milestone_save(*, actor: Any, milestone: Milestone | None = None, **fields: Any) -> Milestone:
    """Create or edit a milestone of an action."""
    return _save(actor=actor, instance=milestone or Milestone(), fields=fields, action="milestone")


@transaction.atomic
def commitment_save(
    *,
    actor: Any,
    commitment: Commitment | None = None,
    actions: Iterable[Action] | None = None,
    **fields: Any,
) -> Commitment:
    """Create or edit a political commitment and the actions that honour it."""
    return _save(
        actor=actor,
        instance=commitment or Commitment(),
        fields=fields,
        action="commitment",
        m2m=None if actions is None else {"actions": actions},
    )


@transaction.atomic
def action_origin_add(
    *,
    actor: Any,
    action: Action,
    kind: str,
    source: models.Model | None = None,
    label: str = "",
    description: str = "",
    date: date | None = None,
) -> ActionOrigin:
    """Record where ``action`` came from, linking the source when it exists in the database."""
    if source is None and not label:
        raise ApplicationError(_("Name the source of this origin, or link it to a record."))
    origin = ActionOrigin(
        action=action,
        kind=kind,
        label=label or str(source),
        description=description,
        date=date,
    )
    if source is not None:
        origin.source = source
    return _save(actor=actor, instance=origin, fields={}, action="action_origin")


def _clean_audiences(audiences: Iterable[str]) -> list[str]:
    values = sorted(set(audiences))
    unknown = [a for a in values if a not in Audience.values]
    if unknown:
        raise ApplicationError(_("Unknown audience: %(names)s.") % {"names": ", ".join(unknown)})
    return values


@transaction.atomic
def ballot_open(
    *,
    actor: Any,
    programme: Programme,
    title: str,
    question: str,
    method: str,
    opens_at: datetime,
    closes_at: datetime,
    options: Sequence[str | FunctionalDomain | tuple[str, FunctionalDomain | None]],
    audiences: Iterable[str] = (),
    results_live: bool = False,
    is_example: bool = False,
) -> Ballot:
    """Create a ballot with its options and its voting window.

    An option is a label, a functional domain, or a (label, domain) pair.
    """
    if closes_at <= opens_at:
        raise ApplicationError(_("The ballot must close after it opens."))
    if len(options) < 2:
        raise ApplicationError(_("A ballot needs at least two options."))
    ballot = _save(
        actor=actor,
        instance=Ballot(),
        fields={
            "programme": programme,
            "title": title,
            "question": question,
            "method": method,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "audiences": _clean_audiences(audiences),
            "results_live": results_live,
            "is_example": is_example,
        },
        action="ballot",
    )
    rows = []
    for order, option in enumerate(options):
        domain: FunctionalDomain | None
        if isinstance(option, FunctionalDomain):
            label, domain = option.name, option
        elif isinstance(option, tuple):
            label, domain = option
        else:
            label, domain = option, None
        rows.append(BallotOption(ballot=ballot, label=label, domain=domain, order=order))
    BallotOption.objects.bulk_create(rows)
    return ballot


@transaction.atomic
def ballot_update(*, actor: Any, ballot: Ballot, **fields: Any) -> Ballot:
    """Edit a ballot's wording, window, audience or display (not its options or method)."""
    if "method" in fields and fields["method"] != ballot.method and ballot.votes.exists():
        raise ApplicationError(_("The method cannot change once votes have been cast."))
    if "audiences" in fields:
        fields["audiences"] = _clean_audiences(fields["audiences"])
    return _save(actor=actor, instance=ballot, fields=fields, action="ballot")


def audience_allowed(ballot: Ballot, audience: str) -> bool:
    """Whether a person of ``audience`` may vote on ``ballot`` (empty restriction: everyone)."""
    return not ballot.audiences or audience in ballot.audiences


def _check_values(ballot: Ballot, values: Mapping[int, int]) -> dict[int, int]:
    option_ids = list(ballot.options.values_list("pk", flat=True))
    unknown = set(values) - set(option_ids)
    if unknown:
        raise ApplicationError(_("This ballot has no such option."))
    if ballot.method == Ballot.Method.MAJORITY_JUDGMENT:
        if set(values) != set(option_ids):
            raise ApplicationError(_("Give a grade to every option."))
        if any(not 0 <= v < len(MJ_GRADES_FR) for v in values.values()):
            raise ApplicationError(_("Choose one of the proposed grades."))
    elif ballot.method == Ballot.Method.SCHULZE:
        ranks = [v for v in values.values() if v]
        if not ranks:
            raise ApplicationError(_("Rank at least one option."))
        if any(not 1 <= v <= len(option_ids) for v in ranks):
            raise ApplicationError(
                _("Ranks go from 1 (your first choice) to %(n)s.") % {"n": len(option_ids)}
            )
        return {k: v for k, v in values.items() if v}
    else:
        return {k: 1 for k, v in values.items() if v}
    return dict(values)


@transaction.atomic
def vote_cast(
    *, voter: Any, ballot: Ballot, values: Mapping[int, int], channel: str | None = None
) -> Vote:
    """Cast or change ``voter``'s vote on ``ballot``.

    ``values`` maps option ids to a grade index (majority judgment, 0 = "À rejeter"), a rank
    (Schulze, 1 = first choice, 0 or missing = unranked) or a truthy approval. One vote per
    person: a second call during the window replaces the judgments in place. The first vote is
    recorded as a participation event ("ballot.vote"), a change as "ballot.vote_change".
    """
    if not getattr(voter, "is_authenticated", False):
        raise ApplicationError(_("Log in to vote."), code="login")
    now = timezone.now()
    if now < ballot.opens_at:
        raise ApplicationError(_("This ballot is not open yet."), code="not_open")
    if now >= ballot.closes_at:
        raise ApplicationError(
            _("This ballot is closed: votes can no longer be cast or changed."), code="closed"
        )
    cleaned = _check_values(ballot, values)
    vote = Vote.objects.select_for_update().filter(ballot=ballot, voter=voter).first()
    if vote is None:
        audience = people.voter_audience(voter)
        if not audience_allowed(ballot, audience):
            raise ApplicationError(
                _("This ballot is reserved for: %(audiences)s.")
                % {"audiences": ", ".join(str(Audience(a).label) for a in ballot.audiences)},
                code="audience",
            )
        commune = people.voter_commune(voter)
        vote = Vote.objects.create(
            ballot=ballot,
            voter=voter,
            audience=audience,
            commune_code=getattr(commune, "code", "") or "",
            commune_isolated=people.commune_isolated(commune),
            cast_at=now,
            updated_at=now,
        )
        kind = "ballot.vote"
    else:
        vote.items.all().delete()
        vote.updated_at = now
        vote.save(update_fields=["updated_at"])
        kind = "ballot.vote_change"
    VoteItem.objects.bulk_create(
        VoteItem(vote=vote, option_id=option_id, value=value)
        for option_id, value in cleaned.items()
    )
    extra = {"channel": channel} if channel else {}
    participation_record(
        kind=kind,
        participant=voter,
        commune_code=vote.commune_code,
        audience=vote.audience,
        target=ballot,
        **extra,
    )
    return vote


def roadmap_snapshot(programme: Programme, *, as_of: date | None = None) -> dict[str, Any]:
    """The roadmap as plain data: orientations and actions with targets and statuses."""
    orientations = list(programme.orientations.all())
    actions = Action.objects.filter(orientation__programme=programme).select_related(
        "orientation", "domain"
    )
    return {
        "as_of": (as_of or timezone.localdate()).isoformat(),
        "orientations": [{"id": o.pk, "title": o.title, "order": o.order} for o in orientations],
        "actions": [
            {
                "id": a.pk,
                "title": a.title,
                "orientation": a.orientation.title,
                "domain": a.domain.name if a.domain else "",
                "is_example": a.is_example,
                "due_on": _plain(a.due_on),
                "budget": _plain(a.budget),
                "indicator_name": a.indicator_name,
                "indicator_target": _plain(a.indicator_target),
                "status": a.status,
                "started_on": _plain(a.started_on),
                "ended_on": _plain(a.ended_on),
                "indicator_value": _plain(a.indicator_value),
            }
            for a in actions
        ],
    }


@transaction.atomic
def roadmap_freeze(
    *,
    actor: Any,
    programme: Programme,
    label: str,
    reason: str = "",
    as_of: date | None = None,
) -> RoadmapVersion:
    """Freeze the current roadmap as a new numbered version (a baseline or a re-plan).

    ``as_of`` is the date the version describes (today by default), which lateness is measured
    against when versions are compared.
    """
    if not label.strip():
        raise ApplicationError(_("Give the version a label."))
    previous = programme.versions.order_by("-number").values_list("number", flat=True).first()
    if previous is not None and not reason.strip():
        raise ApplicationError(_("Say why the roadmap is re-planned."))
    version = RoadmapVersion.objects.create(
        programme=programme,
        number=(previous or 0) + 1,
        label=label,
        reason=reason,
        snapshot=roadmap_snapshot(programme, as_of=as_of),
    )
    audit_record(
        actor=actor,
        action="roadmap.freeze",
        target=version,
        after={"number": version.number, "label": label},
        reason=reason,
    )
    return version
