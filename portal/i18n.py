"""Languages: the locale comes from the URL prefix (/kk/…, /ru/…), never from a toggle in the session."""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path

from flask import Flask, abort, current_app, g, request, url_for
from flask_babel import format_decimal, get_translations, gettext
from jinja2 import Template
from markupsafe import Markup
from werkzeug.urls import iri_to_uri

from portal import moments
from portal.vocabulary import LANGUAGES


def language_from_path(path: str) -> str | None:
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in LANGUAGES else None


def negotiated_language() -> str:
    """The visitor's language from Accept-Language; Kazakh, the state language, by default."""
    return request.accept_languages.best_match(LANGUAGES) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_locale() -> str:
    # The path decides even on error pages, where no endpoint matched and no URL value was read.
    return g.get("lang") or language_from_path(request.path) or negotiated_language()


def language_url(lang: str) -> str:
    """The current page in another language: the same path under the other prefix, query kept."""
    if language_from_path(request.path):
        rest = request.path.lstrip("/").split("/", 1)[1] if "/" in request.path.lstrip("/") else ""
        url = f"/{lang}/{rest}"
        if request.query_string:
            url += "?" + request.query_string.decode("utf-8", "replace")
        # The path as the address bar shows it, percent-encoded: a character typed into the
        # address (a control character even) must not reach the page as it is.
        return iri_to_uri(url)
    return url_for("pages.home", lang=lang)


# The catalogue a template being rendered translates with, looked up once when its rendering
# starts. Flask-Babel's own template callables look it up on every call (the request's locale,
# then the domain, then the cache: eight reads of `g`), and a page makes 45 to 320 calls.
_rendering_catalogue: ContextVar = ContextVar("rendering_catalogue", default=None)


def template_catalogue():
    """The catalogue of the page being rendered; Flask-Babel's lookup outside a rendering."""
    catalogue = _rendering_catalogue.get()
    return get_translations() if catalogue is None else catalogue


class CatalogueBoundTemplate(Template):
    """A template that binds the request's catalogue for the time it renders. Within a rendering
    the language cannot change; a rendering inside `force_locale` binds the forced one."""

    def render(self, *args, **kwargs) -> str:
        token = _rendering_catalogue.set(get_translations())
        try:
            return super().render(*args, **kwargs)
        finally:
            _rendering_catalogue.reset(token)


def bind_catalogue_per_rendering(app: Flask) -> None:
    """Replace the template callables Flask-Babel installs with ones reading the bound catalogue:
    the same methods, so `%(name)s` formatting, autoescaping and plural and context forms are as
    before. Lazy strings still go through Flask-Babel and resolve in the request's language."""
    env = app.jinja_env
    env.template_class = CatalogueBoundTemplate
    env.install_gettext_callables(
        gettext=lambda s: template_catalogue().ugettext(s),
        ngettext=lambda s, p, n: template_catalogue().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: template_catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: template_catalogue().unpgettext(c, s, p, n),
    )
    env.globals["_"] = template_gettext


def template_gettext(string: str, **variables) -> Markup:
    """`_` in templates: what Jinja's newstyle `gettext` does in an autoescaped template (every
    template is HTML), without its two calls through the template's context. The translation is
    a format string even without variables ("%%" is a percent sign), and the variables are escaped."""
    return Markup(template_catalogue().ugettext(string)) % variables


class CataloguesNotCompiled(RuntimeError):
    """A language's compiled catalogue is missing or older than its .po file."""


def stale_catalogues(directory: Path) -> list[str]:
    """Each language whose messages.mo is missing or older than its messages.po, in words."""
    problems = []
    for lang in LANGUAGES:
        source = directory / lang / "LC_MESSAGES" / "messages.po"
        compiled = source.with_suffix(".mo")
        if not compiled.exists():
            problems.append(f"{compiled} is missing")
        elif source.exists() and compiled.stat().st_mtime < source.stat().st_mtime:
            problems.append(f"{compiled} is older than {source.name}")
    return problems


def tenge(amount: int) -> str:
    """An amount in whole tenge as the page's language writes it, «81 871 ₸»: the number as the
    registry gives it, grouped by Babel, the sign where the catalogue puts it."""
    return gettext("%(amount)s ₸", amount=format_decimal(amount))


def init_app(app: Flask) -> None:
    # Without its compiled catalogue a language would be served in English under lang="kk" or
    # "ru", read by a screen reader in the wrong voice, and messages written then would keep the
    # English (USABILITY.md §9): the portal does not start instead.
    stale = stale_catalogues(Path(app.config["BABEL_TRANSLATION_DIRECTORIES"]))
    if stale:
        raise CataloguesNotCompiled("; ".join(stale) + ": run `make compile-translations` "
                                    "(pybabel compile -d translations) before starting the portal")
    bind_catalogue_per_rendering(app)

    @app.url_value_preprocessor
    def pull_language(endpoint, values):
        if values and "lang" in values:
            lang = values.pop("lang")
            if lang not in LANGUAGES:
                abort(404)
            g.lang = lang

    @app.url_defaults
    def add_language(endpoint, values):
        if "lang" not in values and app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = select_locale()

    @app.context_processor
    def language_context():
        return {
            "current_language": select_locale(),
            "languages": LANGUAGES,
            "language_url": language_url,
        }

    # Every moment on a page is Kazakhstan time, through portal/moments.py.
    app.jinja_env.filters["date"] = moments.date
    app.jinja_env.filters["datetime_short"] = moments.when
    app.jinja_env.filters["iso"] = lambda value: moments.iso(value, "seconds")
    app.jinja_env.filters["join_periods"] = lambda periods: ", ".join(
        f"{start.hour:02}:{start.minute:02}–{end.hour:02}:{end.minute:02}" for start, end in periods)
    app.jinja_env.filters["number"] = format_decimal
    app.jinja_env.filters["tenge"] = tenge
    app.jinja_env.filters["uri"] = iri_to_uri
