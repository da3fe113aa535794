"""What the accounts app declares to the core registries."""

from django.utils.translation import gettext_lazy as _

from endavant.core.registry import AuditAction, PersonalData

AUDIT_ACTIONS = [
    AuditAction("account.sign_up", _("account created by its owner")),
    AuditAction("account.confirm", _("e-mail address confirmed")),
    AuditAction("account.password_reset", _("password chosen through an e-mailed link")),
    AuditAction("account.create", _("account created")),
    AuditAction("account.update", _("account details changed")),
    AuditAction("account.register_resident", _("resident registered by a mediator")),
    AuditAction("account.claim_code", _("claim code printed for a resident")),
    AuditAction("account.claim", _("account taken over with a claim code")),
    AuditAction("account.erase", _("account erased")),
    AuditAction("account.assistance_consent", _("consent to a mediator's help recorded")),
    AuditAction("account.paper_voters", _("paper ballots entered from a tally sheet")),
    AuditAction("role.grant", _("platform role granted")),
    AuditAction("role.revoke", _("platform role withdrawn")),
]

PERSONAL_DATA = [
    PersonalData(
        "accounts.User",
        owner="pk",
        export=("id", "email", "full_name", "home_commune__code", "date_joined", "last_login"),
        erase="keep",
        why=_("The account row is pseudonymised, not deleted, so that counts stay true."),
        table="account",
    ),
    PersonalData(
        "accounts.ClaimCode",
        owner="user",
        export=("id", "created_at", "expires_at", "used_at"),
        erase="delete",
        why=_("A claim code only serves the account it was printed for."),
        table="account_claim_codes",
    ),
    PersonalData(
        "accounts.ClaimCode",
        owner="created_by",
        export=("id", "created_at"),
        erase="keep",
        why=_("A code printed by a mediator stays valid after the mediator leaves."),
        table="claim_codes_i_printed",
    ),
]
