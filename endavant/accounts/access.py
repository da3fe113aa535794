"""Who may reach each account and back-office URL (deny by default; anonymous → login)."""

from __future__ import annotations

from endavant.core.registry import ROLES, Access

LOGGED_IN = {role: 200 for role in ROLES if role != "anonymous"}


def _staff(*allowed: str) -> dict[str, int]:
    return {role: (200 if role in allowed else 403) for role in ROLES if role != "anonymous"}


def _revoke_path() -> str:
    from endavant.accounts.roles import make_user_with_role

    holder = make_user_with_role("moderator", email="held-moderator@example.org")
    return f"/gestion/roles/{holder.pk}/moderator/retirer/"


ACCESS = [
    Access("accounts:login", "/compte/connexion/"),
    # Logging out answers POST only, and sends everyone home.
    Access("accounts:logout", "/compte/deconnexion/", method="POST", default=302),
    Access("accounts:sign_up", "/compte/inscription/"),
    Access("accounts:sign_up_sent", "/compte/inscription/envoyee/"),
    Access("accounts:confirm", "/compte/confirmer/MQ/not-a-token/"),
    Access("accounts:password_reset", "/compte/mot-de-passe/"),
    Access("accounts:password_reset_done", "/compte/mot-de-passe/envoye/"),
    Access("accounts:password_reset_confirm", "/compte/mot-de-passe/MQ/not-a-token/"),
    Access("accounts:password_reset_complete", "/compte/mot-de-passe/termine/"),
    Access("accounts:dpo_contact", "/compte/contact-dpo/"),
    Access("accounts:profile", "/compte/", expected=LOGGED_IN, default=302),
    Access("accounts:my_data", "/compte/mes-donnees/", expected=LOGGED_IN, default=302),
    Access("accounts:erase", "/compte/supprimer/", expected=LOGGED_IN, default=302),
    Access(
        "accounts:register_resident",
        "/gestion/comptes/resident/",
        expected=_staff("mediator", "programme_team", "administrator"),
        default=302,
    ),
    Access(
        "accounts:roles",
        "/gestion/roles/",
        expected=_staff("programme_team", "administrator"),
        default=302,
    ),
    # A successful revoke redirects back to the roles page (302), like a refusal for visitors.
    Access(
        "accounts:role_revoke",
        _revoke_path,
        method="POST",
        expected={
            **_staff("programme_team", "administrator"),
            "programme_team": 302,
            "administrator": 302,
        },
        default=302,
    ),
    Access(
        "accounts:audit_log",
        "/gestion/journal/",
        expected=_staff("administrator"),
        default=302,
    ),
]
