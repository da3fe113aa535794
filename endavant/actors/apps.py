from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from endavant.core.navigation import BackofficeItem, NavItem


class ActorsConfig(AppConfig):
    name = "endavant.actors"
    label = "actors"
    verbose_name = _("Directory of actors")
    nav_items = [NavItem("actors:directory", _("Directory of actors"), order=20)]
    backoffice_items = [
        BackofficeItem("actors:manage", _("Directory of actors"), "actors.manage_directory", 20),
        BackofficeItem(
            "actors:link_requests",
            _("Requests to be linked to the directory"),
            "actors.manage_directory",
            21,
        ),
    ]
