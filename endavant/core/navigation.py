"""The main navigation, assembled from what each app declares.

An app adds entries by giving its AppConfig a ``nav_items`` list of ``NavItem``. Keeping the list
on the apps (a registry, not an ``if`` chain in a template) lets later modules join without
touching the base layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    """One entry of the main navigation."""

    url_name: str
    label: str | Promise
    order: int = 100


@dataclass(frozen=True)
class BackofficeItem:
    """One back-office page, listed on /gestion/ for those who hold ``permission``."""

    url_name: str
    label: str | Promise
    permission: str
    order: int = 100


@dataclass(frozen=True)
class NavLink:
    """A resolved navigation entry, ready for the template."""

    url: str
    label: str | Promise
    current: bool = False


def main_navigation(current_path: str = "") -> list[NavLink]:
    """Return the navigation entries of every installed app, in their declared order.

    An entry is current when the page is the entry's address or lies below it.
    """
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        items.extend(getattr(config, "nav_items", []))
    links = []
    for item in sorted(items, key=lambda entry: entry.order):
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        links.append(NavLink(url, item.label, current=current_path.startswith(url)))
    return links


def backoffice_navigation(user: Any) -> list[NavLink]:
    """The back-office pages declared by the apps (``backoffice_items``) that ``user`` may use."""
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[BackofficeItem] = []
    for config in apps.get_app_configs():
        items.extend(getattr(config, "backoffice_items", []))
    links = []
    for item in sorted(items, key=lambda entry: entry.order):
        if not user.has_perm(item.permission):
            continue
        try:
            links.append(NavLink(reverse(item.url_name), item.label))
        except NoReverseMatch:
            continue
    return links
