"""One configuration class per environment, chosen by PORTAL_ENV; secrets come from the environment."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def _flag(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def database_url(url: str | None) -> str | None:
    """Let operators write postgresql://…; the portal talks to PostgreSQL through psycopg 3."""
    if url and url.startswith(("postgres://", "postgresql://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


DEVELOPMENT_SECRET_KEY = "development-only-not-secret"


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # None means the SQLite file under instance/, decided in create_app once the path is known.
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # A remote registry API (…/registry/v1) to read instead of the registry tables in DATABASE_URL,
    # with the service token it gave this portal, and how patiently to ask it.
    REGISTRY_URL = os.environ.get("REGISTRY_URL")
    REGISTRY_TOKEN = os.environ.get("REGISTRY_TOKEN")
    REGISTRY_TIMEOUT_SECONDS = float(os.environ.get("REGISTRY_TIMEOUT_SECONDS", "3"))
    REGISTRY_RETRIES = int(os.environ.get("REGISTRY_RETRIES", "2"))
    REGISTRY_CACHE_SECONDS = float(os.environ.get("REGISTRY_CACHE_SECONDS", "30"))
    # The tokens of services allowed to read this portal's registry API: "name:token,name:token",
    # each token at least 32 characters (`flask registry new-token NAME` makes one).
    REGISTRY_API_TOKENS = os.environ.get("REGISTRY_API_TOKENS", "")
    # Requests one service may make to the registry API, all routes together, as a Flask-Limiter
    # limit: a portal reading through HttpRegistry makes one or two a page, a leaked token no more.
    REGISTRY_API_LIMIT = os.environ.get("REGISTRY_API_LIMIT", "1200 per minute")
    REDIS_URL = os.environ.get("REDIS_URL")
    # The bearer token of /healthz/details (the registry's state, for operators); unset, it is off.
    HEALTH_DETAILS_TOKEN = os.environ.get("HEALTH_DETAILS_TOKEN")
    PORTAL_DEMO = _flag("PORTAL_DEMO")

    # How people reach the support team: shown on the contacts page, set per deployment.
    SUPPORT_EMAIL = os.environ.get("SUPPORT_EMAIL")
    SUPPORT_PHONE = os.environ.get("SUPPORT_PHONE")
    SUPPORT_SMS = os.environ.get("SUPPORT_SMS")
    # The accessibility statement promises an answer to a reported barrier within this many days.
    BARRIER_REPLY_WORKING_DAYS = int(os.environ.get("BARRIER_REPLY_WORKING_DAYS", "5"))

    LANGUAGES = ("kk", "ru")
    BABEL_DEFAULT_LOCALE = "kk"  # Kazakh is the state language
    # Times are shown as Kazakhstan time by portal/moments.py, not by Flask-Babel's time zone.
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")

    # Signed-in sessions end after this long without a request; a warning comes first (WCAG 2.2.1).
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
    PERMANENT_SESSION_LIFETIME = dt.timedelta(minutes=SESSION_IDLE_MINUTES)
    # However active, a session ends this long after sign-in: a copied cookie cannot live on.
    SESSION_ABSOLUTE_HOURS = float(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
    # Sign-in attempts (IIN or code, /login and /login/code together), per client address and per
    # address and IIN (not per IIN alone: a stranger could then lock the owner out), and per
    # username on the staff and interpreter pages, as Flask-Limiter limits.
    SIGN_IN_LIMIT_PER_ADDRESS = os.environ.get("SIGN_IN_LIMIT_PER_ADDRESS", "30 per hour")
    SIGN_IN_LIMIT_PER_ADDRESS_AND_IIN = os.environ.get("SIGN_IN_LIMIT_PER_ADDRESS_AND_IIN", "10 per 15 minutes")
    SIGN_IN_LIMIT_PER_USERNAME = os.environ.get("SIGN_IN_LIMIT_PER_USERNAME", "10 per 15 minutes")
    # Sign-in codes for one IIN: none within this many seconds of the last, at most this many an
    # hour, and fewer asked from one address (so a stranger alone cannot use them all up); asking
    # again meanwhile leaves the code already sent working.
    SIGN_IN_CODE_COOLDOWN_SECONDS = int(os.environ.get("SIGN_IN_CODE_COOLDOWN_SECONDS", "60"))
    SIGN_IN_CODES_PER_HOUR = int(os.environ.get("SIGN_IN_CODES_PER_HOUR", "10"))
    SIGN_IN_CODES_PER_ADDRESS_PER_HOUR = int(os.environ.get("SIGN_IN_CODES_PER_ADDRESS_PER_HOUR", "3"))
    # Codes are made and sent by a thread of each process, after the response (portal/auth/sender.py).
    SIGN_IN_CODE_THREAD = True
    # Requests and interpreter bookings one person may send (page and API together): plenty for a
    # person, few for a script. A load test from one machine raises them (loadtest/README.md).
    SUBMISSION_LIMIT = os.environ.get("SUBMISSION_LIMIT", "20 per hour")
    BOOKING_LIMIT = os.environ.get("BOOKING_LIMIT", "20 per hour")
    # Asks for a mandate one carer may send: each may text a stranger.
    MANDATE_ASK_LIMIT = os.environ.get("MANDATE_ASK_LIMIT", "5 per hour;10 per day")
    # Evidence uploads: how many a person may send in a while (a replaced photo counts), how many
    # files and megabytes one request's journey may take, and how many megabytes one person may
    # upload in 24 hours. A file that never joins a request is removed after a day.
    UPLOAD_LIMIT = os.environ.get("UPLOAD_LIMIT", "30 per hour")
    EVIDENCE_FILES_PER_DRAFT = int(os.environ.get("EVIDENCE_FILES_PER_DRAFT", "10"))
    EVIDENCE_MB_PER_DRAFT = int(os.environ.get("EVIDENCE_MB_PER_DRAFT", "50"))
    EVIDENCE_MB_PER_PERSON = int(os.environ.get("EVIDENCE_MB_PER_PERSON", "100"))
    RATELIMIT_HEADERS_ENABLED = True
    # Text messages: an HTTPS gateway in production; without one, codes go to the log.
    SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL")
    SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN")
    # Interpreter bookings: a cancellation later than this before the start uses the hours.
    INTERPRETER_LATE_CANCELLATION_HOURS = int(os.environ.get("INTERPRETER_LATE_CANCELLATION_HOURS", "24"))
    # How far ahead interpreters can be booked, a weekly series included (no series into the year 9999).
    BOOKING_HORIZON_MONTHS = int(os.environ.get("BOOKING_HORIZON_MONTHS", "6"))
    # A booking no interpreter has accepted this long before its start is released and the person told.
    BOOKING_RELEASE_HOURS_BEFORE = int(os.environ.get("BOOKING_RELEASE_HOURS_BEFORE", "24"))
    # The video room of a confirmed video booking; {room} is replaced by a random room name.
    VIDEO_ROOM_URL = os.environ.get("VIDEO_ROOM_URL", "https://video.qoljetimdi.example/{room}")
    # How many proxies in front of the app set X-Forwarded-For (the client address for limits).
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    # The portal's public address, printed on statements for checking them: never taken from the
    # Host header of a request, which anyone can forge. Production needs an https one.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL")
    # Statement checks (/verify with a reference) one client address may make.
    VERIFY_LIMIT = os.environ.get("VERIFY_LIMIT", "60 per hour")

    # Pages are compressed as they go out, each time: a fast level costs a tenth of a millisecond
    # on a public page and a few hundred bytes more than the default (brotli 4, gzip 6), which cost
    # two to four times as much. Static files are compressed once, at start (portal/assets.py).
    COMPRESS_ZSTD_LEVEL = 3
    COMPRESS_BR_LEVEL = 2
    COMPRESS_LEVEL = 3  # gzip

    # A form left open for a long time still works: its token lasts as long as the session.
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Evidence files are up to 10 MB; the rest of a form fits in the margin.
    MAX_CONTENT_LENGTH = 11 * 1024 * 1024
    # Uploaded evidence, outside the web root (static/ is never used for it).
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER") or str(ROOT / "instance" / "uploads")


DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"


class DevelopmentConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL") or DEVELOPMENT_BASE_URL
    SUPPORT_EMAIL = os.environ.get("SUPPORT_EMAIL") or "support@qoljetimdi.example"
    SUPPORT_PHONE = os.environ.get("SUPPORT_PHONE") or "8 800 000 00 00"
    SUPPORT_SMS = os.environ.get("SUPPORT_SMS") or "+7 700 000 00 00"


class TestingConfig(DevelopmentConfig):
    TESTING = True
    RATELIMIT_STORAGE_URI = "memory://"
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
    PORTAL_DEMO = True
    # Tests send the queued sign-in codes themselves (app.extensions["sign_in_codes"].send_waiting()).
    SIGN_IN_CODE_THREAD = False


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    # Strict-Transport-Security: two years, as hstspreload.org asks; production is served over TLS only.
    HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(2 * 365 * 24 * 3600)))


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}

# Values a production deployment must never run with.
WEAK_SECRET_KEYS = {None, "", DEVELOPMENT_SECRET_KEY, "changeme", "secret"}


def is_https_address(url: str | None) -> bool:
    """An https address with a host, as PUBLIC_BASE_URL must be in production."""
    parts = urlsplit(url or "")
    return parts.scheme == "https" and bool(parts.hostname)


def config_for(env: str | None) -> type[Config]:
    name = (env or "development").strip().lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"PORTAL_ENV={name!r} is not one of {', '.join(CONFIGS)}") from None
