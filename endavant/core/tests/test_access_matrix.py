"""The allowed/denied matrix: every URL of the project, for every role.

The matrix is data (each app's ``access.py``); this test walks it, and fails when a URL pattern of
the project has no rule, so a new page cannot ship without saying who may see it.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from endavant.accounts.roles import make_user_with_role
from endavant.core.registry import ROLES, Access, access_rules

RULES = access_rules()

# Patterns whose access is Django's own business (the admin checks its own permissions).
EXEMPT_NAMESPACES = {"admin"}


def _named_patterns(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_named_url_has_an_access_rule():
    """Each named URL pattern outside the admin appears in some app's access matrix."""
    covered = {rule.url_name for rule in RULES}
    missing = sorted(
        name
        for name in _named_patterns(get_resolver())
        if name.split(":")[0] not in EXEMPT_NAMESPACES and name not in covered
    )
    assert not missing, f"URL patterns without an access rule: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", RULES, ids=[f"{r.method} {r.url_name}" for r in RULES])
def test_role_gets_expected_status(rule: Access, role: str, client):
    """The role receives exactly the status the matrix says (deny by default elsewhere)."""
    path = rule.path() if callable(rule.path) else rule.path
    if role != "anonymous":
        client.force_login(make_user_with_role(role))
    response = client.post(path, rule.data or {}) if rule.method == "POST" else client.get(path)
    assert response.status_code == rule.status_for(role), (
        f"{role} on {rule.method} {path}: got {response.status_code}, "
        f"expected {rule.status_for(role)}"
    )
