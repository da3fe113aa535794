from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from endavant.core.navigation import BackofficeItem, NavItem


class NetworkConfig(AppConfig):
    name = "endavant.network"
    label = "network"
    verbose_name = _("Network and procurement grouping")
    nav_items = [NavItem("network:index", _("Network"), order=34)]
    backoffice_items = [
        BackofficeItem("network:manage", _("Closed user group network"), "network.manage", 34),
        BackofficeItem("network:manage_grouping", _("Procurement grouping"), "network.manage", 35),
    ]
