from endavant.core.registry import ROLES, Access

# Roles that hold at least one back-office permission see the hub; the others are refused.
BACKOFFICE_STATUS = {
    "anonymous": 302,
    "participant": 403,
    "jury": 403,
    "moderator": 403,
    "researcher": 403,
}

ACCESS = [
    Access("core:home", "/"),
    Access("core:legal_notice", "/mentions-legales/"),
    Access("core:accessibility", "/accessibilite/"),
    Access("core:personal_data", "/donnees-personnelles/"),
    # The back-office hub lists the staff pages a role may use; who has none is refused.
    Access("core:backoffice", "/gestion/", expected=BACKOFFICE_STATUS),
    # The language switcher only answers POST; a GET is redirected back, for everyone.
    Access("set_language", "/langue/setlang/", default=302),
    Access(
        "admin:index",
        "/admin/",
        expected={role: 302 for role in ROLES if role != "administrator"},
        default=200,
    ),
]
