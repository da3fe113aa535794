"""Fixtures shared by every app's tests."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

# No per-example deadline: property tests run beside other jobs (CI runs two suites, the
# machine has two cores), and a slow example is not a wrong one. Speed lives in bench/.
hypothesis_settings.register_profile("endavant", deadline=None)
hypothesis_settings.load_profile("endavant")

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse the
# ORM calls that the live-server tests make from that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def role_user(db):
    """Return a factory that creates a logged-in-able user holding a platform role."""
    from endavant.accounts.roles import make_user_with_role

    return make_user_with_role


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium driven by Playwright (skipped, or failed in CI, when absent)."""
    from endavant.core.testing.browser import CHROMIUM_ARGS, find_chromium

    executable = find_chromium()
    if executable is None:
        reason = (
            "No Chromium found (install Debian's 'chromium' package or set ENDAVANT_CHROMIUM); "
            "browser tests need a real browser."
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh browser context (empty cache, JavaScript on) and a page in it."""
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def no_js_page(chromium):
    """A fresh browser context with JavaScript disabled, as on an old phone with scripts off."""
    context = chromium.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-FR", java_script_enabled=False
    )
    page = context.new_page()
    yield page
    context.close()


# --- Shared test data: communes, programmes, people with roles --------------------------------


@pytest.fixture
def make_commune(db):
    """Return a factory of communes of the 66, isolated or not (``None``: not known)."""
    from endavant.territory.tests.factories import CommuneFactory, IndicatorValueFactory

    def make(isolated: bool | None = None, **fields):
        commune = CommuneFactory(**fields)
        if isolated is not None:
            IndicatorValueFactory(commune=commune, value=1.0 if isolated else 0.0)
        return commune

    return make


@pytest.fixture
def make_programme(db):
    """Return a factory of programmes (``make_programme(slug="numerique-66")``)."""
    from endavant.programmes.tests.factories import ProgrammeFactory

    return ProgrammeFactory


@pytest.fixture
def programme(make_programme):
    """One programme: the only one, so every page shows it without being told."""
    return make_programme(name="Numérique test", slug="numerique-test")


@pytest.fixture
def make_participant(db, make_commune):
    """Return a factory of participants with a directory record: ``make_participant(
    audience="elected_official", isolated=True)`` gives an account linked to a person who holds
    that role now and lives in an isolated commune, as the team would have entered them."""
    import itertools

    from endavant.accounts.models import User
    from endavant.actors.models import Membership
    from endavant.actors.tests.factories import PersonFactory

    roles = {
        "resident": Membership.Role.RESIDENT,
        "elected_official": Membership.Role.ELECTED_OFFICIAL,
        "employee": Membership.Role.EMPLOYEE,
        "association": Membership.Role.ASSOCIATION_MEMBER,
        "business": Membership.Role.BUSINESS_OWNER,
    }
    counter = itertools.count()

    def make(audience: str | None = "resident", isolated: bool | None = None):
        n = next(counter)
        commune = make_commune(isolated=isolated) if isolated is not None else None
        user = User.objects.create_user(
            email=f"participant{n}@example.org", password="correct horse battery"
        )
        if audience is not None:
            person = PersonFactory(user=user, home_commune=commune)
            Membership.objects.create(person=person, role=roles[audience])
        elif commune is not None:
            user.home_commune = commune
            user.save(update_fields=["home_commune"])
        return user

    return make


@pytest.fixture
def team(role_user):
    """A member of the programme team."""
    return role_user("programme_team")
