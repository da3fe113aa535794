from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from endavant.core.models import AuditEntry, ParticipationEvent


class ReadOnlyJournalAdmin(admin.ModelAdmin):
    """Journals are append-only: administrators read them, nobody edits them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyJournalAdmin):
    list_display = ["at", "actor_label", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_repr", "action"]
    date_hierarchy = "at"


@admin.register(ParticipationEvent)
class ParticipationEventAdmin(ReadOnlyJournalAdmin):
    list_display = ["occurred_at", "kind", "commune_code", "audience", "channel"]
    list_filter = ["kind", "channel", "audience"]
    date_hierarchy = "occurred_at"
