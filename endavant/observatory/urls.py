from django.urls import URLPattern, URLResolver, path, re_path

from endavant.observatory import views
from endavant.observatory.indicators import INDICATORS

app_name = "observatory"

# Only the indicators' own slugs: other addresses under /observatoire/ (the open-data catalogue)
# belong to other modules.
SLUG = "(?P<slug>" + "|".join(INDICATORS) + ")"

urlpatterns: list[URLPattern | URLResolver] = [
    path("observatoire/", views.home, name="home"),
    path("observatoire/rapport/", views.report, name="report"),
    path("observatoire/rapport.pdf", views.report_pdf, name="report_pdf"),
    re_path(rf"^observatoire/{SLUG}/$", views.indicator, name="indicator"),
    re_path(rf"^observatoire/{SLUG}\.csv$", views.indicator_csv, name="indicator_csv"),
]
