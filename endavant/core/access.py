from endavant.core.registry import ROLES, Access

ACCESS = [
    Access("core:home", "/"),
    Access("core:legal_notice", "/mentions-legales/"),
    Access("core:accessibility", "/accessibilite/"),
    Access("core:personal_data", "/donnees-personnelles/"),
    # The language switcher only answers POST; a GET is redirected back, for everyone.
    Access("set_language", "/langue/setlang/", default=302),
    Access(
        "admin:index",
        "/admin/",
        expected={role: 302 for role in ROLES if role != "administrator"},
        default=200,
    ),
]
