from endavant.core.registry import BrowserPage
from endavant.roadmap import sample


def _index() -> str:
    sample.programme()
    return "/feuille-de-route/"


def _action() -> str:
    return f"/feuille-de-route/actions/{sample.action().pk}/"


def _domains() -> str:
    sample.programme()
    return "/domaines/"


BROWSER_PAGES = [
    BrowserPage("roadmap", _index),
    BrowserPage("roadmap action", _action),
    BrowserPage("roadmap versions", "/feuille-de-route/versions/"),
    BrowserPage("commitments", "/engagements/"),
    BrowserPage("competencies and domains", _domains),
]
