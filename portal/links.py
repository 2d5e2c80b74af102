"""`url_for` in templates, with the addresses that are the same on every page built once.

Every page links to the home page, the style sheet, the scripts, the footer's pages and, signed in,
the account's pages: some twenty addresses that depend on nothing but the language. Building one
asks the URL map, the language and the static files' fingerprints each time (a third of a
millisecond a page, issue #20). An address with values of its own (a request's reference, the
language of a link to the other language) is built as before, each time.
"""

from __future__ import annotations

from flask import Flask, request

from portal.i18n import select_locale


def init_app(app: Flask) -> None:
    build = app.url_for
    built: dict[tuple, str] = {}

    def url_for(endpoint: str, **values) -> str:
        if values and (endpoint != "static" or values.keys() != {"filename"}):
            return build(endpoint, **values)
        # The key holds all the address depends on: the app's mount point and the language.
        key = (request.script_root, select_locale(), endpoint, values.get("filename"))
        if key not in built:
            built[key] = build(endpoint, **values)
        return built[key]

    app.jinja_env.globals["url_for"] = url_for
