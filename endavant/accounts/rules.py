"""Named permission predicates, checked by the same name in views, templates and the API."""

import rules

is_administrator = rules.is_superuser
is_programme_team = rules.is_group_member("programme_team") | is_administrator
is_moderator = rules.is_group_member("moderator") | is_programme_team
is_jury = rules.is_group_member("jury")
is_mediator = rules.is_group_member("mediator") | is_programme_team
is_researcher = rules.is_group_member("researcher") | is_programme_team
is_participant = rules.is_authenticated & rules.is_active

# Who may see and change the platform roles of others (granting "programme team" is further
# restricted to administrators by the service).
rules.add_perm("accounts.manage_roles", is_programme_team)
# The journal, read-only: administrators with names and values; researchers without them
# (``accounts.audit_display``).
rules.add_perm("accounts.view_audit_log", is_administrator | rules.is_group_member("researcher"))
rules.add_perm("accounts.view_audit_details", is_administrator)
# Reports of the programme (prescribed vs realised, origins): listed in the back-office.
rules.add_perm("accounts.view_reports", is_researcher)
# Creating an account without e-mail for a resident, with their consent recorded.
rules.add_perm("accounts.register_resident", is_mediator)
rules.add_perm("accounts.use_account", is_participant)
# Acting for a resident (vote, registration, project) with their consent recorded.
rules.add_perm("accounts.act_for_resident", is_mediator)
