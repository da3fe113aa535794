"""Security headers: a strict Content-Security-Policy and a Permissions-Policy everywhere;
``Cache-Control: no-store`` on account, back-office and admin pages and on every page a
logged-in person sees, while anonymous public pages keep their caching."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from endavant.core.middleware import CONTENT_SECURITY_POLICY, SecurityHeadersMiddleware

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def _assert_security_headers(response) -> None:
    assert response["Content-Security-Policy"] == CSP
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_public_page_for_a_visitor_has_the_headers_and_no_no_store(client):
    """The home page: every security header, and no no-store, so it can still be cached."""
    response = client.get("/")
    assert response.status_code == 200
    _assert_security_headers(response)
    assert "no-store" not in response.get("Cache-Control", "")


def test_not_found_and_downloads_have_the_policy_too(client):
    """Error pages and downloads carry the same policy."""
    assert client.get("/cette-page-n-existe-pas/")["Content-Security-Policy"] == CSP
    assert client.get("/acteurs.csv")["Content-Security-Policy"] == CSP


def test_account_pages_are_never_stored(client, role_user):
    """/compte/ logged in, and the login form before logging in (it holds a CSRF token)."""
    login = client.get("/compte/connexion/")
    _assert_security_headers(login)
    assert login["Cache-Control"] == "no-store"
    client.force_login(role_user("participant"))
    response = client.get("/compte/")
    assert response.status_code == 200
    _assert_security_headers(response)
    assert response["Cache-Control"] == "no-store"


def test_back_office_and_admin_pages_are_never_stored(client, role_user):
    """/gestion/ for the programme team, /admin/ for the administrator."""
    client.force_login(role_user("programme_team"))
    response = client.get("/gestion/")
    assert response.status_code == 200
    _assert_security_headers(response)
    assert response["Cache-Control"] == "no-store"
    client.force_login(role_user("administrator"))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Security-Policy"] == CSP


def test_public_pages_seen_logged_in_are_never_stored(client, role_user):
    """The header shows the person's name: a public page seen logged in is personal too."""
    client.force_login(role_user("participant"))
    for path in ("/", "/acteurs/", "/acteurs.csv"):
        assert client.get(path)["Cache-Control"] == "no-store", path


def test_no_store_replaces_a_views_own_caching_on_private_pages(django_user_model):
    """A view's "public, max-age" does not survive on a private page; a public page keeps it."""

    def view(request):
        response = HttpResponse("x")
        response["Cache-Control"] = "public, max-age=3600"
        response["Expires"] = "Thu, 01 Jan 2099 00:00:00 GMT"
        return response

    middleware = SecurityHeadersMiddleware(view)
    public = RequestFactory().get("/territoires/")
    public.user = AnonymousUser()
    assert middleware(public)["Cache-Control"] == "public, max-age=3600"
    private = RequestFactory().get("/territoires/")
    private.user = django_user_model(email="a@example.org")
    response = middleware(private)
    assert response["Cache-Control"] == "no-store"
    assert "Expires" not in response
    assert middleware(RequestFactory().get("/gestion/x/"))["Cache-Control"] == "no-store"


def test_a_view_may_set_its_own_policy():
    """The middleware only fills the policy in when the view did not set one."""

    def view(request):
        response = HttpResponse("x")
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    response = SecurityHeadersMiddleware(view)(RequestFactory().get("/"))
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert CONTENT_SECURITY_POLICY == CSP
