"""User accounts: the person who logs in, with e-mail as the login."""
