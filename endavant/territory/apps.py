from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from endavant.core.navigation import NavItem


class TerritoryConfig(AppConfig):
    name = "endavant.territory"
    label = "territory"
    verbose_name = _("Territory")
    nav_items = [NavItem("territory:national", _("Territories"), order=20)]
