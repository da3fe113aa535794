from django.urls import path

from endavant.roadmap import views

app_name = "roadmap"

urlpatterns = [
    path("feuille-de-route/", views.roadmap_index, name="index"),
    path("feuille-de-route/actions/<int:pk>/", views.action_detail, name="action"),
    path("feuille-de-route/versions/", views.versions, name="versions"),
    path("engagements/", views.commitments, name="commitments"),
    path("domaines/", views.domains, name="domains"),
    path("gestion/feuille-de-route/", views.manage, name="manage"),
    path("gestion/feuille-de-route/figer/", views.manage_freeze, name="manage_freeze"),
    path("gestion/feuille-de-route/<slug:kind>/nouveau/", views.manage_edit, name="manage_create"),
    path("gestion/feuille-de-route/<slug:kind>/<int:pk>/", views.manage_edit, name="manage_edit"),
]
