"""The allowed/denied matrix: every URL of the project, for GET and POST, for every role.

The matrix is data (each app's ``access.py``); this test walks it, and fails when

* a URL pattern of the project has no GET rule or no POST rule, so a new page cannot ship without
  saying who may use it, and how (a method a view does not answer is a 405 rule:
  ``core.registry.method_refused``);
* a role gets another status than its rule says;
* an anonymous visitor is let through by a rule that is not declared ``public``: deny by default,
  so a view that forgets its access decorator (``require_perm``, ``manage_required``,
  ``login_required``) fails here unless its app says in ``access.py`` that it is public.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from endavant.accounts.roles import make_user_with_role
from endavant.ballots import sample
from endavant.ballots.models import Vote
from endavant.core.registry import ROLES, Access, access_rules

RULES = access_rules()
METHODS = ("GET", "POST")

# Patterns whose access is Django's own business (the admin checks its own permissions); its
# index has rules all the same, and a test below.
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


def _login_paths() -> set[str]:
    return {resolve_url(settings.LOGIN_URL), reverse("admin:login")}


def _refused(response: HttpResponse) -> bool:
    """Whether an anonymous visitor was turned away: 403, 405, or sent to a login page."""
    if response.status_code in (403, 405):
        return True
    return response.status_code == 302 and urlsplit(response["Location"]).path in _login_paths()


def test_every_named_url_has_a_get_and_a_post_rule():
    """Each named URL pattern outside the admin has a rule for GET and one for POST."""
    covered = {(rule.url_name, rule.method) for rule in RULES}
    missing = sorted(
        f"{method} {name}"
        for name in _named_patterns(get_resolver())
        if name.split(":")[0] not in EXEMPT_NAMESPACES
        for method in METHODS
        if (name, method) not in covered
    )
    assert not missing, f"URL patterns without an access rule: {missing}"


def test_rules_name_existing_urls_methods_and_roles():
    """A rule for a URL that no longer exists, a method or a role that is not one, is a typo."""
    names = _named_patterns(get_resolver())
    wrong = [
        f"{rule.method} {rule.url_name}"
        for rule in RULES
        if rule.url_name not in names
        or rule.method not in METHODS
        or not set(rule.expected) <= set(ROLES)
    ]
    assert not wrong, f"Rules with an unknown URL name, method or role: {wrong}"


def test_rules_that_let_visitors_in_are_declared_public():
    """A rule that gives an anonymous visitor anything but a refusal says ``public=True``."""
    undeclared = sorted(
        f"{rule.method} {rule.url_name}"
        for rule in RULES
        if not rule.public and rule.status_for("anonymous") not in (302, 403, 405)
    )
    assert not undeclared, (
        f"Rules open to anonymous visitors but not declared public: {undeclared}. Protect the "
        "view (require_perm, manage_required, login_required) or declare the rule public=True."
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", RULES, ids=[f"{r.method} {r.url_name}" for r in RULES])
def test_role_gets_expected_status(rule: Access, role: str, client):
    """The role receives exactly the status the matrix says; an anonymous visitor is refused
    wherever the rule is not public (deny by default)."""
    path = rule.path() if callable(rule.path) else rule.path
    if role != "anonymous":
        client.force_login(make_user_with_role(role))
    response = client.post(path, rule.data_for(path)) if rule.method == "POST" else client.get(path)
    assert response.status_code == rule.status_for(role), (
        f"{role} on {rule.method} {path}: got {response.status_code}, "
        f"expected {rule.status_for(role)}"
    )
    if role == "anonymous" and not rule.public:
        assert _refused(response), (
            f"{rule.method} {path} is not declared public, yet an anonymous visitor got "
            f"{response.status_code} {response.get('Location', '')}: protect the view or "
            "declare the rule public=True in its app's access.py."
        )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_admin_lets_in_the_administrator_only(role: str, client):
    """/admin/: the platform administrator gets it; everyone else goes to the admin login."""
    if role != "anonymous":
        client.force_login(make_user_with_role(role))
    response = client.get("/admin/")
    if role == "administrator":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == reverse("admin:login")


def _vote_form_shown(response: HttpResponse) -> bool:
    return b'name="option-' in response.content


@pytest.mark.django_db
def test_vote_follows_the_ballot_audience(client, make_participant):
    """An open ballot reserved for elected officials: a visitor is sent to log in, a resident
    sees no voting form and a vote is refused (400, nothing recorded), an elected official
    votes. ``ballots.vote`` says the same as the page."""
    ballot = sample.open_ballot(audiences=["elected_official"])
    path = ballot.get_absolute_url()
    vote = {f"option-{option.pk}": "3" for option in ballot.options.all()}

    response = client.get(path)
    assert response.status_code == 200
    assert not _vote_form_shown(response)
    response = client.post(path, vote)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)

    resident = make_participant(audience="resident")
    assert not resident.has_perm("ballots.vote", ballot)
    client.force_login(resident)
    response = client.get(path)
    assert response.status_code == 200
    assert not _vote_form_shown(response)
    assert client.post(path, vote).status_code == 400
    assert not Vote.objects.filter(ballot=ballot).exists()

    official = make_participant(audience="elected_official")
    assert official.has_perm("ballots.vote", ballot)
    client.force_login(official)
    assert _vote_form_shown(client.get(path))
    assert client.post(path, vote).status_code == 302
    assert Vote.objects.get(ballot=ballot).voter == official
