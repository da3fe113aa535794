"""Driving a real Chromium (the Debian binary) through Playwright, for page-level tests.

Playwright never downloads a browser here: the tests launch the system Chromium through
``executable_path``. On a developer's machine without Chromium the browser tests are skipped with
the reason; in CI (``CI`` set) a missing browser is a failure, so a green CI always means the
pages were really checked.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from typing import Any

# The flags keep Chromium from reaching the network on its own (updates, sync, safe browsing),
# which a closed network refuses, and let it run as root in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# The WCAG 2.1 level A and AA rules of axe-core.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

# Resource types counted in the page weight: what the platform itself sends.
COUNTED_RESOURCE_TYPES = {"document", "stylesheet", "script", "font", "fetch", "xhr"}


def find_chromium() -> str | None:
    """The Chromium binary to use: ``ENDAVANT_CHROMIUM``, else the first one on the PATH."""
    configured = os.environ.get("ENDAVANT_CHROMIUM")
    if configured:
        return configured if os.path.exists(configured) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class PageWeight:
    """Bytes transferred for one page load, by resource."""

    resources: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(size for _url, _kind, size in self.resources)

    def describe(self) -> str:
        lines = [f"{size:>8} B  {kind:<10} {url}" for url, kind, size in self.resources]
        return "\n".join([*lines, f"{self.total:>8} B  total"])


def record_weight(page: Any) -> PageWeight:
    """Start counting what ``page`` transfers (headers and encoded bodies, as on the wire)."""
    weight = PageWeight()

    def on_finished(request: Any) -> None:
        if request.resource_type not in COUNTED_RESOURCE_TYPES:
            return
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        weight.resources.append((request.url, request.resource_type, size))

    page.on("requestfinished", on_finished)
    return weight


def axe_violations(page: Any) -> tuple[int, str]:
    """Run axe-core's WCAG 2.1 A/AA rules on ``page``: the number of violations and a report."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return results.violations_count, results.generate_report()
