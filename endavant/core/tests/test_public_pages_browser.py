"""Every public page declared in the apps' ``pages.py``, in a real Chromium.

Each page must have no WCAG 2.1 A/AA violation found by axe-core, weigh at most its budget on a
first visit (HTML, CSS, JS, fonts; 100 KB unless the page declares otherwise), fit a 360-px-wide
screen, and work with JavaScript disabled.
"""

from __future__ import annotations

import pytest

from endavant.core.registry import BrowserPage, browser_pages
from endavant.core.testing.browser import axe_violations, record_weight

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = browser_pages()


def _path(page: BrowserPage) -> str:
    return page.path() if callable(page.path) else page.path


@pytest.mark.parametrize("spec", PAGES, ids=[page.name for page in PAGES])
def test_page_is_accessible_light_and_fits_a_phone(spec, live_server, browser_page):
    """No axe violation, within the weight budget, no horizontal scrolling at 360 px."""
    url = live_server.url + _path(spec)
    weight = record_weight(browser_page)
    response = browser_page.goto(url, wait_until="load")
    assert response is not None
    assert response.status < 500, f"{url} answered {response.status}"
    count, report = axe_violations(browser_page)
    assert count == 0, report
    assert weight.total <= spec.weight_budget, weight.describe()
    overflow = browser_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{url} scrolls sideways by {overflow}px on a 360-px-wide screen"


@pytest.mark.parametrize("spec", PAGES, ids=[page.name for page in PAGES])
def test_page_works_without_javascript(spec, live_server, no_js_page):
    """With scripts off the page still shows its title, its content and the navigation."""
    url = live_server.url + _path(spec)
    response = no_js_page.goto(url)
    assert response is not None
    assert response.status < 500
    heading = no_js_page.locator("main h1")
    assert heading.count() == 1
    assert heading.inner_text().strip()
    assert no_js_page.locator("header nav a").count() >= 1
    assert no_js_page.locator("footer a[href='/accessibilite/']").count() == 1


def test_language_switcher_works_without_javascript(live_server, no_js_page):
    """Choosing English in the switcher and pressing the button changes the page's language."""
    no_js_page.goto(live_server.url + "/mentions-legales/")
    assert no_js_page.locator("html").get_attribute("lang") == "fr"
    no_js_page.select_option("#language-select", "en")
    no_js_page.click(".language-switcher button")
    no_js_page.wait_for_load_state()
    assert no_js_page.url.endswith("/mentions-legales/")
    assert no_js_page.locator("html").get_attribute("lang") == "en"
    assert no_js_page.locator("main h1").inner_text() == "Legal notice"
