"""The site keeps its own Content-Security-Policy: in a real Chromium that enforces it (unlike
the axe-core contexts, no bypass), no page triggers a violation: no inline script or style,
nothing loaded from elsewhere."""

from __future__ import annotations

import pytest

from endavant.core.middleware import CONTENT_SECURITY_POLICY
from endavant.core.registry import BrowserPage, browser_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = browser_pages()

# Injected by Playwright before any page script; CSP does not apply to it.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ` +
    `${event.sourceFile}:${event.lineNumber} (${event.sample})`
  );
});
"""


@pytest.fixture
def enforcing_page(chromium):
    """A page whose context enforces CSP, JavaScript on, recording what the policy blocks."""
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR")
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    yield page
    context.close()


def _violations(page, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    response = page.goto(url, wait_until="load")
    assert response is not None
    assert response.status < 500, f"{url} answered {response.status}"
    assert response.headers.get("content-security-policy"), f"{url} has no CSP"
    return list(page.evaluate("window.__cspViolations"))


def _path(page: BrowserPage) -> str:
    return page.path() if callable(page.path) else page.path


@pytest.mark.parametrize("spec", PAGES, ids=[page.name for page in PAGES])
def test_public_page_breaks_no_rule_of_its_own_policy(spec, live_server, enforcing_page):
    """Every public page, as a visitor's browser enforces the policy: nothing blocked."""
    problems = _violations(enforcing_page, live_server.url + _path(spec))
    assert not problems, "\n".join(problems)


def test_account_and_back_office_pages_break_no_rule(live_server, enforcing_page, role_user):
    """Logged in through the real form: account, back-office hub, audit log, Django admin."""
    admin = role_user("administrator")
    page = enforcing_page
    page.goto(live_server.url + "/compte/connexion/")
    page.fill("#id_username", admin.email)
    page.fill("#id_password", "a-Long-pass-phrase-1")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/compte/")
    for path in ("/compte/", "/gestion/", "/gestion/journal/", "/admin/"):
        problems = _violations(page, live_server.url + path)
        assert not problems, path + "\n" + "\n".join(problems)


def test_the_watch_reports_an_inline_style(live_server, enforcing_page):
    """Self-check of this suite: a style="" attribute under the site's policy is reported."""
    url = live_server.url + "/csp-self-check/"
    enforcing_page.route(
        url,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY},
            body='<!doctype html><p style="color: red">x</p>',
        ),
    )
    assert any("style-src" in problem for problem in _violations(enforcing_page, url))
