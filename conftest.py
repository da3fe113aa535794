"""Fixtures shared by every app's tests."""

from __future__ import annotations

import os

import pytest

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
