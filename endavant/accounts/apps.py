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
        BackofficeItem("accounts:audit_log", _("Audit log"), "accounts.view_audit_log", 90),
    ]
