from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from endavant.core.navigation import BackofficeItem


class CoreConfig(AppConfig):
    name = "endavant.core"
    label = "core"
    verbose_name = _("Platform")
    backoffice_items = [
        BackofficeItem("core:jobs", _("Background jobs"), "core.manage_jobs", 95),
    ]
