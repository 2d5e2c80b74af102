"""One configuration class per environment, chosen by PORTAL_ENV; secrets come from the environment."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def _flag(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def secret(name: str, default: str | None = None) -> str | None:
    """A secret from the variable `name`, or from the file `name`_FILE names (a container's or an
    orchestrator's secret); the variable wins. A named file that cannot be read stops the start."""
    value = os.environ.get(name)
    if value:
        return value
    path = os.environ.get(f"{name}_FILE")
    if not path:
        return default
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise RuntimeError(f"{name}_FILE names {path}, which cannot be read ({error.strerror})") from None


def _count(name: str) -> int | None:
    """A whole number from the variable, or None when it is not set."""
    value = os.environ.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise RuntimeError(f"{name}={value!r} is not a whole number") from None


def database_url(url: str | None) -> str | None:
    """Let operators write postgresql://…; the portal talks to PostgreSQL through psycopg 3."""
    if url and url.startswith(("postgres://", "postgresql://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


DEVELOPMENT_SECRET_KEY = "development-only-not-secret"
# The video room of development and the tests; production must name its own service.
PLACEHOLDER_VIDEO_ROOM_URL = "https://video.qoljetimdi.example/{room}"


class Config:
    SECRET_KEY = secret("SECRET_KEY")
    # Earlier keys, comma-separated, still accepted for cookies signed before a rotation.
    SECRET_KEY_FALLBACKS = [key.strip() for key in (secret("SECRET_KEY_FALLBACKS") or "").split(",") if key.strip()]
    # None means the SQLite file under instance/, decided in create_app once the path is known.
    SQLALCHEMY_DATABASE_URI = database_url(secret("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # A remote registry API (…/registry/v1) to read instead of the registry tables in DATABASE_URL,
    # with the service token it gave this portal, and how patiently to ask it.
    REGISTRY_URL = os.environ.get("REGISTRY_URL")
    REGISTRY_TOKEN = secret("REGISTRY_TOKEN")
    REGISTRY_TIMEOUT_SECONDS = float(os.environ.get("REGISTRY_TIMEOUT_SECONDS", "3"))
    REGISTRY_RETRIES = int(os.environ.get("REGISTRY_RETRIES", "2"))
    REGISTRY_CACHE_SECONDS = float(os.environ.get("REGISTRY_CACHE_SECONDS", "30"))
    # The tokens of services allowed to read this portal's registry API: "name:token,name:token",
    # each token at least 32 characters (`flask registry new-token NAME` makes one).
    REGISTRY_API_TOKENS = secret("REGISTRY_API_TOKENS", "")
    # Requests one service may make to the registry API, all routes together, as a Flask-Limiter
    # limit: a portal reading through HttpRegistry makes one or two a page, a leaked token no more.
    REGISTRY_API_LIMIT = os.environ.get("REGISTRY_API_LIMIT", "1200 per minute")
    REDIS_URL = secret("REDIS_URL")
    # "json" lines or "text" (portal/logs.py); production logs JSON unless told otherwise.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    # The bearer token of /metrics (Prometheus); unset, there are no metrics to read.
    METRICS_TOKEN = secret("METRICS_TOKEN")
    # The bearer token of /healthz/details (the registry's state, for operators); unset, it is off.
    HEALTH_DETAILS_TOKEN = secret("HEALTH_DETAILS_TOKEN")
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
    # Codes of the second factor of staff and interpreters (the app's, a recovery code, the first at
    # set-up), counted together per account: with 3 codes right at any moment (a step either side),
    # a guess is right once in about 330 000, some two years at 5 guesses in 15 minutes; and the
    # password comes first.
    SECOND_FACTOR_LIMIT_PER_ACCOUNT = os.environ.get("SECOND_FACTOR_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    # Sign-in codes for one IIN: none within this many seconds of the last, at most this many an
    # hour, and fewer asked from one address (so a stranger alone cannot use them all up); asking
    # again meanwhile leaves the code already sent working.
    SIGN_IN_CODE_COOLDOWN_SECONDS = int(os.environ.get("SIGN_IN_CODE_COOLDOWN_SECONDS", "60"))
    SIGN_IN_CODES_PER_HOUR = int(os.environ.get("SIGN_IN_CODES_PER_HOUR", "10"))
    SIGN_IN_CODES_PER_ADDRESS_PER_HOUR = int(os.environ.get("SIGN_IN_CODES_PER_ADDRESS_PER_HOUR", "3"))
    # Without REDIS_URL, sign-in codes and messages are sent by a thread of each process, after the
    # response and after the commit (portal/background.py); with it, by the Celery worker.
    # The day Order No. 260's children's categories (under 7, 7 to 18) replaced the earlier ones
    # A sign-language specialist's hours a year when a programme item does not say, the act it
    # comes from, and the most an item may give (portal/registry/rules.py says why these are settings).
    SIGN_LANGUAGE_HOURS_DEFAULT = int(os.environ.get("SIGN_LANGUAGE_HOURS_DEFAULT", "60"))
    SIGN_LANGUAGE_HOURS_SOURCE = os.environ.get(
        "SIGN_LANGUAGE_HOURS_SOURCE", "Order of the Minister of Labour No. 26 of 2015, as amended in 2017")
    SIGN_LANGUAGE_HOURS_MAX = int(os.environ.get("SIGN_LANGUAGE_HOURS_MAX", "240"))
    # Whether a booking cancelled late, or missed, uses its hours: the portal's policy, not the law's
    # (the pages say so), so that interpreters' time held for nothing is not free to waste.
    INTERPRETER_CHARGE_LATE_CANCELLATIONS = os.environ.get("INTERPRETER_CHARGE_LATE_CANCELLATIONS", "1") != "0"
    # (under 16, 16 to 18): 1 July 2023 (portal/registry/rules.py has the source).
    CHILD_CATEGORIES_CHANGED_ON = os.environ.get("CHILD_CATEGORIES_CHANGED_ON", "2023-07-01")
    BACKGROUND_THREAD = True
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
    SMS_GATEWAY_TOKEN = secret("SMS_GATEWAY_TOKEN")
    # Interpreter bookings: a cancellation later than this before the start uses the hours.
    INTERPRETER_LATE_CANCELLATION_HOURS = int(os.environ.get("INTERPRETER_LATE_CANCELLATION_HOURS", "24"))
    # How far ahead interpreters can be booked, a weekly series included (no series into the year 9999).
    BOOKING_HORIZON_MONTHS = int(os.environ.get("BOOKING_HORIZON_MONTHS", "6"))
    # A booking no interpreter has accepted this long before its start is released and the person told.
    BOOKING_RELEASE_HOURS_BEFORE = int(os.environ.get("BOOKING_RELEASE_HOURS_BEFORE", "24"))
    # The video room of a confirmed video booking; {room} is replaced by a random room name.
    VIDEO_ROOM_URL = os.environ.get("VIDEO_ROOM_URL", PLACEHOLDER_VIDEO_ROOM_URL)
    # How many proxies in front of the app set X-Forwarded-For (the client address for limits).
    # Production must say it, 0 included; elsewhere unset means none.
    PROXY_COUNT = _count("PROXY_COUNT")
    # The portal's public address, printed on statements for checking them: never taken from the
    # Host header of a request, which anyone can forge. Production needs an https one.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL")
    # Statement checks (/verify with a reference) one client address may make.
    VERIFY_LIMIT = os.environ.get("VERIFY_LIMIT", "60 per hour")
    # PDFs (the statement, the programme extract) one person may download: each takes the portal
    # from a tenth of a second to seconds of work.
    DOCUMENT_LIMIT = os.environ.get("DOCUMENT_LIMIT", "30 per hour")

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
    SECRET_KEY = secret("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL") or DEVELOPMENT_BASE_URL
    SUPPORT_EMAIL = os.environ.get("SUPPORT_EMAIL") or "support@qoljetimdi.example"
    SUPPORT_PHONE = os.environ.get("SUPPORT_PHONE") or "8 800 000 00 00"
    SUPPORT_SMS = os.environ.get("SUPPORT_SMS") or "+7 700 000 00 00"


class TestingConfig(DevelopmentConfig):
    TESTING = True
    RATELIMIT_STORAGE_URI = "memory://"
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
    PORTAL_DEMO = True
    # Tests do the background work themselves (app.extensions["background"].run_waiting()).
    BACKGROUND_THREAD = False


class ProductionConfig(Config):
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
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
    """The class PORTAL_ENV names. It must be set: a forgotten variable must not turn production
    into development, with its published key and sign-in codes written to the log."""
    if not env or not env.strip():
        raise RuntimeError(f"Set PORTAL_ENV to one of {', '.join(CONFIGS)} (`make run` and the tests set it)")
    name = env.strip().lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"PORTAL_ENV={name!r} is not one of {', '.join(CONFIGS)}") from None


# What production refuses to start without (issue #21): each problem names the variable and what to
# set, and all of them are said at once.
MIN_SECRET_KEY_LENGTH = 32
LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}


def is_safe_service_address(url: str | None) -> bool:
    """https, or plain http to this machine only (a sidecar that speaks TLS for the portal)."""
    parts = urlsplit(url or "")
    if not parts.hostname:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS)


def production_problems(config) -> list[str]:
    problems = []
    def weak(key) -> bool:
        return key in WEAK_SECRET_KEYS or len(key) < MIN_SECRET_KEY_LENGTH

    if weak(config.get("SECRET_KEY")):
        problems.append(f"SECRET_KEY (or SECRET_KEY_FILE): set a random value of at least {MIN_SECRET_KEY_LENGTH}"
                        " characters, e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`")
    if any(weak(key) for key in config.get("SECRET_KEY_FALLBACKS") or []):
        problems.append(f"SECRET_KEY_FALLBACKS (or SECRET_KEY_FALLBACKS_FILE): each earlier key must be a random value"
                        f" of at least {MIN_SECRET_KEY_LENGTH} characters too")
    if config.get("PORTAL_DEMO"):
        problems.append("PORTAL_DEMO: unset it; the demo sign-in lets anyone in as a persona")
    if not (config.get("SQLALCHEMY_DATABASE_URI") or "").startswith("postgresql"):
        problems.append("DATABASE_URL (or DATABASE_URL_FILE): set the PostgreSQL database, postgresql://user@host/name;"
                        " production does not run on a SQLite file in each container")
    if not config.get("REDIS_URL"):
        problems.append("REDIS_URL (or REDIS_URL_FILE): set the Redis every process shares, redis://host:6379/0;"
                        " without it each worker counts the limits on its own")
    if config.get("PROXY_COUNT") is None:
        problems.append("PROXY_COUNT: set the number of proxies in front of the portal that add X-Forwarded-For"
                        " (0 when there are none); behind a proxy, without it, everyone shares one address's limits")
    room = config.get("VIDEO_ROOM_URL") or ""
    if room == PLACEHOLDER_VIDEO_ROOM_URL or "{room}" not in room or not is_https_address(room.replace("{room}", "x")):
        problems.append("VIDEO_ROOM_URL: set the https address of the video service's rooms, with {room} where the"
                        " room's name goes, e.g. https://video.example.kz/{room}")
    if not is_https_address(config.get("PUBLIC_BASE_URL")):
        problems.append("PUBLIC_BASE_URL: set the portal's public https address (for example https://qoljetimdi.kz);"
                        " statements print it for checking them")
    if not is_safe_service_address(config.get("SMS_GATEWAY_URL")) or not config.get("SMS_GATEWAY_TOKEN"):
        problems.append("SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN (or SMS_GATEWAY_TOKEN_FILE): set the gateway's https"
                        " address and its token; sign-in codes must reach people's phones, not the log")
    if config.get("REGISTRY_URL") and (not is_safe_service_address(config["REGISTRY_URL"])
                                       or not config.get("REGISTRY_TOKEN")):
        problems.append("REGISTRY_URL and REGISTRY_TOKEN (or REGISTRY_TOKEN_FILE): the registry's address must be"
                        " https, and its token set")
    return problems
