from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from endavant.core.navigation import BackofficeItem


class AccountsConfig(AppConfig):
    name = "endavant.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    backoffice_items = [
        BackofficeItem(
            "accounts:register_resident",
            _("Register a resident without e-mail"),
            "accounts.register_resident",
            10,
        ),
        BackofficeItem("accounts:roles", _("Platform roles"), "accounts.manage_roles", 50),
        BackofficeItem(
            "accounts:communes_to_review",
            _("Home communes to review"),
            "accounts.manage_roles",
            60,
        ),
        BackofficeItem(
            "roadmap:versions",
            _("Report: prescribed vs realised"),
            "accounts.view_reports",
            80,
        ),
        BackofficeItem(
            "roadmap:index",
            _("Report: where the actions come from"),
            "accounts.view_reports",
            81,
        ),
        BackofficeItem("accounts:audit_log", _("Audit log"), "accounts.view_audit_log", 90),
    ]
