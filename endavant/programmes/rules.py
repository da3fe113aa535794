"""Permissions of the programmes app."""

import rules

from endavant.accounts.rules import is_programme_team

rules.add_perm("programmes.manage_programmes", is_programme_team)
