"""Public pages of the network app checked by the browser suite (accessibility, weight, no JS)."""

from __future__ import annotations

from endavant.core.registry import BrowserPage
from endavant.network import sample


def _index() -> str:
    sample.network()
    return "/reseau/"


def _site() -> str:
    return f"/reseau/sites/{sample.site_pk()}/"


def _grouping() -> str:
    sample.grouping()
    return "/achats-groupes/"


BROWSER_PAGES = [
    BrowserPage("network reseau map", _index),
    BrowserPage("network reseau site", _site),
    BrowserPage("network achats groupes", _grouping),
]
