"""Configuration classes: one base with safe defaults, and small overrides per environment."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_minutes(name: str, default: int) -> timedelta:
    return timedelta(minutes=int(os.environ.get(name, default)))


def _secret_key_file(instance_path: Path) -> str:
    """A key generated once per install, so local runs never share a hard-coded key."""
    instance_path.mkdir(parents=True, exist_ok=True)
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


class Config:
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI: str | None = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # Sessions: signed cookies that the server can still end (see app/sessions.py).
    SESSION_COOKIE_NAME = "hearth_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_ABSOLUTE_LIFETIME = _env_minutes("SESSION_ABSOLUTE_MINUTES", 12 * 60)
    SESSION_IDLE_TIMEOUT_STAFF = _env_minutes("SESSION_IDLE_STAFF_MINUTES", 30)
    SESSION_IDLE_TIMEOUT_MEMBERS = _env_minutes("SESSION_IDLE_MEMBERS_MINUTES", 12 * 60)
    PERMANENT_SESSION_LIFETIME = SESSION_ABSOLUTE_LIFETIME
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session, which we bound ourselves

    # Passwords: argon2id with OWASP ASVS 5.0 minimums (19 MiB, 2 passes, 1 lane).
    PASSWORD_HASH_MEMORY_KIB = 19 * 1024
    PASSWORD_HASH_TIME_COST = 2
    PASSWORD_HASH_PARALLELISM = 1

    # Rate limits: memory:// is right for one process; set a Redis URL for several workers.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_KEY_PREFIX = "hearth"
    SIGN_IN_LIMIT_PER_ACCOUNT = os.environ.get("SIGN_IN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    SIGN_IN_LIMIT_PER_ACCOUNT_DAILY = os.environ.get(
        "SIGN_IN_LIMIT_PER_ACCOUNT_DAILY", "100 per day"
    )
    # Every try counts per address (an office shares one address), so this one is generous.
    SIGN_IN_LIMIT_PER_ADDRESS = os.environ.get("SIGN_IN_LIMIT_PER_ADDRESS", "60 per 15 minutes")
    JOIN_LIMIT_PER_ADDRESS = os.environ.get("JOIN_LIMIT_PER_ADDRESS", "20 per 15 minutes")
    # A browser that signed in to an account before is counted on its own (app/auth/throttle.py).
    SIGN_IN_LIMIT_PER_DEVICE = "5 per 15 minutes"
    DEVICE_COOKIE_NAME = "hearth_device"
    DEVICE_COOKIE_SECURE = False
    DEVICE_COOKIE_DAYS = 365

    # Words a password must not be built from (the product's name is always one); "" = none.
    AGENCY_NAME = ""

    INVITATION_LIFETIME = timedelta(days=7)

    LANGUAGES = {"en": "English", "es": "Español"}
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")

    HSTS = False

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
    # __Host-: only over HTTPS, only for this exact host, path "/" (no subdomain can set it).
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
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    # Fixed here, not read from the environment: tests must not depend on the operator's shell.
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_TIMEOUT_STAFF = timedelta(minutes=30)
    SESSION_IDLE_TIMEOUT_MEMBERS = timedelta(hours=12)
    PERMANENT_SESSION_LIFETIME = SESSION_ABSOLUTE_LIFETIME
    SIGN_IN_LIMIT_PER_ACCOUNT = "5 per 15 minutes"
    SIGN_IN_LIMIT_PER_ACCOUNT_DAILY = "100 per day"
    SIGN_IN_LIMIT_PER_ADDRESS = "1000 per minute"  # tests that check it set their own
    JOIN_LIMIT_PER_ADDRESS = "20 per 15 minutes"
    # Cheap hashes keep the suite fast; test_passwords checks the real config separately.
    PASSWORD_HASH_MEMORY_KIB = 64
    PASSWORD_HASH_TIME_COST = 1


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}
