from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from endavant.core.navigation import BackofficeItem


class OpendataConfig(AppConfig):
    name = "endavant.opendata"
    label = "opendata"
    verbose_name = _("Open data")
    backoffice_items = [
        BackofficeItem(
            "opendata:research",
            _("Research exports (pseudonymised)"),
            "opendata.research_export",
            80,
        ),
    ]
