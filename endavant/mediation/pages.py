from endavant.core.registry import BrowserPage
from endavant.mediation import sample


def _list() -> str:
    sample.document(2018)
    sample.document(2021)
    return "/documents/"


def _search() -> str:
    sample.document()
    return "/documents/?q=reseau+raccordes"


def _detail() -> str:
    return f"/documents/{sample.document().pk}/"


def _analysis() -> str:
    sample.document(2018, kind="brochure")
    sample.document(2021)
    return "/documents/analyse/"


def _coverage() -> str:
    return f"/comprendre/ma-commune/?code={sample.commune_with_coverage()}"


def _coverage_choice() -> str:
    sample.commune_with_coverage()
    return "/comprendre/ma-commune/?commune=saint"


BROWSER_PAGES = [
    BrowserPage("understand fibre", "/comprendre/"),
    BrowserPage("glossary", "/glossaire/"),
    BrowserPage("questions for residents", "/comprendre/questions/"),
    BrowserPage("my commune covered", _coverage),
    BrowserPage("my commune search", _coverage_choice),
    BrowserPage("documents", _list),
    BrowserPage("documents search", _search),
    BrowserPage("document", _detail),
    BrowserPage("documents analysis", _analysis),
]
