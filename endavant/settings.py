"""Django settings for Endavant.

Everything comes from environment variables, with embedded defaults that let a newcomer run the
platform with no configuration at all: SQLite and media files under a local data directory,
console e-mail, French first, debug off. The production variables are listed in the README.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Local state (SQLite database, uploaded files, generated secret key) lives here.
DATA_DIR = Path(os.environ.get("ENDAVANT_DATA_DIR", Path.cwd() / "var")).resolve()


def _secret_key() -> str:
    """Use ENDAVANT_SECRET_KEY, or generate one on first run and keep it in the data directory."""
    given = os.environ.get("ENDAVANT_SECRET_KEY")
    if given:
        return given
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    # Create the file readable by its owner only; another process may have won the race.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("ENDAVANT_DEBUG")
ALLOWED_HOSTS = env_list("ENDAVANT_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("ENDAVANT_CSRF_TRUSTED_ORIGINS")

# Endavant's apps come first: their templates and translations take precedence over Django's.
INSTALLED_APPS = [
    "endavant.core",
    "endavant.territory",
    "endavant.accounts",
    "endavant.actors",
    "endavant.programmes",
    "endavant.ballots",
    "endavant.roadmap",
    "endavant.workshops",
    "endavant.network",
    "endavant.calls",
    "endavant.mediation",
    "endavant.imports",
    "endavant.observatory",
    "endavant.opendata",
    "endavant.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    # Background jobs (Django's tasks API, backported): e-mails and notices now, imports and
    # large exports next. The database backend works on the embedded SQLite and on PostgreSQL
    # with several workers; `make run` starts one worker beside the web server.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy, Permissions-Policy, no-store on personal and back-office pages.
    # After WhiteNoise, so that static files keep their long caching for logged-in people too.
    "endavant.core.middleware.SecurityHeadersMiddleware",
    # Pages and downloads travel compressed: residents of isolated communes are often on slow
    # links. Django's GZip adds random padding against BREACH and masks CSRF tokens per request.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "endavant.programmes.context.ProgrammeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "endavant.urls"
WSGI_APPLICATION = "endavant.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "endavant.core.context_processors.platform",
                "endavant.programmes.context_processors.programme",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'endavant.sqlite3'}"),
        conn_max_age=int(os.environ.get("ENDAVANT_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a writer commits; the timeout absorbs short write bursts.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: French is the default; the same URLs serve every language (the choice is kept in a
# cookie set by the switcher), so that addresses printed on flyers never change.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English")), ("ca", _("Catalan"))]
# Each app ships its own catalogue in <app>/locale (see docs/contributing.md).
LANGUAGE_COOKIE_NAME = "endavant_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = os.environ.get("ENDAVANT_TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("ENDAVANT_STATIC_ROOT", DATA_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("ENDAVANT_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads and imports: every form that accepts a file refuses one above ENDAVANT_MAX_UPLOAD_BYTES
# from its size, before reading it. Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to a
# temporary file rather than kept in memory; a request body other than files is capped by
# DATA_UPLOAD_MAX_MEMORY_SIZE (Django answers 400). The reverse proxy should cap whole requests
# a little above ENDAVANT_MAX_UPLOAD_BYTES (see README).
ENDAVANT_MAX_UPLOAD_BYTES = int(os.environ.get("ENDAVANT_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# E-mail: printed on the console unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get(
    "ENDAVANT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("ENDAVANT_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ENDAVANT_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("ENDAVANT_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ENDAVANT_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ENDAVANT_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("ENDAVANT_FROM_EMAIL", "Endavant <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Administrators", addr) for addr in env_list("ENDAVANT_ADMIN_EMAILS")]

# Security. ENDAVANT_SECURE=1 behind HTTPS turns on everything `check --deploy` asks for.
SECURE = env_bool("ENDAVANT_SECURE")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and not env_bool("ENDAVANT_BEHIND_TLS_PROXY_NO_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("ENDAVANT_HSTS_SECONDS", "31536000" if SECURE else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = env_bool("ENDAVANT_HSTS_PRELOAD", default=SECURE)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("ENDAVANT_TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ENDAVANT_LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "INFO"}},
}

# What the platform says about who runs it (legal notice, contact pages).
ENDAVANT_OPERATOR = {
    "name": os.environ.get("ENDAVANT_OPERATOR_NAME", ""),
    "address": os.environ.get("ENDAVANT_OPERATOR_ADDRESS", ""),
    "email": os.environ.get("ENDAVANT_OPERATOR_EMAIL", ""),
    "dpo_email": os.environ.get("ENDAVANT_DPO_EMAIL", ""),
    "publication_director": os.environ.get("ENDAVANT_PUBLICATION_DIRECTOR", ""),
    "host": os.environ.get("ENDAVANT_HOST_NAME", ""),
}
ENDAVANT_PROGRAMME_NAME = os.environ.get("ENDAVANT_PROGRAMME_NAME", "Numérique 66")
# The platform's public address, for links in e-mails sent outside a request (notices, jobs).
ENDAVANT_SITE_URL = os.environ.get("ENDAVANT_SITE_URL", "http://127.0.0.1:8000")
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Several web servers share everything through the database, the cache and the media store; no
# server keeps state of its own. ENDAVANT_CACHE_URL=redis://host:6379/0 shares the cache (Django's
# RedisCache); without it each process has its own local-memory cache, which is right for one
# process (the embedded default) and wrong for several.
CACHE_URL = os.environ.get("ENDAVANT_CACHE_URL", "").strip()
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("ENDAVANT_CACHE_URL must be a redis:// or unix:// URL.")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("ENDAVANT_CACHE_KEY_PREFIX", "endavant"),
        }
    }
    # Sessions stay in the database (every server reads them) and are read through the shared
    # cache, which saves a query per request.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Uploaded media on S3-compatible object storage (django-storages) when a bucket is named, so
# that every server sees every upload; a local folder (ENDAVANT_MEDIA_ROOT) otherwise. Credentials
# come from ENDAVANT_S3_ACCESS_KEY_ID/_SECRET_ACCESS_KEY or boto3's usual AWS_* variables and
# instance roles. Files stay private: links to them are signed and expire.
S3_BUCKET = os.environ.get("ENDAVANT_S3_BUCKET") or os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {  # type: ignore[dict-item]
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("ENDAVANT_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("ENDAVANT_S3_REGION") or None,
            "access_key": os.environ.get("ENDAVANT_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("ENDAVANT_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("ENDAVANT_S3_PREFIX", "media"),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("ENDAVANT_S3_URL_EXPIRE_SECONDS", "3600")),
            "file_overwrite": False,
        },
    }
# A minimal authenticated, CSRF-checked view for the throughput benchmark (bench/), to compare
# the vote path with. Never set in production.
ENDAVANT_BENCH_VIEWS = env_bool("ENDAVANT_BENCH_VIEWS")

# The observatory keeps computed figures in the cache until the next write (observatory/cache.py),
# at most this many seconds; 0 computes them on every request.
ENDAVANT_OBSERVATORY_CACHE_SECONDS = int(
    os.environ.get("ENDAVANT_OBSERVATORY_CACHE_SECONDS", "600")
)
# No breakdown of a result or an indicator shows a group of fewer people than this.
ENDAVANT_MIN_GROUP_SIZE = int(os.environ.get("ENDAVANT_MIN_GROUP_SIZE", "5"))
# A commune is isolated when fewer than this share of its employed residents work in an urban
# area (Terra Nova / Google France, 2017: 25 %).
ENDAVANT_ISOLATION_THRESHOLD = float(os.environ.get("ENDAVANT_ISOLATION_THRESHOLD", "0.25"))
# Read API: requests per client address ("300/min"; 429 beyond) and the cache that counts them
# (a key of CACHES; several server processes should share one for the limit to hold across them).
ENDAVANT_API_RATE_LIMIT = os.environ.get("ENDAVANT_API_RATE_LIMIT", "300/min")
ENDAVANT_API_CACHE = os.environ.get("ENDAVANT_API_CACHE", "default")
