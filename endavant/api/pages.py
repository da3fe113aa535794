"""The API's one HTML page, for the browser suite."""

from endavant.core.registry import BrowserPage

BROWSER_PAGES = [BrowserPage("api_docs", "/api/docs")]
