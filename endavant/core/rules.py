"""Named permissions of the core's own pages.

The core sits below the accounts app, so it names the programme-team group itself rather than
importing ``accounts.rules.is_programme_team`` (the same predicate).
"""

import rules

is_programme_team = rules.is_group_member("programme_team") | rules.is_superuser

# The background-jobs page (/gestion/taches/) and its "retry" button.
rules.add_perm("core.manage_jobs", is_programme_team)
