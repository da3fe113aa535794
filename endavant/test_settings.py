"""Settings for the test suite: the platform's own settings with test-only speed-ups."""

from endavant.settings import *  # noqa: F403
from endavant.settings import STORAGES

# Hashing with Argon2 on every created user makes the suite slow; the production hasher list is
# checked by its own test against `endavant.settings`.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The manifest needs `collectstatic`; tests serve static files from the finders instead.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests never run collectstatic; without this WhiteNoise warns about the missing directory.
STATIC_ROOT = None  # type: ignore[assignment]
# Jobs run at once in tests (after the transaction commits), as a worker would run them.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
