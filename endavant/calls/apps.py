from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from endavant.core.navigation import BackofficeItem, NavItem


class CallsConfig(AppConfig):
    name = "endavant.calls"
    label = "calls"
    verbose_name = _("Calls for projects")
    nav_items = [NavItem("calls:list", _("Calls for projects"), order=35)]
    backoffice_items = [
        BackofficeItem("calls:manage", _("Calls for projects"), "calls.manage_calls", 35),
    ]
