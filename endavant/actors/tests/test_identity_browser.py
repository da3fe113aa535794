"""Issue #9 in a real Chromium at 360 px with JavaScript off, axe-core on every page: the team
links an account to a directory person, an elected official votes on a ballot reserved to
elected officials, a mediator votes for a resident, the team enters paper ballots."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from endavant.accounts import services as account_services
from endavant.accounts.models import User
from endavant.accounts.roles import make_user_with_role
from endavant.actors.models import Membership, Person
from endavant.actors.tests.factories import PersonFactory
from endavant.ballots import services as ballot_services
from endavant.ballots.models import Vote
from endavant.core.services import SYSTEM
from endavant.core.testing.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-Long-pass-phrase-1"


def _check(page, path: str) -> None:
    """One h1, no axe-core violation, no sideways scroll at 360 px (a JavaScript-on page)."""
    assert page.locator("main h1").count() == 1, path
    count, report = axe_violations(page)
    assert count == 0, f"{path}\n{report}"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"


def _login(page, base: str, email: str) -> None:
    page.goto(base + "/compte/connexion/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def _open_ballot(programme, audiences=()):
    now = timezone.now()
    return ballot_services.ballot_open(
        actor=SYSTEM,
        programme=programme,
        title="Priorités des élu·es",
        question="Quelles priorités ?",
        method="approval",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
        options=["Fibre", "Médiation"],
        audiences=audiences,
    )


def test_team_links_then_the_official_votes_on_the_reserved_ballot(
    live_server, browser_page, programme
):
    """No JavaScript needed: search, link, vote; every page passes axe and fits 360 px."""
    page = browser_page
    team = make_user_with_role("programme_team")
    official = User.objects.create_user(
        email="elue@example.org", password=PASSWORD, full_name="Élue Exemple"
    )
    person = PersonFactory(full_name="Élue Exemple")
    Membership.objects.create(person=person, role=Membership.Role.ELECTED_OFFICIAL)
    ballot = _open_ballot(programme, audiences=["elected_official"])
    _login(page, live_server.url, team.email)
    path = f"/gestion/acteurs/personnes/{person.pk}/compte/?q=elue"
    page.goto(live_server.url + path)
    _check(page, path)
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_load_state()
    assert Person.objects.get(pk=person.pk).user_id == official.pk
    page.goto(live_server.url + "/gestion/acteurs/liens/")
    _check(page, "/gestion/acteurs/liens/")
    page.context.clear_cookies()
    _login(page, live_server.url, official.email)
    page.goto(live_server.url + "/compte/repertoire/")
    _check(page, "/compte/repertoire/")
    page.goto(live_server.url + ballot.get_absolute_url())
    _check(page, ballot.get_absolute_url())
    page.check("main input[type=checkbox] >> nth=0")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_load_state()
    vote = Vote.objects.get(ballot=ballot)
    assert vote.voter_id == official.pk
    assert vote.audience == "elected_official"


def test_mediator_votes_for_a_resident_and_the_team_enters_paper_ballots_without_javascript(
    live_server, no_js_page, browser_page, programme
):
    ballot = _open_ballot(programme)
    mediator = make_user_with_role("mediator")
    resident = account_services.account_register_resident(
        actor=mediator, full_name="Joan Exemple", home_commune=None, purposes=["account"]
    )
    url = f"/gestion/scrutins/{ballot.pk}/pour-un-habitant/"
    # Accessibility and width with the scripts on (axe needs them)...
    _login(browser_page, live_server.url, mediator.email)
    browser_page.goto(live_server.url + url + f"?resident={resident.pk}")
    _check(browser_page, url)
    # ...and the whole flow with JavaScript off.
    page = no_js_page
    _login(page, live_server.url, mediator.email)
    page.goto(live_server.url + url)
    page.check(f"#resident-{resident.pk}")
    page.click("main form[method=get] button[type=submit] >> nth=0")
    page.wait_for_load_state()
    page.check("main input[name^=option-] >> nth=0")
    page.check("#id_consent")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_load_state()
    vote = Vote.objects.get(ballot=ballot, voter=resident)
    assert (vote.channel, vote.entered_by_id) == ("assisted", mediator.pk)
    team = make_user_with_role("programme_team")
    page.context.clear_cookies()
    _login(page, live_server.url, team.email)
    paper = f"/gestion/scrutins/{ballot.pk}/papier/"
    page.goto(live_server.url + paper)
    page.fill("#id_sheet", "Atelier de Prades, feuille 1")
    page.fill("#id_copies", "3")
    page.check("main input[name^=option-] >> nth=1")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_load_state()
    assert Vote.objects.filter(ballot=ballot, channel="paper", entered_by=team).count() == 3
    browser_page.context.clear_cookies()
    _login(browser_page, live_server.url, team.email)
    browser_page.goto(live_server.url + paper)
    _check(browser_page, paper)
