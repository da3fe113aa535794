from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from endavant.accounts.forms import ThrottledAdminAuthenticationForm
from endavant.accounts.models import User

# The admin's login counts failures with the site's login, under the same limits.
admin.site.login_form = ThrottledAdminAuthenticationForm

#: Shown on the account form and when someone reaches the (refused) delete page.
NO_DELETION = _(
    "Accounts are never deleted: votes, participation figures and the audit log depend on them. "
    "To remove a person's personal data, erase the account instead: the person does it from "
    "the page “Erase my account”; otherwise the data protection officer runs the erasure "
    "(accounts.privacy.account_erase), which keeps a pseudonymised row so that results stay true."
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password"), "description": NO_DELETION}),
        (_("Identity"), {"fields": ("full_name",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # No delete button and no "delete selected" action: a deletion would either be refused
        # (PROTECT from votes and journals) or take the person's directory rows with it.
        return False

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Point to the erasure instead of answering 403 to an old link or a typed address."""
        messages.warning(request, NO_DELETION)
        opts = self.opts
        user = self.get_object(request, unquote(object_id))
        if user is None:
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            )
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[user.pk])
        )
