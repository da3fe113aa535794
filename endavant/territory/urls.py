from django.urls import URLPattern, URLResolver, path, re_path

from endavant.territory import views

app_name = "territory"

DEP = r"(?P<code>[0-9]{2,3}|2[AB])"
COMMUNE = r"(?P<code>[0-9][0-9AB][0-9]{3})"

urlpatterns: list[URLPattern | URLResolver] = [
    path("territoires/", views.national, name="national"),
    path("territoires.csv", views.national_csv, name="national_csv"),
    path("territoires.geojson", views.national_geojson, name="national_geojson"),
    path("territoires.svg", views.national_svg, name="national_svg"),
    re_path(rf"^territoires/{DEP}/$", views.departement, name="departement"),
    re_path(rf"^territoires/{DEP}\.csv$", views.departement_csv, name="departement_csv"),
    re_path(
        rf"^territoires/{DEP}\.geojson$", views.departement_geojson, name="departement_geojson"
    ),
    re_path(
        rf"^territoires/{DEP}-(?P<kind>isolement|fibre)\.svg$",
        views.departement_svg,
        name="departement_svg",
    ),
    path("communes/", views.commune_search, name="commune_search"),
    re_path(rf"^communes/{COMMUNE}/$", views.commune, name="commune"),
    re_path(rf"^communes/{COMMUNE}\.csv$", views.commune_csv, name="commune_csv"),
]
