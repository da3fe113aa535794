from django.urls import path

from endavant.calls import views

app_name = "calls"

urlpatterns = [
    path("appels-a-projets/", views.call_list, name="list"),
    path("appels-a-projets/<int:pk>/", views.call_detail, name="detail"),
    path("appels-a-projets/<int:pk>/deposer/", views.project_create, name="project_create"),
    path("appels-a-projets/<int:pk>/jury/", views.jury, name="jury"),
    path("projets/<int:pk>/", views.project_detail, name="project"),
    path("projets/<int:pk>/modifier/", views.project_edit, name="project_edit"),
    path("projets/<int:pk>/soumettre/", views.project_submit, name="project_submit"),
    path("projets/<int:pk>/retirer/", views.project_withdraw, name="project_withdraw"),
    path("projets/<int:pk>/soutenir/", views.support, name="support"),
    path("projets/<int:pk>/commenter/", views.comment, name="comment"),
    path("commentaires/<int:pk>/signaler/", views.report, name="report"),
    path("commentaires/<int:pk>/appel/", views.appeal, name="appeal"),
    path("gestion/appels-a-projets/", views.manage, name="manage"),
    path("gestion/appels-a-projets/nouveau/", views.manage_edit, name="manage_create"),
    path("gestion/appels-a-projets/moderation/", views.moderation, name="moderation"),
    path("gestion/appels-a-projets/<int:pk>/", views.manage_call, name="manage_call"),
    path("gestion/appels-a-projets/<int:pk>/modifier/", views.manage_edit, name="manage_edit"),
    path("gestion/appels-a-projets/<int:pk>/fonds/", views.ledger, name="ledger"),
    path("gestion/appels-a-projets/<int:pk>/fonds.csv", views.ledger_csv, name="ledger_csv"),
]
