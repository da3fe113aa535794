from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from endavant.core.navigation import NavItem


class ActorsConfig(AppConfig):
    name = "endavant.actors"
    label = "actors"
    verbose_name = _("Directory of actors")
    nav_items = [NavItem("actors:directory", _("Directory of actors"), order=20)]
