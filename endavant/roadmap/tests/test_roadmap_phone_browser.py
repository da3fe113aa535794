"""/feuille-de-route/ fits a 360 px screen even with long orientation and domain names (the
filter's select boxes once widened the page by 260 px with the real Numérique 66 roadmap)."""

from __future__ import annotations

import pytest

from endavant.roadmap.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_roadmap_with_long_names_does_not_scroll_sideways(live_server, browser_page, programme):
    long = (
        "Construction de liaisons intersites de services publics "
        "(entre mairies, écoles et médiathèques)"
    )
    orientation = factories.orientation(programme, title=long)
    factories.action(orientation, title="Action au titre long " * 4)
    factories.domain(
        programme, name="Valorisation numérique du patrimoine et des activités touristiques"
    )
    browser_page.goto(live_server.url + "/feuille-de-route/")
    overflow = browser_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"scrolls sideways by {overflow}px"
