from collections.abc import Callable

from endavant.core.registry import BrowserPage
from endavant.observatory import sample
from endavant.observatory.indicators import INDICATORS


def _at(path: str) -> Callable[[], str]:
    def make() -> str:
        sample.with_participation()
        return path

    return make


BROWSER_PAGES = [
    BrowserPage("observatory", _at("/observatoire/")),
    *(BrowserPage(f"observatory {slug}", _at(f"/observatoire/{slug}/")) for slug in INDICATORS),
    BrowserPage("observatory filtered", _at("/observatoire/participation/?pas=mois&canal=web")),
    BrowserPage("observatory report", _at("/observatoire/rapport/")),
]
