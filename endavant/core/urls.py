from django.urls import path

from endavant.core import views
from endavant.core.jobs import views as job_views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("donnees-personnelles/", views.personal_data, name="personal_data"),
    path("gestion/", views.backoffice, name="backoffice"),
    path("gestion/taches/", job_views.jobs, name="jobs"),
    path("gestion/taches/<uuid:result_id>/relancer/", job_views.job_retry, name="job_retry"),
]
