from django.urls import path

from endavant.opendata import views

app_name = "opendata"

urlpatterns = [
    path("donnees/", views.catalogue_page, name="catalogue"),
    path("donnees/datapackage.json", views.datapackage, name="datapackage"),
    path("donnees/recherche/", views.research_page, name="research"),
    path(
        "donnees/recherche/<slug:slug>.<str:fmt>",
        views.research_download,
        name="research_download",
    ),
    path("donnees/<slug:slug>.<str:fmt>", views.download, name="download"),
    path("donnees/<slug:slug>/", views.dataset_page, name="dataset"),
]
