"""Configuration classes: one base with safe defaults, and small overrides per environment.

The classes hold literal defaults only. The environment is read when an app is created
(`apply_environment`, called by create_app), never at import time, so tests can build apps
with other settings without reloading this module, and the testing config never sees the
operator's shell.
"""

import os
import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Config as FlaskConfig

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent


def resource_dir(name: str) -> Path:
    """templates/, static/, translations/, migrations/: inside the package when installed from a
    wheel, beside it in a checkout (where they live, and where developers edit them)."""
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else PROJECT_ROOT / name


def _secret_key_file(instance_path: Path) -> str:
    """A key generated once per install, so local runs never share a hard-coded key.

    The key is written to a temporary file created with mode 0600 (os.open with O_EXCL: never
    readable by others, not even for a moment, and never a file someone else placed there),
    then published whole under its name. A crash half-way leaves no short key a later start
    would trust. Publishing is a hard link, which, unlike a rename, fails when the name exists:
    of two workers starting at once, the second keeps the first one's key, so both sign
    cookies alike. (Where links are not allowed, a rename that keeps an existing key.)
    """
    instance_path.mkdir(parents=True, exist_ok=True)
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        temporary = instance_path / f".secret_key.{secrets.token_hex(8)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w") as stream:
                stream.write(secrets.token_hex(32))
                stream.flush()
                os.fsync(stream.fileno())
            try:
                os.link(temporary, key_file)
            except FileExistsError:
                pass  # another worker published its key first: use theirs
            except OSError:
                if not key_file.exists():
                    os.rename(temporary, key_file)
        finally:
            temporary.unlink(missing_ok=True)
    return key_file.read_text().strip()


class Config:
    SECRET_KEY: str | None = None
    # Old keys still accepted for signed cookies while a new SECRET_KEY is rolled out.
    SECRET_KEY_FALLBACKS: list[str] = []
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # Sessions: signed cookies that the server can still end (see app/sessions.py).
    SESSION_COOKIE_NAME = "hearth_session"
    LANGUAGE_COOKIE_NAME = "hearth_lang"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_TIMEOUT_STAFF = timedelta(minutes=30)
    SESSION_IDLE_TIMEOUT_MEMBERS = timedelta(hours=12)
    PERMANENT_SESSION_LIFETIME = SESSION_ABSOLUTE_LIFETIME
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session, which we bound ourselves

    # Passwords: argon2id with OWASP ASVS 5.0 minimums (19 MiB, 2 passes, 1 lane).
    PASSWORD_HASH_MEMORY_KIB = 19 * 1024
    PASSWORD_HASH_TIME_COST = 2
    PASSWORD_HASH_PARALLELISM = 1

    # Rate limits: memory:// is right for one process; set a Redis URL for several workers.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_KEY_PREFIX = "hearth"
    SIGN_IN_LIMIT_PER_ACCOUNT = "5 per 15 minutes"
    SIGN_IN_LIMIT_PER_ACCOUNT_DAILY = "100 per day"
    # Every try counts per address (an office shares one address), so this one is generous.
    SIGN_IN_LIMIT_PER_ADDRESS = "60 per 15 minutes"
    JOIN_LIMIT_PER_ADDRESS = "20 per 15 minutes"
    # Per signed-in person (app/limits.py): far above real use, far below a script's pace.
    INVITE_LIMIT_PER_PERSON = "30 per hour"
    CREATE_FAMILY_LIMIT_PER_PERSON = "20 per hour"
    ADD_CHILD_LIMIT_PER_PERSON = "30 per hour"
    CREATE_STAFF_LIMIT_PER_PERSON = "30 per hour"
    # an admin's changes: accounts turned off or on, sign-outs, caseworkers reassigned, terms
    ADMIN_CHANGE_LIMIT_PER_PERSON = "120 per hour"
    # decline, pause, restore; the review level and family time levels (caseworkers' changes)
    MEMBER_ACTION_LIMIT_PER_PERSON = "60 per hour"
    ABOUT_WRITE_LIMIT_PER_PERSON = "60 per hour"  # new "about me" versions
    EVENT_WRITE_LIMIT_PER_PERSON = "60 per hour"  # new and changed events, together
    CONCERN_LIMIT_PER_PERSON = "20 per hour"  # concerns raised, steps added, closed, reopened
    CONTACT_EDIT_LIMIT_PER_PERSON = "30 per hour"  # a resource parent's address and phone
    # The composer asks for hints while a person types (every second or so at most).
    GLOSSARY_HINTS_LIMIT_PER_PERSON = "600 per hour"
    # Messages sent, corrected, taken back and reported, together: a lively chat stays far below.
    MESSAGE_WRITE_LIMIT_PER_PERSON = "120 per hour"
    # Calendar apps fetch the feed every hour or so; an office shares one address.
    # Per calendar address and fetching address: Google's and Microsoft's fetchers bring many
    # people's calendars from one address, so a count per address alone would be shared.
    CALENDAR_FEED_LIMIT_PER_FEED = "60 per hour"
    # Per address, only fetches of an address that never existed (guesses, scanners).
    CALENDAR_FEED_LIMIT_PER_ADDRESS = "300 per hour"
    # After the @ of calendar UIDs; "" = the server's name (docs/family-time.md).
    CALENDAR_DOMAIN = ""
    CALENDAR_FEED_RESET_LIMIT_PER_PERSON = "20 per hour"
    # A family's whole record as a ZIP is the heaviest request there is (every photo read
    # again): enough for a caseload's families in an hour, not a loop that keeps a worker busy.
    EXPORT_LIMIT_PER_PERSON = "30 per hour"
    MESSAGE_MAX_LENGTH = 2000
    MESSAGE_POLL_SECONDS = 4  # how often an open thread asks for new messages
    MESSAGE_EDIT_MINUTES = 15  # how long after sending the author may correct a message
    # A browser that signed in to an account before is counted on its own (app/auth/throttle.py).
    SIGN_IN_LIMIT_PER_DEVICE = "5 per 15 minutes"
    DEVICE_COOKIE_NAME = "hearth_device"
    DEVICE_COOKIE_SECURE = False
    DEVICE_COOKIE_DAYS = 365

    # Words a password must not be built from (the product's name is always one); "" = none.
    AGENCY_NAME = ""

    TRUSTED_PROXY_COUNT = 0

    INVITATION_LIFETIME = timedelta(days=7)

    # Password-reset codes (app/recovery): short-lived, and guesses are counted per address (failed
    # codes only) and per account (every try, counted before the code is checked).
    PASSWORD_RESET_LIFETIME = timedelta(hours=4)
    RESET_LIMIT_PER_ADDRESS = "10 per 15 minutes"
    RESET_LIMIT_PER_ACCOUNT = "10 per hour"

    # Each language by its own name, as the chooser shows it. A new language needs its catalog
    # (translations/README.md) and its glossary files (app/data/README.md), then a line here.
    LANGUAGES = {
        "en": "English",
        "es": "Español",
        "zh_Hans": "简体中文",
        "vi": "Tiếng Việt",
        "ar": "العربية",
        "ht": "Kreyòl ayisyen",
        "so": "Soomaali",
    }
    # Machine translation of what people wrote ("Show in español"): the agency's own
    # LibreTranslate (docs/machine-translation.md). "" = off, and no button is shown. Never a
    # public service by default: families' words go only where the agency points this.
    MACHINE_TRANSLATION_URL = ""
    MACHINE_TRANSLATION_API_KEY = ""
    MACHINE_TRANSLATION_TIMEOUT = 3.0  # seconds for each step of one request
    # Hearth's language -> the service's code. A language left out gets no button; add "ht"
    # and "so" once the agency's server has models for them.
    MACHINE_TRANSLATION_LANGUAGES = {"en": "en", "es": "es", "zh_Hans": "zh", "vi": "vi",
                                     "ar": "ar"}
    # Each tap on "Show in ..." that is not already kept costs the service a translation.
    MACHINE_TRANSLATION_LIMIT_PER_PERSON = "120 per hour"
    # Notifications (docs/notifications.md). Where the job queue lives: "" = a SQLite file in
    # the instance folder (one machine); "redis://host:6379/1" for several machines; "off" =
    # no queue (the tests call the worker's functions themselves).
    NOTIFICATIONS_QUEUE = ""
    # The address of the site as people open it, for links in emails sent by the worker.
    PUBLIC_URL = "http://127.0.0.1:5000"
    # SMTP for notification emails. No MAIL_SERVER: emails are written to the log (make run).
    MAIL_SERVER = ""
    MAIL_PORT = 587
    MAIL_USE_TLS = True  # STARTTLS after connecting (port 587)
    MAIL_USE_SSL = False  # TLS from the first byte (port 465)
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_FROM = "Hearth <hearth@localhost>"
    MAIL_TIMEOUT = 10.0  # seconds
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(resource_dir("translations"))

    HSTS = False

    # Photos (app/photos): limits per file and per upload, and where renditions are kept.
    PHOTO_MAX_FILES = 6
    PHOTO_MAX_BYTES = 15 * 1024 * 1024
    PHOTO_MAX_PIXELS = 50_000_000  # any format (a JPEG decodes at reduced scale)
    # The most memory one photo's decode may take (a worker decodes one at a time): with each
    # format's measured cost per pixel (app/photos/images.py) it caps PNG at 30.5, HEIC at
    # 33.5 and WebP at 16.7 megapixels, which decode at full size (docs/photos.md "Big files").
    PHOTO_MAX_DECODE_BYTES = 320 * 1024 * 1024
    PHOTO_STORAGE = "local"
    PHOTO_STORAGE_DIR = ""  # "" = instance/photos
    # uploads (of up to PHOTO_MAX_FILES each) and caption changes, together
    PHOTO_UPLOAD_LIMIT_PER_PERSON = "60 per hour"
    # Flask refuses bigger bodies with 413 before reading them: a full upload plus the form.
    MAX_CONTENT_LENGTH = 6 * 15 * 1024 * 1024 + 1024 * 1024

    @classmethod
    def finalize(cls, app) -> None:
        """Fill in what depends on the instance folder (database path, local secret)."""
        if not app.config.get("SQLALCHEMY_DATABASE_URI"):
            app.config["SQLALCHEMY_DATABASE_URI"] = (
                f"sqlite:///{Path(app.instance_path) / 'hearth.sqlite'}"
            )
        if not app.config.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = _secret_key_file(Path(app.instance_path))


class DevelopmentConfig(Config):
    pass


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    # __Host-: the browser only takes the cookie over HTTPS, for the whole site, from this host.
    SESSION_COOKIE_NAME = "__Host-hearth_session"
    LANGUAGE_COOKIE_NAME = "__Host-hearth_lang"
    DEVICE_COOKIE_NAME = "__Host-hearth_device"
    DEVICE_COOKIE_SECURE = True
    HSTS = True

    @classmethod
    def finalize(cls, app) -> None:
        secret = app.config.get("SECRET_KEY") or ""
        if len(secret) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters in "
                "production, e.g. python -c 'import secrets; print(secrets.token_hex(32))'"
            )
        if not app.config.get("SQLALCHEMY_DATABASE_URI"):
            raise RuntimeError("DATABASE_URL must be set in production.")
        if app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
            # Each gunicorn worker would keep its own count, and the limit would not hold.
            raise RuntimeError(
                "RATELIMIT_STORAGE_URI must point at shared storage in production, "
                "e.g. redis://127.0.0.1:6379/0"
            )


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production-0123456789"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = "sqlite://"  # tests pass their own database
    WTF_CSRF_ENABLED = False
    SIGN_IN_LIMIT_PER_ADDRESS = "1000 per minute"  # tests that check it set their own
    # Cheap hashes keep the suite fast; test_passwords checks the real config separately.
    PASSWORD_HASH_MEMORY_KIB = 64
    PASSWORD_HASH_TIME_COST = 1
    NOTIFICATIONS_QUEUE = "off"  # tests run the worker's functions (app/notifications/delivery)
    PUBLIC_URL = "https://hearth.test"


def _minutes(value: str) -> timedelta:
    return timedelta(minutes=int(value))


def _yes_no(value: str) -> bool:
    if value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if value.strip().lower() in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(value)


def _comma_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


# The variables the README documents, by their historical names: (config keys, parser).
ENVIRONMENT: dict[str, tuple[tuple[str, ...], Callable[[str], Any]]] = {
    "SECRET_KEY": (("SECRET_KEY",), str),
    "SECRET_KEY_FALLBACKS": (("SECRET_KEY_FALLBACKS",), _comma_list),
    "DATABASE_URL": (("SQLALCHEMY_DATABASE_URI",), str),
    "RATELIMIT_STORAGE_URI": (("RATELIMIT_STORAGE_URI",), str),
    "TRUSTED_PROXY_COUNT": (("TRUSTED_PROXY_COUNT",), int),
    "SESSION_IDLE_STAFF_MINUTES": (("SESSION_IDLE_TIMEOUT_STAFF",), _minutes),
    "SESSION_IDLE_MEMBERS_MINUTES": (("SESSION_IDLE_TIMEOUT_MEMBERS",), _minutes),
    "SESSION_ABSOLUTE_MINUTES": (
        ("SESSION_ABSOLUTE_LIFETIME", "PERMANENT_SESSION_LIFETIME"), _minutes
    ),
    "SIGN_IN_LIMIT_PER_ACCOUNT": (("SIGN_IN_LIMIT_PER_ACCOUNT",), str),
    "SIGN_IN_LIMIT_PER_ACCOUNT_DAILY": (("SIGN_IN_LIMIT_PER_ACCOUNT_DAILY",), str),
    "SIGN_IN_LIMIT_PER_ADDRESS": (("SIGN_IN_LIMIT_PER_ADDRESS",), str),
    "JOIN_LIMIT_PER_ADDRESS": (("JOIN_LIMIT_PER_ADDRESS",), str),
    "MACHINE_TRANSLATION_URL": (("MACHINE_TRANSLATION_URL",), str),
    "MACHINE_TRANSLATION_API_KEY": (("MACHINE_TRANSLATION_API_KEY",), str),
    "MACHINE_TRANSLATION_TIMEOUT": (("MACHINE_TRANSLATION_TIMEOUT",), float),
    "NOTIFICATIONS_QUEUE": (("NOTIFICATIONS_QUEUE",), str),
    "PUBLIC_URL": (("PUBLIC_URL",), str),
    "MAIL_SERVER": (("MAIL_SERVER",), str),
    "MAIL_PORT": (("MAIL_PORT",), int),
    "MAIL_USE_TLS": (("MAIL_USE_TLS",), _yes_no),
    "MAIL_USE_SSL": (("MAIL_USE_SSL",), _yes_no),
    "MAIL_USERNAME": (("MAIL_USERNAME",), str),
    "MAIL_PASSWORD": (("MAIL_PASSWORD",), str),
    "MAIL_FROM": (("MAIL_FROM",), str),
}
# Read by create_app itself, before there is a config to put them in.
NOT_SETTINGS = ("CONFIG", "INSTANCE_PATH")


def apply_environment(config: FlaskConfig) -> None:
    """Settings from the environment: HEARTH_<KEY> for any key, then the documented names above.

    Flask's `from_prefixed_env` parses HEARTH_<KEY> values as JSON when it can (numbers,
    true/false, lists) and keeps the text otherwise, so any setting can be changed without code.
    """
    environ = os.environ
    config.from_prefixed_env("HEARTH")
    for key in NOT_SETTINGS:
        config.pop(key, None)
    for name, (keys, parse) in ENVIRONMENT.items():
        if name in environ:
            try:
                parsed = parse(environ[name])
            except ValueError:
                raise RuntimeError(f"{name}={environ[name]!r} is not a valid value.") from None
            for key in keys:
                config[key] = parsed


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}
