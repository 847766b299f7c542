"""The application factory: it reads like a table of contents of the app."""

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import CONFIGS, PROJECT_ROOT, apply_environment, resource_dir
from app.cookies import SHA256CookieSessionInterface
from app.ids import BoundedIntConverter


def create_app(config: str | dict | None = None) -> Flask:
    """Build the app. `config` is a name from app.config.CONFIGS or a mapping of overrides."""
    app = Flask(
        __name__,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
        instance_path=os.environ.get("HEARTH_INSTANCE_PATH") or _default_instance_path(),
    )
    configure_settings(app, config)
    # Before any route is added: every <int:…> in a URL is then bounded (see app/ids.py).
    app.url_map.converters["int"] = BoundedIntConverter
    configure_logging(app)
    app.jinja_env.add_extension("jinja2.ext.do")
    configure_extensions(app)
    configure_blueprints(app)
    configure_security(app)
    configure_errors(app)
    configure_cli(app)
    return app


def _default_instance_path() -> str | None:
    """instance/ in a checkout; Flask's own choice (<prefix>/var/app-instance) when installed."""
    checkout_instance = PROJECT_ROOT / "instance"
    return str(checkout_instance) if (PROJECT_ROOT / "pyproject.toml").exists() else None


def configure_settings(app: Flask, config: str | dict | None) -> None:
    """Class defaults, then the environment, then the mapping passed to create_app.

    The testing config skips the environment: a test run must not change with the operator's
    shell (a SECRET_KEY or DATABASE_URL exported for production must not reach the tests).
    """
    overrides = config if isinstance(config, dict) else {}
    name = config if isinstance(config, str) else overrides.get("ENV_NAME")
    name = name or os.environ.get("HEARTH_CONFIG", "development")
    config_class = CONFIGS[name]
    app.config.from_object(config_class)
    app.config["ENV_NAME"] = name
    if name != "testing":
        apply_environment(app.config)
    app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    config_class.finalize(app)
    # Behind a load balancer, trust exactly as many proxies as we are told (rate limits use the IP).
    proxies = int(app.config["TRUSTED_PROXY_COUNT"])
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)


def configure_logging(app: Flask) -> None:
    from app import log_lines, log_redaction, security_events

    log_lines.install(app)
    security_events.init_app(app)
    log_redaction.install(app)


def configure_extensions(app: Flask) -> None:
    from app import access, i18n, labels, sessions, storage
    from app.extensions import babel, csrf, db, limiter, migrate

    db.init_app(app)
    # Batch mode lets Alembic alter tables on SQLite, which has no ALTER COLUMN.
    migrate.init_app(app, db, directory=str(resource_dir("migrations")), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    i18n.init_app(app)
    labels.init_app(app)
    access.init_app(app)
    sessions.init_app(app)
    storage.init_app(app)


def configure_blueprints(app: Flask) -> None:
    from app.about import bp as about_bp
    from app.admin import bp as admin_bp
    from app.auth import bp as auth_bp
    from app.caseload import bp as caseload_bp
    from app.concerns import bp as concerns_bp
    from app.contact import bp as contact_bp
    from app.events import bp as events_bp
    from app.export import bp as export_bp
    from app.families import bp as families_bp
    from app.family_time import bp as family_time_bp
    from app.family_time.feeds import bp as feeds_bp
    from app.family_time.level_pages import bp as family_time_levels_bp
    from app.glossary import bp as glossary_bp
    from app.joining import bp as joining_bp
    from app.machine_translation import bp as machine_translation_bp
    from app.members import bp as members_bp
    from app.messages import bp as messages_bp
    from app.notifications import bp as notifications_bp
    from app.photos import bp as photos_bp
    from app.record import bp as record_bp
    from app.recovery import bp as recovery_bp
    from app.review_level import bp as review_level_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(families_bp)
    app.register_blueprint(members_bp)
    app.register_blueprint(messages_bp)
    app.register_blueprint(photos_bp)
    app.register_blueprint(record_bp)
    app.register_blueprint(review_level_bp)
    app.register_blueprint(export_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(family_time_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(family_time_levels_bp)
    app.register_blueprint(about_bp)
    app.register_blueprint(concerns_bp)
    app.register_blueprint(contact_bp)
    app.register_blueprint(joining_bp)
    app.register_blueprint(recovery_bp)
    app.register_blueprint(glossary_bp)
    app.register_blueprint(machine_translation_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(caseload_bp)
    app.register_blueprint(notifications_bp)


def configure_security(app: Flask) -> None:
    from app import security

    app.session_interface = SHA256CookieSessionInterface()
    security.init_app(app)
    # An open thread's "anything new?" is answered before the app when nothing is (it checks
    # the session and the membership itself, and leaves every other case to the real route).
    from app.messages.quick_poll import QuickPoll

    app.wsgi_app = QuickPoll(app, app.wsgi_app)


def configure_errors(app: Flask) -> None:
    from app import errors

    errors.init_app(app)


def configure_cli(app: Flask) -> None:
    from app import cli

    cli.init_app(app)
