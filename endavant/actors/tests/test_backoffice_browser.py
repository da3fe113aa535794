"""The back-office pages, logged in through the real login form, in a real Chromium.

Same checks as the public browser suite (axe-core WCAG 2.1 A/AA, one h1, no sideways scroll at
360 px) for the pages only staff see, which the public suite cannot reach.
"""

from __future__ import annotations

import pytest

from endavant.accounts.roles import make_user_with_role
from endavant.actors.tests.factories import MembershipFactory
from endavant.core.services import audit_record
from endavant.core.testing.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_back_office_pages_are_accessible(live_server, browser_page):
    """An administrator logs in with the form and every back-office page passes the checks."""
    admin = make_user_with_role("administrator")
    membership = MembershipFactory.create(person__full_name="Camille Exemple")
    audit_record(actor=admin, action="person.update", target=membership.person, after={"a": 1})
    page = browser_page
    page.goto(live_server.url + "/compte/connexion/")
    page.fill("#id_username", "administrator@example.org")
    page.fill("#id_password", "a-Long-pass-phrase-1")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/compte/")
    paths = [
        "/compte/",
        "/compte/supprimer/",
        "/gestion/acteurs/",
        "/gestion/acteurs/organisations/nouvelle/",
        f"/gestion/acteurs/organisations/{membership.organisation_id}/modifier/",
        "/gestion/acteurs/personnes/nouvelle/",
        f"/gestion/acteurs/personnes/{membership.person_id}/",
        "/gestion/acteurs/import/",
        "/gestion/comptes/resident/",
        "/gestion/roles/",
        "/gestion/journal/",
        f"/acteurs/{membership.organisation_id}/",
    ]
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response is not None
        assert response.status == 200, path
        assert page.locator("main h1").count() == 1, path
        count, report = axe_violations(page)
        assert count == 0, f"{path}\n{report}"
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
