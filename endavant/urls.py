"""The platform's addresses. Public URLs are French and the same in every language."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("endavant.core.urls")),
    path("", include("endavant.territory.urls")),
    path("", include("endavant.actors.urls")),
    path("", include("endavant.accounts.urls")),
    path("", include("endavant.programmes.urls")),
    path("", include("endavant.ballots.urls")),
    path("", include("endavant.roadmap.urls")),
    path("", include("endavant.workshops.urls")),
    path("", include("endavant.network.urls")),
    path("", include("endavant.calls.urls")),
    path("", include("endavant.mediation.urls")),
    path("", include("endavant.imports.urls")),
    path("", include("endavant.observatory.urls")),
    path("", include("endavant.opendata.urls")),
    path("", include("endavant.api.urls")),
    path("langue/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Benchmark-only views (bench/, the several-servers test): never enabled in production.
if getattr(settings, "ENDAVANT_BENCH_VIEWS", False):
    urlpatterns.append(path("_bench/", include("endavant.core.bench_views")))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "endavant.core.views.server_error"
