"""Registries that later modules extend: the public pages the browser suite visits, and the
allowed/denied matrix of every URL for every role.

Each app may have a ``pages.py`` with ``BROWSER_PAGES`` and an ``access.py`` with ``ACCESS``;
the core test suites collect them from every installed Endavant app. Keeping these lists as data
next to the app that owns the URLs means a new page cannot be added without saying who may see it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

# The roles of the permission matrix, from least to most powerful. "anonymous" is a visitor who
# is not logged in; "participant" any logged-in person without a staff role.
ROLES = (
    "anonymous",
    "participant",
    "mediator",
    "jury",
    "moderator",
    "researcher",
    "programme_team",
    "administrator",
)


@dataclass(frozen=True)
class BrowserPage:
    """A public page the browser suite checks (accessibility, weight, works without JS).

    ``path`` is a URL path, or a callable run inside the test database that creates what the page
    needs and returns its path.
    """

    name: str
    path: str | Callable[[], str]
    weight_budget: int = 100_000


@dataclass(frozen=True)
class Access:
    """Expected HTTP status of one URL for each role.

    ``expected`` maps a role to a status; roles left out get ``default``. ``url_name`` ties the
    rule to a URL pattern so the matrix test can tell which patterns have no rule. ``path`` may be
    a callable (run in the test database) that creates data and returns the path; ``data`` is
    posted when ``method`` is POST.
    """

    url_name: str
    path: str | Callable[[], str]
    expected: dict[str, int] = field(default_factory=dict)
    default: int = 200
    method: str = "GET"
    data: dict[str, Any] | None = None

    def status_for(self, role: str) -> int:
        """The status ``role`` must receive."""
        return self.expected.get(role, self.default)


def _endavant_modules(name: str) -> Iterator[Any]:
    for config in apps.get_app_configs():
        if not config.name.startswith("endavant."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.{name}":
                raise


def browser_pages() -> list[BrowserPage]:
    """Every public page declared by the installed apps."""
    return [page for module in _endavant_modules("pages") for page in module.BROWSER_PAGES]


def access_rules() -> list[Access]:
    """Every access rule declared by the installed apps."""
    return [rule for module in _endavant_modules("access") for rule in module.ACCESS]
