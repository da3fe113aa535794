from endavant.core.registry import BrowserPage
from endavant.workshops import sample


def _catalogue() -> str:
    sample.workshop()
    return "/donnees/"


def _dataset() -> str:
    sample.workshop()
    return "/donnees/ateliers/"


BROWSER_PAGES = [
    BrowserPage("open data catalogue", _catalogue),
    BrowserPage("open dataset", _dataset),
]
