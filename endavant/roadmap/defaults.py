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

from endavant.actors.selectors import ParticipantProfile
from endavant.ballots import services as ballot_services
from endavant.ballots.models import Ballot
from endavant.core.audiences import Audience
from endavant.core.services import SYSTEM, audit_record
from endavant.programmes.models import Programme
from endavant.programmes.services import programme_save
from endavant.roadmap import services
from endavant.roadmap.competencies import DEFAULT_COMPETENCIES
from endavant.roadmap.models import Action, ActionOrigin, Competency, FunctionalDomain

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
    found = Programme.objects.filter(slug=SLUG).first()
    territory = None
    if apps.is_installed("endavant.territory"):
        from endavant.territory.models import Departement

        territory = Departement.objects.filter(code="66").first()
    if found is not None:
        if territory is not None and found.territory_id is None:
            programme_save(actor=SYSTEM, programme=found, territory=territory)
        return found
    return programme_save(
        actor=SYSTEM,
        name="Numérique 66",
        slug=SLUG,
        territory=territory,
        starts_on=date(2018, 1, 1),
        ends_on=date(2021, 12, 31),
        description=(
            "Le dispositif numérique du Département des Pyrénées-Orientales, qui accompagne "
            "l'arrivée du très haut débit dans les territoires isolés : pilotage par un "
            "porteur de projet (top-down), ateliers d'utilisateurs (bottom-up) et régulation "
            "agile due au COVID. Période étudiée : 2018–2021."
        ),
    )


@transaction.atomic
def load(stdout: TextIO) -> None:
    """Load the Numérique 66 programme (a second run changes nothing).

    Every row goes through the services, so the audit log says the platform ("system") wrote
    it.
    """
    existing = set(Competency.objects.values_list("code", flat=True))
    for code, name, kind, order in DEFAULT_COMPETENCIES:
        if code not in existing:
            services.competency_save(actor=SYSTEM, code=code, name=name, kind=kind, order=order)
    programme = _programme()
    if programme.orientations.exists():
        return
    orientations = {
        order: services.orientation_save(
            actor=SYSTEM, programme=programme, title=title, order=order, description=description
        )
        for order, title, description in ORIENTATIONS
    }
    competencies = {c.code: c for c in Competency.objects.all()}
    domains = [
        services.domain_save(
            actor=SYSTEM,
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
    examples: list[Action] = []
    for order, title, description, kind, label, example in ACTIONS:
        action = services.action_save(
            actor=SYSTEM,
            orientation=orientations[order],
            title=title,
            description=description,
            is_example=example is not None,
            domain=domains[len(examples)] if example is not None and len(examples) < 3 else None,
            **(example or {}),
        )
        services.action_origin_add(
            actor=SYSTEM,
            action=action,
            kind=kind,
            label=label if example else f"{label} ({SOURCE})",
        )
        if example is not None:
            examples.append(action)

    services.commitment_save(
        actor=SYSTEM,
        programme=programme,
        text="Exemple : relier les mairies des communes isolées au réseau public du Département.",
        source_document="Exemple : projet politique (les engagements explicites sont cités "
        "parmi les documents récoltés)",
        is_example=True,
        actions=[examples[0]],
    )

    tz = timezone.get_current_timezone()
    services.roadmap_freeze(
        actor=SYSTEM,
        programme=programme,
        label="Feuille de route 2018",
        reason="Le prescrit « à réaliser ».",
        as_of=date(2018, 6, 1),
        frozen_at=datetime(2018, 6, 1, tzinfo=tz),
    )
    replan = "Régulation de type agile due au COVID : ateliers passés à distance (exemple)."
    # Exemple: the COVID re-plan (agile regulation is a fact; these changes are invented).
    workshops = examples[1]
    services.action_save(
        actor=SYSTEM,
        action=workshops,
        reason=replan,
        due_on=date(2021, 6, 30),
        budget=Decimal("22000"),
        description=workshops.description + " Exemple : ateliers passés à distance.",
        status=Action.Status.IN_PROGRESS,
        started_on=date(2019, 9, 1),
    )
    services.action_save(
        actor=SYSTEM,
        action=examples[0],
        status=Action.Status.DONE,
        started_on=date(2018, 9, 1),
        ended_on=date(2020, 3, 15),
        indicator_value=Decimal("8"),
        evidence="Exemple : procès-verbal de réception.",
    )
    services.action_save(actor=SYSTEM, action=examples[2], status=Action.Status.LATE)
    services.roadmap_freeze(
        actor=SYSTEM,
        programme=programme,
        label="Re-planification COVID (exemple)",
        reason=replan,
        as_of=date(2021, 4, 1),
        frozen_at=datetime(2021, 4, 1, tzinfo=tz),
    )

    ballot = _example_ballot(programme, domains)
    services.action_origin_add(
        actor=SYSTEM, action=examples[1], kind=BALLOT, source=ballot, label=ballot.title
    )
    stdout.write("roadmap: Numérique 66 programme loaded (examples labelled « Exemple »)\n")


def _example_ballot(programme: Programme, domains: list[FunctionalDomain]) -> Ballot:
    """A closed, fictional majority-judgment ballot on the domains, with fictional voters.

    The votes go through the vote service at a moment inside the window, with the fictional
    voters' profile given, as paper ballots entered after the fact would.
    """
    from endavant.accounts.models import User

    tz = timezone.get_current_timezone()
    ballot = ballot_services.ballot_open(
        actor=SYSTEM,
        programme=programme,
        title="Exemple : priorisation des domaines fonctionnels",
        question="Quelle priorité donner à chaque domaine fonctionnel ?",
        method="majority_judgment",
        opens_at=datetime(2019, 3, 1, tzinfo=tz),
        closes_at=datetime(2019, 3, 31, tzinfo=tz),
        options=domains,
        is_example=True,
    )
    options = list(ballot.options.all())
    audiences = [Audience.EMPLOYEE, Audience.ELECTED_OFFICIAL, Audience.RESIDENT]
    # Fictional judgments, one row per voter: grade index per option (6 = Excellent).
    grades = [
        (5, 4, 3, 2), (6, 5, 3, 1), (4, 5, 2, 3), (5, 3, 4, 2), (3, 6, 4, 2), (5, 5, 3, 3),
        (4, 4, 5, 1), (6, 3, 2, 2), (2, 5, 4, 4), (5, 4, 3, 0), (4, 6, 5, 2), (3, 4, 4, 3),
    ]  # fmt: skip
    for n, row in enumerate(grades):
        voter, created = User.objects.get_or_create(
            email=f"exemple-votant-{n + 1:02d}@example.org",
            defaults={"full_name": f"Exemple votant·e {n + 1}"},
        )
        if created:
            audit_record(
                actor=SYSTEM,
                action="account.create",
                target=voter,
                reason="Compte fictif de la démonstration",
            )
        ballot_services.vote_cast(
            voter=voter,
            ballot=ballot,
            values={o.pk: v for o, v in zip(options, row, strict=True)},
            channel="paper",
            at=datetime(2019, 3, 10, tzinfo=tz),
            profile=ParticipantProfile(str(audiences[n % 3]), None, n % 2 == 0),
        )
    return ballot
