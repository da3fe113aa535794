from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from endavant.core.navigation import BackofficeItem, NavItem


class MediationConfig(AppConfig):
    name = "endavant.mediation"
    label = "mediation"
    verbose_name = _("Communication and mediation")
    # One entry: the residents' way in; the document library is linked from it.
    nav_items = [NavItem("mediation:understand", _("Understand fibre"), order=37)]
    backoffice_items = [
        BackofficeItem("mediation:manage", _("Documents"), "mediation.manage_documents", 37),
    ]
