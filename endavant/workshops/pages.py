from endavant.core.registry import BrowserPage
from endavant.workshops import sample


def _list() -> str:
    sample.workshop()
    return "/ateliers/"


def _detail() -> str:
    return f"/ateliers/{sample.workshop().pk}/"


def _month() -> str:
    workshop = sample.workshop()
    return f"/ateliers/?mois={workshop.starts_at:%Y-%m}"


def _analysis() -> str:
    sample.workshop(days=-10)
    return "/ateliers/analyse/"


BROWSER_PAGES = [
    BrowserPage("workshops", _list),
    BrowserPage("workshops by month", _month),
    BrowserPage("workshop", _detail),
    BrowserPage("workshop analysis", _analysis),
]
