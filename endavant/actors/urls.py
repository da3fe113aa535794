from django.urls import URLPattern, URLResolver, path

from endavant.actors import views, views_identity

app_name = "actors"

urlpatterns: list[URLPattern | URLResolver] = [
    path("acteurs/", views.directory, name="directory"),
    path("acteurs.csv", views.directory_csv, name="directory_csv"),
    path("acteurs/<int:pk>/", views.organisation, name="organisation"),
    path("gestion/acteurs/", views.manage, name="manage"),
    path(
        "gestion/acteurs/organisations/nouvelle/",
        views.organisation_edit,
        name="organisation_create",
    ),
    path(
        "gestion/acteurs/organisations/<int:pk>/modifier/",
        views.organisation_edit,
        name="organisation_edit",
    ),
    path("gestion/acteurs/personnes/nouvelle/", views.person_edit, name="person_create"),
    path("gestion/acteurs/personnes/<int:pk>/", views.person_edit, name="person_edit"),
    path(
        "gestion/acteurs/personnes/<int:pk>/roles/nouveau/",
        views.membership_add,
        name="membership_add",
    ),
    path("gestion/acteurs/roles/<int:pk>/terminer/", views.membership_end, name="membership_end"),
    path("gestion/acteurs/import/", views.import_csv, name="import"),
    path(
        "gestion/acteurs/personnes/<int:pk>/compte/",
        views_identity.person_account,
        name="person_account",
    ),
    path("gestion/acteurs/liens/", views_identity.link_requests, name="link_requests"),
    path("compte/repertoire/", views_identity.my_directory_link, name="my_directory_link"),
]
