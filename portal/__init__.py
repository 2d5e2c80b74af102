"""Qoljetimdi: the self-service portal for persons with disabilities and their carers."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from portal.config import ROOT, ProductionConfig, config_for, production_problems


def create_app(config: dict | None = None) -> Flask:
    """Build the app; `config` overrides the class chosen by PORTAL_ENV (tests pass theirs)."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    from portal.templating import COMPILED

    app.jinja_options = {**app.jinja_options, "bytecode_cache": COMPILED}
    config_class = config_for(os.environ.get("PORTAL_ENV"))
    app.config.from_object(config_class)
    if config:
        app.config.update(config)
    # Before anything is made of the settings: production without a database says so, rather than
    # failing to make the development SQLite file's folder.
    check_config(app, production=issubclass(config_class, ProductionConfig))
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'portal.sqlite3'}"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Writers queue for SQLite's one write lock; let them wait rather than fail at once.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**app.config["SQLALCHEMY_ENGINE_OPTIONS"],
                                                   "connect_args": {"timeout": 30}}
    app.jinja_env.add_extension("jinja2.ext.do")
    from portal import handoffs, vocabulary

    app.jinja_env.globals["vocabulary"] = vocabulary
    app.jinja_env.globals["handoffs"] = handoffs
    app.jinja_env.filters["linked"] = handoffs.linked
    from portal.bookings.forms import minutes_label

    app.jinja_env.globals["minutes_label"] = minutes_label
    from portal.public_url import public_url

    app.jinja_env.globals["public_url"] = public_url
    app.jinja_env.filters["scope_label"] = lambda code: vocabulary.MANDATE_SCOPES[code]

    # models registers the tables
    from portal import assets, cli, errors, i18n, limits, links, logs, metrics, models, security  # noqa: F401
    from portal.auth import session as auth_session
    from portal.extensions import babel, compress, csrf, db, migrate
    from portal.notify.sms import make_sms_gateway

    logs.init_app(app)
    metrics.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    compress.init_app(app)
    assets.init_app(app)
    limits.init_app(app)
    i18n.init_app(app)
    links.init_app(app)
    auth_session.init_app(app)
    from portal import access
    from portal.carers import acting
    from portal.registry import freshness

    access.init_app(app)
    acting.init_app(app)
    errors.init_app(app)
    freshness.init_app(app)
    security.init_app(app)
    cli.init_app(app)
    app.extensions["registry"] = make_registry(app)
    app.extensions["sms"] = make_sms_gateway(app.config)
    if app.config.get("REDIS_URL"):
        from portal.celery_app import make_celery

        app.extensions["celery"] = make_celery(app)
    from portal.background import Background
    from portal.notify import after_commit  # noqa: F401 (messages handed over after their commit)

    app.extensions["background"] = Background(app, in_thread=app.config["BACKGROUND_THREAD"])
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"], x_proto=app.config["PROXY_COUNT"])

    from portal import converters, health
    from portal.api import routes as api
    from portal.account import routes as account
    from portal.auth import routes as auth
    from portal.bookings import routes as bookings
    from portal.cabinet import routes as cabinet
    from portal.carers import routes as carers
    from portal.departments import routes as departments
    from portal.programmes import routes as programmes
    from portal.display import routes as display
    from portal.pages import routes as pages
    from portal.interpreters import routes as interpreter
    from portal.requests import routes as requests
    from portal.registry import api as registry_api
    from portal.rights import routes as rights
    from portal.staff import routes as staff
    from portal.statistics import routes as statistics
    from portal.statistics import staff as staff_indicators

    converters.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(registry_api.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(cabinet.bp)
    app.register_blueprint(carers.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(display.bp)
    app.register_blueprint(cabinet.verify_bp)
    app.register_blueprint(rights.bp)
    app.register_blueprint(requests.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(statistics.bp)
    app.register_blueprint(staff_indicators.bp)
    app.register_blueprint(departments.bp)
    app.register_blueprint(programmes.bp)
    app.register_blueprint(bookings.bp)
    app.register_blueprint(interpreter.bp)
    app.register_blueprint(pages.root)
    app.register_blueprint(pages.bp)
    return app


def check_config(app: Flask, production: bool) -> None:
    if production and (problems := production_problems(app.config)):
        raise RuntimeError("PORTAL_ENV=production cannot start until these are set:\n- " + "\n- ".join(problems))
    from portal.registry import service_tokens

    if problem := service_tokens.problem(app.config.get(service_tokens.VARIABLE)):
        raise RuntimeError(problem)
    missing = [name for name in ("SUPPORT_EMAIL", "SUPPORT_PHONE", "SUPPORT_SMS") if not app.config.get(name)]
    if missing:
        raise RuntimeError(f"Set {', '.join(missing)}: the contacts page must tell people how to reach support")


def make_registry(app: Flask):
    from portal.extensions import db

    if app.config.get("REGISTRY_URL"):
        from portal.registry.http import HttpRegistry, save_kept_copies

        # Copies of what a request read are written when it ends, apart from its own transaction.
        app.teardown_request(lambda error: save_kept_copies(db.session))
        return HttpRegistry(app.config["REGISTRY_URL"], app.config.get("REGISTRY_TOKEN"),
                            session_factory=lambda: db.session, timeout=app.config["REGISTRY_TIMEOUT_SECONDS"],
                            retries=app.config["REGISTRY_RETRIES"], cache_seconds=app.config["REGISTRY_CACHE_SECONDS"])
    from portal.registry.local import LocalRegistry

    return LocalRegistry(lambda: db.session)
