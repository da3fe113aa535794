"""Public territory pages checked by the browser suite (accessibility, weight, no JS)."""

from __future__ import annotations

from endavant.core.registry import BrowserPage
from endavant.territory.testing import load_departement_66


def _national() -> str:
    load_departement_66()
    return "/territoires/"


def _departement_66() -> str:
    load_departement_66()
    return "/territoires/66/"


def _commune() -> str:
    load_departement_66()
    return "/communes/66136/"


def _search() -> str:
    load_departement_66()
    return "/communes/?q=perpignan"


BROWSER_PAGES = [
    BrowserPage("territory national summary", _national),
    BrowserPage("territory département 66", _departement_66),
    BrowserPage("territory commune Perpignan", _commune),
    BrowserPage("territory commune search", _search),
]
