"""What the programmes app declares to the core registries."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from endavant.core.registry import PersonalData, entity_actions


def _leave_teams(user: Any) -> None:
    from endavant.programmes.models import Programme

    for programme in Programme.objects.filter(team=user):
        programme.team.remove(user)


AUDIT_ACTIONS = [*entity_actions("programme", _("programme"))]

PERSONAL_DATA = [
    PersonalData(
        "programmes.Programme",
        owner="team",
        export=("id", "name", "slug"),
        erase=_leave_teams,
        why=_("Erasing an account removes it from the programme teams it belonged to."),
        table="programme_teams",
    ),
]
