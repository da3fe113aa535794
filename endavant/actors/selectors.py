"""Reads of the directory: audiences, the public directory, staff lists. Bounded queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Aggregate,
    CharField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Concat
from django.utils import timezone

from endavant.actors.models import Membership, Organisation, Person, Tag
from endavant.core.audiences import Audience
from endavant.core.text import search_key
from endavant.territory.models import Commune
from endavant.territory.selectors import commune_is_isolated, communes_with_isolation

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
    """The home commune of ``user``: the account's, else the directory person's, else None.

    One query; the commune comes annotated with its isolation, so that
    ``commune_is_isolated`` needs none.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    communes = communes_with_isolation(Commune.objects.all())
    if user.home_commune_id:
        return communes.filter(pk=user.home_commune_id).first()
    return communes.filter(pk__in=Person.objects.filter(user=user).values("home_commune")).first()


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


def _matching(filters: DirectoryFilters) -> QuerySet[Any, Any]:
    """The primary keys of the organisations matching ``filters``, as a subquery."""
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
    return organisations.values("pk")


def public_directory(filters: DirectoryFilters) -> QuerySet[Organisation]:
    """Organisations matching ``filters``, with what the listing shows prefetched.

    A fixed number of queries whatever the page size: the page, then one per prefetched relation.
    """
    return (
        Organisation.objects.filter(pk__in=_matching(filters))
        .prefetch_related(
            Prefetch("communes_served", queryset=Commune.objects.order_by("name")),
            Prefetch("memberships", queryset=public_memberships(), to_attr="public_memberships"),
            "competencies",
            "expectations",
        )
        .order_by("search_text", "pk")
    )


class _Joined(Aggregate):
    """The texts of a group joined by a separator, in no particular order (SQLite's GROUP_CONCAT,
    PostgreSQL's STRING_AGG)."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def __init__(self, expression: Any, separator: str) -> None:
        super().__init__(expression, Value(separator))

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra)


#: Separators of the joined cells: between items, and between the parts of one item.
_ITEM = "\x1f"
_PART = "\x1e"


def _joined(queryset: QuerySet[Any, Any], expression: Any) -> Subquery:
    """The values of ``expression`` over ``queryset`` (rows of one organisation) as one text."""
    return Subquery(
        queryset.filter(organisation_id=OuterRef("pk"))
        .values("organisation_id")
        .annotate(joined=_Joined(expression, _ITEM))
        .values("joined")
    )


@dataclass(frozen=True)
class DirectoryRow:
    """One organisation of the directory download, with its public roles as (role, name)."""

    name: str
    kind: str
    siren: str
    communes: list[str]
    public_roles: list[tuple[str, str]]
    competencies: list[str]
    expectations: list[str]
    is_fictional: bool


def _items(joined: str | None) -> list[str]:
    return sorted(joined.split(_ITEM), key=search_key) if joined else []


def directory_rows(filters: DirectoryFilters, *, chunk_size: int = 500) -> Iterator[DirectoryRow]:
    """The organisations matching ``filters`` in the order of the list, for the download.

    One query whatever the number of rows: communes, public roles and tags are joined by the
    database (correlated subqueries), and rows are read ``chunk_size`` at a time, so a large
    directory streams in constant memory and constant queries.
    """
    through = Organisation.communes_served.through
    competencies = Organisation.competencies.through
    expectations = Organisation.expectations.through
    roles = Membership.objects.filter(current_memberships_q(), is_public=True)
    rows = (
        Organisation.objects.filter(pk__in=_matching(filters))
        .annotate(
            joined_communes=_joined(
                through.objects.all(),
                Concat("commune__name", Value(" ("), "commune__code", Value(")")),
            ),
            joined_roles=_joined(
                roles,
                Concat(
                    "role",
                    Value(_PART),
                    "person__search_text",
                    Value(_PART),
                    "person__full_name",
                    output_field=CharField(),
                ),
            ),
            joined_competencies=_joined(competencies.objects.all(), "tag__name"),
            joined_expectations=_joined(expectations.objects.all(), "tag__name"),
        )
        .order_by("search_text", "pk")
        .values_list(
            "name",
            "kind",
            "siren",
            "is_fictional",
            "joined_communes",
            "joined_roles",
            "joined_competencies",
            "joined_expectations",
        )
    )
    for name, kind, siren, fictional, communes, public, skills, wishes in rows.iterator(
        chunk_size=chunk_size
    ):
        parts = sorted(tuple(item.split(_PART)) for item in (public.split(_ITEM) if public else []))
        yield DirectoryRow(
            name=name,
            kind=kind,
            siren=siren,
            communes=_items(communes),
            public_roles=[(role, full_name) for role, _key, full_name in parts],
            competencies=_items(skills),
            expectations=_items(wishes),
            is_fictional=fictional,
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
    """People of the directory for the back-office, searched without accents by name, e-mail
    or home commune (every word must match one of them)."""
    people = Person.objects.select_related("home_commune", "user")
    for word in search_key(q).split():
        people = people.filter(
            Q(search_text__contains=word)
            | Q(email__icontains=word)
            | Q(home_commune__search_name__contains=word)
            | Q(home_commune__code=word)
        )
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


#: At most this many accounts are offered when linking a person to an account.
LINK_CANDIDATES = 20


def accounts_for_linking(q: str) -> list[Any]:
    """Active accounts not linked to a person, found by name, e-mail or home commune (bounded)."""
    from endavant.accounts.models import User

    words = (q or "").split()[:5]
    if not search_key(q):
        return []
    accounts = User.objects.filter(is_active=True, person__isnull=True).select_related(
        "home_commune"
    )
    for word in words:
        accounts = accounts.filter(
            Q(full_name__icontains=word)
            | Q(email__icontains=word)
            | Q(home_commune__search_name__contains=search_key(word) or word)
            | Q(home_commune__code=word)
        )
    return list(accounts.order_by("full_name", "pk")[:LINK_CANDIDATES])


def people_for_linking(q: str) -> list[Person]:
    """People not linked to an account, found by name, e-mail or home commune (bounded)."""
    return list(
        people_for_staff(q).filter(user__isnull=True)[:LINK_CANDIDATES] if search_key(q) else []
    )


def pending_link_requests() -> list[Any]:
    """Link requests waiting for the team, oldest first, with the account (one query)."""
    from endavant.actors.models import LinkRequest

    return list(
        LinkRequest.objects.filter(status=LinkRequest.Status.PENDING)
        .select_related("user__home_commune")
        .order_by("created_at", "pk")[:200]
    )
