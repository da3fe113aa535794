from endavant.core.registry import BrowserPage
from endavant.roadmap import sample


def _index() -> str:
    sample.programme()
    return "/feuille-de-route/"


def _action() -> str:
    return f"/feuille-de-route/actions/{sample.action().pk}/"


def _ballot() -> str:
    return f"/priorites/{sample.closed_ballot(n_voters=5).pk}/"


def _ballots() -> str:
    sample.closed_ballot()
    return "/priorites/"


BROWSER_PAGES = [
    BrowserPage("roadmap", _index),
    BrowserPage("roadmap action", _action),
    BrowserPage("roadmap versions", "/feuille-de-route/versions/"),
    BrowserPage("commitments", "/engagements/"),
    BrowserPage("ballots", _ballots),
    BrowserPage("ballot results", _ballot),
]
