"""Django settings for the gongkai agency platform — one file, driven by the environment.

Zero configuration gives a development site on a SQLite file under ``./var/``. Production sets:

- ``DEBUG=0`` and ``SECRET_KEY`` (the site refuses to start without one when ``DEBUG`` is off);
- ``DATABASE_URL`` (e.g. ``postgres://user:pass@host:5432/gongkai``) to use PostgreSQL;
- ``ALLOWED_HOSTS`` (comma-separated), ``CSRF_TRUSTED_ORIGINS`` (comma-separated) behind a proxy;
- ``GONGKAI_VAR_DIR`` for where the SQLite file and collected static files live;
- ``GONGKAI_DOCUMENT_TEMPLATES`` (optional): a folder of the agencies' own document wording,
  ``documents/kinds/<kind>.txt`` or ``documents/agency/<机关代码>/<kind>.txt``;
- ``TRUSTED_PROXIES`` (comma-separated addresses or networks) behind a reverse proxy, so that
  rate limits count the client from ``X-Forwarded-For`` (README, Production);
- HTTPS is assumed (redirect, secure cookies, HSTS); see the security block below to relax it.

Serve with ``gunicorn gongkai.wsgi`` (static files through whitenoise, no separate web server
needed for them).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from gongkai.lib.paths import default_sqlite_path, make_private_sqlite, var_dir


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


def _required_secret(name: str, dev_default: str) -> str:
    """A secret from the environment; the development default only while ``DEBUG`` is on."""
    value = os.environ.get(name, "").strip()
    if value and value == dev_default and not DEBUG:
        raise ImproperlyConfigured(f"{name} 是开发用的默认值：生产环境请另行生成。")
    if value:
        return value
    if not DEBUG:
        raise ImproperlyConfigured(
            f"{name} 未设置：DEBUG 关闭（生产环境）时必须通过环境变量 {name} 提供。"
        )
    return dev_default


# Backups are signed with their own key (gongkai.lib.backup): a server restoring a backup needs
# it, and SECRET_KEY may be rotated without making old backups unverifiable.
BACKUP_HMAC_KEY = _required_secret(
    "BACKUP_HMAC_KEY", "gongkai-development-only-backup-key-do-not-use-in-production"
)
# Identity numbers (身份证号) are encrypted at rest with this Fernet key (gongkai.lib.crypto);
# generate one with ``gongkai manage shell -c "from cryptography.fernet import Fernet;
# print(Fernet.generate_key().decode())"``. Losing it loses the numbers: back it up apart.
IDENTITY_KEY = _required_secret("IDENTITY_KEY", "Z29uZ2thaS1kZXYtb25seS1pZGVudGl0eS1rZXktMDA=")
try:
    import base64 as _base64

    if len(_base64.urlsafe_b64decode(IDENTITY_KEY.encode("ascii"))) != 32:
        raise ValueError("not 32 bytes")
except (ValueError, UnicodeEncodeError) as _exc:
    raise ImproperlyConfigured(
        "IDENTITY_KEY 不是有效的 Fernet 密钥（32 字节的 URL-safe Base64，如 "
        "Fernet.generate_key() 所生成）。"
    ) from _exc

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", "")
# A refused CSRF token answers in Chinese, in the layout of the page it came from.
CSRF_FAILURE_VIEW = "gongkai.lib.error_pages.csrf_failure"

# Uploaded files are downloaded from this other origin in production (gongkai.lib.media), e.g.
# MEDIA_ORIGIN=https://files.gongkai.example.gov.cn — a host name of the same server that shares
# no cookies with the platform. Empty: served from the platform's own origin (still as
# sandboxed downloads).
MEDIA_ORIGIN = os.environ.get("MEDIA_ORIGIN", "").strip().rstrip("/")
if MEDIA_ORIGIN:
    from urllib.parse import urlsplit

    _media = urlsplit(MEDIA_ORIGIN)
    if _media.scheme not in {"http", "https"} or not _media.netloc or _media.path:
        raise ImproperlyConfigured(f"MEDIA_ORIGIN={MEDIA_ORIGIN!r}：应写成 https://主机名")
    ALLOWED_HOSTS.append(_media.netloc.split(":")[0])
MEDIA_LINK_SECONDS = int(os.environ.get("MEDIA_LINK_SECONDS", "60"))
# Catalogue attachments (published documents) and an applicant's proof of identity.
CATALOGUE_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("CATALOGUE_ATTACHMENT_MAX_BYTES", str(50 << 20))
)

INSTALLED_APPS = [
    "gongkai.accounts.adminapp.GongkaiAdminConfig",  # django.contrib.admin, asking for 2FA
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
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
    "gongkai.notifications",
    "ninja",  # serves the API docs page's Swagger UI from our static files, not a CDN
    "gongkai.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.lib.csp.content_security_policy",
    "gongkai.lib.middleware.media_host_only",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai.lib.middleware.refuse_nul",
    "gongkai.accounts.middleware.AccountGuardMiddleware",
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
            # Tags and filters of every area's pages (url_kept, iso_date, cn_date,
            # choice_label), not of one app's.
            "libraries": {"web_tags": "gongkai.lib.web_tags"},
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers queue instead of failing with "database is locked": every transaction
    # takes the write lock when it begins (IMMEDIATE, so no read-then-upgrade deadlock, which
    # SQLite answers at once without waiting), waits for it up to the busy timeout, and WAL lets
    # readers go on meanwhile. synchronous=NORMAL is durable across a killed process in WAL
    # mode (a power cut may lose the last transactions, never corrupt the file).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "30")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _sqlite = str(DATABASES["default"]["NAME"])
    if _sqlite and _sqlite != ":memory:" and not _sqlite.startswith("file:"):
        make_private_sqlite(Path(_sqlite))

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Accounts (等保 2.0 三级 身份鉴别, README "安全"): lockout and role permissions in
# gongkai.accounts.lockout.AccountBackend; password rule in gongkai.accounts.passwords.
AUTHENTICATION_BACKENDS = ["gongkai.accounts.lockout.AccountBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {  # length and kinds of characters (replaces Django's MinimumLengthValidator)
        "NAME": "gongkai.accounts.passwords.ComplexityValidator",
        "OPTIONS": {"min_length": 10, "min_kinds": 3},
    },
]
# A password older than this many days must be changed at the next request (0: never).
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("PASSWORD_MAX_AGE_DAYS", "90"))
# Second factor (gongkai.accounts.second_factor): required for superusers, platform roles and
# supervisors; TWO_FACTOR_REQUIRED=0 makes it optional for everyone (e.g. an offline trial).
TWO_FACTOR_REQUIRED = _env_flag("TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "gongkai"

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
# Uploads (proof of identity, attachments): only the platform's user reads them.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
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
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_flag("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
if os.environ.get("EMAIL_FILE_PATH"):  # for django.core.mail.backends.filebased.EmailBackend
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]

# --- notifications (gongkai.notifications; sent by ``gongkai notify``) ---
# The public site's address, for the links in messages written outside a web request (a
# clerk's step, ``gongkai remind``): e.g. https://gongkai.example.gov.cn
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# SMS: a class with ``send(recipient, body)``; the console backend prints (no provider is
# built in — a deployment names its own class here).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "gongkai.notifications.sms.ConsoleBackend")
NOTIFY_MAX_ATTEMPTS = int(os.environ.get("NOTIFY_MAX_ATTEMPTS", "8"))
NOTIFY_RETRY_SECONDS = int(os.environ.get("NOTIFY_RETRY_SECONDS", "60"))  # doubled each try
NOTIFY_LEASE_SECONDS = int(os.environ.get("NOTIFY_LEASE_SECONDS", "300"))
# The one-time case link in an applicant's notification (read perhaps days later).
NOTIFY_LINK_MAX_AGE = int(os.environ.get("NOTIFY_LINK_MAX_AGE", str(14 * 86400)))

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

# Rate limits and the public page cache live in Django's cache. One process (``gongkai demo``, one
# gunicorn worker) may keep the counts in its memory; several workers must share them:
# REDIS_URL (e.g. redis://127.0.0.1:6379/0). ``check --deploy`` warns when production has none.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "gongkai.lib.redis_cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "gongkai"),
        }
    }
# A staff page reads the session and the signed-in user's agency, roles and second factor on
# every request. With a cache every server process shares, sessions are read from it (written
# through to the database, deleted from both at log-out) and those per-user lookups are kept in
# each process until a change anywhere marks them stale (gongkai.accounts.lookups). Without
# one, a log-out or a new role seen by one process only would not reach the others: both stay
# off then (ACCOUNT_LOOKUP_CACHE=1 forces the lookups on, for a single-process server).
_SHARED_CACHE = bool(os.environ.get("REDIS_URL"))
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if _SHARED_CACHE
    else "django.contrib.sessions.backends.db"
)
ACCOUNT_LOOKUP_CACHE = _env_flag("ACCOUNT_LOOKUP_CACHE", _SHARED_CACHE)


def _env_rate(name: str, default: str) -> tuple[int, int]:
    """``N/SECONDS`` from the environment, e.g. ``APPLY_RATE_LIMIT=5/3600``."""
    value = os.environ.get(name, default)
    count, _, seconds = value.partition("/")
    if not (count.strip().isdigit() and seconds.strip().isdigit() and int(seconds) > 0):
        raise ImproperlyConfigured(f"{name}={value!r}：应写成“次数/秒数”，例如 5/3600。")
    return int(count), int(seconds)


# Public portal pages kept for anonymous visitors (gongkai.portal.cache); 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "300"))
# The request list's board of other deadlines kept per user in each process while nothing it
# reads changes (gongkai.requests.board; only with ACCOUNT_LOOKUP_CACHE); 0 turns it off.
STAFF_BOARD_CACHE_SECONDS = int(os.environ.get("STAFF_BOARD_CACHE_SECONDS", "60"))

# The public form and the status look-up (page and API), per client address.
APPLY_RATE_LIMIT = _env_rate("APPLY_RATE_LIMIT", "5/3600")
STATUS_RATE_LIMIT = _env_rate("STATUS_RATE_LIMIT", "20/900")  # query codes are not guessable
# Query-code recovery: per client address, and per case whoever asks (no mail-bombing).
RECOVER_RATE_LIMIT = _env_rate("RECOVER_RATE_LIMIT", "5/3600")
RECOVER_CASE_LIMIT = _env_rate("RECOVER_CASE_LIMIT", "3/86400")
CASE_LINK_MAX_AGE = int(os.environ.get("CASE_LINK_MAX_AGE", str(24 * 3600)))  # seconds
# The anonymous report API (POST /api/reports/parse and /check): each read is a worker process.
PARSE_RATE_LIMIT = _env_rate("PARSE_RATE_LIMIT", "30/3600")
# The reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated,
# e.g. TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8); any other client's header is ignored.
TRUSTED_PROXIES = _env_list("TRUSTED_PROXIES", "")

# Request bodies (gongkai.lib.bodylimit, wrapped around the WSGI application): a body larger than
# its path's limit is refused with 413 before any of it is read — by its Content-Length, or,
# sent chunked, as soon as the count passes the limit. Longest matching prefix wins; the
# reverse proxy (nginx client_max_body_size) and gunicorn are set to match (README).
_MB = 1024 * 1024
REQUEST_BODY_LIMITS = {
    "/api/reports/": 21 * _MB,  # one report of at most 20 MB, and the form around it
    "/api/": 64 * 1024,  # JSON look-ups
    "/apply/": 26 * _MB,  # five attachments of at most 5 MB (requests.forms)
    "/status/": 64 * 1024,
    "/status/correction/": 26 * _MB,  # the online 补正: five files of at most 5 MB, as /apply/
    "/catalogue/figures/import/": 6 * _MB,  # one CSV/XLSX of at most 5 MB
    "/reports/": 21 * _MB,  # the supervising office's report import
}
REQUEST_BODY_DEFAULT_LIMIT = int(os.environ.get("MAX_REQUEST_BODY_MB", "64")) * _MB

# Account lockout (gongkai.accounts.lockout): this many consecutive failed log-ins to one
# account, from any address, lock it for LOGIN_LOCKOUT_SECONDS (0: until a security
# administrator unlocks it).
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", str(30 * 60)))
# A signed-in session unused this long is logged out (gongkai.accounts.middleware).
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
