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
# The suites that walk every address (access matrix, hostile inputs) would reach the API's limit
# from one test address; the API's own tests lower it where they test it.
ENDAVANT_API_RATE_LIMIT = "1000000/min"
# Figures are computed on every request in tests (observatory/tests/test_cache.py turns the
# cache on where it tests it): tests roll back, and SQLite may then hand out the same ids again.
ENDAVANT_OBSERVATORY_CACHE_SECONDS = 0
