"""A demo call « Imagine les Pyrénées-Orientales » (labelled « Exemple »).

The département's 2019 consultation gathered about 2,500 participants and several hundred
proposals, from which it took 30 commitments, and a support fund financed projects. The call
below follows that shape on a small scale: its projects, supports, comments, jury, allocation and
fund entries are invented and labelled as examples. Everything goes through the services, so the
audit log says the platform ("system") wrote it; the people are the demo participants of the
workshops.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from endavant.accounts.models import User
from endavant.actors.selectors import ParticipantProfile
from endavant.calls import services
from endavant.calls.models import Call
from endavant.core.services import SYSTEM
from endavant.programmes.models import Programme
from endavant.territory.models import Commune
from endavant.territory.selectors import communes_with_isolation

SLUG = "numerique-66"
TITLE = "Exemple : Imagine les Pyrénées-Orientales, fonds de soutien"

# (title, holder kind, amount, supporters out of 24, commune index)
PROJECTS = (
    ("Exemple : un tiers-lieu numérique dans la vallée", "association", "40000", 14, 0),
    ("Exemple : des ateliers vidéo pour les collégiens", "association", "15000", 9, 1),
    ("Exemple : relier la médiathèque à la fibre", "commune", "60000", 11, 2),
    ("Exemple : un bus de la médiation numérique", "association", "35000", 7, 3),
    ("Exemple : une carte participative des sentiers", "resident", "8000", 6, 4),
    ("Exemple : une boutique en ligne des producteurs", "business", "25000", 5, 5),
)


def _communes() -> list[Commune]:
    communes = list(
        communes_with_isolation(Commune.objects.filter(departement__code="66")).order_by("code")
    )
    isolated = [c for c in communes if getattr(c, "is_isolated", None)]
    return (isolated[:4] + communes)[:6]


PAST_SLUG = "budget-participatif-toulouse"
PAST_NAME = "Budget participatif de Toulouse (données réelles Pabulib)"
PAST_DATA = Path(__file__).resolve().parent / "data" / "pabulib"
PAST_EDITIONS = ("2019", "2022", "2024")
TOULOUSE = "31555"


def load(stdout: TextIO) -> None:
    """Load the demo call and the Toulouse past calls (a second run changes nothing)."""
    _load_example(stdout)
    load_past_calls(stdout)


def load_past_calls(stdout: TextIO, editions: tuple[str, ...] | None = None) -> None:
    """The real Toulouse participatory budgets (2019, 2022, 2024) as past calls of an archived
    programme (see ``data/pabulib/SOURCES.md``). Each is then counted with both rules by the
    background worker (Equal Shares with Add1 takes up to a minute on the 2022 vote)."""
    from endavant.calls.tasks import run_allocation
    from endavant.programmes.services import programme_archive, programme_save
    from endavant.voting.pabulib import read_pabulib

    programme = Programme.objects.filter(slug=PAST_SLUG).first()
    if programme is None:
        with transaction.atomic():
            programme = programme_save(
                actor=SYSTEM,
                name=PAST_NAME,
                slug=PAST_SLUG,
                starts_on=date(2019, 9, 11),
                ends_on=date(2024, 7, 4),
                description="Trois éditions réelles du budget participatif de la Ville de "
                "Toulouse (2019, 2022, 2024), avec leurs projets et leurs bulletins publiés par "
                "la bibliothèque ouverte Pabulib (pabulib.org). Elles servent à comparer les "
                "règles d'attribution sur des votes réels.",
            )
            programme_archive(actor=SYSTEM, programme=programme, reason="past programme (data)")
    for edition in editions or PAST_EDITIONS:
        name = f"France_Toulouse_{edition}.pb"
        source = f"Pabulib, {name}"
        if Call.objects.filter(programme=programme, imported_from=source).exists():
            continue
        instance = read_pabulib(PAST_DATA / name)
        with transaction.atomic():
            call = services.past_call_import(
                actor=SYSTEM,
                programme=programme,
                instance=instance,
                source=source,
                title=f"Budget participatif de Toulouse {edition}",
                website="https://pabulib.org/",
                commune_code=TOULOUSE,
            )
            # Both rules; the city's own rule (greedy) last, so that it is the one shown first.
            for rule in (Call.Rule.EQUAL_SHARES, Call.Rule.GREEDY_VOTES):
                transaction.on_commit(partial(run_allocation.enqueue, call.pk, str(rule)))
        stdout.write(
            f"calls: Toulouse {edition} imported ({len(instance.projects)} projects, "
            f"{len(instance.votes)} ballots); both rules queued for the worker.\n"
        )


@transaction.atomic
def _load_example(stdout: TextIO) -> None:
    """Load the demo call (a second run changes nothing)."""
    programme = Programme.objects.filter(slug=SLUG).first()
    if programme is None or Call.objects.filter(programme=programme).exists():
        return
    people = list(User.objects.filter(email__startswith="exemple-participant-").order_by("email"))
    communes = _communes()
    if len(people) < 20 or len(communes) < 6:
        stdout.write("calls: demo participants or communes of the 66 missing; example skipped.\n")
        return
    tz = timezone.get_current_timezone()
    opens = datetime(2019, 3, 1, 9, 0, tzinfo=tz)
    call = services.call_save(
        actor=SYSTEM,
        programme=programme,
        title=TITLE,
        rules="Exemple : projets portés sur le territoire des Pyrénées-Orientales, par des "
        "habitants, des associations, des communes ou des entreprises ; 60 000 € au plus par "
        "projet.",
        budget=Decimal("150000"),
        max_amount=Decimal("60000"),
        holders=[],
        territory_only=True,
        submission_opens_at=opens,
        submission_closes_at=opens + timedelta(days=60),
        participation_opens_at=opens + timedelta(days=61),
        participation_closes_at=opens + timedelta(days=90),
        jury_closes_at=opens + timedelta(days=110),
        selection_on=date(2019, 7, 1),
        realisation_until=date(2020, 12, 31),
        rule=Call.Rule.EQUAL_SHARES,
        results_explanation="Exemple : la méthode des parts égales donne à chaque soutien une "
        "part égale du budget ; un projet est financé quand ses soutiens peuvent le payer.",
        is_example=True,
    )
    usefulness = services.criterion_save(actor=SYSTEM, call=call, name="Utilité", weight=2)
    feasibility = services.criterion_save(actor=SYSTEM, call=call, name="Faisabilité", weight=1)
    jurors = people[-3:]
    for juror in jurors:
        services.jury_member_add(actor=SYSTEM, call=call, member=juror)
    projects = []
    for n, (title, kind, amount, supporters, commune_index) in enumerate(PROJECTS):
        commune = communes[commune_index]
        profile = ParticipantProfile(
            "resident" if kind == "resident" else kind.replace("commune", "elected_official"),
            commune,
            getattr(commune, "is_isolated", None),
        )
        at = opens + timedelta(days=5 + n)
        holder = people[n]
        project = services.project_save(
            actor=holder,
            call=call,
            holder_kind=kind,
            holder_name="" if kind == "resident" else f"Exemple : porteur {n + 1}",
            title=title,
            summary="Exemple : projet fictif pour montrer le fonctionnement de l'appel.",
            description="Exemple : description fictive du projet, de ses partenaires et de son "
            "calendrier.",
            requested_amount=Decimal(amount),
            communes=[commune],
            partners="Exemple : la commune, une association locale",
            profile=profile,
            at=at,
            is_example=True,
        )
        project = services.project_submit(actor=holder, project=project, at=at + timedelta(days=1))
        projects.append(project)
        for k in range(supporters):
            person = people[(n * 5 + k) % 21]
            services.support_add(
                actor=person,
                project=project,
                profile=ParticipantProfile("resident", commune, profile.commune_isolated),
                at=opens + timedelta(days=62 + k % 20),
            )
        services.comment_add(
            actor=people[(n + 7) % 21],
            project=project,
            text="Exemple : bonne idée, à condition de prévoir des horaires en soirée.",
            profile=ParticipantProfile("resident", commune, profile.commune_isolated),
            at=opens + timedelta(days=70),
            is_example=True,
        )
    services.conflict_declare(
        actor=jurors[0], project=projects[1], reason="Exemple : membre de l'association"
    )
    scoring_day = opens + timedelta(days=100)
    for j, juror in enumerate(jurors):
        for n, project in enumerate(projects):
            if j == 0 and n == 1:
                continue
            services.score_record(
                actor=juror,
                project=project,
                scores={
                    usefulness.pk: ((5 + n + j) % 11, "Exemple : avis du juré."),
                    feasibility.pk: ((8 - n + j) % 11, ""),
                },
                at=scoring_day,
            )
    run = services.allocation_run(actor=SYSTEM, call=call)
    for n, project in enumerate(projects):
        selected = project.pk in run.selected
        projects[n] = services.project_decide(
            actor=SYSTEM,
            project=project,
            decision="selected" if selected else "rejected",
            reason="Exemple : décision conforme au calcul des parts égales."
            if selected
            else "Exemple : non financé par le calcul des parts égales.",
        )
    _ledger(call, [p for p in projects if p.pk in run.selected])
    stdout.write(
        f"calls: example call loaded ({len(projects)} projects, {len(run.selected)} funded)\n"
    )


def _ledger(call: Call, funded: list[Any]) -> None:
    for n, project in enumerate(funded):
        services.ledger_record(
            actor=SYSTEM,
            project=project,
            kind="commitment",
            amount=project.requested_amount,
            on=date(2019, 7, 15),
            evidence=f"Exemple : délibération CP-2019-{n + 1:02d}",
        )
        services.ledger_record(
            actor=SYSTEM,
            project=project,
            kind="payment",
            amount=(project.requested_amount / 2).quantize(Decimal("0.01")),
            on=date(2019, 10, 1),
            evidence=f"Exemple : mandat 2019-{n + 101}",
            note="Exemple : premier acompte (50 %)",
        )
        services.project_realisation_update(
            actor=SYSTEM,
            project=project,
            realisation="in_progress" if n % 2 else "done",
            note="Exemple : suivi fictif.",
        )
