from django.urls import path

from endavant.network import views

app_name = "network"

urlpatterns = [
    path("reseau/", views.index, name="index"),
    path("reseau.geojson", views.geojson, name="geojson"),
    path("reseau.csv", views.links_csv, name="csv"),
    path("reseau/sites.csv", views.sites_csv, name="sites_csv"),
    path("reseau/sites/<int:pk>/", views.site, name="site"),
    path("achats-groupes/", views.grouping_index, name="grouping"),
    path("achats-groupes/commandes/", views.orders, name="orders"),
    path("gestion/reseau/", views.manage, name="manage"),
    path("gestion/reseau/sites/", views.manage_sites, name="manage_sites"),
    path("gestion/reseau/sites/nouveau/", views.manage_site, name="manage_site_create"),
    path("gestion/reseau/sites/import/", views.manage_import, name="manage_import"),
    path("gestion/reseau/sites/<int:pk>/", views.manage_site, name="manage_site"),
    path("gestion/reseau/liaisons/nouvelle/", views.manage_link, name="manage_link_create"),
    path("gestion/reseau/liaisons/<int:pk>/", views.manage_link, name="manage_link"),
    path("gestion/achats-groupes/", views.manage_grouping, name="manage_grouping"),
    path(
        "gestion/achats-groupes/<int:pk>/",
        views.manage_grouping_detail,
        name="manage_grouping_detail",
    ),
    path("gestion/achats-groupes/<int:pk>/commandes.csv", views.orders_csv, name="orders_csv"),
    path("gestion/achats-groupes/<int:pk>/totaux.csv", views.totals_csv, name="totals_csv"),
    path("gestion/achats-groupes/marches/<int:pk>/", views.manage_contract, name="manage_contract"),
    path("gestion/achats-groupes/commandes/<int:pk>/", views.manage_order, name="manage_order"),
]
