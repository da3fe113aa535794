"""Writes of the ballots app: open and edit ballots and their options, cast votes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endavant.actors.selectors import ParticipantProfile, participant_profile
from endavant.ballots import methods
from endavant.ballots.eligibility import vote_refusal
from endavant.ballots.models import Ballot, BallotOption, Vote, VoteItem
from endavant.core.audiences import Audience
from endavant.core.services import ApplicationError, audit_record, participation_record, write

#: A ballot may not have more options than this (a page and a vote must stay usable).
MAX_OPTIONS = 100

#: An option: a label, a record of the programme (its ``str`` is the label), or (label, record).
OptionSpec = str | models.Model | tuple[str, models.Model | None]


def _clean_audiences(audiences: Iterable[str]) -> list[str]:
    values = sorted(set(audiences))
    unknown = [a for a in values if a not in Audience.values]
    if unknown:
        raise ApplicationError(
            _("Unknown audience: %(names)s.") % {"names": ", ".join(unknown)}, code="audience"
        )
    return values


def _option_rows(ballot: Ballot, options: Sequence[OptionSpec]) -> list[BallotOption]:
    if len(options) < 2:
        raise ApplicationError(_("A ballot needs at least two options."), code="too_few_options")
    if len(options) > MAX_OPTIONS:
        raise ApplicationError(
            _("A ballot can have at most %(n)s options.") % {"n": MAX_OPTIONS},
            code="too_many_options",
        )
    rows = []
    for order, spec in enumerate(options):
        source: models.Model | None
        if isinstance(spec, tuple):
            label, source = spec
        elif isinstance(spec, models.Model):
            label, source = str(spec), spec
        else:
            label, source = spec, None
        label = " ".join(str(label).split())
        if not label:
            raise ApplicationError(_("Every option needs a label."), code="empty_option")
        if len(label) > 200:
            raise ApplicationError(
                _("An option's label has at most 200 characters."), code="option_too_long"
            )
        row = BallotOption(ballot=ballot, label=label, order=order)
        if source is not None:
            row.source = source
        rows.append(row)
    return rows


@transaction.atomic
def ballot_open(
    *,
    actor: Any,
    programme: Any,
    title: str,
    question: str,
    method: str,
    opens_at: datetime,
    closes_at: datetime,
    options: Sequence[OptionSpec],
    audiences: Iterable[str] = (),
    results_live: bool = False,
    is_example: bool = False,
) -> Ballot:
    """Create a ballot with its options and its voting window."""
    methods.get(method)
    if closes_at <= opens_at:
        raise ApplicationError(_("The ballot must close after it opens."), code="window")
    ballot = write(
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
    rows = _option_rows(ballot, options)
    BallotOption.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="ballot.options_set",
        target=ballot,
        after={"options": [r.label for r in rows]},
    )
    return ballot


@transaction.atomic
def ballot_update(*, actor: Any, ballot: Ballot, reason: str = "", **fields: Any) -> Ballot:
    """Edit a ballot's wording, window, audience, method or display.

    The method cannot change once votes have been cast.
    """
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if "method" in fields:
        methods.get(fields["method"])
        if fields["method"] != ballot.method and ballot.votes.exists():
            raise ApplicationError(
                _("The method cannot change once votes have been cast."), code="has_votes"
            )
    if "audiences" in fields:
        fields["audiences"] = _clean_audiences(fields["audiences"])
    opens_at = fields.get("opens_at", ballot.opens_at)
    if fields.get("closes_at", ballot.closes_at) <= opens_at:
        raise ApplicationError(_("The ballot must close after it opens."), code="window")
    return write(actor=actor, instance=ballot, fields=fields, action="ballot", reason=reason)


@transaction.atomic
def ballot_options_set(*, actor: Any, ballot: Ballot, options: Sequence[OptionSpec]) -> Ballot:
    """Replace the options of a ballot; allowed until the first vote is cast."""
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.votes.exists():
        raise ApplicationError(
            _("The options cannot change once votes have been cast."), code="has_votes"
        )
    before = list(ballot.options.values_list("label", flat=True))
    rows = _option_rows(ballot, options)
    ballot.options.all().delete()
    BallotOption.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="ballot.options_set",
        target=ballot,
        before={"options": before},
        after={"options": [r.label for r in rows]},
    )
    return ballot


def parse_vote(ballot: Ballot, raw: Mapping[int, str]) -> dict[int, int]:
    """Turn submitted text per option id into the method's values."""
    return methods.get(ballot.method).parse(raw)


@transaction.atomic
def vote_cast(
    *,
    voter: Any,
    ballot: Ballot,
    values: Mapping[int, int],
    channel: str = "web",
    at: datetime | None = None,
    profile: ParticipantProfile | None = None,
) -> Vote:
    """Cast or change ``voter``'s vote on ``ballot``.

    The method's registry entry validates ``values`` (option id -> value). One vote per person:
    a second call during the window replaces the judgments in place. The voter's profile
    (audience, commune, isolated or not) is read once, when the first vote is cast, and stored
    with it. The first vote is the participation event ``ballot.vote``, a change
    ``ballot.vote_change``. ``at`` and ``profile`` are for votes entered after the fact (paper
    ballots, demo data), whose moment and profile are known.
    """
    now = at or timezone.now()
    method = methods.get(ballot.method)
    profile = profile or participant_profile(voter)
    refusal = vote_refusal(voter, ballot, at=now, audience=profile.audience)
    if refusal is not None:
        raise refusal
    option_ids = list(ballot.options.values_list("pk", flat=True))
    cleaned = method.clean(values, option_ids)
    vote = Vote.objects.select_for_update().filter(ballot=ballot, voter=voter).first()
    kind = "ballot.vote_change"
    if vote is None:
        try:
            with transaction.atomic():
                vote = Vote.objects.create(
                    ballot=ballot,
                    voter=voter,
                    audience=profile.audience,
                    commune_code=profile.commune_code,
                    commune_isolated=profile.commune_isolated,
                    cast_at=now,
                    updated_at=now,
                )
            kind = "ballot.vote"
        except IntegrityError:
            # A simultaneous first vote by the same person won: change that one instead.
            vote = Vote.objects.select_for_update().get(ballot=ballot, voter=voter)
    if kind == "ballot.vote_change":
        vote.items.all().delete()
        vote.updated_at = now
        vote.save(update_fields=["updated_at"])
    VoteItem.objects.bulk_create(
        VoteItem(vote=vote, option_id=option_id, value=value)
        for option_id, value in cleaned.items()
    )
    participation_record(
        kind=kind,
        participant=voter,
        commune_code=vote.commune_code,
        audience=vote.audience,
        channel=channel,
        target=ballot,
        occurred_at=now,
    )
    return vote
