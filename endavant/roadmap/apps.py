from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from endavant.core.navigation import BackofficeItem, NavItem


class RoadmapConfig(AppConfig):
    name = "endavant.roadmap"
    label = "roadmap"
    verbose_name = _("Programme and roadmap")
    nav_items = [
        NavItem("roadmap:index", _("Roadmap"), order=30),
        NavItem("roadmap:domains", _("Domains"), order=36),
    ]
    backoffice_items = [
        BackofficeItem("roadmap:manage", _("Programme and roadmap"), "roadmap.manage_roadmap", 30),
    ]
