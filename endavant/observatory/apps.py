from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from endavant.core.navigation import NavItem


class ObservatoryConfig(AppConfig):
    name = "endavant.observatory"
    label = "observatory"
    verbose_name = _("Observatory")
    nav_items = [NavItem("observatory:home", _("Observatory"), order=60)]
