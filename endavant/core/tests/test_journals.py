"""The audit log and participation events are append-only."""

from __future__ import annotations

import pytest

from endavant.accounts.roles import make_user_with_role
from endavant.core.models import AppendOnlyError, AuditEntry, ParticipationEvent
from endavant.core.services import audit_record, participation_record

pytestmark = pytest.mark.django_db


def test_audit_record_keeps_actor_target_and_states():
    """The entry names the actor (also as text), the target, and the before/after states."""
    admin = make_user_with_role("administrator")
    target = make_user_with_role("participant")
    entry = audit_record(
        actor=admin,
        action="role.revoke",
        target=target,
        before={"is_active": True},
        after={"is_active": False},
    )
    entry.refresh_from_db()
    assert entry.actor == admin
    assert entry.actor_label == "administrator@example.org"
    assert entry.object_id == str(target.pk)
    assert entry.before == {"is_active": True}
    assert entry.after == {"is_active": False}


def test_journal_rows_cannot_be_changed_or_deleted():
    """Saving an existing row, deleting it, or bulk-updating raises AppendOnlyError."""
    entry = audit_record(actor=None, action="territory.import")
    entry.action = "forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().action == "territory.import"


def test_participation_event_records_commune_audience_and_channel():
    """An event keeps the commune code as of the act, the audience and the channel."""
    person = make_user_with_role("participant")
    event = participation_record(
        kind="ballot.vote",
        participant=person,
        commune_code="66136",
        audience="resident",
        channel=ParticipationEvent.Channel.ASSISTED,
        target=person,
    )
    event.refresh_from_db()
    assert (event.kind, event.commune_code, event.audience) == ("ballot.vote", "66136", "resident")
    assert event.channel == "assisted"
    assert event.participant == person
