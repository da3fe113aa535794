"""Pseudonymised research exports: participation events and ballot votes of a programme.

What a row never holds: a name, an e-mail address, an account id. A person is a *pseudonym*,
``HMAC-SHA256(key, account id)`` cut to 16 hex digits, where ``key`` is 32 random bytes drawn
for this one export, kept in memory while it streams and never stored or shown. The same person
has the same pseudonym throughout one file (a researcher can follow them from act to act), a
different one in the next file (two files cannot be joined on it), and without the key the
pseudonym cannot be turned back into the account.

The minimum group size (``ballots.selectors.min_group_size()``, 5 by default) protects the
small communes, where a commune and an audience can point at one person:

1. people are counted by (commune, audience) over the whole export, by the database (distinct
   accounts; rows without an account do not count, so the rule errs on the side of hiding);
2. a row whose group has fewer people than the minimum gets its commune *generalised* to its
   département (the first two characters of the INSEE code, three overseas) — the
   ``commune_level`` column says ``departement``;
3. if the (département, audience) group is still too small, the place is *suppressed* (empty,
   ``commune_level`` = ``suppressed``).

Whether the commune is isolated is given only with the commune itself: beside a département it
would single out the few isolated communes of a small group. Times are given to the day: an
exact minute could be matched with a workshop's sign-in sheet.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, Count, Model, Q, QuerySet, When
from django.db.models.functions import Cast, Left
from django.utils.translation import gettext_lazy as _

from endavant.ballots.models import VoteItem
from endavant.ballots.selectors import min_group_size
from endavant.core.models import ParticipationEvent
from endavant.core.registry import Column
from endavant.programmes.models import Programme

CHUNK = 500
#: The account behind a row, by the prefix of the lookups (events, vote items).
ACCOUNT = {"": "participant_id", "vote__": "voter_id"}


class Pseudonymiser:
    """Stable within one export, not reversible: HMAC-SHA256 with a key drawn for the export."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)

    def __call__(self, account_id: Any) -> str:
        if account_id is None:
            return ""
        return hmac.new(self._key, str(account_id).encode(), hashlib.sha256).hexdigest()[:16]


def departement_of(commune_code: str) -> str:
    """The département of an INSEE commune code (three characters overseas: 971...976)."""
    if not commune_code:
        return ""
    return commune_code[:3] if commune_code.startswith("97") else commune_code[:2]


@dataclass
class PlaceRule:
    """The minimum-group rule of one export, from the people counted in each group."""

    minimum: int
    by_commune: dict[tuple[str, str], int]
    by_departement: dict[tuple[str, str], int]

    @classmethod
    def from_rows(cls, rows: QuerySet[Any, Any], prefix: str, minimum: int) -> PlaceRule:
        """Count people by group in the database (memory bounded by the number of groups):
        ``rows`` are the export's rows, ``prefix`` the lookup to their commune, audience and
        account (``""`` for events, ``"vote__"`` for vote items)."""
        commune, audience, account = (
            f"{prefix}commune_code", f"{prefix}audience", f"{prefix}{ACCOUNT[prefix]}",
        )  # fmt: skip
        people = Count(account, distinct=True)
        by_commune = {
            (c, a): n for c, a, n in rows.values_list(commune, audience).annotate(n=people)
        }
        departement = Case(
            When(**{f"{commune}__startswith": "97"}, then=Left(commune, 3)),
            default=Left(commune, 2),
        )
        by_departement = {
            (d, a): n
            for d, a, n in rows.annotate(dep=departement)
            .values_list("dep", audience)
            .annotate(n=people)
        }
        return cls(minimum, by_commune, by_departement)

    def place(self, commune: str, audience: str) -> tuple[str, str]:
        """(place, level): the commune, its département or nothing, as the rule allows."""
        if not commune:
            return "", ""
        if self.by_commune.get((commune, audience), 0) >= self.minimum:
            return commune, "commune"
        departement = departement_of(commune)
        if self.by_departement.get((departement, audience), 0) >= self.minimum:
            return departement, "departement"
        return "", "suppressed"


def _path_to_programme(model: type[Model], depth: int = 3) -> str | None:
    """The lookup from ``model`` to its programme through foreign keys (``call__programme``)."""
    frontier: list[tuple[type[Model], str]] = [(model, "")]
    for _level in range(depth):
        following = []
        for current, prefix in frontier:
            for field in current._meta.get_fields():
                if not (field.many_to_one and field.concrete):
                    continue
                target = field.related_model
                lookup = f"{prefix}{field.name}"
                if target is Programme:
                    return lookup
                if isinstance(target, type) and target._meta.app_label != "contenttypes":
                    following.append((target, f"{lookup}__"))
        frontier = following
    return None


def programme_events(programme: Programme) -> QuerySet[ParticipationEvent]:
    """The participation events whose target belongs to ``programme`` (two queries to plan)."""
    condition = Q(pk__in=[])
    used = ParticipationEvent.objects.exclude(content_type=None).values_list(
        "content_type", flat=True
    )
    for content_type in ContentType.objects.filter(pk__in=used.distinct()):
        model = apps.get_model(content_type.app_label, content_type.model)
        lookup = _path_to_programme(model) if model is not None else None
        if lookup is None:
            continue
        ids = (
            model._default_manager.filter(**{lookup: programme})
            .annotate(text_pk=Cast("pk", CharField()))
            .values("text_pk")
        )
        condition |= Q(content_type=content_type, object_id__in=ids)
    return ParticipationEvent.objects.filter(condition)


@dataclass(frozen=True)
class ResearchExport:
    """One pseudonymised export: its columns and its rows for a programme."""

    slug: str
    title: Any
    description: Any
    columns: tuple[Column, ...]
    rows: Callable[[Programme], Iterator[Sequence[Any]]]


def event_rows(programme: Programme) -> Iterator[Sequence[Any]]:
    """One row per participation event of the programme, pseudonymised and generalised."""
    events = programme_events(programme)
    rule = PlaceRule.from_rows(events, "", min_group_size())
    pseudonym = Pseudonymiser()
    labels = dict(
        ContentType.objects.filter(
            pk__in=events.values_list("content_type", flat=True).distinct()
        ).values_list("pk", "model")
    )
    rows = events.order_by("occurred_at", "pk").values_list(
        "participant_id", "kind", "channel", "audience", "commune_code", "occurred_at",
        "content_type_id", "object_id",
    )  # fmt: skip
    for participant, kind, channel, audience, commune, at, type_id, object_id in rows.iterator(
        chunk_size=CHUNK
    ):
        place, level = rule.place(commune, audience)
        yield (
            pseudonym(participant),
            kind,
            channel,
            audience,
            place,
            level,
            at.date(),
            labels.get(type_id, ""),
            object_id,
        )


def vote_rows(programme: Programme) -> Iterator[Sequence[Any]]:
    """One row per judgment of every vote cast in the programme's ballots."""
    items = VoteItem.objects.filter(vote__ballot__programme=programme)
    rule = PlaceRule.from_rows(items, "vote__", min_group_size())
    pseudonym = Pseudonymiser()
    rows = items.order_by("vote__ballot_id", "vote_id", "option_id").values_list(
        "vote__voter_id", "vote__ballot_id", "vote__ballot__method", "vote__audience",
        "vote__commune_code", "vote__commune_isolated", "vote__cast_at", "option_id",
        "option__label", "value",
    )  # fmt: skip
    for (
        voter,
        ballot,
        method,
        audience,
        commune,
        isolated,
        cast_at,
        option,
        label,
        value,
    ) in rows.iterator(chunk_size=CHUNK):
        place, level = rule.place(commune, audience)
        yield (
            pseudonym(voter),
            ballot,
            method,
            audience,
            place,
            level,
            isolated if level == "commune" else None,
            cast_at.date(),
            option,
            label,
            value,
        )


_PERSON = Column(
    "person",
    "string",
    _("Pseudonym of the person: the same within this file, different in every other file"),
)
_PLACE = (
    Column(
        "place",
        "string",
        _("INSEE code of the commune, or of the département when the group is small"),
    ),
    Column("place_level", "string", _("commune, departement, suppressed (or empty: unknown)")),
)

EXPORTS = {
    export.slug: export
    for export in (
        ResearchExport(
            slug="evenements",
            title=_("Participation events"),
            description=_(
                "Every act of participation of the programme (registration, attendance, vote, "
                "contribution, support...), one row per act."
            ),
            columns=(
                _PERSON,
                Column("kind", "string", _("Kind of participation")),
                Column("channel", "string", _("Channel (web, workshop, paper, assisted)")),
                Column("audience", "string", _("Audience of the person at the time")),
                *_PLACE,
                Column("date", "date", _("Day of the act")),
                Column("target_type", "string", _("What the act was about (workshop, ballot...)")),
                Column("target_id", "string", _("Identifier of what the act was about")),
            ),
            rows=event_rows,
        ),
        ResearchExport(
            slug="votes",
            title=_("Ballot votes"),
            description=_(
                "Every judgment of every vote cast in the programme's ballots: one row per "
                "vote and option, with the value the voting method gives it."
            ),
            columns=(
                _PERSON,
                Column("ballot_id", "integer", _("Identifier of the ballot")),
                Column("method", "string", _("Voting method")),
                Column("audience", "string", _("Audience of the voter when the vote was cast")),
                *_PLACE,
                Column(
                    "commune_isolated",
                    "boolean",
                    _("The voter's commune was isolated (given with the commune only)"),
                ),
                Column("date", "date", _("Day the vote was first cast")),
                Column("option_id", "integer", _("Identifier of the option")),
                Column("option", "string", _("Option")),
                Column("value", "integer", _("Value given (grade index, rank or approval)")),
            ),
            rows=vote_rows,
        ),
    )
}
