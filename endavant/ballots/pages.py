from endavant.ballots import sample
from endavant.core.registry import BrowserPage


def _ballot() -> str:
    return f"/priorites/{sample.closed_ballot(n_voters=5).pk}/"


def _ballots() -> str:
    sample.closed_ballot()
    return "/priorites/"


BROWSER_PAGES = [
    BrowserPage("ballots", _ballots),
    BrowserPage("ballot results", _ballot),
]
