"""Settings shared by every environment.

Every value comes from the environment (django-environ) with a safe embedded default:
SQLite in WAL mode, the django-q2 ORM broker and a local-memory cache.  Setting
``DATABASE_URL``, ``REDIS_URL`` and ``ELASTICSEARCH_URL`` moves the same code onto the
scale-out profile (PostgreSQL, Redis, Elasticsearch) without any code change.
"""

from __future__ import annotations

from pathlib import Path

import environ

PROJECT_DIR = Path(__file__).resolve().parent.parent  # site/portal
SITE_DIR = PROJECT_DIR.parent  # site/
BASE_DIR = SITE_DIR.parent  # repository root
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # project apps
    "cms.core",
    "cms.departments",
    "cms.taxonomy",
    "cms.home",
    "cms.columns",
    "cms.articles",
    "cms.disclosure",
    "cms.workflows",
    "cms.workdays",
    "cms.guides",
    "cms.wordcheck",
    "cms.linkcheck",
    "cms.inspection",
    "cms.demo",
    "modules.commitments",
    "modules.crossprovince",
    "modules.marketplace",
    "search",
    # background work
    "django_q",
    "django_tasks",
    # wagtail
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
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
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------
# Embedded default: SQLite in WAL mode so the web server and the django-q2 cluster can
# read while one of them writes; IMMEDIATE transactions avoid lock-upgrade deadlocks.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache and queue ----------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gongkai",
        }
    }
else:
    # Shared by every web and worker process of the embedded profile (never per process).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gongkai_cache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# django-q2 is the one queue.  A task may run twice (re-delivery after ``retry``), so every
# task is idempotent; ``timeout`` stays below ``retry`` and the ORM broker lives on the
# default database alias (django-q2 issues #293, #298, #327).
Q_CLUSTER: dict = {
    "name": "gongkai",
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": 300,
    "retry": 360,
    "max_attempts": 3,
    "ack_failures": True,
    "save_limit": 500,
    "catch_up": False,
    "label": "后台任务",
    "orm": "default",
}
if REDIS_URL:
    del Q_CLUSTER["orm"]
    Q_CLUSTER["redis"] = REDIS_URL

# Wagtail's own background work (django-tasks) runs on django-q2 as well.
TASKS = {"default": {"BACKEND": "portal.queue.DjangoQ2TaskBackend"}}

# --- auth -----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# --- language and time ------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]

# --- static and media files -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)  # embedded profile: Django serves uploads
STORAGES = {
    "default": {
        "BACKEND": env.str("MEDIA_STORAGE", default="django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Files only permission-checked views hand out (marketplace licences, contracts …): no URL.
    "private": {
        "BACKEND": env.str("PRIVATE_STORAGE", default="modules.marketplace.storage.FileSystemPrivateStorage"),
        "OPTIONS": {"location": env.str("PRIVATE_ROOT", default=str(VAR_DIR / "private")), "base_url": None},
    },
}

# --- uploads ------------------------------------------------------------------------------
# Uploads are checked by type and size: attachments of disclosure items are office
# documents, PDFs and archives; images are limited to the usual web formats.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = [
    "pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ofd", "txt", "csv", "zip", "rar", "ppt", "pptx",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_UPLOAD_SIZE", default=50 * 1024 * 1024)
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.int("IMAGE_MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- wagtail ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="云溪县人民政府")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # closed networks; no staff e-mail hashes sent outside
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.admin_backend"}}
WAGTAILEMBEDS_FINDERS: list = []  # closed government networks: no oEmbed look-ups
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr", "link",
                         "document-link", "image"],
        },
    }
}

# --- site search ------------------------------------------------------------------------
# Embedded engine on the database in use unless ELASTICSEARCH_URL names a cluster.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
SEARCH_INDEX_PREFIX = env.str("SEARCH_INDEX_PREFIX", default="gongkai")
SEARCH_RATE_LIMIT = env.int("SEARCH_RATE_LIMIT", default=60)  # searches per minute and client
SEARCH_TRUST_X_FORWARDED_FOR = env.bool("SEARCH_TRUST_X_FORWARDED_FOR", default=False)

# --- logging -----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {"gongkai": {"level": "INFO", "handlers": ["console"], "propagate": False}},
}
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.core.forms.CheckedDocumentForm"

# --- service guides -------------------------------------------------------------------
#: Providers of the links a guide page shows to the services built on it.
GUIDE_RELATED_PROVIDERS = [
    "modules.commitments.related.links_for_guide",
    "modules.crossprovince.related.links_for_guide",
]

# --- e-mail ------------------------------------------------------------------------------
# Embedded default: messages are written to files under var/mail/ (no mail server needed);
# set EMAIL_URL (e.g. smtp+tls://user:password@mail.example.gov.cn:587) to send them.
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="gongkai@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- monthly column check -------------------------------------------------------------------
INSPECTION_PAGES_PER_CHUNK = env.int("INSPECTION_PAGES_PER_CHUNK", default=100)
# Reuse what an unchanged content item showed at the last check (cms/inspection/snapshots.py).
INSPECTION_SNAPSHOTS = env.bool("INSPECTION_SNAPSHOTS", default=True)
