from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from endavant.core.navigation import BackofficeItem


class ProgrammesConfig(AppConfig):
    name = "endavant.programmes"
    label = "programmes"
    verbose_name = _("Programmes")
    backoffice_items = [
        BackofficeItem("programmes:manage", _("Programmes"), "programmes.manage_programmes", 20),
    ]
