from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from endavant.core.navigation import BackofficeItem, NavItem


class BallotsConfig(AppConfig):
    name = "endavant.ballots"
    label = "ballots"
    verbose_name = _("Ballots")
    nav_items = [NavItem("ballots:list", _("Priorities"), order=35)]
    backoffice_items = [
        BackofficeItem("ballots:manage", _("Ballots"), "ballots.manage_ballots", 35),
    ]
