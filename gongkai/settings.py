"""Django settings for the gongkai agency platform — one file, driven by the environment.

Zero configuration gives a development site on a SQLite file under ``./var/``. Production sets:

- ``DEBUG=0`` and ``SECRET_KEY`` (the site refuses to start without one when ``DEBUG`` is off);
- ``DATABASE_URL`` (e.g. ``postgres://user:pass@host:5432/gongkai``) to use PostgreSQL;
- ``ALLOWED_HOSTS`` (comma-separated), ``CSRF_TRUSTED_ORIGINS`` (comma-separated) behind a proxy;
- ``GONGKAI_VAR_DIR`` for where the SQLite file and collected static files live;
- ``GONGKAI_DOCUMENT_TEMPLATES`` (optional): a folder of the agencies' own document wording,
  ``documents/kinds/<kind>.txt`` or ``documents/agency/<机关代码>/<kind>.txt``;
- HTTPS is assumed (redirect, secure cookies, HSTS); see the security block below to relax it.

Serve with ``gunicorn gongkai.wsgi`` (static files through whitenoise, no separate web server
needed for them).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from gongkai.lib.paths import default_sqlite_path, var_dir


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = var_dir()

# Development is the zero-configuration default (as in healthchecks); production says DEBUG=0.
DEBUG = _env_flag("DEBUG", True)

_DEV_SECRET_KEY = "gongkai-development-only-secret-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY 未设置：DEBUG 关闭（生产环境）时必须通过环境变量 SECRET_KEY 提供密钥。"
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "gongkai.agencies",
    "gongkai.accounts",
    "gongkai.audit",
    "gongkai.workdays",
    "gongkai.requests",
    "gongkai.documents",
    "gongkai.catalogue",
    "gongkai.appeals",
    "gongkai.readingroom",
    "gongkai.portal",
    "gongkai.reports",
    "gongkai.redaction",
    "ninja",  # serves the API docs page's Swagger UI from our static files, not a CDN
    "gongkai.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.lib.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # An agency's own document wording (gongkai/documents/texts.py) comes first.
        "DIRS": [
            *([Path(d)] if (d := os.environ.get("GONGKAI_DOCUMENT_TEMPLATES")) else []),
            PACKAGE_DIR / "templates",
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.accounts.context_processors.staff",
            ],
        },
    },
]

if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # SQLite cannot create the folder itself
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{default_sqlite_path()}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing one
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

_MAIL = "console" if DEBUG else "smtp"  # development prints e-mail to the terminal
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", f"django.core.mail.backends.{_MAIL}.EmailBackend")

# --- security: production defaults are strict (``gongkai manage check --deploy`` is clean);
# each can be relaxed by its environment variable, e.g. SECURE_SSL_REDIRECT=0 for a plain-HTTP
# loopback benchmark. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=1 (the proxy
# must then set X-Forwarded-Proto itself).
SESSION_COOKIE_SECURE = not DEBUG and _env_flag("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day: staff machines are often shared
SECURE_SSL_REDIRECT = not DEBUG and _env_flag("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# The header alone enrols nobody: only a submission to hstspreload.org does.
SECURE_HSTS_PRELOAD = _env_flag("SECURE_HSTS_PRELOAD", True)
if _env_flag("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Rate limits, log-in throttling and the public page cache live in Django's cache. One process (``gongkai demo``, one
# gunicorn worker) may keep the counts in its memory; several workers must share them:
# REDIS_URL (e.g. redis://127.0.0.1:6379/0). ``check --deploy`` warns when production has none.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "gongkai"),
        }
    }


def _env_rate(name: str, default: str) -> tuple[int, int]:
    """``N/SECONDS`` from the environment, e.g. ``APPLY_RATE_LIMIT=5/3600``."""
    value = os.environ.get(name, default)
    count, _, seconds = value.partition("/")
    if not (count.strip().isdigit() and seconds.strip().isdigit() and int(seconds) > 0):
        raise ImproperlyConfigured(f"{name}={value!r}：应写成“次数/秒数”，例如 5/3600。")
    return int(count), int(seconds)


# Public portal pages kept for anonymous visitors (gongkai.portal.cache); 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "300"))

# The public form and the status look-up (page and API), per client address.
APPLY_RATE_LIMIT = _env_rate("APPLY_RATE_LIMIT", "5/3600")
STATUS_RATE_LIMIT = _env_rate("STATUS_RATE_LIMIT", "20/900")  # query codes are not guessable

# Staff log-in throttling (gongkai.accounts.throttle): this many failed attempts per user name
# and client address within the window, then refused until the window ends.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", str(15 * 60)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
