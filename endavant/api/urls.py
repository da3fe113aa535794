"""The API's addresses: django-ninja's operations and OpenAPI document, the reference page, and
a JSON 404 for anything else under /api/. Every view goes through ``web.api_view``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, re_path

from endavant.api import views
from endavant.api.main import api
from endavant.api.web import api_view

app_name = "api"


def _wrapped(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = api_view(pattern.callback)
    return patterns


_ninja_patterns, _app, _namespace = api.urls

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "api/",
        include(
            _wrapped(
                [
                    path("docs", views.docs, name="docs"),
                    *_ninja_patterns,
                    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
                ]
            )
        ),
    ),
]
