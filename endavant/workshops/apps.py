from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from endavant.core.navigation import BackofficeItem, NavItem


class WorkshopsConfig(AppConfig):
    name = "endavant.workshops"
    label = "workshops"
    verbose_name = _("Workshops")
    nav_items = [NavItem("workshops:list", _("Workshops"), order=33)]
    backoffice_items = [
        BackofficeItem("workshops:manage", _("Workshops"), "workshops.manage_workshops", 33),
    ]
