"""Who may reach each account and back-office URL (deny by default; anonymous → login).

The account forms are public (log in, sign up, reset a password) or for the person logged in;
an empty form posted back is drawn again with its errors (200).
"""

from __future__ import annotations

from collections.abc import Callable

from endavant.core.registry import ROLES, Access, method_refused, read_only

LOGGED_IN = {role: 200 for role in ROLES if role != "anonymous"}


def _staff(*allowed: str) -> dict[str, int]:
    return {role: (200 if role in allowed else 403) for role in ROLES if role != "anonymous"}


def _revoke_path() -> str:
    from endavant.accounts.roles import make_user_with_role

    holder = make_user_with_role("moderator", email="held-moderator@example.org")
    return f"/gestion/roles/{holder.pk}/moderator/retirer/"


def _resident_code_path() -> str:
    from endavant.accounts.models import User

    resident = User.objects.create_user(email=None, full_name="Résident sans e-mail")
    return f"/gestion/comptes/resident/{resident.pk}/code/"


def _both(url_name: str, path: str | Callable[[], str], **options: object) -> list[Access]:
    """The same rule for GET and for an empty POST."""
    return [
        Access(url_name, path, **options),  # type: ignore[arg-type]
        Access(url_name, path, method="POST", **options),  # type: ignore[arg-type]
    ]


ACCESS = [
    *_both("accounts:login", "/compte/connexion/", public=True),
    # Logging out answers POST only, and sends everyone home.
    Access("accounts:logout", "/compte/deconnexion/", method="POST", default=302, public=True),
    method_refused("accounts:logout", "/compte/deconnexion/", method="GET"),
    *_both("accounts:sign_up", "/compte/inscription/", public=True),
    *_both("accounts:sign_up_sent", "/compte/inscription/envoyee/", public=True),
    *_both("accounts:claim", "/compte/reclamer/", public=True),
    # Printing a code is a POST by a mediator (the page with the code); GET is refused.
    Access(
        "accounts:claim_code",
        _resident_code_path,
        method="POST",
        expected=_staff("mediator", "programme_team", "administrator"),
        default=302,
    ),
    method_refused("accounts:claim_code", _resident_code_path, method="GET"),
    *_both("accounts:confirm", "/compte/confirmer/MQ/not-a-token/", public=True),
    *_both("accounts:password_reset", "/compte/mot-de-passe/", public=True),
    *read_only("accounts:password_reset_done", "/compte/mot-de-passe/envoye/", public=True),
    *_both("accounts:password_reset_confirm", "/compte/mot-de-passe/MQ/not-a-token/", public=True),
    *read_only("accounts:password_reset_complete", "/compte/mot-de-passe/termine/", public=True),
    *_both("accounts:dpo_contact", "/compte/contact-dpo/", public=True),
    *_both("accounts:profile", "/compte/", expected=LOGGED_IN, default=302),
    *_both("accounts:my_data", "/compte/mes-donnees/", expected=LOGGED_IN, default=302),
    *_both("accounts:erase", "/compte/supprimer/", expected=LOGGED_IN, default=302),
    *_both(
        "accounts:register_resident",
        "/gestion/comptes/resident/",
        expected=_staff("mediator", "programme_team", "administrator"),
        default=302,
    ),
    *_both(
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
    method_refused("accounts:role_revoke", _revoke_path, method="GET"),
    # Withdrawing answers with a message and goes back to the list (302), even for bad input.
    Access("accounts:consents", "/compte/consentements/", expected=LOGGED_IN, default=302),
    Access(
        "accounts:consents",
        "/compte/consentements/",
        method="POST",
        expected=dict.fromkeys(LOGGED_IN, 302),
        default=302,
    ),
    Access(
        "accounts:communes_to_review",
        "/gestion/comptes/communes/",
        expected=_staff("programme_team", "administrator"),
        default=302,
    ),
    Access(
        "accounts:communes_to_review",
        "/gestion/comptes/communes/",
        method="POST",
        expected={
            **_staff("programme_team", "administrator"),
            "programme_team": 302,
            "administrator": 302,
        },
        default=302,
    ),
    *_both(
        "accounts:audit_log",
        "/gestion/journal/",
        expected=_staff("administrator", "researcher"),
        default=302,
    ),
]
