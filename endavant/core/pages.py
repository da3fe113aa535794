from endavant.core.registry import BrowserPage

BROWSER_PAGES = [
    BrowserPage("home", "/"),
    BrowserPage("legal notice", "/mentions-legales/"),
    BrowserPage("accessibility statement", "/accessibilite/"),
    BrowserPage("personal data", "/donnees-personnelles/"),
    BrowserPage("not found", "/cette-page-n-existe-pas/"),
]
