"""Who may see each address of the workshops app."""

from endavant.core.registry import BACK_OFFICE, ROLES, Access, method_refused
from endavant.workshops import sample

LOGIN_OR_REDIRECT = {"anonymous": 302}
MEDIATORS = {
    role: (200 if role in ("mediator", "programme_team", "administrator") else 403)
    for role in ROLES
    if role != "anonymous"
}


def _w(suffix: str = "") -> str:
    return f"/ateliers/{sample.workshop().pk}/{suffix}"


def _token() -> str:
    from endavant.accounts.models import User
    from endavant.workshops.models import Registration

    workshop = sample.workshop()
    person = User.objects.create_user(email=f"registered-{workshop.pk}@example.org")
    registration = Registration.objects.create(
        workshop=workshop, participant=person, mode="room", status="registered"
    )
    return f"/ateliers/inscription/{registration.token}/annuler/"


ACCESS = [
    Access("workshops:list", lambda: (sample.programme(), "/ateliers/")[1], public=True),
    Access("workshops:feed", lambda: (sample.workshop(), "/ateliers.ics")[1], public=True),
    Access(
        "workshops:analysis", lambda: (sample.programme(), "/ateliers/analyse/")[1], public=True
    ),
    Access("workshops:mine", "/ateliers/mes-inscriptions/", expected=LOGIN_OR_REDIRECT),
    Access("workshops:cancel_by_link", _token, public=True),
    Access("workshops:detail", _w, public=True),
    Access("workshops:ics", lambda: f"/ateliers/{sample.workshop().pk}.ics", public=True),
    Access("workshops:history", lambda: _w("historique/"), public=True),
    # Registering, cancelling and contributing are POSTs: a visitor goes to the login page,
    # a logged-in person comes back to the workshop page with a message.
    Access("workshops:register", lambda: _w("inscription/"), method="POST", default=302),
    Access("workshops:cancel", lambda: _w("desinscription/"), method="POST", default=302),
    Access("workshops:contribute", lambda: _w("contribuer/"), method="POST", default=302),
    Access(
        "workshops:manage",
        lambda: (sample.programme(), "/gestion/ateliers/")[1],
        expected=BACK_OFFICE,
    ),
    Access(
        "workshops:manage_create",
        lambda: (sample.programme(), "/gestion/ateliers/nouveau/")[1],
        expected=BACK_OFFICE,
    ),
    Access(
        "workshops:manage_edit",
        lambda: f"/gestion/ateliers/{sample.workshop().pk}/",
        expected=BACK_OFFICE,
    ),
    Access(
        "workshops:manage_change",
        lambda: f"/gestion/ateliers/{sample.workshop().pk}/changer/",
        expected=BACK_OFFICE,
    ),
    Access(
        "workshops:manage_registrations",
        lambda: f"/gestion/ateliers/{sample.workshop().pk}/inscriptions/",
        expected=BACK_OFFICE,
    ),
    # Mediators (and the team) register a resident they help; an empty form comes back (400).
    Access(
        "workshops:register_resident",
        lambda: _w("inscrire-un-habitant/"),
        expected=MEDIATORS,
        default=302,
    ),
    Access(
        "workshops:register_resident",
        lambda: _w("inscrire-un-habitant/"),
        method="POST",
        expected={role: (400 if code == 200 else code) for role, code in MEDIATORS.items()},
        default=302,
    ),
    # The other method of each address: public pages and the visitor's actions answer one
    # method only (405); the back-office forms draw an empty form again with its errors.
    method_refused("workshops:list", lambda: (sample.programme(), "/ateliers/")[1]),
    method_refused("workshops:feed", lambda: (sample.workshop(), "/ateliers.ics")[1]),
    method_refused("workshops:analysis", lambda: (sample.programme(), "/ateliers/analyse/")[1]),
    method_refused("workshops:detail", _w),
    method_refused("workshops:ics", lambda: f"/ateliers/{sample.workshop().pk}.ics"),
    method_refused("workshops:history", lambda: _w("historique/")),
    method_refused("workshops:register", lambda: _w("inscription/"), method="GET"),
    method_refused("workshops:cancel", lambda: _w("desinscription/"), method="GET"),
    method_refused("workshops:contribute", lambda: _w("contribuer/"), method="GET"),
    Access("workshops:cancel_by_link", _token, method="POST", default=302, public=True),
    Access(
        "workshops:mine", "/ateliers/mes-inscriptions/", method="POST", expected=LOGIN_OR_REDIRECT
    ),
    Access(
        "workshops:manage",
        lambda: (sample.programme(), "/gestion/ateliers/")[1],
        method="POST",
        expected=BACK_OFFICE,
    ),
    Access(
        "workshops:manage_create",
        lambda: (sample.programme(), "/gestion/ateliers/nouveau/")[1],
        method="POST",
        expected=BACK_OFFICE,
        default=400,
    ),
    Access(
        "workshops:manage_edit",
        lambda: f"/gestion/ateliers/{sample.workshop().pk}/",
        method="POST",
        expected=BACK_OFFICE,
        default=400,
    ),
    Access(
        "workshops:manage_change",
        lambda: f"/gestion/ateliers/{sample.workshop().pk}/changer/",
        method="POST",
        expected=BACK_OFFICE,
        default=400,
    ),
    Access(
        "workshops:manage_registrations",
        lambda: f"/gestion/ateliers/{sample.workshop().pk}/inscriptions/",
        method="POST",
        expected=BACK_OFFICE,
        default=400,
    ),
]
