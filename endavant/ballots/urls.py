from django.urls import path

from endavant.ballots import views, views_assisted

app_name = "ballots"

urlpatterns = [
    path("priorites/", views.ballot_list, name="list"),
    path("priorites/<int:pk>/", views.ballot_detail, name="ballot"),
    path("gestion/scrutins/", views.manage, name="manage"),
    path("gestion/scrutins/nouveau/", views.manage_edit, name="manage_create"),
    path("gestion/scrutins/<int:pk>/", views.manage_edit, name="manage_edit"),
    path("gestion/scrutins/<int:pk>/options/", views.manage_options, name="manage_options"),
    path(
        "gestion/scrutins/<int:pk>/pour-un-habitant/",
        views_assisted.assisted_vote,
        name="assisted_vote",
    ),
    path("gestion/scrutins/<int:pk>/papier/", views_assisted.paper_entry, name="paper_entry"),
]
