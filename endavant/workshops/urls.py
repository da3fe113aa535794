from django.urls import path

from endavant.workshops import views

app_name = "workshops"

urlpatterns = [
    path("ateliers/", views.workshop_list, name="list"),
    path("ateliers.ics", views.feed, name="feed"),
    path("ateliers/analyse/", views.analysis_page, name="analysis"),
    path("ateliers/mes-inscriptions/", views.my_registrations, name="mine"),
    path("ateliers/inscription/<uuid:token>/annuler/", views.cancel_by_link, name="cancel_by_link"),
    path("ateliers/<int:pk>/", views.workshop_detail, name="detail"),
    path("ateliers/<int:pk>.ics", views.workshop_ics, name="ics"),
    path("ateliers/<int:pk>/inscription/", views.register, name="register"),
    path("ateliers/<int:pk>/desinscription/", views.cancel, name="cancel"),
    path(
        "ateliers/<int:pk>/inscrire-un-habitant/",
        views.register_resident,
        name="register_resident",
    ),
    path("ateliers/<int:pk>/contribuer/", views.contribute, name="contribute"),
    path("ateliers/<int:pk>/historique/", views.history, name="history"),
    path("gestion/ateliers/", views.manage, name="manage"),
    path("gestion/ateliers/nouveau/", views.manage_edit, name="manage_create"),
    path("gestion/ateliers/<int:pk>/", views.manage_edit, name="manage_edit"),
    path("gestion/ateliers/<int:pk>/changer/", views.manage_change, name="manage_change"),
    path(
        "gestion/ateliers/<int:pk>/inscriptions/",
        views.manage_registrations,
        name="manage_registrations",
    ),
]
