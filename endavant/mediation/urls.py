from django.urls import path

from endavant.mediation import views

app_name = "mediation"

urlpatterns = [
    path("comprendre/", views.understand, name="understand"),
    path("comprendre/questions/", views.faq_page, name="faq"),
    path("comprendre/ma-commune/", views.coverage_page, name="coverage"),
    path("glossaire/", views.glossary_page, name="glossary"),
    path("documents/", views.document_list, name="list"),
    path("documents.csv", views.document_csv, name="list_csv"),
    path("documents/analyse/", views.analysis_page, name="analysis"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/original/", views.document_original, name="original"),
    path("documents/<int:pk>/texte.txt", views.document_text, name="text"),
    path("gestion/documents/", views.manage, name="manage"),
    path("gestion/documents/nouveau/", views.manage_edit, name="manage_create"),
    path("gestion/documents/<int:pk>/", views.manage_edit, name="manage_edit"),
    path("gestion/documents/<int:pk>/supprimer/", views.manage_delete, name="manage_delete"),
]
