"""Small sample data for the access matrix and the browser suite (not demo data)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from endavant.accounts.models import User
from endavant.calls import services
from endavant.calls.models import Call, Project
from endavant.core.services import SYSTEM
from endavant.programmes.models import Programme
from endavant.workshops import sample as workshop_sample


def programme() -> Programme:
    """The test programme the other apps' samples use too."""
    return workshop_sample.programme()


def call() -> Call:
    """A call taking submissions and supports now."""
    now = timezone.now()
    return services.call_save(
        actor=SYSTEM,
        programme=programme(),
        title="Exemple : appel à projets test",
        rules="Exemple : règlement.",
        budget=Decimal("50000"),
        territory_only=False,
        submission_opens_at=now - timedelta(days=5),
        submission_closes_at=now + timedelta(days=20),
        participation_opens_at=now - timedelta(days=5),
        participation_closes_at=now + timedelta(days=30),
        jury_closes_at=now + timedelta(days=40),
        selection_on=(now + timedelta(days=45)).date(),
        realisation_until=(now + timedelta(days=400)).date(),
        is_example=True,
    )


def project(the_call: Call | None = None) -> Project:
    """A submitted project."""
    the_call = the_call or call()
    holder = User.objects.filter(email="porteur-test@example.org").first()
    holder = holder or User.objects.create_user(email="porteur-test@example.org")
    draft = services.project_save(
        actor=holder,
        call=the_call,
        holder_kind=Call.Holder.ASSOCIATION,
        title="Exemple : un tiers-lieu numérique",
        summary="Exemple : un lieu ouvert pour apprendre le numérique.",
        description="Exemple : description du projet.",
        requested_amount=Decimal("12000"),
        is_example=True,
    )
    return services.project_submit(actor=holder, project=draft)


def comment() -> int:
    the_project = project()
    return services.comment_add(
        actor=the_project.holder, project=the_project, text="Exemple : commentaire."
    ).pk
