"""The Numérique 66 demo programme, as the seed research talk describes it.

Source: B. Mocquet, « Gouvernance numérique des territoires isolés : Endavant! la symbiose… »
(laboratoire MICA, université Bordeaux-Montaigne): the 2018 roadmap steps, the three
orientations, the participatory approaches, the organisational adaptation (closed user group
network, support fund, procurement grouping) and the agile re-planning due to COVID are facts
from the talk. Every date, budget, indicator, commitment wording, ballot and vote below that the
talk does not give is invented and carries "Exemple" in its title or ``is_example=True``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, TextIO

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from endavant.core.audiences import Audience
from endavant.roadmap.competencies import DEFAULT_COMPETENCIES
from endavant.roadmap.models import (
    Action,
    ActionOrigin,
    Ballot,
    BallotOption,
    Commitment,
    Competency,
    FunctionalDomain,
    Orientation,
    Programme,
    RoadmapVersion,
    Vote,
    VoteItem,
)
from endavant.roadmap.services import roadmap_snapshot

SLUG = "numerique-66"
SOURCE = "Mocquet, « Gouvernance numérique des territoires isolés : Endavant! la symbiose… »"

STEERING = ActionOrigin.Kind.STEERING
CONTRIBUTION = ActionOrigin.Kind.CONTRIBUTION
BALLOT = ActionOrigin.Kind.BALLOT
PROJECT = ActionOrigin.Kind.PROJECT

# (orientation order, orientation title, description)
ORIENTATIONS = (
    (
        0,
        "Feuille de route 2018 : démarche",
        "Les deux étapes prescrites par la feuille de route de 2018.",
    ),
    (1, "Construction de liaisons intersites de services publics (entre mairies…)", ""),
    (2, "Insertion sociale et intégration numérique", ""),
    (3, "Activités touristiques, patrimoine et culture", ""),
    (
        4,
        "Démarches participatives et adaptation de l'organisation",
        "Comment les participants ont été associés, et ce que l'organisation a changé.",
    ),
)

# (orientation order, title, description, origin kind, origin label, example fields or None)
ACTIONS: tuple[tuple[int, str, str, str, str, dict[str, Any] | None], ...] = (
    (
        0,
        "1 – Identification : répertoire des acteurs locaux",
        "",
        STEERING,
        "Feuille de route 2018",
        None,
    ),
    (
        0,
        "2 – Formalisation et priorisation des domaines fonctionnels",
        "",
        STEERING,
        "Feuille de route 2018",
        None,
    ),
    (
        1,
        "Création d'un Groupement Fermé d'Utilisateurs (GFU)",
        "Un réseau privé reliant les sites publics.",
        STEERING,
        "Adaptation de l'organisation",
        None,
    ),
    (4, "Fonds de soutien", "", STEERING, "Adaptation de l'organisation", None),
    (
        4,
        "Groupement de marché public « à commande spécifique »",
        "Chaque membre du groupement passe ses propres commandes.",
        STEERING,
        "Adaptation de l'organisation",
        None,
    ),
    (
        4,
        "Démarche participative des employés et des élu·es",
        "",
        STEERING,
        "Démarches participatives",
        None,
    ),
    (
        4,
        "Ateliers en présentiel pour les usagers du service public",
        "",
        STEERING,
        "Démarches participatives",
        None,
    ),
    (
        4,
        "Appel à projets sur la plateforme « Imagine les Pyrénées-Orientales »",
        "",
        STEERING,
        "Démarches participatives",
        None,
    ),
    (
        1,
        "Exemple : relier dix mairies au GFU",
        "Action fictive pour montrer le suivi prescrit / réalisé.",
        STEERING,
        "Exemple : comité de pilotage",
        {
            "due_on": date(2019, 12, 31),
            "budget": Decimal("120000"),
            "indicator_name": "Mairies reliées",
            "indicator_target": Decimal("10"),
        },
    ),
    (
        2,
        "Exemple : ateliers d'initiation au numérique dans les communes isolées",
        "Action fictive issue d'une contribution d'atelier.",
        CONTRIBUTION,
        "Exemple : contribution en atelier usagers",
        {
            "due_on": date(2020, 6, 30),
            "budget": Decimal("30000"),
            "indicator_name": "Ateliers tenus",
            "indicator_target": Decimal("24"),
        },
    ),
    (
        3,
        "Exemple : visite numérique du patrimoine roman",
        "Action fictive issue d'un projet lauréat de l'appel à projets.",
        PROJECT,
        "Exemple : projet lauréat « Imagine les Pyrénées-Orientales »",
        {
            "due_on": date(2020, 12, 31),
            "budget": Decimal("45000"),
            "indicator_name": "Sites décrits",
            "indicator_target": Decimal("15"),
        },
    ),
)


def _programme() -> Programme:
    territory = None
    if apps.is_installed("endavant.territory"):
        from endavant.territory.models import Departement

        territory = Departement.objects.filter(code="66").first()
    programme, _ = Programme.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "Numérique 66",
            "territory": territory,
            "starts_on": date(2018, 1, 1),
            "ends_on": date(2021, 12, 31),
            "description": (
                "Le dispositif numérique du Département des Pyrénées-Orientales, qui accompagne "
                "l'arrivée du très haut débit dans les territoires isolés : pilotage par un "
                "porteur de projet (top-down), ateliers d'utilisateurs (bottom-up) et régulation "
                "agile due au COVID. Période étudiée : 2018–2021."
            ),
        },
    )
    if territory is not None and programme.territory_id is None:
        programme.territory = territory
        programme.save(update_fields=["territory"])
    return programme


@transaction.atomic
def load(stdout: TextIO) -> None:
    """Load the Numérique 66 programme (a second run changes nothing)."""
    for code, name, kind, order in DEFAULT_COMPETENCIES:
        Competency.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "order": order}
        )
    programme = _programme()
    if programme.orientations.exists():
        return
    orientations = {
        order: Orientation.objects.create(
            programme=programme, title=title, order=order, description=description
        )
        for order, title, description in ORIENTATIONS
    }
    competencies = {c.code: c for c in Competency.objects.all()}
    domains = [
        FunctionalDomain.objects.create(
            programme=programme,
            name=name,
            description="Exemple de domaine fonctionnel.",
            competency=competencies[code],
        )
        for name, code in (
            ("Exemple : services en ligne des mairies", "aides-communes-associations"),
            ("Exemple : médiation numérique et insertion", "action-sociale-sante"),
            ("Exemple : valorisation numérique du patrimoine", "culture"),
            ("Exemple : numérique dans les collèges", "colleges"),
        )
    ]
    actions: dict[str, Action] = {}
    for order, title, description, kind, label, example in ACTIONS:
        action = Action.objects.create(
            orientation=orientations[order],
            title=title,
            description=description,
            is_example=example is not None,
            **(example or {}),
        )
        ActionOrigin.objects.create(
            action=action,
            kind=kind,
            label=label if example else f"{label} ({SOURCE})",
        )
        actions[title] = action
    examples = [a for a in actions.values() if a.is_example]
    examples[0].domain, examples[1].domain, examples[2].domain = domains[0], domains[1], domains[2]
    for action in examples:
        action.save(update_fields=["domain"])

    Commitment.objects.create(
        programme=programme,
        text="Exemple : relier les mairies des communes isolées au réseau public du Département.",
        source_document="Exemple : projet politique (les engagements explicites sont cités "
        "parmi les documents récoltés)",
        is_example=True,
    ).actions.set([examples[0]])

    tz = timezone.get_current_timezone()
    baseline = RoadmapVersion.objects.create(
        programme=programme,
        number=1,
        label="Feuille de route 2018",
        reason="Le prescrit « à réaliser ».",
        frozen_at=datetime(2018, 6, 1, tzinfo=tz),
        snapshot=roadmap_snapshot(programme, as_of=date(2018, 6, 1)),
    )
    # Exemple: the COVID re-plan (agile regulation is a fact; these changes are invented).
    workshops = examples[1]
    workshops.due_on = date(2021, 6, 30)
    workshops.budget = Decimal("22000")
    workshops.description += " Exemple : ateliers passés à distance."
    workshops.status = Action.Status.IN_PROGRESS
    workshops.started_on = date(2019, 9, 1)
    workshops.save()
    links = examples[0]
    links.status = Action.Status.DONE
    links.started_on, links.ended_on = date(2018, 9, 1), date(2020, 3, 15)
    links.indicator_value = Decimal("8")
    links.evidence = "Exemple : procès-verbal de réception."
    links.save()
    heritage = examples[2]
    heritage.status = Action.Status.LATE
    heritage.save()
    RoadmapVersion.objects.create(
        programme=programme,
        number=2,
        label="Re-planification COVID (exemple)",
        reason="Régulation de type agile due au COVID : ateliers passés à distance (exemple).",
        frozen_at=datetime(2021, 4, 1, tzinfo=tz),
        snapshot=roadmap_snapshot(programme, as_of=date(2021, 4, 1)),
    )
    del baseline

    ballot = _example_ballot(programme, domains)
    ActionOrigin.objects.create(
        action=examples[1],
        kind=BALLOT,
        label=ballot.title,
        content_type_id=_content_type_id(ballot),
        object_id=str(ballot.pk),
    )
    stdout.write("roadmap: Numérique 66 programme loaded (examples labelled « Exemple »)\n")


def _content_type_id(obj: Any) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def _example_ballot(programme: Programme, domains: list[FunctionalDomain]) -> Ballot:
    """A closed, fictional majority-judgment ballot on the domains, with fictional voters."""
    from endavant.accounts.models import User

    tz = timezone.get_current_timezone()
    ballot = Ballot.objects.create(
        programme=programme,
        title="Exemple : priorisation des domaines fonctionnels",
        question="Quelle priorité donner à chaque domaine fonctionnel ?",
        method=Ballot.Method.MAJORITY_JUDGMENT,
        opens_at=datetime(2019, 3, 1, tzinfo=tz),
        closes_at=datetime(2019, 3, 31, tzinfo=tz),
        is_example=True,
    )
    options = [
        BallotOption.objects.create(ballot=ballot, label=d.name, domain=d, order=i)
        for i, d in enumerate(domains)
    ]
    audiences = [Audience.EMPLOYEE, Audience.ELECTED_OFFICIAL, Audience.RESIDENT]
    # Fictional judgments, one row per voter: grade index per option (6 = Excellent).
    grades = [
        (5, 4, 3, 2), (6, 5, 3, 1), (4, 5, 2, 3), (5, 3, 4, 2), (3, 6, 4, 2), (5, 5, 3, 3),
        (4, 4, 5, 1), (6, 3, 2, 2), (2, 5, 4, 4), (5, 4, 3, 0), (4, 6, 5, 2), (3, 4, 4, 3),
    ]  # fmt: skip
    for n, row in enumerate(grades):
        voter, _ = User.objects.get_or_create(
            email=f"exemple-votant-{n + 1:02d}@example.org",
            defaults={"full_name": f"Exemple votant·e {n + 1}"},
        )
        vote = Vote.objects.create(
            ballot=ballot,
            voter=voter,
            audience=audiences[n % 3],
            commune_isolated=n % 2 == 0,
            cast_at=datetime(2019, 3, 10, tzinfo=tz),
            updated_at=datetime(2019, 3, 10, tzinfo=tz),
        )
        VoteItem.objects.bulk_create(
            VoteItem(vote=vote, option=option, value=value)
            for option, value in zip(options, row, strict=True)
        )
    return ballot
