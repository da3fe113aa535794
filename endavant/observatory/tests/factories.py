"""Test data of the observatory: a territory with known populations and isolation, and acts
of participation recorded as the modules record them (``participation_record``), or in bulk
for the size tests."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any, cast

from django.utils import timezone

from endavant.accounts.models import User
from endavant.core.models import ParticipationEvent
from endavant.core.services import participation_record
from endavant.programmes.models import Programme
from endavant.territory.models import Commune, Departement
from endavant.territory.tests.factories import (
    CommuneFactory,
    DepartementFactory,
    IndicatorValueFactory,
)
from endavant.workshops.models import Workshop

_emails = itertools.count()


def commune(population: int, isolated: bool | None, **fields: Any) -> Commune:
    """A commune of the 66 with ``population`` inhabitants, isolated or not."""
    made = cast(
        Commune, CommuneFactory(population=population, departement=_departement(), **fields)
    )
    if isolated is not None:
        IndicatorValueFactory(commune=made, value=1.0 if isolated else 0.0)
    return made


def _departement() -> Departement:
    return cast(Departement, DepartementFactory())


def programme(slug: str = "numerique-test", **fields: Any) -> Programme:
    found = Programme.objects.filter(slug=slug).first()
    if found is not None:
        return found
    return Programme.objects.create(
        name="Numérique test", slug=slug, territory=_departement(), **fields
    )


def workshop(prog: Programme) -> Workshop:
    start = timezone.now()
    return Workshop.objects.create(
        programme=prog,
        title="Exemple : atelier",
        format=Workshop.Format.IN_PERSON,
        place="Salle",
        starts_at=start,
        ends_at=start,
        capacity_room=1000,
        is_example=True,
    )


def people(n: int) -> list[User]:
    return [User.objects.create_user(email=f"obs{next(_emails)}@example.org") for _ in range(n)]


def acts(
    target: Any,
    persons: list[User],
    *,
    commune_code: str = "",
    audience: str = "resident",
    channel: str = "web",
    kind: str = "workshop.register",
    at: datetime | None = None,
    each: int = 1,
) -> None:
    """``each`` acts of every person in ``persons``, through the journal's only write path."""
    for person in persons:
        for _ in range(each):
            participation_record(
                kind=kind,
                participant=person,
                commune_code=commune_code,
                audience=audience,
                channel=channel,
                target=target,
                occurred_at=at,
            )


def bulk_acts(
    target: Any, persons: list[User], communes: list[Commune], n: int, start: datetime
) -> None:
    """``n`` acts spread over ``persons``, ``communes``, channels, audiences and two years, in
    one insert (for the size tests and the benchmark)."""
    from datetime import timedelta

    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(target)
    channels = ["web", "workshop", "paper", "assisted"]
    audiences = ["resident", "elected_official", "employee", "association"]
    kinds = ["workshop.register", "workshop.attend", "workshop.contribute"]
    ParticipationEvent.objects.bulk_create(
        [
            ParticipationEvent(
                kind=kinds[i % 3],
                participant=persons[i % len(persons)],
                commune_code=communes[i % len(communes)].code,
                audience=audiences[i % 4],
                channel=channels[i % 4],
                content_type=content_type,
                object_id=str(target.pk),
                occurred_at=start + timedelta(hours=7 * i % (24 * 700)),
            )
            for i in range(n)
        ],
        batch_size=2000,
    )


def sample_data() -> Programme:
    """The sample programme of the other modules with a territory of three communes and acts
    enough for every table, one audience kept under the minimum size (for the browser suite
    and the access matrix)."""
    from endavant.roadmap import sample as roadmap_sample

    prog = roadmap_sample.programme()
    if prog.territory_id is not None:
        return prog
    Programme.objects.filter(pk=prog.pk).update(territory=_departement())
    prog.refresh_from_db()
    towns = [
        commune(120, True, name="Exemple-Haut"),
        commune(2400, False, name="Exemple-Plaine"),
        commune(800, True, name="Exemple-Vallée"),
    ]
    target = workshop(prog)
    year = timezone.now().year
    zone = timezone.get_current_timezone()
    for i, town in enumerate(towns):
        acts(
            target,
            people(6 + 2 * i),
            commune_code=town.code,
            channel=["web", "workshop", "paper"][i],
            at=datetime(year - 1, 3 + 3 * i, 10, tzinfo=zone),
        )
    acts(
        target,
        people(4),
        commune_code=towns[1].code,
        audience="elected_official",
        at=datetime(year, 2, 1, tzinfo=zone),
    )
    return prog
