"""Permissions of the roadmap app."""

import rules

from endavant.accounts.rules import is_programme_team

rules.add_perm("roadmap.manage_roadmap", is_programme_team)
