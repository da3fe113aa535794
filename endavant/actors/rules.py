"""Permissions of the directory of actors (checked by name in views and templates)."""

import rules

from endavant.accounts.rules import is_programme_team

# Contact data (e-mail, phone) of people: the programme team only. Researchers and mediators
# see the public directory like everyone else.
rules.add_perm("actors.view_contact_details", is_programme_team)
rules.add_perm("actors.manage_directory", is_programme_team)
rules.add_perm("actors.import_directory", is_programme_team)
