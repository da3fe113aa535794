from django.urls import path

from endavant.programmes import views

app_name = "programmes"

urlpatterns = [
    path("programmes/", views.choose, name="choose"),
    path("programmes/<slug:slug>/", views.detail, name="detail"),
    path("gestion/programmes/", views.manage, name="manage"),
    path("gestion/programmes/nouveau/", views.manage_edit, name="manage_create"),
    path("gestion/programmes/<int:pk>/", views.manage_edit, name="manage_edit"),
    path("gestion/programmes/<int:pk>/archiver/", views.manage_archive, name="manage_archive"),
]
