"""Who may reach the core pages, the language switcher and the admin."""

from endavant.core.registry import ROLES, Access, read_only

# Roles that hold at least one back-office permission see the hub; the others are refused.
BACKOFFICE_STATUS = {
    "anonymous": 302,
    "participant": 403,
    "jury": 403,
    "moderator": 403,
    "researcher": 403,
}
ADMIN_ONLY = {role: 302 for role in ROLES if role != "administrator"}

ACCESS = [
    *read_only("core:home", "/", public=True),
    *read_only("core:legal_notice", "/mentions-legales/", public=True),
    *read_only("core:accessibility", "/accessibilite/", public=True),
    *read_only("core:personal_data", "/donnees-personnelles/", public=True),
    # The back-office hub lists the staff pages a role may use; who has none is refused.
    *read_only("core:backoffice", "/gestion/", expected=BACKOFFICE_STATUS),
    # The language switcher: a POST stores the choice; a GET is redirected back, for everyone.
    Access("set_language", "/langue/setlang/", default=302, public=True),
    Access(
        "set_language",
        "/langue/setlang/",
        method="POST",
        data={"language": "en", "next": "/"},
        default=302,
        public=True,
    ),
    # Django's admin: the platform administrator only; everyone else goes to its login page.
    Access("admin:index", "/admin/", expected=ADMIN_ONLY),
    Access("admin:index", "/admin/", method="POST", expected=ADMIN_ONLY),
]
