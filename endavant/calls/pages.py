from endavant.calls import sample
from endavant.core.registry import BrowserPage


def _list() -> str:
    sample.call()
    return "/appels-a-projets/"


def _detail() -> str:
    return f"/appels-a-projets/{sample.project().call_id}/"


def _project() -> str:
    return f"/projets/{sample.project().pk}/"


BROWSER_PAGES = [
    BrowserPage("calls for projects", _list),
    BrowserPage("call for projects", _detail),
    BrowserPage("project of a call", _project),
]
