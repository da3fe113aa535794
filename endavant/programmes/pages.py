from endavant.core.registry import BrowserPage

BROWSER_PAGES = [BrowserPage("programme chooser", "/programmes/")]
