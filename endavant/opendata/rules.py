"""Permissions of the open-data app."""

import rules

from endavant.accounts.rules import is_researcher

# Pseudonymised research exports: researchers and the programme team (and administrators).
rules.add_perm("opendata.research_export", is_researcher)
