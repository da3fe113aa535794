from django.urls import URLPattern, URLResolver, path

from endavant.accounts import views

app_name = "accounts"

urlpatterns: list[URLPattern | URLResolver] = [
    path("compte/", views.profile, name="profile"),
    path("compte/connexion/", views.LoginView.as_view(), name="login"),
    path("compte/deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("compte/inscription/", views.sign_up, name="sign_up"),
    path("compte/inscription/envoyee/", views.sign_up_sent, name="sign_up_sent"),
    path("compte/reclamer/", views.claim, name="claim"),
    path("compte/confirmer/<str:uidb64>/<str:token>/", views.confirm, name="confirm"),
    path("compte/mot-de-passe/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "compte/mot-de-passe/envoye/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "compte/mot-de-passe/<str:uidb64>/<str:token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "compte/mot-de-passe/termine/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("compte/mes-donnees/", views.my_data, name="my_data"),
    path("compte/supprimer/", views.erase, name="erase"),
    path("compte/contact-dpo/", views.dpo_contact, name="dpo_contact"),
    path("compte/consentements/", views.consents, name="consents"),
    path("gestion/comptes/communes/", views.communes_to_review, name="communes_to_review"),
    path("gestion/comptes/resident/", views.register_resident, name="register_resident"),
    path("gestion/comptes/resident/<int:user_id>/code/", views.claim_code, name="claim_code"),
    path("gestion/roles/", views.roles, name="roles"),
    path("gestion/roles/<int:user_id>/<str:role>/retirer/", views.role_revoke, name="role_revoke"),
    path("gestion/journal/", views.audit_log, name="audit_log"),
]
