"""What the territory app declares to the core registries."""

from django.utils.translation import gettext_lazy as _

from endavant.core.registry import AuditAction

AUDIT_ACTIONS = [
    AuditAction("territory.import", _("territory data imported")),
]
