"""Writes of the calls app, one module per entity. Each validates, writes its rows, its audit
row and (for acts of participation) its participation event in one transaction."""

from endavant.calls.services._common import (
    MAX_ATTACHMENTS,
    MAX_COMMUNES,
    MAX_CRITERIA,
    MAX_PROJECTS_PER_HOLDER,
    SIGNATURES,
)
from endavant.calls.services.calls import call_save, criterion_save
from endavant.calls.services.fund import (
    allocation_run,
    ledger_record,
    ledger_totals,
    project_link_action,
    project_realisation_update,
)
from endavant.calls.services.imports import past_call_import
from endavant.calls.services.jury import (
    conflict_declare,
    jury_member_add,
    project_decide,
    score_record,
)
from endavant.calls.services.participation import (
    call_ballot_open,
    comment_add,
    comment_appeal,
    comment_appeal_decide,
    comment_moderate,
    comment_report,
    paper_vote_enter,
    support_add,
)
from endavant.calls.services.projects import (
    attachment_add,
    check_upload,
    is_own_project,
    project_save,
    project_submit,
    project_withdraw,
)

__all__ = [
    "MAX_ATTACHMENTS",
    "MAX_COMMUNES",
    "MAX_CRITERIA",
    "MAX_PROJECTS_PER_HOLDER",
    "SIGNATURES",
    "allocation_run",
    "attachment_add",
    "call_ballot_open",
    "call_save",
    "check_upload",
    "comment_add",
    "comment_appeal",
    "comment_appeal_decide",
    "comment_moderate",
    "comment_report",
    "conflict_declare",
    "criterion_save",
    "is_own_project",
    "jury_member_add",
    "ledger_record",
    "ledger_totals",
    "paper_vote_enter",
    "past_call_import",
    "project_decide",
    "project_link_action",
    "project_realisation_update",
    "project_save",
    "project_submit",
    "project_withdraw",
    "score_record",
    "support_add",
]
