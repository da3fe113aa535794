"""Permissions of the mediation app."""

from __future__ import annotations

import rules

from endavant.accounts.rules import is_programme_team

# The programme team adds, edits and deletes documents, the glossary, the technical terms
# counted as jargon and the questions for residents.
rules.add_perm("mediation.manage_documents", is_programme_team)
