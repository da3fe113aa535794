from django.urls import path

from endavant.ballots import views

app_name = "ballots"

urlpatterns = [
    path("priorites/", views.ballot_list, name="list"),
    path("priorites/<int:pk>/", views.ballot_detail, name="ballot"),
    path("gestion/scrutins/", views.manage, name="manage"),
    path("gestion/scrutins/nouveau/", views.manage_edit, name="manage_create"),
    path("gestion/scrutins/<int:pk>/", views.manage_edit, name="manage_edit"),
    path("gestion/scrutins/<int:pk>/options/", views.manage_options, name="manage_options"),
]
