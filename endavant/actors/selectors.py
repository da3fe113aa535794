"""Reads of the directory: audiences, the public directory, staff lists. Bounded queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from endavant.actors.models import Membership, Organisation, Person, Tag
from endavant.core.audiences import Audience
from endavant.core.text import search_key
from endavant.territory.models import Commune
from endavant.territory.selectors import commune_is_isolated

# Directory roles that give an audience, most significant first: a mayor who also runs a business
# is counted as an elected official.
AUDIENCE_BY_ROLE: tuple[tuple[str, str], ...] = (
    (Membership.Role.ELECTED_OFFICIAL, Audience.ELECTED_OFFICIAL),
    (Membership.Role.EMPLOYEE, Audience.EMPLOYEE),
    (Membership.Role.ASSOCIATION_MEMBER, Audience.ASSOCIATION),
    (Membership.Role.BUSINESS_OWNER, Audience.BUSINESS),
    (Membership.Role.RESIDENT, Audience.RESIDENT),
)


def current_memberships_q(today: datetime.date | None = None, prefix: str = "") -> Q:
    """The condition "started and not ended on ``today``" for memberships (under ``prefix``)."""
    day = today or timezone.localdate()
    return (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": day})) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def audience_for_roles(roles: set[str]) -> str:
    """The audience that a set of directory roles puts a person in (``unknown`` when none)."""
    for role, audience in AUDIENCE_BY_ROLE:
        if role in roles:
            return str(audience)
    return str(Audience.UNKNOWN)


def audience_for_user(user: Any, *, today: datetime.date | None = None) -> str:
    """The ``core.audiences.Audience`` value of ``user``, from their current memberships.

    Elected official > employee > association > business > resident; ``unknown`` for an
    anonymous visitor or a person with no current membership. One query.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return str(Audience.UNKNOWN)
    roles = set(
        Membership.objects.filter(current_memberships_q(today), person__user=user).values_list(
            "role", flat=True
        )
    )
    return audience_for_roles(roles)


def commune_for_user(user: Any) -> Commune | None:
    """The home commune of ``user``: the account's, else the directory person's, else None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.home_commune_id:
        return Commune.objects.filter(pk=user.home_commune_id).first()
    return Commune.objects.filter(
        pk__in=Person.objects.filter(user=user).values("home_commune")
    ).first()


# The public directory -------------------------------------------------------------------------

ISOLATION_CHOICES = ("isolated", "other")


@dataclass(frozen=True)
class DirectoryFilters:
    """What a visitor filters the public directory by (all optional)."""

    q: str = ""
    commune: Commune | None = None
    intercommunality: str = ""
    isolation: str = ""
    kind: str = ""
    role: str = ""
    tag: str = ""


def _isolated_commune_ids(isolated: bool) -> QuerySet[Any, Any]:
    from endavant.territory.selectors import communes_with_isolation

    return communes_with_isolation().filter(is_isolated=isolated).values("pk")  # type: ignore[misc]


def public_memberships(today: datetime.date | None = None) -> QuerySet[Membership]:
    """Public, current memberships with their person (for the public directory)."""
    return (
        Membership.objects.filter(current_memberships_q(today), is_public=True)
        .select_related("person")
        .order_by("role", "person__search_text")
    )


def public_directory(filters: DirectoryFilters) -> QuerySet[Organisation]:
    """Organisations matching ``filters``, with what the listing shows prefetched.

    A fixed number of queries whatever the page size: the page, then one per prefetched relation.
    """
    organisations = Organisation.objects.all()
    if filters.q:
        words = search_key(filters.q).split()
        for word in words:
            organisations = organisations.filter(
                Q(search_text__contains=word)
                | Q(competencies__normalised__contains=word)
                | Q(expectations__normalised__contains=word)
            )
    if filters.commune is not None:
        organisations = organisations.filter(communes_served=filters.commune)
    if filters.intercommunality:
        organisations = organisations.filter(
            communes_served__intercommunality__siren=filters.intercommunality
        )
    if filters.isolation in ISOLATION_CHOICES:
        organisations = organisations.filter(
            communes_served__in=_isolated_commune_ids(filters.isolation == "isolated")
        )
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.role:
        organisations = organisations.filter(
            Exists(
                Membership.objects.filter(
                    current_memberships_q(),
                    organisation=OuterRef("pk"),
                    is_public=True,
                    role=filters.role,
                )
            )
        )
    if filters.tag:
        organisations = organisations.filter(
            Q(competencies__normalised=search_key(filters.tag))
            | Q(expectations__normalised=search_key(filters.tag))
        )
    ids = organisations.values("pk")
    return (
        Organisation.objects.filter(pk__in=ids)
        .prefetch_related(
            Prefetch("communes_served", queryset=Commune.objects.order_by("name")),
            Prefetch("memberships", queryset=public_memberships(), to_attr="public_memberships"),
            "competencies",
            "expectations",
        )
        .order_by("search_text", "pk")
    )


def directory_filter_options() -> dict[str, Any]:
    """The choices of the directory's filters that come from the database (two queries)."""
    from endavant.territory.models import Intercommunality

    served = Organisation.communes_served.through.objects.values("commune_id")
    return {
        "intercommunalities": list(
            Intercommunality.objects.filter(communes__in=served)
            .distinct()
            .order_by("name")
            .values_list("siren", "name")
        ),
        "tags": list(Tag.objects.order_by("normalised").values_list("name", flat=True)[:200]),
    }


def organisation_detail(pk: int, *, with_private: bool) -> Organisation:
    """One organisation with its communes and roles: public roles only unless ``with_private``."""
    memberships = (
        Membership.objects.select_related("person").order_by("role", "person__search_text")
        if with_private
        else public_memberships()
    )
    return (
        Organisation.objects.prefetch_related(
            Prefetch(
                "communes_served",
                queryset=Commune.objects.select_related("intercommunality").order_by("name"),
            ),
            Prefetch("memberships", queryset=memberships, to_attr="shown_memberships"),
            "competencies",
            "expectations",
        )
        .filter(pk=pk)
        .get()
    )


def people_for_staff(q: str = "") -> QuerySet[Person]:
    """People of the directory for the back-office, searched without accents."""
    people = Person.objects.select_related("home_commune", "user")
    for word in search_key(q).split():
        people = people.filter(search_text__contains=word)
    return people.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("organisation"))
    ).order_by("search_text", "pk")


@dataclass(frozen=True)
class ParticipantProfile:
    """Who a participant is at a given moment, as every act of participation records it."""

    audience: str
    commune: Commune | None
    commune_isolated: bool | None

    @property
    def commune_code(self) -> str:
        return self.commune.code if self.commune is not None else ""


def participant_profile(user: Any) -> ParticipantProfile:
    """The one place that says a participant's audience, commune and whether it is isolated."""
    commune = commune_for_user(user)
    return ParticipantProfile(
        audience=audience_for_user(user),
        commune=commune,
        commune_isolated=None if commune is None else commune_is_isolated(commune),
    )
